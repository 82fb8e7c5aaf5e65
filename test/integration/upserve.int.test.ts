import { describe, expect, it } from 'vitest';
import { cancelCustomerOrder } from '../../functions/order-intake/intake-order';
import { addDays } from '../../shared/domain/time';
import { collectingPublisher } from '../support/local';
import { config } from '../support/outreach';
import { countingDoc } from '../support/sdk-call-count';
import { upserveWorld } from '../support/upserve';

const START = '2026-03-02T10:00:00.000Z';
/** `n` days after the start, at 10:00 UTC: inside every test customer's waking hours. */
const day = (n: number): string => addDays(START, n);

const KIND_OF_BLUE = 'cd-miles-davis-kind-of-blue';
const LOVE_SUPREME = 'cd-coltrane-a-love-supreme';
const ELLA = 'cd-ella-fitzgerald-songbooks';
const KIT = 'acc-cd-cleaning-kit';
const HEADPHONES = 'acc-headphones';

type Mail = { text?: string };
/** The suggestion titles of a suggestions email, from its plain-text part ("* <title>" lines). */
const titles = (mail: Mail): string[] => (mail.text ?? '').split('\n').filter((l) => l.startsWith('* ')).map((l) => l.slice(2).trim());

describe('up-serve suggestions against DynamoDB Local and the SES emulator', () => {
  it('sends suggestions after an order, each with the sentence that says why', async () => {
    const world = await upserveWorld();
    await world.place(world.order('ana', 'o-1', day(0), [KIND_OF_BLUE]));

    expect(await world.dispatch(day(4))).toMatchObject({ sent: 0 });
    expect(await world.dispatch(day(5))).toMatchObject({ sent: 1 });

    const [mail] = await world.mailsTo('ana');
    expect(mail!.stepId).toBe('suggestions');
    expect(titles(mail!)).toEqual(['Hold a disc by its edge', 'Closed-Back Stereo Headphones', 'CD Cleaning Kit (spray and microfibre cloth)']);
    expect(mail!.text).toContain('You bought Miles Davis — Kind of Blue (CD). A little care keeps it working like new.');
    expect(mail!.text).toContain(
      'You bought Miles Davis — Kind of Blue (CD). Customers who use Miles Davis — Kind of Blue (CD) often pair it with Closed-Back Stereo Headphones, because it brings out the quiet passages a small speaker loses.',
    );
    expect(mail!.html).toContain(`href="${config.upserve.productUrl!.replace('{sku}', HEADPHONES)}"`);
  });

  it("reads the suggestion keys already sent with the page of due steps, not once per email", async () => {
    const world = await upserveWorld();
    const customers = ['sk-1', 'sk-2', 'sk-3', 'sk-4', 'sk-5'];
    for (const id of customers) await world.place(world.order(id, `o-${id}`, day(0), [KIND_OF_BLUE]));
    const { doc, calls, stop } = countingDoc();

    const counts = await world.dispatch(day(5), undefined, doc).finally(stop);

    expect(counts).toMatchObject({ sent: customers.length });
    // The flow switches only: the sent keys came with the profiles, contact logs and steps.
    expect(calls.GetItem).toBe(1);
    for (const id of customers) expect((await world.upserve.sentKeys(id)).size).toBeGreaterThan(0);
  });

  it('never sends a customer the same suggestion twice, and skips an email with nothing new to say', async () => {
    const world = await upserveWorld();
    // Three albums with the same care tip, guide and complements, ten days apart.
    for (const [i, sku] of [KIND_OF_BLUE, LOVE_SUPREME, ELLA].entries()) {
      await world.place(world.order('bea', `o-${i + 1}`, day(10 * i), [sku]));
      await world.dispatch(day(10 * i + 5));
    }

    const mails = await world.mailsTo('bea');
    expect(mails.map((m) => m.sequenceId)).toEqual(['o-1', 'o-2']);
    expect(mails.map(titles)).toEqual([
      ['Hold a disc by its edge', 'Closed-Back Stereo Headphones', 'CD Cleaning Kit (spray and microfibre cloth)'],
      ['Listen once without interruptions'],
    ]);
    expect(world.skips('bea')).toEqual({ 'o-3/suggestions': 'nothing-to-suggest' });
    expect(await world.step('bea', 'o-3', 'suggestions')).toMatchObject({ status: 'skipped', reason: 'nothing-to-suggest' });
    expect([...(await world.upserve.sentKeys('bea'))].sort()).toEqual([
      'care-tip:hold-a-disc-by-its-edge',
      'how-to:listen-once-without-interruptions',
      `product:${KIT}`,
      `product:${HEADPHONES}`,
    ]);
  });

  it('keeps "never twice" when two dispatchers race over two due suggestion emails of one customer', async () => {
    const world = await upserveWorld({ rules: { ...config.respect, frequencyCap: { maxEmails: 10, perDays: 1 } } });
    await world.place(world.order('cy', 'o-1', day(0), [KIND_OF_BLUE]));
    await world.place(world.order('cy', 'o-2', addDays(day(0), 0.01), [LOVE_SUPREME]));

    await Promise.all([world.dispatch(day(6)), world.dispatch(day(6))]);
    // The contact log lets one of two racing sends to a customer through; the other goes on the next run.
    await world.dispatch(addDays(day(6), 0.01));

    const sent = (await world.mailsTo('cy')).flatMap(titles);
    expect(sent).toHaveLength(new Set(sent).size);
    expect(sent.sort()).toEqual(['CD Cleaning Kit (spray and microfibre cloth)', 'Closed-Back Stereo Headphones', 'Hold a disc by its edge', 'Listen once without interruptions']);
    expect(await world.upserve.sentKeys('cy')).toHaveProperty('size', 4);
  });

  it('never suggests what the customer owns, including what they bought after the order but before the email', async () => {
    const world = await upserveWorld();
    await world.place(world.order('dan', 'o-old', day(-40), [HEADPHONES]));
    await world.dispatch(day(-35));
    await world.place(world.order('dan', 'o-1', day(0), [KIND_OF_BLUE]));
    await world.place(world.order('dan', 'o-2', day(2), [KIT]));

    await world.dispatch(day(5));

    const [mail] = (await world.mailsTo('dan')).filter((m) => m.sequenceId === 'o-1');
    expect(titles(mail!)).toEqual(['Hold a disc by its edge']);
    expect(mail!.text).not.toContain('Headphones');
    expect(mail!.text).not.toContain('Cleaning Kit');
  });

  it('suggests what other customers bought with it, with the share that did, once the nightly model has seen it', async () => {
    const world = await upserveWorld({ upserve: { minSupport: 20 } });
    for (let i = 0; i < 20; i++) await world.place(world.order(`fan-${i}`, `o-${i}`, day(0), [KIND_OF_BLUE, ELLA]));
    // Owns both catalog complements already, so the bought-together item has room.
    await world.place(world.order('eve', 'o-0', day(-30), [HEADPHONES, KIT]));
    await world.dispatch(day(-25));
    expect(await world.model(day(1))).toMatchObject({ orders: 21 });

    await world.place(world.order('eve', 'o-1', day(2), [KIND_OF_BLUE]));
    await world.dispatch(day(7));

    const [mail] = (await world.mailsTo('eve')).filter((m) => m.sequenceId === 'o-1');
    expect(titles(mail!)).toEqual(['Hold a disc by its edge', 'Ella Fitzgerald — The Best of the Song Books (CD)']);
    expect(mail!.text).toContain('You bought Miles Davis — Kind of Blue (CD). 100% of customers who bought it also bought Ella Fitzgerald — The Best of the Song Books (CD).');
  });

  it('skips the up-serve emails of a cancelled order', async () => {
    const world = await upserveWorld();
    await world.place(world.order('flo', 'o-1', day(0), [KIT]));
    await cancelCustomerOrder({ customerId: 'flo', orderId: 'o-1', cancelledAt: day(1) }, { customers: world.customers, events: collectingPublisher(), now: day(1) });

    expect(await world.dispatch(day(5))).toMatchObject({ sent: 0, skipped: 1 });
    expect(await world.dispatch(day(120))).toMatchObject({ sent: 0, skipped: 1 });
    expect(world.skips('flo')).toEqual({ 'o-1/suggestions': 'order-cancelled', [`o-1/replenish-${KIT}`]: 'order-cancelled' });
  });
});

describe('restock reminders against DynamoDB Local', () => {
  it('reminds when a consumable usually runs out', async () => {
    const world = await upserveWorld();
    await world.place(world.order('gus', 'o-1', day(0), [KIT]));
    await world.dispatch(day(5));

    expect(await world.dispatch(day(119))).toMatchObject({ sent: 0 });
    expect(await world.dispatch(day(120))).toMatchObject({ sent: 1 });

    const reminder = (await world.mailsTo('gus')).find((m) => m.stepId === `replenish-${KIT}`);
    expect(reminder!.subject).toContain('running low on CD Cleaning Kit');
    expect(reminder!.text).toContain('It usually lasts about 4 months');
  });

  it('cancels the reminder of a purchase when the customer bought the product again, and reminds of the new one', async () => {
    const world = await upserveWorld();
    await world.place(world.order('hal', 'o-1', day(0), [KIT]));
    await world.dispatch(day(5));
    await world.place(world.order('hal', 'o-2', day(60), [KIT]));
    await world.dispatch(day(65));

    await world.dispatch(day(120));
    expect(await world.step('hal', 'o-1', `replenish-${KIT}`)).toMatchObject({ status: 'skipped', reason: 'ordered-again' });
    expect(await world.dispatch(day(180))).toMatchObject({ sent: 1 });
    expect(await world.step('hal', 'o-2', `replenish-${KIT}`)).toMatchObject({ status: 'sent' });
  });

  it('offers a restock once, whether as a reminder or as a suggestion in another email', async () => {
    const world = await upserveWorld();
    await world.place(world.order('ida', 'o-1', day(0), [KIT]));
    await world.dispatch(day(5));
    // An album whose suggestions fall due just before the kit's reminder; the dispatcher only runs later.
    await world.place(world.order('ida', 'o-2', day(113), [KIND_OF_BLUE]));

    await world.dispatch(day(121));
    await world.dispatch(day(125));

    const mails = await world.mailsTo('ida');
    const restocks = mails.filter((m) => m.stepId === `replenish-${KIT}` || titles(m).includes('CD Cleaning Kit (spray and microfibre cloth)'));
    expect(restocks).toHaveLength(1);
    expect(await world.upserve.sentKeys('ida')).toContain(`replenish:${KIT}:2026-03-02`);
  });
});
