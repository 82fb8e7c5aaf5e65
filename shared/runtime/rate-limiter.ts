/** Paces work to a rate: a token bucket that holds one second's worth, so short bursts go at once. */
export function makeRateLimiter(perSecond: number, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), clock = () => performance.now()) {
  const capacity = Math.max(1, perSecond);
  let tokens = capacity;
  let last = clock();
  return {
    /** Resolves when the next unit of work may start. */
    async take(): Promise<void> {
      for (;;) {
        const now = clock();
        tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond);
        last = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(((1 - tokens) / perSecond) * 1000);
      }
    },
  };
}
