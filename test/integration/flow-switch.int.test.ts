import { describe, expect, it } from 'vitest';
import { dispatchOutreach, type DispatchCounts } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { handler as flowSwitch } from '../../functions/flow-switch/handler';
import { makeDynamoFlowSwitches } from '../../shared/adapters/dynamodb/flow-switches';
import { DetailType, OPS_SOURCE, type SwitchableFlow } from '../../shared/contracts/events';
import { planWinBack } from '../../shared/domain/outreach';
import { addDays } from '../../shared/domain/time';
import { getRuntime, resetRuntime } from '../../shared/runtime/dependencies';
import { InvalidEventError } from '../../shared/runtime/handler';
import { useFreshLocalEnvironment } from '../support/local';
import { config, dispatcherDeps, outreachWorld } from '../support/outreach';
import { aFlag, riskWorld } from '../support/risk';

const PLACED = '2026-03-02T10:00:00Z';
/** Noon UTC: outside the quiet hours of the test customers (Lisbon). */
const noonOfDay = (day: number) => addDays('2026-03-02T12:00:00.000Z', day);

const switched = (flow: string, paused: boolean, at: string, time = at) => ({ source: OPS_SOURCE, 'detail-type': DetailType.FlowSwitched, time, detail: { flow, paused, at } });

type World = Awaited<ReturnType<typeof outreachWorld>>;

/** One dispatcher run at `now` with these flows paused, as the handler runs it. */
const dispatchWith = async (world: World, now: string, paused: SwitchableFlow[], maxPerRun?: number): Promise<DispatchCounts> =>
  dispatchOutreach({ ...(await dispatcherDeps(world.table, { now, doc: world.table.doc, events: world.events })), paused: new Set(paused), ...(maxPerRun ? { maxPerRun } : {}) });

describe('switching a flow off and on (the flow-switch function, DynamoDB Local)', () => {
  it('records the latest switch per flow: a redelivered or older switch arriving late changes nothing', async () => {
    const table = await useFreshLocalEnvironment();
    const switches = makeDynamoFlowSwitches(table);

    expect(await flowSwitch(switched('second-sale', true, '2026-03-02T10:00:00Z'))).toBe('recorded');
    expect(await flowSwitch(switched('second-sale', true, '2026-03-02T10:00:00Z'))).toBe('superseded');
    // An older resume delivered after the pause: the pause stands.
    expect(await flowSwitch(switched('second-sale', false, '2026-03-02T09:00:00+00:00', '2026-03-02T10:05:00Z'))).toBe('superseded');
    expect(await flowSwitch(switched('digest', true, '2026-03-02T09:30:00Z'))).toBe('recorded');
    expect(await switches.current()).toEqual({ 'second-sale': { paused: true, at: '2026-03-02T10:00:00.000Z' }, digest: { paused: true, at: '2026-03-02T09:30:00.000Z' } });

    // The same instant written with an offset compares as that instant.
    expect(await flowSwitch(switched('second-sale', false, '2026-03-02T11:00:00+01:00', '2026-03-02T10:10:00Z'))).toBe('superseded');
    expect(await flowSwitch(switched('second-sale', false, '2026-03-02T11:00:01+01:00', '2026-03-02T10:10:00Z'))).toBe('recorded');
    expect((await switches.current())['second-sale']).toEqual({ paused: false, at: '2026-03-02T10:00:01.000Z' });
  });

  it('rejects a switch naming an unknown flow, or without its fields, naming each', async () => {
    await useFreshLocalEnvironment();
    await expect(flowSwitch(switched('newsletter', true, PLACED))).rejects.toThrow(/detail\.flow: /);
    await expect(flowSwitch({ ...switched('upserve', true, PLACED), detail: { flow: 'upserve' } })).rejects.toThrow(/detail\.paused: .*detail\.at: /);
    await expect(flowSwitch(switched('upserve', true, '2026-03-09T10:00:00Z', PLACED))).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('reaches the functions within a minute of event time: their runtime reads the switch at most once a minute', async () => {
    await useFreshLocalEnvironment();
    resetRuntime();
    const runtime = getRuntime();
    expect([...(await runtime.pausedFlows('2026-03-02T10:00:00Z'))]).toEqual([]);
    await flowSwitch(switched('upserve', true, '2026-03-02T10:00:10Z'));
    expect([...(await runtime.pausedFlows('2026-03-02T10:00:59Z'))]).toEqual([]);
    expect([...(await runtime.pausedFlows('2026-03-02T10:01:00Z'))]).toEqual(['upserve']);
    await flowSwitch(switched('upserve', false, '2026-03-02T10:01:30Z'));
    expect([...(await runtime.pausedFlows('2026-03-02T10:02:00Z'))]).toEqual([]);
    resetRuntime();
  });
});

describe('the dispatcher while a flow is paused (DynamoDB Local, SES emulator)', () => {
  it('leaves a paused due step waiting untouched, counted as paused, and sends it once after the resume', async () => {
    const world = await outreachWorld();
    await world.place(world.order('c-1', { orderId: 'o-1', placedAt: PLACED }));

    expect(await dispatchWith(world, noonOfDay(1), ['second-sale'])).toMatchObject({ paused: 1, sent: 0, deferred: 0 });
    expect(await dispatchWith(world, addDays(noonOfDay(1), 1 / 24), ['second-sale'])).toMatchObject({ paused: 1, sent: 0 });
    expect(await world.mails()).toEqual([]);
    expect(await world.step('c-1', 'o-1', 'thank-you')).toMatchObject({ status: 'queued', dueAt: '2026-03-03T10:00:00.000Z', attempts: 0, notes: [] });

    expect(await dispatchWith(world, noonOfDay(2), [])).toMatchObject({ paused: 0, sent: 1 });
    expect(await dispatchWith(world, addDays(noonOfDay(2), 1 / 24), [])).toMatchObject({ sent: 0 });
    expect((await world.mails()).map((m) => m.subject)).toEqual([expect.stringMatching(/^Thanks for your order/)]);
    expect(await world.step('c-1', 'o-1', 'thank-you')).toMatchObject({ status: 'sent', sentAt: noonOfDay(2) });
  });

  it('sends what waited within the frequency cap after the resume: one email, the next when the cap allows', async () => {
    const world = await outreachWorld();
    await world.place(world.order('c-2', { orderId: 'o-2', placedAt: PLACED }));
    const { perDays } = config.respect.frequencyCap;

    // Both steps fall due during a two-week pause.
    expect(await dispatchWith(world, noonOfDay(15), ['second-sale'])).toMatchObject({ paused: 2, sent: 0 });
    expect(await dispatchWith(world, noonOfDay(16), [])).toMatchObject({ sent: 1, deferred: 1 });
    expect(await dispatchWith(world, addDays(noonOfDay(16), 1 / 24), [])).toMatchObject({ sent: 0 });
    expect(await dispatchWith(world, addDays(noonOfDay(16), perDays), [])).toMatchObject({ sent: 1 });

    const sent = world.detailsOf<{ stepId: string; sentAt: string }>(DetailType.OutreachSent);
    // Which of the two goes first is the contact log's race; each goes once, the cap apart.
    expect(sent.map((s) => s.stepId).sort()).toEqual(['second-order', 'thank-you']);
    expect(Date.parse(sent[1]!.sentAt) - Date.parse(sent[0]!.sentAt)).toBeGreaterThanOrEqual(perDays * 86_400_000);
    expect(await world.mails()).toHaveLength(2);
  });

  it('holds only the paused flows: a win-back goes out while the second sale and the digest are paused, even behind a full run of waiting steps', async () => {
    const world = await outreachWorld();
    await world.place(world.order('c-3', { orderId: 'o-3', placedAt: PLACED }));
    const lastOrder = { orderId: 'o-3', placedAt: PLACED, items: [{ sku: 'cd-jazz-1', name: 'Kind of Blue', quantity: 1 }], total: 42.5, currency: 'EUR' };
    // Due after the thank-you: with one email per run, the waiting thank-you must not take the run's place.
    await world.queue.enqueue([planWinBack({ customerId: 'c-3', sellerId: 's-anna', lastOrderId: 'o-3', flaggedAt: addDays(PLACED, -2) }, { lastOrder }, 3.5)]);

    expect(await dispatchWith(world, noonOfDay(2), ['second-sale', 'digest'], 1)).toMatchObject({ paused: 1, sent: 1 });
    expect(world.detailsOf<{ flow: string }>(DetailType.OutreachSent).map((s) => s.flow)).toEqual(['win-back']);
    expect(await world.step('c-3', 'o-3', 'thank-you')).toMatchObject({ status: 'queued' });
  });
});

describe('the seller digest while paused (DynamoDB Local, SES emulator)', () => {
  const BERLIN_8AM = ['2026-04-13T06:00:00.000Z', '2026-04-14T06:00:00.000Z'] as const;
  const flag = (customerId: string, flaggedAt: string) => aFlag('s-anna', customerId, flaggedAt);

  it('claims nothing while paused; the first digest after the resume lists every customer flagged meanwhile', async () => {
    const world = await riskWorld();
    const anna = world.sellers[0]!;
    await world.desk.recordFlag(flag('p-1', '2026-04-13T04:00:00.000Z'));
    await world.desk.recordFlag(flag('p-2', '2026-04-14T04:00:00.000Z'));

    expect(await world.digest(BERLIN_8AM[0], { sellers: [anna], paused: true })).toMatchObject({ paused: 1, sent: 0 });
    expect(await world.desk.recentDigests(anna.id)).toEqual([]);
    expect(world.events.ofType(DetailType.SellerDigestSent)).toEqual([]);

    expect(await world.digest(BERLIN_8AM[1], { sellers: [anna] })).toMatchObject({ paused: 0, sent: 1 });
    expect(world.events.ofType(DetailType.SellerDigestSent).map((e) => e.detail)).toEqual([expect.objectContaining({ date: '2026-04-14', customerIds: ['p-1', 'p-2'] })]);
  });

  it("sends that day's digest when a run of the same local date comes after the resume", async () => {
    const world = await riskWorld();
    const anna = world.sellers[0]!;
    await world.desk.recordFlag(flag('q-1', '2026-04-13T04:00:00.000Z'));

    expect(await world.digest(BERLIN_8AM[0], { sellers: [anna], paused: true })).toMatchObject({ paused: 1 });
    expect(await world.digest(addDays(BERLIN_8AM[0], 1 / 24), { sellers: [anna] })).toMatchObject({ sent: 1 });
    expect(world.events.ofType(DetailType.SellerDigestSent).map((e) => e.detail)).toEqual([expect.objectContaining({ date: '2026-04-13', customerIds: ['q-1'] })]);
  });
});
