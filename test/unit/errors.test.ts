import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../functions/outreach-dispatcher/payload';
import { DigestRunError } from '../../functions/seller-digest/send-seller-digests';
import { OrderNotStoredError } from '../../functions/upserve-planner/plan-upserve';
import { PublishError } from '../../shared/adapters/eventbridge/publisher';
import { InvalidFileError } from '../../shared/config/load';
import { EmailTemplateError } from '../../shared/email/build-templates';
import { EmailDataError } from '../../shared/email/views';
import { LoyaltyError } from '../../shared/errors';
import { MailError } from '../../shared/ports';
import { InvalidEventError } from '../../shared/runtime/handler';
import { ProfileContentionError } from '../../shared/use-cases/update-profile';

describe('the errors of the project', () => {
  const cause = new Error('the SDK said no');
  const errors = [
    new PayloadError('payload: order: required', { cause }),
    new DigestRunError('2 sellers failed', { cause }),
    new OrderNotStoredError('order o-1 is not stored', { cause }),
    new PublishError(['entry 0: throttled']),
    new InvalidFileError('config.yaml', ['mail.sender: Invalid email address']),
    new EmailTemplateError('win-back: no <mj-title>', { cause }),
    new EmailDataError('suggestions: at most 3', { cause }),
    new MailError('SES refused the email', true, { cause }),
    new InvalidEventError('Order Placed', ['detail.total: expected number']),
    new ProfileContentionError('c-1', 10),
  ];

  it('share one base class and each carries its own name', () => {
    for (const error of errors) {
      expect(error).toBeInstanceOf(LoyaltyError);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('keep the failure they wrap as `cause`', () => {
    expect(errors.filter((e) => e.cause === cause).map((e) => e.name)).toEqual(['PayloadError', 'DigestRunError', 'OrderNotStoredError', 'EmailTemplateError', 'EmailDataError', 'MailError']);
  });
});
