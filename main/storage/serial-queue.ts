// Runs async operations one after another, in call order: a read-modify-write of a sealed file
// never interleaves with another, and one failure does not stop the ones queued after it.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => {});
    return result;
  }
}
