import { describe, expect, it } from 'vitest';
import { progressLines } from '../../infra/local/progress';

describe('progress lines for output that is not a terminal', () => {
  it('writes one line per tenth with events, events/s and the time left', () => {
    const lines: string[] = [];
    let ms = 0;
    const progress = progressLines(1000, (l) => lines.push(l), () => ms);
    for (let done = 0; done <= 1000; done += 50) {
      ms = done * 10; // 100 events/s
      progress.update(done);
    }
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('replay 10% | 100/1000 events | 100 events/s | ETA 9 s');
    expect(lines[8]).toBe('replay 90% | 900/1000 events | 100 events/s | ETA 1 s');
    expect(lines[9]).toBe('replay 100% | 1000/1000 events | 100 events/s | ETA 0 s');
  });

  it('says each tenth once, also when an update skips several', () => {
    const lines: string[] = [];
    const progress = progressLines(10, (l) => lines.push(l), () => 1000);
    progress.update(3);
    progress.update(3);
    progress.update(10);
    expect(lines.map((l) => l.split(' |')[0])).toEqual(['replay 30%', 'replay 100%']);
  });
});
