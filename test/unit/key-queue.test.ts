import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../infra/local/key-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedQueue', () => {
  it('runs one key in order, others in parallel up to the limit, and drains', async () => {
    const queue = new KeyedQueue(3);
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 12; i++) {
      queue.submit(`k${i % 4}`, async () => {
        peak = Math.max(peak, ++running);
        await tick();
        log.push(`k${i % 4}:${i}`);
        running--;
      });
    }
    await queue.drain();
    expect(log).toHaveLength(12);
    expect(peak).toBe(3);
    for (let k = 0; k < 4; k++) expect(log.filter((l) => l.startsWith(`k${k}:`))).toEqual([`k${k}:${k}`, `k${k}:${k + 4}`, `k${k}:${k + 8}`]);
  });

  it('waits for tasks submitted by running tasks', async () => {
    const queue = new KeyedQueue(2);
    const done: string[] = [];
    queue.submit('a', async () => {
      await tick();
      queue.submit('b', async () => {
        await tick();
        done.push('b');
      });
      done.push('a');
    });
    await queue.drain();
    expect(done).toEqual(['a', 'b']);
  });
});
