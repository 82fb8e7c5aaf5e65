import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { intakeDeps } from '../../functions/order-intake/handler';
import { cancelCustomerOrder, intakeOrder } from '../../functions/order-intake/intake-order';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { DetailType, type FirstPurchaseDetected, type OrderCancelled, type OrderPlaced } from '../../shared/contracts/events';
import type { CustomerStore, OutgoingEvent } from '../../shared/ports';
import { anOrder } from '../support/builders';
import { collectingPublisher, freshTable } from '../support/local';
import { testRuntime } from '../support/outreach';

type Table = Awaited<ReturnType<typeof freshTable>>;

// Properties of the intake on DynamoDB Local: events arrive more than once and out of order, as
// EventBridge delivers them; the profile and what the intake announces must not depend on it.

type ShopEvent = { kind: 'placed'; order: OrderPlaced } | { kind: 'cancelled'; cancellation: OrderCancelled; time: string };

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1, 10);

/** A customer's orders on distinct days, each from a differently named contact, some cancelled a few hours later. */
const history = fc
  .uniqueArray(fc.record({ day: fc.nat(60), total: fc.integer({ min: 1, max: 500 }), cancelled: fc.boolean() }), { minLength: 1, maxLength: 6, selector: (o) => o.day })
  .map((orders) => (customerId: string): ShopEvent[][] =>
    orders.map(({ day, total, cancelled }, i) => {
      const placedAt = new Date(START + day * DAY).toISOString();
      const order = anOrder({ customerId, orderId: `o-${i}`, placedAt, total, customer: { ...anOrder({ customerId }).customer, email: `buyer-${day}@example.com`, name: `Name of day ${day}` } });
      const cancelledAt = new Date(START + day * DAY + 3_600_000).toISOString();
      return [{ kind: 'placed', order }, ...(cancelled ? [{ kind: 'cancelled' as const, cancellation: { customerId, orderId: order.orderId, cancelledAt }, time: cancelledAt }] : [])];
    }),
  );

const timeOf = (event: ShopEvent) => (event.kind === 'placed' ? event.order.placedAt : event.time);

/** The clean sequence: every event once, in the order of its time. */
const clean = (perOrder: ShopEvent[][]): ShopEvent[] => perOrder.flat().sort((a, b) => timeOf(a).localeCompare(timeOf(b)));

/** Inserts each event's redeliveries at positions after the original. */
function withRedeliveries(events: ShopEvent[], extra: readonly number[], positions: readonly number[]): ShopEvent[] {
  const out = [...events];
  events.forEach((event, i) => {
    for (let k = 0; k < (extra[i] ?? 0); k++) {
      const after = out.indexOf(event) + 1;
      out.splice(after + ((positions[(i + k) % Math.max(1, positions.length)] ?? 0) % (out.length - after + 1)), 0, event);
    }
  });
  return out;
}

async function deliver(table: Table, events: readonly ShopEvent[]): Promise<OutgoingEvent[]> {
  const publisher = collectingPublisher();
  const runtime = testRuntime(table, { events: publisher });
  for (const event of events) {
    const deps = intakeDeps({ runtime, now: timeOf(event) });
    if (event.kind === 'placed') await intakeOrder(event.order, deps);
    else await cancelCustomerOrder(event.cancellation, deps);
  }
  return publisher.events;
}

/** A first purchase announced when the one before it was cancelled: its time is the cancellation's, not its own placement's. */
const isHandOver = (event: OutgoingEvent) => event.time !== (event.detail as FirstPurchaseDetected).placedAt;
const facts = (events: readonly OutgoingEvent[]) => events.map((e) => JSON.stringify([e.detailType, e.detail, e.time])).sort();
const withoutVersion = ({ version: _version, ...profile }: Record<string, unknown>) => profile;

describe('an order history delivered as EventBridge delivers it, against DynamoDB Local', () => {
  let table: Table;
  let customers: CustomerStore;
  let run = 0;
  const nextCustomer = () => `prop-${++run}`;

  beforeAll(async () => {
    table = await freshTable();
    customers = makeDynamoCustomerStore(table);
  });

  it('gives the same profile and the same facts as the clean sequence when any event arrives up to three times', async () => {
    const redeliveries = fc.record({ extra: fc.array(fc.nat(2), { maxLength: 12 }), positions: fc.array(fc.nat(), { maxLength: 12 }) });
    await fc.assert(
      fc.asyncProperty(history, redeliveries, async (events, { extra, positions }) => {
        const [once, repeated] = [nextCustomer(), nextCustomer()];
        const expected = await deliver(table, clean(events(once)));
        const got = await deliver(table, withRedeliveries(clean(events(repeated)), extra, positions));

        expect(facts(got)).toEqual(facts(expected).map((f) => f.replaceAll(once, repeated)));
        const [a, b] = [await customers.getProfile(once), await customers.getProfile(repeated)];
        expect(JSON.stringify(withoutVersion({ ...b })).replaceAll(repeated, once)).toEqual(JSON.stringify(withoutVersion({ ...a })));
      }),
      { numRuns: 25 },
    );
  });

  it('keeps the same orders and contact in any order of arrival, a cancellation overtaking its order too, and counts each order once', async () => {
    const arrival = fc.record({ order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), extra: fc.array(fc.nat(1), { maxLength: 12 }) });
    await fc.assert(
      fc.asyncProperty(history, arrival, async (events, { order, extra }) => {
        const [once, shuffled] = [nextCustomer(), nextCustomer()];
        await deliver(table, clean(events(once)));
        const perOrder = events(shuffled);
        const all = perOrder.flat();
        const interleaved = all.map((e, i) => ({ e, key: order[i % order.length]! + i / 100 })).sort((a, b) => a.key - b.key).map(({ e }) => e);
        const got = await deliver(table, withRedeliveries(interleaved, extra, order));

        const [expected, profile] = [(await customers.getProfile(once))!, (await customers.getProfile(shuffled))!];
        const orderIndependent = (p: typeof profile) => ({ orders: p.orders, totals: p.totals, name: p.name, email: p.email, marketingConsent: p.marketingConsent });
        expect(orderIndependent(profile)).toEqual(orderIndependent(expected));

        const announced = got.filter((e) => e.detailType === DetailType.RepeatPurchaseDetected || (e.detailType === DetailType.FirstPurchaseDetected && !isHandOver(e))).map((e) => (e.detail as FirstPurchaseDetected).orderId);
        expect(announced.length).toBe(new Set(announced).size);
        expect(announced).toEqual(expect.arrayContaining(Object.keys(profile.orders)));
        const lastFirst = got.filter((e) => e.detailType === DetailType.FirstPurchaseDetected).at(-1)?.detail as FirstPurchaseDetected | undefined;
        if (Object.keys(profile.orders).length === 0) expect(profile.firstPurchase).toBeUndefined();
        else expect(profile.firstPurchase?.orderId).toBe(lastFirst?.orderId);
        expect(profile.firstPurchase === undefined || profile.orders[profile.firstPurchase.orderId] !== undefined).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
