import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { readMailbox } from '../../infra/local/mailbox';
import { makeSesMailer } from '../../shared/adapters/ses/mailer';
import { CONTACTS_SK, customerPk, digestSk, sellerPk } from '../../shared/adapters/dynamodb/keys';
import { DetailType, type OutreachSkipped } from '../../shared/contracts/events';
import { SES_SIMULATOR_ADDRESS, withStageDelivery } from '../../shared/runtime/mail';
import { config, localSes, outreachWorld, unsubscribeLink, type MailDeliveryRule } from '../support/outreach';
import { riskWorld } from '../support/risk';

const PLACED = '2026-03-02T10:00:00Z';
const THANK_YOU_RUN = '2026-03-03T12:00:00.000Z';

/** Emails in the emulator for one customer, wherever they were delivered: the unsubscribe link names the customer. */
const mailsFor = async (customerId: string, email: string) => (await readMailbox(inject('sesEndpoint'))).filter((m) => m.text?.includes(unsubscribeLink(customerId, email)));

describe('mail.deliverTo: every email passes the stage delivery rule', () => {
  it('simulator: the thank-you goes to the SES mailbox simulator, not to the customer, and counts as sent', async () => {
    const world = await outreachWorld({ delivery: { deliverTo: 'simulator', allowList: [] } });
    await world.place(world.order('sim-1', { orderId: 'o-1', placedAt: PLACED }));

    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 1 });
    expect(await world.mails()).toEqual([]);
    const [mail] = await mailsFor('sim-1', world.email('sim-1'));
    expect(mail!.to).toEqual([SES_SIMULATOR_ADDRESS]);
    expect(await world.step('sim-1', 'o-1', 'thank-you')).toMatchObject({ status: 'sent', messageId: mail!.messageId });
  });

  it('allow-list: listed addresses and domains get their email; any other step is skipped with reason not-allowed-in-stage, never sent', async () => {
    const tag = randomUUID().slice(0, 8);
    const listed = `Listed-${tag}@stage.example.net`;
    const team = `ops@team-${tag}.example.org`;
    const delivery: MailDeliveryRule = { deliverTo: 'allow-list', allowList: [listed.toLowerCase(), `@team-${tag}.example.org`] };
    const world = await outreachWorld({ delivery });
    await world.place(world.order('listed', { orderId: 'o-1', placedAt: PLACED }, { email: listed }));
    await world.place(world.order('team', { orderId: 'o-2', placedAt: PLACED }, { email: team }));
    await world.place(world.order('other', { orderId: 'o-3', placedAt: PLACED }));

    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 2, skipped: 1, failed: 0 });
    expect((await mailsFor('listed', listed)).map((m) => m.to)).toEqual([[listed]]);
    expect((await mailsFor('team', team)).map((m) => m.to)).toEqual([[team]]);
    expect(await mailsFor('other', world.email('other'))).toEqual([]);
    expect(await world.step('other', 'o-3', 'thank-you')).toMatchObject({ status: 'skipped', reason: 'not-allowed-in-stage' });
    expect(world.detailsOf<OutreachSkipped>(DetailType.OutreachSkipped)).toEqual([expect.objectContaining({ customerId: 'other', reason: 'not-allowed-in-stage' })]);
    // The withheld email took no place under the frequency cap: the next step is not held back by it.
    const { Item } = await world.table.doc.send(new GetCommand({ TableName: world.table.tableName, Key: { pk: customerPk('other'), sk: CONTACTS_SK }, ConsistentRead: true }));
    expect(Item?.sends ?? []).toEqual([]);
  });

  it("allow-list: a seller's digest the stage does not deliver is recorded as withheld, its window ends, and nothing is retried", async () => {
    const world = await riskWorld();
    const anna = world.sellers[0]!;
    const mailer = withStageDelivery(makeSesMailer({ ses: localSes(), from: { address: config.mail.sender }, configurationSet: config.mail.configurationSet }), { deliverTo: 'allow-list', allowList: ['@elsewhere.example.org'] });
    await world.place(world.order('a-1', '2026-01-05T10:00:00.000Z'));
    await world.score('2026-04-13T04:00:00.000Z');

    expect(await world.digest('2026-04-13T06:00:00.000Z', { sellers: [anna], mailer })).toMatchObject({ withheld: 1, sent: 0, failed: 0 });
    const { Item } = await world.table.doc.send(new GetCommand({ TableName: world.table.tableName, Key: { pk: sellerPk('s-anna'), sk: digestSk('2026-04-13') }, ConsistentRead: true }));
    expect(Item).toMatchObject({ status: 'withheld', reason: 'not-allowed-in-stage', customerIds: ['a-1'] });
    expect((await readMailbox(inject('sesEndpoint'))).filter((m) => m.to.includes(anna.email))).toEqual([]);
    expect(await world.digest('2026-04-13T06:30:00.000Z', { sellers: [anna], mailer })).toMatchObject({ 'already-sent': 1, withheld: 0 });
    expect(await world.digest('2026-04-14T06:00:00.000Z', { sellers: [anna], mailer })).toMatchObject({ quiet: 1, withheld: 0 });
  });
});
