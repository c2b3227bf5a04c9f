// Main -> renderer notifications over the same invoke-only IPC as everything else: the
// renderer keeps one `nextMainEvent()` call pending and main resolves it when something
// happens (a join link arrived, the admin policy changed). Works identically through Electron's
// ipcRenderer.invoke and the e2e harness's binding, with no extra channel direction.
import type { MainEvent } from '../../protocol/ipc-contract';

/** Undelivered events kept at most (older ones are dropped; each event only says "look again"). */
export const MAX_QUEUED_EVENTS = 16;

export class MainEvents {
  private queue: MainEvent[] = [];
  private waiters: ((event: MainEvent) => void)[] = [];

  emit(event: MainEvent): void {
    if (this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve(event);
      return;
    }
    // The same kind of event twice in a row says nothing new.
    if (this.queue.some((queued) => queued.type === event.type)) return;
    this.queue.push(event);
    if (this.queue.length > MAX_QUEUED_EVENTS) this.queue.shift();
  }

  next(): Promise<MainEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
