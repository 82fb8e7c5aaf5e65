import { describe, expect, it } from 'vitest';
import { scriptedSellerActions } from '../../../infra/local/scripted-seller';

const flag = (customerId: string, flaggedAt = '1997-06-01T04:00:00.000Z') => ({ customerId, sellerId: 's-anna', flaggedAt, score: 0.7, reason: '' });

describe('the scripted seller', () => {
  const report = {
    flags: [flag('soon'), flag('later'), flag('never')],
    wonBack: [
      { customerId: 'soon', at: '1997-06-20T10:00:00.000Z' },
      { customerId: 'later', at: '1997-09-01T10:00:00.000Z' },
      // An order before the flag says nothing about it.
      { customerId: 'never', at: '1997-01-01T10:00:00.000Z' },
    ],
  };

  it('acts the day after each flag: not at risk if they order within the window, reach out if later, lost if never', () => {
    const actions = scriptedSellerActions(report, { share: 1, seed: 1, falseAlarmDays: 30 });
    expect(actions.map((a) => [a.detail.customerId, a.detail.action, a.time])).toEqual([
      ['later', 'reach-out', '1997-06-02T04:00:00.000Z'],
      ['never', 'lost', '1997-06-02T04:00:00.000Z'],
      ['soon', 'not-at-risk', '1997-06-02T04:00:00.000Z'],
    ]);
  });

  it('acts on a seeded share of the flags, the same ones for the same seed', () => {
    const many = { flags: Array.from({ length: 1000 }, (_, i) => flag(`c-${i}`)), wonBack: [] };
    const first = scriptedSellerActions(many, { share: 0.3, seed: 7, falseAlarmDays: 30 });
    expect(first.length).toBeGreaterThan(250);
    expect(first.length).toBeLessThan(350);
    expect(scriptedSellerActions(many, { share: 0.3, seed: 7, falseAlarmDays: 30 })).toEqual(first);
  });
});
