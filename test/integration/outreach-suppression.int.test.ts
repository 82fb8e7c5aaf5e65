import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { feedbackDeps } from '../../functions/ses-feedback/handler';
import { recordFeedback } from '../../functions/ses-feedback/record-feedback';
import { unsubscribe } from '../../functions/unsubscribe/unsubscribe';
import { addressSuppressionKey } from '../../shared/adapters/dynamodb/keys';
import { DetailType, SesFeedback, type OutreachSkipped } from '../../shared/contracts/events';
import { planSecondSale } from '../../shared/domain/outreach';
import { config, outreachWorld, UNSUBSCRIBE_BASE, UNSUBSCRIBE_SECRET } from '../support/outreach';

const PLACED = '2026-03-02T10:00:00Z';
const THANK_YOU_RUN = '2026-03-03T12:00:00.000Z'; // thank-you due a day after the order
const FEEDBACK_AT = '2026-03-04T09:00:00.000Z';
const SECOND_ORDER_RUN = '2026-03-16T12:00:00.000Z'; // second-order due 14 days after the order

type World = Awaited<ReturnType<typeof outreachWorld>>;

/** A first order whose thank-you email went out through the emulator; returns that email. */
async function customerWithThankYouSent(world: World, id: string) {
  await world.place(world.order(id, { orderId: 'o-1', placedAt: PLACED }));
  expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 1 });
  const [mail] = await world.mails();
  expect(mail?.to).toEqual([world.email(id)]);
  return mail!;
}

/** What SES's configuration set publishes for a message we sent: our tags come back on `mail.tags`. */
const sesEvent = (messageId: string, customerId: string | undefined, feedback: object) =>
  SesFeedback.parse({
    mail: {
      timestamp: THANK_YOU_RUN,
      messageId,
      source: config.mail.sender,
      tags: { 'ses:configuration-set': [config.mail.configurationSet], ...(customerId ? { customerId: [customerId], kind: ['second-sale.thank-you'] } : {}) },
    },
    ...feedback,
  });

const permanentBounce = (email: string) => ({
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: email, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: FEEDBACK_AT,
    feedbackId: 'feedback-1',
  },
});

const complaint = (email: string) => ({
  eventType: 'Complaint',
  complaint: { complainedRecipients: [{ emailAddress: email }], timestamp: FEEDBACK_AT, complaintFeedbackType: 'abuse', feedbackId: 'feedback-2' },
});

const transientBounce = (email: string) => ({
  eventType: 'Bounce',
  bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: email }], timestamp: FEEDBACK_AT },
});

/** The stored suppression item: why and when the address was suppressed. */
const suppressionEntry = async (world: World, email: string) =>
  (await world.table.doc.send(new GetCommand({ TableName: world.table.tableName, Key: addressSuppressionKey(email) }))).Item;

const skipsOf = (world: World) => world.detailsOf<OutreachSkipped>(DetailType.OutreachSkipped).map(({ stepId, reason }) => ({ stepId, reason }));

describe('mail stops for people who said no or cannot receive it', () => {
  it('unsubscribing with the link from the email ends the sequence at once, and anything queued later is skipped', async () => {
    const world = await outreachWorld();
    const mail = await customerWithThankYouSent(world, 'unsub');
    const link = new URL(mail.text!.match(/https:\S+/g)!.find((url) => url.startsWith(UNSUBSCRIBE_BASE))!);

    const page = await unsubscribe(link.searchParams.get('t')!, { ...world, secret: UNSUBSCRIBE_SECRET, brandName: config.brand.name, now: FEEDBACK_AT });

    expect(page.statusCode).toBe(200);
    expect(await world.suppressions.isSuppressed(world.email('unsub'))).toBe(true);
    expect(await world.step('unsub', 'o-1', 'second-order')).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });
    expect(skipsOf(world)).toEqual([{ stepId: 'second-order', reason: 'unsubscribed' }]);
    expect(world.detailsOf(DetailType.CustomerUnsubscribed)).toEqual([{ customerId: 'unsub', at: FEEDBACK_AT }]);

    // A step queued after the unsubscribe (say, by another flow) meets the suppression list in the dispatcher.
    const [late] = planSecondSale([{ id: 'second-order', delayDays: 14, enabled: true }], { customerId: 'unsub', orderId: 'o-late', placedAt: PLACED }, {}, FEEDBACK_AT);
    await world.queue.enqueue([late!]);
    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 0, skipped: 1 });
    expect(await world.step('unsub', 'o-late', 'second-order')).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    expect(skipsOf(world)).toContainEqual({ stepId: 'second-order', reason: 'suppressed' });
    expect(await world.mails()).toEqual([mail]);
  });

  it.each([
    ['a permanent bounce', permanentBounce, { reason: 'bounce', detail: 'General' }],
    ['a complaint', complaint, { reason: 'complaint', detail: 'abuse' }],
  ])('%s suppresses the address and skips what was waiting', async (_, feedback, entry) => {
    const world = await outreachWorld();
    const mail = await customerWithThankYouSent(world, 'fb');

    const result = await recordFeedback(sesEvent(mail.messageId, 'fb', feedback(world.email('fb'))), feedbackDeps({ runtime: world.runtime, now: FEEDBACK_AT }));

    expect(result).toEqual({ suppressed: 1 });
    expect(await world.suppressions.isSuppressed(world.email('fb').toUpperCase())).toBe(true);
    expect(await world.step('fb', 'o-1', 'second-order')).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    expect(skipsOf(world)).toEqual([{ stepId: 'second-order', reason: 'suppressed' }]);
    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 0 });
    expect(await world.mails()).toEqual([mail]);
    expect(await suppressionEntry(world, world.email('fb'))).toMatchObject({ ...entry, customerId: 'fb', at: FEEDBACK_AT });
  });

  it.each([
    ['unsubscribed', 'skipped'],
    ['complained', 'skipped'],
    ['bounced', 'sent'],
  ] as const)('a customer who %s and orders again with another address: the new address is %s', async (how, outcome) => {
    const world = await outreachWorld();
    const mail = await customerWithThankYouSent(world, 'mover');
    const oldEmail = world.email('mover');
    const newEmail = world.email('mover-new');
    if (how === 'unsubscribed') {
      const token = new URL(mail.text!.match(/https:\S+/g)!.find((url) => url.startsWith(UNSUBSCRIBE_BASE))!).searchParams.get('t')!;
      await unsubscribe(token, { ...world, secret: UNSUBSCRIBE_SECRET, brandName: config.brand.name, now: FEEDBACK_AT });
    } else {
      await recordFeedback(sesEvent(mail.messageId, 'mover', (how === 'complained' ? complaint : permanentBounce)(oldEmail)), { ...world, now: FEEDBACK_AT });
    }

    await world.place(world.order('mover', { orderId: 'o-2', placedAt: '2026-03-05T10:00:00Z' }, { email: newEmail }));
    // A step for the new order, due before the run: only suppression can stop it.
    const [late] = planSecondSale([{ id: 'second-order', delayDays: 10, enabled: true }], { customerId: 'mover', orderId: 'o-2', placedAt: '2026-03-05T10:00:00Z' }, { order: { orderId: 'o-2', placedAt: '2026-03-05T10:00:00Z', total: 42.5, currency: 'EUR', items: [{ sku: 'cd-jazz-1', name: 'Kind of Blue', quantity: 1 }] } }, FEEDBACK_AT);
    await world.queue.enqueue([late!]);
    await world.dispatch(SECOND_ORDER_RUN);

    expect(await world.step('mover', 'o-2', 'second-order')).toMatchObject(outcome === 'skipped' ? { status: 'skipped', reason: 'suppressed' } : { status: 'sent' });
    expect((await world.mails()).filter((m) => m.to[0] === newEmail)).toHaveLength(outcome === 'skipped' ? 0 : 1);
    expect(await world.suppressions.isSuppressed(oldEmail)).toBe(true);
  });

  it('a bounce that does not name the customer still stops mail: the dispatcher checks the suppression list', async () => {
    const world = await outreachWorld();
    const mail = await customerWithThankYouSent(world, 'untagged');

    await recordFeedback(sesEvent(mail.messageId, undefined, permanentBounce(world.email('untagged'))), { ...world, now: FEEDBACK_AT });
    expect(await world.step('untagged', 'o-1', 'second-order')).toMatchObject({ status: 'queued' });

    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 0, skipped: 1 });
    expect(await world.step('untagged', 'o-1', 'second-order')).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    expect(skipsOf(world)).toEqual([{ stepId: 'second-order', reason: 'suppressed' }]);
    expect(await world.mails()).toEqual([mail]);
  });

  it('a transient bounce suppresses nothing: the next email still goes out', async () => {
    const world = await outreachWorld();
    const mail = await customerWithThankYouSent(world, 'full');

    expect(await recordFeedback(sesEvent(mail.messageId, 'full', transientBounce(world.email('full'))), { ...world, now: FEEDBACK_AT })).toEqual({ ignored: 1 });

    expect(await world.suppressions.isSuppressed(world.email('full'))).toBe(false);
    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 1, skipped: 0 });
    expect(await world.step('full', 'o-1', 'second-order')).toMatchObject({ status: 'sent' });
    expect(await world.mails()).toHaveLength(2);
    expect(skipsOf(world)).toEqual([]);
  });

  it('a customer without marketing consent gets no email, and each skipped step says why', async () => {
    const world = await outreachWorld();
    await world.place(world.order('quiet', { orderId: 'o-1', placedAt: PLACED }, { marketingConsent: false }));

    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 0, skipped: 1 });
    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 0, skipped: 1 });

    expect(await world.step('quiet', 'o-1', 'thank-you')).toMatchObject({ status: 'skipped', reason: 'no-consent' });
    expect(skipsOf(world)).toEqual([
      { stepId: 'thank-you', reason: 'no-consent' },
      { stepId: 'second-order', reason: 'no-consent' },
    ]);
    expect(await world.mails()).toEqual([]);
  });
});
