import * as z from 'zod';
import { isTimeZone } from '../contracts/events';
import { MeasureConfig } from './measure';
import { RiskConfig } from './risk';
import { LocalTime, Schedule } from './schedule';
import { UpserveConfig } from './upserve';

const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin');

/** A seller who owns customers and reads the daily at-risk digest. */
export const Seller = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.email(),
  timeZone,
});
export type Seller = z.infer<typeof Seller>;

/** One step of the second-sale sequence, `delayDays` after the first order. */
export const OutreachStep = z.object({
  /** Each step has its own template, so only these ids exist. */
  id: z.enum(['thank-you', 'second-order']),
  delayDays: z.number().min(0).max(365),
  enabled: z.boolean().default(true),
});

/** How long transient send failures are retried, and the longest wait between two attempts. */
export const RetryPolicy = z.object({
  forDays: z.number().positive().max(30).default(3),
  maxBackoffMinutes: z.number().min(1).max(24 * 60).default(120),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** The shop as customers see it in every email. */
export const Brand = z.object({
  name: z.string().min(1).max(100),
  url: z.url(),
  helpUrl: z.url(),
  postalAddress: z.string().max(300).optional(),
  /** What to expect after ordering, shown in the thank-you email. */
  deliveryNote: z.string().min(1).max(300).default('Your order is on its way; most parcels arrive within 2–4 working days.'),
});
export type Brand = z.infer<typeof Brand>;

/** The whole ops config: one file, validated at synth and at local start. */
export const LoyaltyConfig = z
  .object({
    brand: Brand,
    /** The product catalog file, relative to this config file. */
    catalogFile: z.string().min(1).default('catalog.yaml'),
    bus: z.object({
      name: z.string().regex(/^[A-Za-z0-9._-]{1,256}$/, 'expected an event bus name'),
      orderSource: z.string().min(1).default('shop.orders'),
    }),
    mail: z.object({
      sender: z.email(),
      replyTo: z.email().optional(),
      /** Sends per second across all dispatchers (SES account rate). */
      sendRatePerSecond: z.number().positive().max(1000).default(10),
      /** Where unsubscribe links point; the deployed Function URL (or the local runner) when absent. */
      unsubscribeBaseUrl: z.url().optional(),
      /** Emails one dispatcher run sends at most; the rest wait for the next run. */
      maxPerRun: z.int().min(1).max(10_000).default(1000),
      configurationSet: z.string().min(1).default('loyalty'),
      /** Transient send failures (throttling, a paused account, an outage) are retried, backing off, for this long. */
      retry: RetryPolicy.default(RetryPolicy.parse({})),
    }),
    sellers: z.object({
      defaultSellerId: z.string().min(1),
      directory: z.array(Seller).min(1),
    }),
    schedules: z.object({
      outreachDispatcher: Schedule.default({ cron: '*/15 * * * *', timeZone: 'UTC', enabled: true }),
    }),
    secondSale: z.object({
      enabled: z.boolean().default(true),
      steps: z.array(OutreachStep).default([
        { id: 'thank-you', delayDays: 1, enabled: true },
        { id: 'second-order', delayDays: 14, enabled: true },
      ]),
    }),
    upserve: UpserveConfig.default(UpserveConfig.parse({})),
    risk: RiskConfig.default(RiskConfig.parse({})),
    measure: MeasureConfig.default(MeasureConfig.parse({})),
    respect: z.object({
      frequencyCap: z
        .object({ maxEmails: z.int().min(1), perDays: z.number().positive() })
        .default({ maxEmails: 1, perDays: 3 }),
      quietHours: z.object({ start: LocalTime, end: LocalTime }).default({ start: '21:00', end: '08:00' }),
      /** Time zone for customers who have none. */
      defaultTimeZone: timeZone.default('UTC'),
    }),
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
