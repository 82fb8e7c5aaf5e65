/** The time pacing reads and waits on. */
export interface PacingClock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The wall clock: what a deployed function paces on. */
const wallClock: PacingClock = { now: () => performance.now(), sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

let pacingClock = wallClock;

/**
 * Sets the clock every rate limiter made from now on paces on (with `undefined`, the wall clock again).
 * The local replay sets its virtual one: its handlers run at virtual times, so waiting for a send
 * slot is virtual too and takes no real time; the order and outcome of the sends stay the same.
 */
export function usePacingClock(clock: PacingClock | undefined): void {
  pacingClock = clock ?? wallClock;
}

/** Paces work to a rate: a token bucket that holds one second's worth, so short bursts go at once. */
export function makeRateLimiter(perSecond: number, clock: PacingClock = pacingClock) {
  const capacity = Math.max(1, perSecond);
  let tokens = capacity;
  let last = clock.now();
  return {
    /** Resolves when the next unit of work may start. */
    async take(): Promise<void> {
      for (;;) {
        const now = clock.now();
        tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond);
        last = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await clock.sleep(((1 - tokens) / perSecond) * 1000);
      }
    },
  };
}
