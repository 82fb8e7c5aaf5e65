import * as z from 'zod';
import { isTimeZone } from '../contracts/events';
import { MeasureConfig } from './measure';
import { RiskConfig } from './risk';
import { LocalTime, Schedule } from './schedule';
import { UpserveConfig } from './upserve';

const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin');

/** A seller who owns customers and reads the daily at-risk digest. */
export const Seller = z.object({
  id: z.string().min(1).describe('the seller id that orders carry in `customer.sellerId`'),
  name: z.string().min(1).describe('shown in the digest and the win-back'),
  email: z.email().describe('where the daily at-risk digest goes'),
  timeZone: timeZone.describe('IANA time zone: the digest goes out at `risk.sellerDigest.at` in it'),
});
export type Seller = z.infer<typeof Seller>;

/** One step of the second-sale sequence, `delayDays` after the first order. */
export const OutreachStep = z.object({
  id: z.enum(['thank-you', 'second-order']).describe('the step; each has its own template, so only these ids exist'),
  delayDays: z.number().min(0).max(365).describe('days after the first order that the email is due'),
  enabled: z.boolean().default(true).describe('off: the step is never queued'),
});

/** How long transient send failures are retried, and the longest wait between two attempts. */
export const RetryPolicy = z.object({
  forDays: z.number().positive().max(30).default(3).describe('days a step keeps being retried after transient send failures before it fails with its reason'),
  maxBackoffMinutes: z.number().min(1).max(24 * 60).default(120).describe('the longest wait between two attempts (the backoff doubles up to it)'),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** Who gets the email in a stage: its recipients, only those on the allow-list, or the SES mailbox simulator. */
export const MailDelivery = z.enum(['recipients', 'allow-list', 'simulator']);
export type MailDelivery = z.infer<typeof MailDelivery>;

/** An address (`ops@example.com`) or a whole domain (`@example.com`) on the allow-list. */
const AllowListEntry = z.union([z.email(), z.string().regex(/^@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i)], { error: 'expected an email address or @domain' });

/** The shop as customers see it in every email. */
export const Brand = z.object({
  name: z.string().min(1).max(100).describe('the shop name in every email'),
  url: z.url().describe("the shop's home page"),
  helpUrl: z.url().describe('where customers get help, linked in every email'),
  postalAddress: z.string().max(300).optional().describe('postal address in the footer of every email'),
  deliveryNote: z.string().min(1).max(300).default('Your order is on its way; most parcels arrive within 2–4 working days.').describe('what to expect after ordering, shown in the thank-you email'),
});
export type Brand = z.infer<typeof Brand>;

/** The sections of the ops config, each of which a stage may override. */
const sections = {
  brand: Brand.describe('the shop as customers see it in every email'),
  catalogFile: z.string().min(1).default('catalog.yaml').describe('the product catalog file, relative to this config file'),
  bus: z.object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,256}$/, 'expected an event bus name').describe('the event bus the shop publishes to and the functions publish on'),
    orderSource: z.string().min(1).default('shop.orders').describe("the `source` of the shop's order events"),
  }).describe('where the events travel'),
  mail: z.object({
    sender: z.email().describe('the From address (a verified SES identity)'),
    replyTo: z.email().optional().describe('the Reply-To address, if not the sender'),
    sendRatePerSecond: z.number().positive().max(1000).default(10).describe('sends per second across all dispatchers (the SES account rate)'),
    unsubscribeBaseUrl: z.url().optional().describe('where unsubscribe links point; the deployed Function URL (or the local runner) when absent'),
    maxPerRun: z.int().min(1).max(10_000).default(1000).describe('emails one dispatcher run sends at most; the rest wait for the next run'),
    configurationSet: z.string().min(1).default('loyalty').describe('the SES configuration set that publishes bounces and complaints'),
    retry: RetryPolicy.default(RetryPolicy.parse({})).describe('transient send failures (throttling, a paused account, an outage) are retried, backing off, for this long'),
    deliverTo: MailDelivery.default('recipients').describe(
      'who gets the email: `recipients` (the customer or seller it is for), `allow-list` (only addresses on `mail.allowList`; others are skipped with reason `not-allowed-in-stage`) or `simulator` (every email goes to the SES mailbox simulator, success@simulator.amazonses.com)',
    ),
    allowList: z.array(AllowListEntry).default([]).describe('with `deliverTo: allow-list`: the addresses (`ops@example.com`) and domains (`@example.com`) that may get email'),
  }).superRefine((mail, ctx) => {
    if (mail.deliverTo === 'allow-list' && mail.allowList.length === 0) ctx.addIssue({ code: 'custom', path: ['allowList'], message: 'expected at least one address or @domain with deliverTo: allow-list (none would get any email)' });
  }).describe('how email is sent'),
  sellers: z.object({
    defaultSellerId: z.string().min(1).describe("the seller of customers whose orders name none (one of the directory's ids)"),
    directory: z.array(Seller).min(1).describe('every seller'),
  }).describe('who owns the customers and reads the digests'),
  schedules: z.object({
    outreachDispatcher: Schedule.default({ cron: '*/15 * * * *', timeZone: 'UTC', enabled: true }).describe('the dispatcher that sends due emails'),
  }).describe('schedules that belong to no flow'),
  secondSale: z.object({
    enabled: z.boolean().default(true).describe('off: no second-sale sequence is queued'),
    steps: z
      .array(OutreachStep)
      .default([
        { id: 'thank-you', delayDays: 1, enabled: true },
        { id: 'second-order', delayDays: 14, enabled: true },
      ])
      .describe('the sequence after a first purchase'),
  }).describe('the thank-you and the second-order invitation after a first purchase'),
  upserve: UpserveConfig.default(UpserveConfig.parse({})).describe('suggestions that help a customer get more from what they bought'),
  risk: RiskConfig.default(RiskConfig.parse({})).describe('at-risk scoring, the seller digest and the win-back'),
  measure: MeasureConfig.default(MeasureConfig.parse({})).describe('holdout groups and conversion windows that make uplift measurable'),
  respect: z.object({
    frequencyCap: z
      .object({
        maxEmails: z.int().min(1).describe('emails a customer gets at most in `perDays`; a later one waits, it is never dropped'),
        perDays: z.number().positive().describe('the window of the cap, in days'),
      })
      .default({ maxEmails: 1, perDays: 3 })
      .describe('at most `maxEmails` marketing emails per customer in `perDays`'),
    quietHours: z
      .object({
        start: LocalTime.describe("when quiet hours begin, in the customer's time zone"),
        end: LocalTime.describe('when they end: waiting email goes out then'),
      })
      .default({ start: '21:00', end: '08:00' })
      .describe("no email in these hours of the customer's day: it waits until they end"),
    defaultTimeZone: timeZone.default('UTC').describe('time zone for customers who have none'),
  }).describe('the rules every email keeps'),
};

/** A stage's name: it suffixes the stack, the bus and the configuration set, so it stays short and plain. */
const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** What a stage changes: any section, written as in the file, only the fields that differ (checked once merged). */
const StageOverrides = z.strictObject(Object.fromEntries(Object.keys(sections).map((key) => [key, z.unknown().optional()])) as Record<keyof typeof sections, z.ZodOptional<z.ZodUnknown>>);

/** The whole ops config: one file, validated at synth and at local start. */
export const LoyaltyConfig = z
  .object({
    ...sections,
    stages: z
      .record(z.string(), StageOverrides)
      .superRefine((stages, ctx) => {
        // Checked here rather than as the record's key schema, whose issue would not say what a name may be.
        for (const name of Object.keys(stages).filter((n) => !STAGE_NAME.test(n))) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'expected a stage name: up to 20 lower-case letters, digits and dashes, starting with a letter' });
        }
      })
      .optional()
      .describe(
        'per stage (`--context stage=NAME`): overrides of any section above, deep-merged over the file (lists are replaced whole) and validated like it; a stage also suffixes `bus.name` and `mail.configurationSet` with `-NAME`',
      ),
  })
  .superRefine((config, ctx) => {
    const ids = config.sellers.directory.map((s) => s.id);
    if (!ids.includes(config.sellers.defaultSellerId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sellers', 'defaultSellerId'],
        message: `expected one of the directory's seller ids (${ids.join(', ')})`,
      });
    }
  });
export type LoyaltyConfig = z.infer<typeof LoyaltyConfig>;
