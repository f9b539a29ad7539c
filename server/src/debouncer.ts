interface Pending {
  timer: NodeJS.Timeout;
  settle: (ran: boolean) => void;
}

/**
 * Runs the latest job per key after a quiet period. A job superseded before it ran is
 * cancelled, and its promise settles with false, so nothing waits on it forever.
 */
export class Debouncer {
  private readonly pending = new Map<string, Pending>();

  schedule(key: string, delayMs: number, job: () => Promise<void> | void): Promise<boolean> {
    this.cancel(key);
    return new Promise((settle) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        Promise.resolve()
          .then(job)
          .then(
            () => settle(true),
            () => settle(false),
          );
      }, delayMs);
      this.pending.set(key, { timer, settle });
    });
  }

  cancel(key: string): void {
    const previous = this.pending.get(key);
    if (!previous) return;
    clearTimeout(previous.timer);
    this.pending.delete(key);
    previous.settle(false);
  }

  /** Cancels everything, e.g. at shutdown. */
  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
