import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderLogSk, stepPrefix, stepSk } from '../../shared/adapters/dynamodb/keys';
import { joinIds } from '../../shared/domain/composite-id';
import { touchKey } from '../../shared/domain/measure/attribution';

// Ids come from the shop: any character, '#' and '%' most of all, which the keys use themselves.
const id = fc.oneof(fc.string(), fc.stringMatching(/^[a#%2-3]{0,6}$/));
const flow = fc.constantFrom('second-sale', 'upserve', 'win-back' as const);

describe('keys built from several ids never collide', () => {
  it('joins different lists of as many ids into different ids', () => {
    const pair = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(id, { minLength: n, maxLength: n }), fc.array(id, { minLength: n, maxLength: n })));
    fc.assert(fc.property(pair, ([a, b]) => {
      fc.pre(JSON.stringify(a) !== JSON.stringify(b));
      expect(joinIds(...a)).not.toBe(joinIds(...b));
    }), { numRuns: 2_000 });
  });

  it('keeps the plain form of ids without % or #, so stored keys of such ids stay valid', () => {
    expect(stepSk({ flow: 'second-sale', sequenceId: 'o-1', stepId: 'thank-you' })).toBe('OUTREACH#second-sale#o-1#thank-you');
    expect(orderLogSk('c-1', 'o-1')).toBe('c-1#o-1');
  });

  it("tells (a#b, c) from (a, b#c) in the up-serve log and in an email's identity", () => {
    expect(orderLogSk('a#b', 'c')).not.toBe(orderLogSk('a', 'b#c'));
    const touch = { customerId: 'a', flow: 'second-sale' };
    expect(touchKey({ ...touch, sequenceId: 'x#y', stepId: 'z' })).not.toBe(touchKey({ ...touch, sequenceId: 'x', stepId: 'y#z' }));
  });

  it("a sequence's prefix matches its own steps and no other sequence's", () => {
    fc.assert(fc.property(flow, id, id, id, (f, own, other, stepId) => {
      expect(stepSk({ flow: f, sequenceId: other, stepId }).startsWith(stepPrefix({ flow: f, sequenceId: own }))).toBe(own === other);
      expect(stepSk({ flow: f, sequenceId: other, stepId }).startsWith(stepPrefix({ flow: f }))).toBe(true);
    }), { numRuns: 2_000 });
  });
});
