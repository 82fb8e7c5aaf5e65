import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelCustomerOrder, intakeOrder, type IntakeDeps } from '../../functions/order-intake/intake-order';
import { intakeDeps } from '../../functions/order-intake/handler';
import { customerPk, PROFILE_SK } from '../../shared/adapters/dynamodb/keys';
import { makeDynamoPurchaseHistories } from '../../shared/adapters/dynamodb/customer-store';
import { DetailType, type FirstPurchaseDetected, type RepeatPurchaseDetected } from '../../shared/contracts/events';
import { profileStats, RECENT_ORDERS } from '../../shared/domain/purchase';
import { anOrder } from '../support/builders';
import { collectingPublisher, freshTable } from '../support/local';
import { testRuntime } from '../support/outreach';

describe('order intake against DynamoDB Local', () => {
  let deps: IntakeDeps & { events: ReturnType<typeof collectingPublisher> };
  let table: Awaited<ReturnType<typeof freshTable>>;

  beforeEach(async () => {
    table = await freshTable();
    const events = collectingPublisher();
    deps = { ...intakeDeps({ runtime: testRuntime(table, { events }), now: '2026-03-02T09:00:00Z' }), events };
  });

  const firsts = () => deps.events.ofType(DetailType.FirstPurchaseDetected).map((e) => e.detail as FirstPurchaseDetected);
  const repeats = () => deps.events.ofType(DetailType.RepeatPurchaseDetected).map((e) => e.detail as RepeatPurchaseDetected);

  it('keeps a heavy repeat buyer working: the profile stays bounded, folded orders count once, cancel exactly and reach the refit', async () => {
    const order = (n: number) => anOrder({ orderId: `o-${String(n).padStart(4, '0')}`, placedAt: new Date(Date.UTC(2024, 0, 1, 10) + n * 3_600_000).toISOString(), total: 10 });
    const count = RECENT_ORDERS + 30;
    for (let n = 1; n <= count; n++) await intakeOrder(order(n), deps);

    expect(await intakeOrder(order(5), deps)).toBe('duplicate');
    expect(await intakeOrder(order(0), deps)).toBe('repeat');
    expect(await intakeOrder(order(0), deps)).toBe('duplicate');
    expect(await cancelCustomerOrder({ orderId: order(7).orderId, customerId: 'c-1', cancelledAt: '2024-03-01T10:00:00Z' }, deps)).toBe('cancelled');
    expect(await cancelCustomerOrder({ orderId: order(7).orderId, customerId: 'c-1', cancelledAt: '2024-03-01T10:00:00Z' }, deps)).toBe('unknown-order');

    const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: customerPk('c-1'), sk: PROFILE_SK } }));
    expect(Object.keys(Item!.orders)).toHaveLength(RECENT_ORDERS);
    expect(profileStats((await deps.customers.getProfile('c-1'))!)).toMatchObject({ orderCount: count, totalSpend: count * 10, firstOrderAt: order(0).placedAt });
    const [history] = await makeDynamoPurchaseHistories(table).all();
    expect(history!.purchases).toHaveLength(count);
  });

  it('changes nothing twice when the same order arrives three times', async () => {
    const order = anOrder();
    const results = [await intakeOrder(order, deps), await intakeOrder(order, deps), await intakeOrder(order, deps)];

    expect(results).toEqual(['first', 'duplicate', 'duplicate']);
    expect(firsts()).toHaveLength(1);
    const profile = await deps.customers.getProfile('c-1');
    expect(profileStats(profile!)).toMatchObject({ orderCount: 1, totalSpend: 42.5 });
    expect(profile!.version).toBe(1);
  });

  it('stores no derived figures on the profile, only what they are computed from', async () => {
    await intakeOrder(anOrder({ orderId: 'o-1', placedAt: '2026-03-01T10:00:00Z' }), deps);
    await intakeOrder(anOrder({ orderId: 'o-2', placedAt: '2026-04-01T10:00:00Z' }), deps);

    const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: customerPk('c-1'), sk: PROFILE_SK } }));
    expect(Object.keys(Item!).filter((k) => ['totalSpend', 'firstOrderAt', 'lastOrderAt', 'lastOrderId', 'meanIntervalDays', 'stdIntervalDays'].includes(k))).toEqual([]);
    expect(Item!.orders).toEqual({ 'o-1': '2026-03-01T10:00:00.000Z', 'o-2': '2026-04-01T10:00:00.000Z' });
  });

  it('claims the first purchase once when two first orders of a new customer race', async () => {
    const results = await Promise.all([
      intakeOrder(anOrder({ orderId: 'o-a', placedAt: '2026-03-02T10:00:00Z' }), deps),
      intakeOrder(anOrder({ orderId: 'o-b', placedAt: '2026-03-02T10:00:01Z' }), deps),
    ]);

    expect(results.sort()).toEqual(['first', 'repeat']);
    expect(firsts()).toHaveLength(1);
    expect(repeats()).toEqual([expect.objectContaining({ ordinal: 2 })]);
    expect(profileStats((await deps.customers.getProfile('c-1'))!).orderCount).toBe(2);
  });

  it('stays exact when twenty orders of one customer arrive at once', async () => {
    const orders = Array.from({ length: 20 }, (_, i) => anOrder({ orderId: `o-${i}`, placedAt: `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`, total: 10 }));
    await Promise.all(orders.map((o) => intakeOrder(o, deps)));

    expect(firsts()).toHaveLength(1);
    expect(repeats().map((r) => r.ordinal).sort((a, b) => a - b)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
    expect(profileStats((await deps.customers.getProfile('c-1'))!)).toMatchObject({ orderCount: 20, totalSpend: 200 });
  });

  it('keeps first and last order right when an older order arrives late, and detects the first purchase once', async () => {
    await intakeOrder(anOrder({ orderId: 'late', placedAt: '2026-04-01T10:00:00Z', customer: { ...anOrder().customer, name: 'New Name' } }), deps);
    await intakeOrder(anOrder({ orderId: 'early', placedAt: '2026-03-01T10:00:00Z', customer: { ...anOrder().customer, name: 'Old Name' } }), deps);

    expect(firsts()).toHaveLength(1);
    expect(repeats()).toEqual([expect.objectContaining({ orderId: 'early', ordinal: 2 })]);
    expect(repeats()[0]!.daysSincePreviousOrder).toBeUndefined();
    const profile = (await deps.customers.getProfile('c-1'))!;
    expect(profileStats(profile)).toMatchObject({ firstOrderAt: '2026-03-01T10:00:00.000Z', lastOrderAt: '2026-04-01T10:00:00.000Z' });
    expect(profile.name).toBe('New Name'); // an older order never overwrites newer contact details
  });

  it('makes the next real order the first purchase when the only order is cancelled', async () => {
    await intakeOrder(anOrder({ orderId: 'o-1' }), deps);
    expect(await cancelCustomerOrder({ orderId: 'o-1', customerId: 'c-1', cancelledAt: '2026-03-03T10:00:00Z' }, deps)).toBe('cancelled');
    expect(await intakeOrder(anOrder({ orderId: 'o-2', placedAt: '2026-03-10T10:00:00Z' }), deps)).toBe('first');

    expect(firsts().map((f) => f.orderId)).toEqual(['o-1', 'o-2']);
    expect(profileStats((await deps.customers.getProfile('c-1'))!)).toMatchObject({ orderCount: 1, totalSpend: 42.5 });
  });

  it('passes the first-purchase claim to the next order when the first of two is cancelled', async () => {
    await intakeOrder(anOrder({ orderId: 'o-1', placedAt: '2026-03-01T10:00:00Z' }), deps);
    await intakeOrder(anOrder({ orderId: 'o-2', placedAt: '2026-03-05T10:00:00Z', total: 7 }), deps);
    await cancelCustomerOrder({ orderId: 'o-1', customerId: 'c-1', cancelledAt: '2026-03-06T10:00:00Z' }, deps);

    expect(firsts().map((f) => [f.orderId, f.total])).toEqual([['o-1', 42.5], ['o-2', 7]]);
    expect((await deps.customers.getProfile('c-1'))!.firstPurchase?.orderId).toBe('o-2');
  });

  it('never counts an order whose cancellation arrived first, but takes its contact details and consent', async () => {
    await intakeOrder(anOrder({ orderId: 'o-0', placedAt: '2026-03-01T10:00:00Z' }), deps);
    await cancelCustomerOrder({ orderId: 'o-1', customerId: 'c-1', cancelledAt: '2026-03-03T10:00:00Z' }, deps);
    const withdrawn = { ...anOrder().customer, email: 'new@example.com', marketingConsent: false };
    expect(await intakeOrder(anOrder({ orderId: 'o-1', placedAt: '2026-03-02T10:00:00Z', customer: withdrawn }), deps)).toBe('cancelled-before-arrival');

    expect(deps.events.events.map((e) => (e.detail as FirstPurchaseDetected).orderId)).toEqual(['o-0']);
    const profile = (await deps.customers.getProfile('c-1'))!;
    expect(profileStats(profile).orderCount).toBe(1);
    expect(profile).toMatchObject({ email: 'new@example.com', marketingConsent: false });
  });

  it('stores the order with its lines and the profile under the customer key', async () => {
    await intakeOrder(anOrder(), deps);
    const { Items = [] } = await table.doc.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'CUSTOMER#c-1' } }),
    );
    expect(Items.map((i) => i.sk).sort()).toEqual(['ORDER#o-1', 'PROFILE']);
    expect(Items.find((i) => i.sk === 'ORDER#o-1')).toMatchObject({ status: 'active', total: 42.5, placedAt: '2026-03-02T09:00:00.000Z', items: [expect.objectContaining({ sku: 'cd-jazz-1' })] });
  });
});
