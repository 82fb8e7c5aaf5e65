import type { PacingClock } from '../../shared/runtime/rate-limiter';

/**
 * The pacing clock of a replay's handlers: a sleep only moves its time on, so a paced dispatcher run
 * takes no real time (its `now` is the scheduled time whatever the pacing).
 */
export function virtualPacingClock(): PacingClock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}
