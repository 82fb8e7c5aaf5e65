import { describe, expect, it } from 'vitest';
import { makeRateLimiter } from '../../shared/runtime/rate-limiter';

/** A virtual clock: `sleep` parks the caller until `run` moves time to its wake-up, so no test waits for real. */
function virtualTime() {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    clock: () => now,
    sleeps,
    sleep: (ms: number) => {
      sleeps.push(ms);
      return new Promise<void>((wake) => sleepers.push({ at: now + ms, wake }));
    },
    advance: (ms: number) => {
      now += ms;
    },
    /** Runs `work` to the end, jumping the clock from one wake-up to the next. */
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      void work.finally(() => (done = true));
      for (await settle(); !done; await settle()) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift();
        if (!next) throw new Error('stuck: nobody is asleep and the work is not done');
        now = Math.max(now, next.at);
        next.wake();
      }
      return work;
    },
  };
}

describe('makeRateLimiter', () => {
  it('lets one second’s worth go at once, then paces to the rate', async () => {
    const time = virtualTime();
    const limiter = makeRateLimiter(10, { now: time.clock, sleep: time.sleep });
    const starts: number[] = [];
    await time.run(
      (async () => {
        for (let i = 0; i < 30; i++) {
          await limiter.take();
          starts.push(time.clock());
        }
      })(),
    );
    expect(starts.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(starts.slice(10).map(Math.round)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 100));
  });

  it('refills while idle, but never beyond one second’s worth', async () => {
    const time = virtualTime();
    const limiter = makeRateLimiter(10, { now: time.clock, sleep: time.sleep });
    await time.run(Promise.all(Array.from({ length: 10 }, () => limiter.take())));
    time.advance(500);
    await time.run(Promise.all(Array.from({ length: 5 }, () => limiter.take())));
    expect(time.sleeps).toEqual([]); // five tokens came back in half a second
    time.advance(60_000);
    await time.run(Promise.all(Array.from({ length: 10 }, () => limiter.take())));
    expect(time.sleeps).toEqual([]);
    await time.run(limiter.take());
    expect(time.sleeps).toHaveLength(1); // a minute idle still buys only ten
  });

  it('holds the rate across concurrent callers, as the dispatcher’s workers call it', async () => {
    const time = virtualTime();
    const limiter = makeRateLimiter(10, { now: time.clock, sleep: time.sleep });
    const starts: number[] = [];
    const worker = async () => {
      for (let i = 0; i < 5; i++) {
        await limiter.take();
        starts.push(time.clock());
      }
    };
    await time.run(Promise.all(Array.from({ length: 8 }, worker)));

    expect(starts).toHaveLength(40);
    // In any span of t ms after the start, at most the burst plus t ms of rate went out.
    for (const t of starts) expect(starts.filter((s) => s <= t).length).toBeLessThanOrEqual(10 + Math.floor((t * 10) / 1000 + 1e-9));
    expect(Math.round(Math.max(...starts))).toBe(3000); // 10 at once, then 30 at 100 ms apart
  });

  it('paces rates below one per second', async () => {
    const time = virtualTime();
    const limiter = makeRateLimiter(0.5, { now: time.clock, sleep: time.sleep });
    const starts: number[] = [];
    await time.run(
      (async () => {
        for (let i = 0; i < 3; i++) {
          await limiter.take();
          starts.push(Math.round(time.clock()));
        }
      })(),
    );
    expect(starts).toEqual([0, 2000, 4000]);
  });
});
