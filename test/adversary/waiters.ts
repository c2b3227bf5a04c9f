// "Wait until this becomes true": the kit's objects wake their waiters whenever something arrives.
export class Waiters {
  private readonly waiting = new Set<() => void>();

  /** Re-checks every pending waitFor. */
  wake(): void {
    for (const check of [...this.waiting]) check();
  }

  /** Resolves with the first truthy value of `pick`, checked now and on every wake(). */
  waitFor<T>(what: string, pick: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = pick();
        if (!value) return;
        this.waiting.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(check);
        reject(new Error(`${what}.waitFor: nothing after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.add(check);
      check();
    });
  }
}
