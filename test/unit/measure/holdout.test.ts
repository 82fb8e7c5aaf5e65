import { describe, expect, it } from 'vitest';
import { MeasureConfig } from '../../../shared/config/measure';
import { isHeldOut, type HoldoutRule } from '../../../shared/domain/measure/holdout';

const rule: HoldoutRule = MeasureConfig.parse({}).holdout;
const ids = Array.from({ length: 20_000 }, (_, i) => `c-${i}`);
const members = (flow: 'second-sale' | 'upserve' | 'win-back', r: HoldoutRule = rule) => ids.filter((id) => isHeldOut(id, flow, r));

describe('holdout groups', () => {
  it('hold out the configured share of customers (10% by default)', () => {
    expect(rule.share).toBe(0.1);
    // 20,000 draws: the standard error of the share is 0.2 points, so ±0.8 points is four of them.
    expect(Math.abs(members('second-sale').length / ids.length - 0.1)).toBeLessThan(0.008);
  });

  it('give the same answer every time for the same customer, flow and salt', () => {
    expect(members('win-back')).toEqual(members('win-back'));
    expect(isHeldOut('c-42', 'upserve', { ...rule })).toBe(isHeldOut('c-42', 'upserve', rule));
  });

  it('are drawn independently per flow, and a new salt draws new groups', () => {
    const secondSale = new Set(members('second-sale'));
    const inBoth = members('win-back').filter((id) => secondSale.has(id)).length;
    expect(inBoth / ids.length).toBeGreaterThan(0.005); // ~1% of customers are in both when independent
    expect(inBoth / ids.length).toBeLessThan(0.015);
    const resalted = new Set(members('second-sale', { ...rule, salt: 'holdout-v2' }));
    expect([...secondSale].filter((id) => resalted.has(id)).length / secondSale.size).toBeLessThan(0.15);
  });

  it('take a per-flow share over the default, and hold out nobody at share 0', () => {
    const perFlow = { ...rule, flows: { upserve: 0.3, 'win-back': 0 } };
    expect(Math.abs(members('upserve', perFlow).length / ids.length - 0.3)).toBeLessThan(0.013);
    expect(members('win-back', perFlow)).toEqual([]);
    expect(members('second-sale', perFlow)).toEqual(members('second-sale'));
  });

  it('reject a share above one half in the config, naming the field', () => {
    const parsed = MeasureConfig.safeParse({ holdout: { share: 0.9 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['holdout', 'share']);
  });
});
