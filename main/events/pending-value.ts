// One value main holds for the renderer until it asks (a join link the OS opened, the answer
// pressed on a ring's notification): offering announces it (a main event that says "look
// again"), taking hands it out once. A newer offer replaces an unread one.
export class PendingValue<T> {
  private pending: T | null = null;

  constructor(private readonly onOffer: () => void = () => {}) {}

  offer(value: T): void {
    this.pending = value;
    this.onOffer();
  }

  take(): T | null {
    const value = this.pending;
    this.pending = null;
    return value;
  }
}
