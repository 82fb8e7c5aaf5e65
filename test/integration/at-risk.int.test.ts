import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { refitRiskModel } from '../../functions/risk-model/refit-risk-model';
import { readMailbox } from '../../infra/local/mailbox';
import { makeDynamoPurchaseHistories } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoRiskModelStore } from '../../shared/adapters/dynamodb/risk-model-store';
import { DetailType, type CustomerAtRisk, type CustomerWonBack, type OutreachSkipped, type SellerDigestSent } from '../../shared/contracts/events';
import { RISK_DUE, TableShape } from '../../shared/contracts/table';
import { MailError, type EventPublisher } from '../../shared/ports';
import { newMeter, riskWorld } from '../support/risk';

type World = Awaited<ReturnType<typeof riskWorld>>;

// The test model flags a one-time buyer 14 weeks (98 days) after their first purchase day.
const FIRST = '2026-01-05T10:00:00.000Z';
const DUE = '2026-04-13T00:00:00.000Z';
const SCORER_RUN = '2026-04-13T04:00:00.000Z';

const detailsOf = <T>(world: World, type: string): T[] => world.events.ofType(type).map((e) => e.detail as T);
/** Where a customer with no risk check due waits in the index: listed for the refit, never due. */
const parked = (customerId: string) => expect.objectContaining({ pk: `CUSTOMER#${customerId}`, dueSk: `9999-12-31T00:00:00.000Z#${customerId}` });

async function riskIndex(world: World): Promise<{ pk: string; dueSk: string }[]> {
  const { Items = [] } = await world.table.doc.send(
    new QueryCommand({
      TableName: world.table.tableName,
      IndexName: TableShape.dueIndex.name,
      KeyConditionExpression: 'duePk = :due',
      ExpressionAttributeValues: { ':due': RISK_DUE },
    }),
  );
  return Items as { pk: string; dueSk: string }[];
}

describe('at-risk customers against DynamoDB Local', () => {
  it("writes each customer's risk check into the due index with the profile, within 3 write units per order", async () => {
    const meter = newMeter();
    const world = await riskWorld({ meter });

    await world.place(world.order('c-1', FIRST));
    expect((await world.customers.getProfile('c-1'))?.riskDueAt).toBe(DUE);
    expect(await riskIndex(world)).toEqual([expect.objectContaining({ pk: 'CUSTOMER#c-1', dueSk: `${DUE}#c-1` })]);
    expect(meter.units.write).toBe(3); // order 1 + profile 1 + entering the index 1

    const before = meter.units.write;
    await world.place(world.order('c-1', '2026-02-20T10:00:00.000Z'));
    // A later order moves the at-risk date later; the earlier check stays, so the index is not written again.
    expect(meter.units.write - before).toBe(2);
    expect((await world.customers.getProfile('c-1'))?.riskDueAt).toBe(DUE);
  });

  it('reads only the customers due: the same reads whether 10 or 200 other customers are waiting', async () => {
    const readsFor = async (others: number) => {
      const meter = newMeter();
      const world = await riskWorld({ meter });
      await Promise.all(['d-1', 'd-2', 'd-3'].map((id) => world.place(world.order(id, FIRST))));
      await Promise.all(Array.from({ length: others }, (_, i) => world.place(world.order(`later-${i}`, '2026-03-20T10:00:00.000Z'))));
      const before = meter.units.read;
      const counts = await world.score(SCORER_RUN);
      return { counts, reads: meter.units.read - before };
    };
    const [small, large] = [await readsFor(10), await readsFor(200)];

    expect(small.counts).toMatchObject({ flagged: 3, rescheduled: 0 });
    expect(large.counts).toMatchObject({ flagged: 3, rescheduled: 0 });
    expect(large.reads).toBe(small.reads);
    // The index page, then per customer one consistent profile read and one read of the order behind the silence.
    expect(small.reads / 3).toBeLessThanOrEqual(2);
  });

  it('flags a customer at risk once: profile, seller record, event and the win-back after the grace period', async () => {
    const world = await riskWorld();
    await world.place(world.order('c-1', FIRST, { sellerId: 's-kenji', total: 80 }));

    expect(await world.score('2026-04-12T04:00:00.000Z')).toMatchObject({ flagged: 0 });
    expect(await world.score(SCORER_RUN)).toMatchObject({ flagged: 1 });

    const [flag] = detailsOf<CustomerAtRisk>(world, DetailType.CustomerAtRisk);
    expect(flag).toMatchObject({
      customerId: 'c-1',
      sellerId: 's-kenji',
      flaggedAt: SCORER_RUN,
      rule: 'one-time-buyer',
      pAlive: 1,
      daysSilent: 98,
      value: 80,
      currency: 'EUR',
      lastOrderId: 'c-1-2026-01-05',
      reason: 'one order, 98 days ago; most repeat buyers order again within 98 days',
    });
    expect(flag!.usualIntervalDays).toBeUndefined();
    expect(flag!.valueAtStake).toBeGreaterThan(0);
    expect(flag!.valueAtStake).toBeLessThanOrEqual(flag!.expectedValue / flag!.pAlive);
    const [winBack] = await world.queue.pending('c-1', { flow: 'win-back' });
    expect(winBack).toMatchObject({ kind: 'win-back', sequenceId: 'c-1-2026-01-05', dueAt: '2026-04-16T04:00:00.000Z', sellerId: 's-kenji' });
    expect(winBack!.payload).toMatchObject({ lastOrder: { orderId: 'c-1-2026-01-05', total: 80, items: [expect.objectContaining({ name: 'Kind of Blue' })] } });
    expect((await world.customers.getProfile('c-1'))?.riskFlag).toMatchObject({ flaggedAt: SCORER_RUN, sellerId: 's-kenji' });
    expect(await riskIndex(world)).toEqual([parked('c-1')]);
    expect((await world.desk.between('s-kenji', '2026-04-01T00:00:00.000Z', SCORER_RUN)).flags.map((f) => [f.customerId, f.valueAtStake])).toEqual([
      ['c-1', flag!.valueAtStake],
    ]);
    expect((await world.desk.between('s-anna', '2026-04-01T00:00:00.000Z', SCORER_RUN)).flags).toEqual([]);

    expect(await world.score('2026-04-14T04:00:00.000Z')).toMatchObject({ flagged: 0, 'not-due': 0 });
    expect(world.events.ofType(DetailType.CustomerAtRisk)).toHaveLength(1);
  });

  it('does not flag a customer who ordered since their check was set: it moves to their new at-risk date', async () => {
    const world = await riskWorld();
    await world.place(world.order('c-2', FIRST));
    await world.place(world.order('c-2', '2026-04-01T10:00:00.000Z'));

    expect(await world.score(SCORER_RUN)).toMatchObject({ flagged: 0, rescheduled: 1 });
    const { riskDueAt } = (await world.customers.getProfile('c-2'))!;
    expect(riskDueAt! > '2026-05-01T00:00:00.000Z').toBe(true);
    expect(await riskIndex(world)).toEqual([expect.objectContaining({ dueSk: `${riskDueAt}#c-2` })]);
  });

  it('cancels the waiting win-back when the customer orders, announces them won back and clears the flag', async () => {
    const world = await riskWorld();
    await world.place(world.order('c-3', FIRST, { sellerId: 's-kenji' }));
    await world.score(SCORER_RUN);

    await world.place(world.order('c-3', '2026-04-14T09:00:00.000Z', { total: 25 }));

    expect(await world.queue.pending('c-3', { flow: 'win-back' })).toEqual([]);
    expect(detailsOf<OutreachSkipped>(world, DetailType.OutreachSkipped)).toEqual([expect.objectContaining({ customerId: 'c-3', flow: 'win-back', reason: 'ordered-again' })]);
    expect(detailsOf<CustomerWonBack>(world, DetailType.CustomerWonBack)).toEqual([
      { customerId: 'c-3', sellerId: 's-kenji', orderId: 'c-3-2026-04-14', placedAt: '2026-04-14T09:00:00.000Z', flaggedAt: SCORER_RUN, total: 25, currency: 'EUR' },
    ]);
    const profile = (await world.customers.getProfile('c-3'))!;
    expect(profile.riskFlag).toBeUndefined();
    expect(profile.riskDueAt! > '2026-05-14T00:00:00.000Z').toBe(true); // a new silence, a new check
    expect((await world.desk.between('s-kenji', SCORER_RUN, '2026-04-15T00:00:00.000Z')).returns).toEqual([
      expect.objectContaining({ customerId: 'c-3', orderedAt: '2026-04-14T09:00:00.000Z', total: 25 }),
    ]);
  });

  it('finishes a flag whose run failed part-way, without raising it twice', async () => {
    let failNext = true;
    const world = await riskWorld({
      events: {
        async publish(batch) {
          if (failNext) {
            failNext = false;
            throw new Error('EventBridge unavailable');
          }
          await world.events.publish(batch);
        },
      } satisfies EventPublisher,
    });
    await world.place(world.order('c-4', FIRST));

    expect(await world.score(SCORER_RUN)).toMatchObject({ flagged: 0, errored: 1 });
    expect((await world.customers.getProfile('c-4'))?.riskFlag).toBeDefined(); // claimed, still due
    expect(await world.score('2026-04-14T04:00:00.000Z')).toMatchObject({ flagged: 1 });

    expect(detailsOf<CustomerAtRisk>(world, DetailType.CustomerAtRisk)).toEqual([expect.objectContaining({ customerId: 'c-4', flaggedAt: SCORER_RUN })]);
    expect(await world.queue.pending('c-4', { flow: 'win-back' })).toHaveLength(1);
    expect(await riskIndex(world)).toEqual([parked('c-4')]);
  });
});

describe('the seller digest against DynamoDB Local and the SES emulator', () => {
  const BERLIN_8AM = '2026-04-13T06:00:00.000Z';

  /** Anna's customers a-1 (€300) and a-2 (€50), Kenji's k-1; a-back was flagged in March and ordered again in April. */
  async function flaggedWorld() {
    const world = await riskWorld();
    await world.place(world.order('a-back', '2025-12-01T10:00:00.000Z'));
    await world.score('2026-03-09T04:00:00.000Z');
    await world.digest('2026-03-09T07:00:00.000Z', { sellers: [world.sellers[0]!] });
    await world.place(world.order('a-back', '2026-04-02T10:00:00.000Z', { total: 64 }));
    await world.place(world.order('a-2', FIRST, { total: 50 }));
    await world.place(world.order('a-1', FIRST, { total: 300 }));
    await world.place(world.order('k-1', FIRST, { sellerId: 's-kenji', total: 120 }));
    await world.score(SCORER_RUN);
    return world;
  }
  const mailTo = async (address: string) => (await readMailbox(inject('sesEndpoint'))).filter((m) => m.to.includes(address));

  it('sends each seller one email with only their customers newly at risk, ranked by value, and who came back', async () => {
    const world = await flaggedWorld();
    const [anna, kenji] = world.sellers;

    expect(await world.digest(BERLIN_8AM, { sellers: [anna!] })).toEqual({ sent: 1, quiet: 0, 'already-sent': 0, unknown: 0, withheld: 0, announced: 0, busy: 0, failed: 0, paused: 0 });
    expect(await world.digest('2026-04-13T23:00:00.000Z', { sellers: [kenji!] })).toMatchObject({ sent: 1 });

    const [annaMail] = (await mailTo(anna!.email)).slice(-1);
    expect(annaMail!.subject).toBe('2 customers to check in with today');
    const text = annaMail!.text!;
    expect(text.indexOf('1. Name a-1')).toBeGreaterThan(-1);
    expect(text.indexOf('1. Name a-1')).toBeLessThan(text.indexOf('2. Name a-2'));
    expect(text).toContain('One order so far, silent for 98 days');
    expect(text).toContain('Next step: Ask how their first order (Kind of Blue) worked out');
    expect(text).toContain('CAME BACK (1)\n- Name a-back ordered again on');
    expect(text).not.toContain('k-1');

    const [kenjiMail] = await mailTo(kenji!.email);
    expect(kenjiMail!.text).toContain('1. Name k-1');
    expect(kenjiMail!.text).not.toContain('Name a-');

    const sent = detailsOf<SellerDigestSent>(world, DetailType.SellerDigestSent);
    expect(sent.filter((d) => d.sentAt >= BERLIN_8AM)).toEqual([
      { sellerId: 's-anna', date: '2026-04-13', customerIds: ['a-1', 'a-2'], cameBackIds: ['a-back'], messageId: annaMail!.messageId, sentAt: BERLIN_8AM },
      // 23:00 UTC is 08:00 on the 14th in Tokyo.
      expect.objectContaining({ sellerId: 's-kenji', date: '2026-04-14', customerIds: ['k-1'], cameBackIds: [] }),
    ]);
  });

  it('sends a seller nothing twice on one day, and nothing on a day with nothing new unless asked for an all-quiet note', async () => {
    const world = await flaggedWorld();
    const anna = world.sellers[0]!;
    await world.digest(BERLIN_8AM, { sellers: [anna] });
    const mails = (await mailTo(anna.email)).length;

    expect(await world.digest(BERLIN_8AM, { sellers: [anna] })).toMatchObject({ sent: 0, 'already-sent': 1 });
    expect(await world.digest('2026-04-14T06:00:00.000Z', { sellers: [anna] })).toMatchObject({ sent: 0, quiet: 1 });
    expect(await mailTo(anna.email)).toHaveLength(mails);

    expect(await world.digest('2026-04-15T06:00:00.000Z', { sellers: [anna], allQuietNote: true })).toMatchObject({ sent: 1 });
    const [quiet] = (await mailTo(anna.email)).slice(-1);
    expect(quiet!.subject).toBe('All quiet today, Anna');
  });

  it('sends a digest the mailer refused on the retry, and one digest when two runs race', async () => {
    const world = await flaggedWorld();
    const [anna, kenji] = world.sellers;
    const refusing = { send: async () => Promise.reject(new MailError('Throttling: maximum sending rate exceeded', true)) };
    const before = (await mailTo(anna!.email)).length;

    await expect(world.digest(BERLIN_8AM, { sellers: [anna!], mailer: refusing, onError: () => {} })).rejects.toThrow('1 could not be sent');
    expect(await world.digest(BERLIN_8AM, { sellers: [anna!] })).toMatchObject({ sent: 1 });
    expect(await mailTo(anna!.email)).toHaveLength(before + 1);

    const racing = await Promise.allSettled([1, 2, 3].map(() => world.digest('2026-04-13T23:00:00.000Z', { sellers: [kenji!] })));
    expect(racing.filter((r) => r.status === 'fulfilled' && r.value.sent === 1)).toHaveLength(1);
    expect(await mailTo(kenji!.email)).toHaveLength(1);
  });
});

describe('the weekly risk model fit against DynamoDB Local', () => {
  it('fits on the stored profiles and stores the model, or keeps what is there with too little history', async () => {
    const world = await riskWorld();
    // 60 customers, each a buyer every 2 to 9 weeks through 2025, some stopping early.
    await Promise.all(
      Array.from({ length: 60 }, async (_, c) => {
        const gapDays = 14 + (c % 8) * 7;
        const orders = 2 + (c % 5) * 2;
        for (let k = 0; k < orders; k++) {
          const at = new Date(Date.parse('2025-01-06T10:00:00.000Z') + k * gapDays * 86_400_000).toISOString();
          if (at < '2025-12-31') await world.place(world.order(`m-${c}`, at, { total: 20 + c }));
        }
      }),
    );
    const models = makeDynamoRiskModelStore(world.table);
    const histories = makeDynamoPurchaseHistories(world.table);

    expect(await refitRiskModel({ histories, models, minRepeatCustomers: 1000, now: '2026-01-04T03:00:00.000Z' })).toEqual({ fitted: 0, kept: 1 });
    expect(await models.latest()).toBeUndefined();

    expect(await refitRiskModel({ histories, models, minRepeatCustomers: 30, now: '2026-01-04T03:00:00.000Z' })).toEqual({ fitted: 1, kept: 0 });
    const stored = (await models.latest())!;
    expect(stored).toMatchObject({ fittedOn: '2026-01-04T03:00:00.000Z', customers: 60, repeatCustomers: 60 });
    expect(stored.model.fittedAt).toBe('2026-01-03');
    for (const v of Object.values(stored.model.bgnbd)) expect(v).toBeGreaterThan(0);
    expect(stored.model.threshold).toBeGreaterThan(0);
  });
});
