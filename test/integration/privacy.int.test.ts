import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DetailType } from '../../shared/contracts/events';
import { makeSesMailer } from '../../shared/adapters/ses/mailer';
import { config, localSes, outreachWorld } from '../support/outreach';
import { startSesProxy, type SesProxy } from '../support/ses-proxy';

const START = '2026-03-03T12:00:00.000Z';
const thankYouOnly = { ...config.secondSale, steps: config.secondSale.steps.map((s) => ({ ...s, enabled: s.id === 'thank-you' })) };

/** The error as the Lambda logger writes it: name, message, cause chain and every own field. */
class ErrorOnly extends LogFormatter {
  formatAttributes(): LogItem {
    return new LogItem({ attributes: {} });
  }
}
const asLogged = (error: unknown): string => JSON.stringify(new ErrorOnly().formatError(error as Error));

describe('SES errors that quote the recipient', () => {
  let proxy: SesProxy;
  beforeAll(async () => {
    // SES names the address in some refusals, as it does for an unverified identity in the sandbox.
    proxy = await startSesProxy(inject('sesEndpoint'), (to, attempt) =>
      to.startsWith('rejected-')
        ? { status: 400, code: 'MessageRejected', message: `Email address is not verified. The following identities failed the check in region US-EAST-1: ${to}` }
        : to.startsWith('throttled-') && attempt === 1
          ? { status: 400, code: 'Throttling', message: `Maximum sending rate exceeded for ${to}.` }
          : false,
    );
  });
  afterAll(() => proxy.close());

  it('leave no address or name in the step records or the events', async () => {
    const world = await outreachWorld({ secondSale: thankYouOnly, ses: localSes(proxy.endpoint, 1) });
    for (const id of ['rejected-1', 'throttled-1']) {
      await world.place(world.order(id, { orderId: `o-${id}`, placedAt: '2026-03-02T10:00:00Z' }, { name: 'Ada Lovelace' }));
    }
    await world.dispatch(START);
    await world.dispatch('2026-03-03T13:00:00.000Z');

    const rejected = (await world.step('rejected-1', 'o-rejected-1', 'thank-you'))!;
    const throttled = (await world.step('throttled-1', 'o-throttled-1', 'thank-you'))!;
    expect(rejected.status).toBe('failed');
    expect(rejected.reason).toContain('MessageRejected');
    expect(throttled.status).toBe('sent');
    expect(throttled.notes.some((n) => n.includes('Throttling'))).toBe(true);
    const failed = world.detailsOf(DetailType.OutreachFailed);
    expect(failed).toHaveLength(1);

    const recorded = JSON.stringify([rejected, throttled, world.events.events]);
    for (const id of ['rejected-1', 'throttled-1']) expect(recorded).not.toContain(world.email(id));
    expect(recorded).not.toContain('@');
    expect(recorded).not.toContain('Ada Lovelace');
  });

  it('leave no address in the error a digest run logs', async () => {
    const mailer = makeSesMailer({ ses: localSes(proxy.endpoint, 1), from: { address: config.mail.sender }, configurationSet: config.mail.configurationSet });
    const error = await mailer.send({ to: 'rejected-seller@shop.example.com', subject: 'Digest', html: '<p>hi</p>', text: 'hi' }).catch((e: unknown) => e);

    expect((error as Error).name).toBe('MailError');
    expect(asLogged(error)).toContain('MessageRejected');
    expect(asLogged(error)).not.toContain('rejected-seller@shop.example.com');
  });
});
