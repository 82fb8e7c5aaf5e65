import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { routes as intakeRoutes } from '../../functions/order-intake/handler';
import { Catalog } from '../../shared/config/catalog';
import { DEFAULT_CONFIG_FILE } from '../../shared/config/config-file';
import { describeIssues, InvalidFileError } from '../../shared/config/load';
import { parseValidated } from '../../shared/config/yaml-file';
import { parseLocatedYaml, validateLocated } from '../../shared/config/located';
import { LoyaltyConfig } from '../../shared/config/schema';
import * as contracts from '../../shared/contracts/events';
import { DetailType, SesDetailType } from '../../shared/contracts/events';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import { InvalidEventError, parseEvent, route } from '../../shared/runtime/handler';
import { anOrder } from '../support/builders';
import { applied, hostileValue, mutationsOf, namesAField, namesPath } from '../support/fuzz';

/**
 * Every parser of untrusted input, fed at least 10,000 generated inputs each: valid inputs with one to
 * three fields replaced by hostile values or removed, arbitrary values and arbitrary text. None may
 * throw anything but its own rejection, and every rejection must name the field it is about.
 */
const RUNS = { mutated: 7_500, arbitrary: 2_000, text: 500 };
/** Generous: the machine running the whole suite may be busy; alone, each takes a second or a few. */
const TIMEOUT_MS = 60_000;
const TIME = '2026-03-02T10:00:00Z';
const noop = async () => undefined;

/** Every detail-type a function consumes, with its contract (dated fields as the intake checks them). */
const eventRoutes = {
  ...intakeRoutes,
  [SesDetailType.Bounce]: route(contracts.SesFeedback, noop),
  [SesDetailType.Complaint]: route(contracts.SesFeedback, noop),
  [DetailType.FirstPurchaseDetected]: route(contracts.FirstPurchaseDetected, noop),
  [DetailType.RepeatPurchaseDetected]: route(contracts.RepeatPurchaseDetected, noop),
  [DetailType.OutreachSent]: route(contracts.OutreachSent, noop),
  [DetailType.OutreachSkipped]: route(contracts.OutreachSkipped, noop),
  [DetailType.ConversionAttributed]: route(contracts.ConversionAttributed, noop),
};
const step = { customerId: 'c-1', sellerId: 's-anna', flow: 'second-sale', kind: 'second-sale/thank-you', sequenceId: 'o-1', stepId: 'thank-you' };
const validDetails: Record<string, unknown> = {
  [DetailType.OrderPlaced]: anOrder({ placedAt: TIME }),
  [DetailType.OrderCancelled]: { orderId: 'o-1', customerId: 'c-1', cancelledAt: TIME },
  [SesDetailType.Bounce]: {
    eventType: 'Bounce',
    mail: { messageId: 'm-1', timestamp: TIME, tags: { customerId: ['c-1'] } },
    bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'a@example.com' }], timestamp: TIME },
  },
  [SesDetailType.Complaint]: {
    eventType: 'Complaint',
    mail: { messageId: 'm-1' },
    complaint: { complainedRecipients: [{ emailAddress: 'a@example.com' }], timestamp: TIME, complaintFeedbackType: 'abuse' },
  },
  [DetailType.FirstPurchaseDetected]: { customerId: 'c-1', sellerId: 's-anna', orderId: 'o-1', placedAt: TIME, total: 10, currency: 'EUR' },
  [DetailType.RepeatPurchaseDetected]: { customerId: 'c-1', orderId: 'o-2', placedAt: TIME, total: 10, currency: 'EUR', ordinal: 2, daysSincePreviousOrder: 3 },
  [DetailType.OutreachSent]: { ...step, messageId: 'm-1', sentAt: TIME },
  [DetailType.OutreachSkipped]: { ...step, reason: 'holdout', skippedAt: TIME },
  [DetailType.ConversionAttributed]: { ...step, orderId: 'o-2', placedAt: TIME, revenue: 10, currency: 'EUR', holdout: false, touchedAt: TIME },
};
const detailTypes = Object.keys(validDetails);

/** The problems an event was rejected with, or undefined when accepted; anything else thrown fails the property. */
function eventProblems(raw: unknown): string[] | undefined {
  try {
    parseEvent(eventRoutes, raw);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidEventError) return error.problems;
    throw error;
  }
}

describe('fuzzing the event parser (every consumed detail-type)', () => {
  it('rejects a valid detail with hostile fields by naming a field of the detail, and never throws anything else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...detailTypes).chain((type) => fc.tuple(fc.constant(type), mutationsOf(validDetails[type]))),
        ([type, mutations]) => {
          const detail = applied(validDetails[type], mutations);
          const problems = eventProblems({ source: 'fuzz', 'detail-type': type, time: TIME, detail });
          if (!problems) return;
          expect(problems.length > 0 && problems.every((p) => namesAField(p, 'detail'))).toBe(true);
          // With one field changed, the rejection names that field (or the object holding it, or a field inside it).
          if (mutations.length === 1) expect(problems.some((p) => namesPath(p, ['detail', ...mutations[0]!.path])), problems.join('; ')).toBe(true);
        },
      ),
      { numRuns: RUNS.mutated },
    );
  }, TIMEOUT_MS);

  it('rejects arbitrary envelopes and details naming a field, and never throws anything else', () => {
    const envelope = fc.record(
      { source: fc.string(), 'detail-type': fc.oneof(fc.constantFrom(...detailTypes), fc.string()), time: fc.oneof(fc.constant(TIME), hostileValue), detail: fc.anything() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(envelope, fc.anything()), (raw) => {
        const problems = eventProblems(raw);
        if (problems) expect(problems.length > 0 && problems.every((p) => namesAField(p))).toBe(true);
      }),
      // Found by this test: a detail-type named like a property of every object found no route and crashed.
      { numRuns: RUNS.arbitrary + RUNS.text, examples: [[{ source: 'fuzz', 'detail-type': 'valueOf', time: TIME, detail: {} }], [{ source: 'fuzz', 'detail-type': 'constructor', time: TIME, detail: {} }]] },
    );
  }, TIMEOUT_MS);
});

const configText = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
const catalogFile = path.resolve(path.dirname(DEFAULT_CONFIG_FILE), 'catalog.yaml');
const catalogText = readFileSync(catalogFile, 'utf8');

/** A text with a slice replaced by random text: broken indentation, quotes, anchors, tabs, truncation. */
const textMutation = (text: string) =>
  fc
    .tuple(fc.nat({ max: text.length }), fc.nat({ max: 80 }), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('\n', '\t', ': ', '- ', '"', "'", '&a', '*a', '{', '[', '#', '!!binary ', '<<: *a\n')))
    .map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut));

/** The two ways a file is read: loaded (deploy, cold start) and checked with positions (`config:check`). */
function fileProblems(text: string, file: string, schema: typeof LoyaltyConfig | typeof Catalog): string[] {
  const located = validateLocated(parseLocatedYaml(text, file), schema).problems.map((p) => `${p.path}: ${p.expected}`);
  let loaded: string[] = [];
  try {
    parseValidated(text, file, schema);
  } catch (error) {
    if (!(error instanceof InvalidFileError)) throw error;
    loaded = error.problems;
  }
  expect(located.length > 0, 'located and loaded agree on whether the file is valid').toBe(loaded.length > 0);
  return [...located, ...loaded];
}

describe.each([
  { name: 'config', schema: LoyaltyConfig, text: configText, file: 'loyalty.config.yaml' },
  { name: 'catalog', schema: Catalog, text: catalogText, file: 'catalog.yaml' },
] as const)('fuzzing the $name parser', ({ schema, text, file }) => {
  const valid: unknown = parseYaml(text);
  // The YAML parser warns on stderr about the odd constructs it still reads; thousands of them are noise here.
  beforeAll(() => void vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  it('rejects a valid file with hostile fields by naming a field, and never throws', () => {
    fc.assert(
      fc.property(mutationsOf(valid), (mutations) => {
        const result = (schema as typeof LoyaltyConfig).safeParse(applied(valid, mutations));
        if (result.success) return;
        const problems = describeIssues(result.error);
        // Not always the changed field: a cross-reference it broke (a seller id, a complement's sku) is named where it refers.
        expect(problems.every((p) => namesAField(p))).toBe(true);
      }),
      { numRuns: RUNS.mutated },
    );
  }, TIMEOUT_MS);

  it('rejects arbitrary documents naming a field or the document, and never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (document) => {
        const result = (schema as typeof LoyaltyConfig).safeParse(document);
        if (!result.success) expect(describeIssues(result.error).every((p) => namesAField(p))).toBe(true);
      }),
      { numRuns: RUNS.arbitrary },
    );
  }, TIMEOUT_MS);

  it('rejects broken text with the field or the line it is about, loaded or checked alike', () => {
    fc.assert(
      fc.property(textMutation(text), (broken) => {
        expect(fileProblems(broken, file, schema).every((p) => namesAField(p))).toBe(true);
      }),
      // Found by this test: an alias of an anchor never set crashed `config:check` instead of naming its line.
      { numRuns: RUNS.text, examples: [[`${text}\nbroken: *never-set\n`]] },
    );
  }, TIMEOUT_MS);
});

describe('fuzzing the unsubscribe token parser', () => {
  const secret = 'fuzz-secret-0123456789';
  const ring = JSON.stringify({ current: 'k1', keys: { k1: 'fuzz-secret-new-0123456', k0: secret } });
  const subject = { customerId: 'c-1', email: 'ana@example.com' };
  const genuine = signUnsubscribeToken(subject, ring);

  it('accepts an altered token never and throws never, under a key or a ring', () => {
    const altered = fc.oneof(
      fc.tuple(fc.nat({ max: genuine.length - 1 }), fc.string({ minLength: 1, maxLength: 3 })).map(([at, s]) => genuine.slice(0, at) + s + genuine.slice(at + 1)),
      fc.nat({ max: genuine.length - 1 }).map((at) => genuine.slice(0, at)),
      fc.string({ maxLength: 20 }).map((s) => genuine + s),
      fc.string({ maxLength: 200 }),
      fc.array(fc.string({ maxLength: 40 }), { maxLength: 4 }).map((parts) => parts.join('.')),
    );
    fc.assert(
      fc.property(altered, fc.constantFrom(secret, ring), (token, key) => {
        const verified = verifyUnsubscribeToken(token, key);
        if (token !== genuine) expect(verified).toBeUndefined();
      }),
      { numRuns: RUNS.mutated + RUNS.arbitrary },
    );
    expect(verifyUnsubscribeToken(genuine, ring)).toEqual(subject);
  }, TIMEOUT_MS);

  it('rejects a malformed key ring naming what is wrong with it, and never throws anything else', () => {
    const keyRing = fc.oneof(
      fc.record({ current: fc.oneof(fc.constantFrom('k0', 'k1', '__proto__', 'toString', 'constructor'), hostileValue), keys: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 30 }), hostileValue), { maxKeys: 3 }), hostileValue) }, { requiredKeys: [] }),
      fc.anything(),
    );
    const ringText = fc.oneof(keyRing.map((r) => JSON.stringify(r) ?? '{'), fc.string({ maxLength: 40 }).map((s) => `{${s}`));
    fc.assert(
      fc.property(ringText, (text) => {
        try {
          signUnsubscribeToken(subject, text);
          expect(verifyUnsubscribeToken(signUnsubscribeToken(subject, text), text)).toEqual(subject);
        } catch (error) {
          expect((error as Error).message).toMatch(/^unsubscribe key ring: (not JSON|"current"|key id|keys\.)/);
        }
      }),
      // Found by this test: a ring that is not JSON, or whose "current" names a property of every object, crashed unnamed.
      { numRuns: RUNS.text, examples: [['{'], ['{"current":"toString","keys":{}}'], ['{"current":"__proto__","keys":{"k1":"0123456789abcdef"}}']] },
    );
  }, TIMEOUT_MS);
});
