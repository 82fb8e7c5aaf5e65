import { describe, expect, it } from 'vitest';
import type { CustomerProfile } from '../../../shared/domain/purchase';
import { checkDueCustomer, type DueCheckRules } from '../../../shared/domain/risk/due-check';
import { addDays } from '../../../shared/domain/time';
import { testRiskModel, testRiskPolicy } from '../../support/risk-model';

const now = '2026-03-12T04:00:00.000Z';
const rules: DueCheckRules = { model: testRiskModel, policy: testRiskPolicy, sellers: { defaultSellerId: 's-anna', directory: [{ id: 's-anna' }, { id: 's-carlos' }] }, now };

/** A fortnightly buyer of ten orders, the last on 2026-01-01, due for a check at `riskDueAt`. */
const fortnightly = (riskDueAt: string | undefined, extra: Partial<CustomerProfile> = {}): CustomerProfile => {
  const at = Array.from({ length: 10 }, (_, i) => addDays('2026-01-01T00:00:00.000Z', -14 * (9 - i)));
  return {
    customerId: 'c-1', email: 'c-1@example.com', sellerId: 's-carlos', marketingConsent: true, contactAsOf: at[9]!,
    orders: Object.fromEntries(at.map((t, i) => [`o-${i}`, t])), totals: Object.fromEntries(at.map((_, i) => [`o-${i}`, 25])),
    currency: 'EUR', riskDueAt, version: 3, ...extra,
  };
};

describe('checkDueCustomer', () => {
  it('changes nothing for a customer whose check moved past now or who is gone', () => {
    expect(checkDueCustomer(fortnightly(addDays(now, 1)), rules)).toEqual({ result: { kind: 'not-due' } });
    expect(checkDueCustomer(undefined, rules)).toEqual({ result: { kind: 'not-due' } });
  });

  it('flags a silent fortnightly buyer on the profile, for their own seller and their last order', () => {
    const { profile, result } = checkDueCustomer(fortnightly('2026-03-01T00:00:00.000Z'), rules);
    expect(result.kind).toBe('flag');
    expect(profile?.riskFlag).toMatchObject({ flaggedAt: now, lastOrderId: 'o-9', lastOrderAt: '2026-01-01T00:00:00.000Z', sellerId: 's-carlos' });
    expect(profile?.riskDueAt).toBe('2026-03-01T00:00:00.000Z'); // it leaves the index only once the flag is announced
  });

  it('finishes a flag an earlier run left unfinished without claiming it again', () => {
    const riskFlag = { flaggedAt: '2026-03-11T04:00:00.000Z', lastOrderId: 'o-9', lastOrderAt: '2026-01-01T00:00:00.000Z', sellerId: 's-carlos', score: 0.9 };
    const { profile, result } = checkDueCustomer(fortnightly('2026-03-01T00:00:00.000Z', { riskFlag }), rules);
    expect(profile).toBeUndefined();
    expect(result).toMatchObject({ kind: 'flag', profile: { riskFlag } });
  });

  it('moves the check of a customer not at risk yet to when they will be', () => {
    const { profile, result } = checkDueCustomer(fortnightly('2026-01-05T00:00:00.000Z'), { ...rules, now: '2026-01-05T00:00:00.000Z' });
    expect(result).toEqual({ kind: 'rescheduled' });
    expect(profile!.riskDueAt! > '2026-01-05T00:00:00.000Z').toBe(true);
  });
});
