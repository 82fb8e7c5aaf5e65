import { describe, expect, it } from 'vitest';
import { cachedFor } from '../../shared/runtime/dependencies';

const DAY = 86_400_000;

describe('cachedFor (event-time cache of the risk model)', () => {
  it('fetches once per day of event time; an older event arriving late uses the newer value', async () => {
    let fetches = 0;
    const get = cachedFor(DAY, async () => ++fetches);

    expect(await get('2026-03-10T12:00:00Z')).toBe(1);
    expect(await get('2026-03-11T11:59:59Z')).toBe(1);
    expect(await get('2026-02-01T00:00:00Z')).toBe(1); // another customer's older event
    expect(await get('2026-03-11T12:00:00Z')).toBe(2);
    expect(fetches).toBe(2);
  });

  it('does not keep a failed fetch', async () => {
    let calls = 0;
    const get = cachedFor(DAY, async () => {
      if (++calls === 1) throw new Error('table unavailable');
      return 'model';
    });

    await expect(get('2026-03-10T12:00:00Z')).rejects.toThrow('table unavailable');
    expect(await get('2026-03-10T12:00:01Z')).toBe('model');
  });
});
