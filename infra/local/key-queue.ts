/**
 * Runs tasks with at most `limit` in flight, and tasks of one key one after another in submission order,
 * like one customer's events, which must not race each other in a replay.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private pending = 0;
  private idle: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Queues `task` behind earlier tasks of the same key. */
  submit(key: string, task: () => Promise<void>): void {
    this.pending++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.withSlot(task)).finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
      if (--this.pending === 0) this.idle.splice(0).forEach((resolve) => resolve());
    });
    this.tails.set(key, next);
  }

  /** Resolves when every submitted task, and every task they submitted, has finished. */
  drain(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  private async withSlot(task: () => Promise<void>): Promise<void> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
