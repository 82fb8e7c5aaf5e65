import * as z from 'zod';
import { LocalTime, Schedule } from './schedule';

/** The daily seller digest: sent at `at` in each seller's own time zone. */
export const SellerDigestConfig = z.object({
  at: LocalTime.default('08:00').describe("local time the digest goes out, in each seller's time zone"),
  allQuietNote: z.boolean().default(false).describe('send a short "all quiet" note on days with nothing new (otherwise nothing is sent)'),
});
export type SellerDigestConfig = z.infer<typeof SellerDigestConfig>;

/** The win-back email and what a seller's action does to it. */
export const WinBackConfig = z.object({
  from: z
    .enum(['brand', 'seller'])
    .default('brand')
    .describe("who signs the win-back: the brand, or the customer's seller (signed with their name, Reply-To their address, so the answer reaches them)"),
  reachOutWaitDays: z.int().min(1).max(90).default(14).describe('days the win-back waits after a seller says "I\'ll reach out"'),
});
export type WinBackConfig = z.infer<typeof WinBackConfig>;

/** The seller's pages behind the digest's links. */
export const SellerDeskConfig = z.object({
  linkValidDays: z.int().min(1).max(90).default(30).describe("days a digest's links to customer cards and actions stay valid"),
});
export type SellerDeskConfig = z.infer<typeof SellerDeskConfig>;

/** At-risk settings: model fitting, daily scoring, the seller digest and the win-back that follows. */
export const RiskConfig = z.object({
  enabled: z.boolean().default(true).describe('off: nobody is scored, flagged or won back, and no digest goes out'),
  modelSchedule: Schedule.default({ cron: '0 3 * * 0', timeZone: 'UTC', enabled: true }).describe('the weekly BG/NBD fit'),
  scorerSchedule: Schedule.default({ cron: '0 4 * * *', timeZone: 'UTC', enabled: true }).describe('the daily scoring of the customers due today'),
  winBackGraceDays: z.number().min(0).max(60).default(3).describe('days the seller has to reach out before the win-back email is due'),
  minScore: z.number().min(0).max(1).default(0.5).describe('nobody is at risk below this score (P(no purchase within the horizon)), whatever threshold a fit chose'),
  minSilenceDays: z.number().min(0).max(365).default(30).describe('nobody is at risk sooner than this many days after their last order'),
  minRepeatCustomers: z.int().min(10).default(100).describe('the model is refitted only with at least this many repeat customers; until then the last fit (or the prior) stays'),
  sellerDigest: SellerDigestConfig.default(SellerDigestConfig.parse({})).describe("the daily digest of each seller's customers at risk"),
  winBack: WinBackConfig.default(WinBackConfig.parse({})).describe('the win-back email after the grace period'),
  sellerDesk: SellerDeskConfig.default(SellerDeskConfig.parse({})).describe("the seller's customer cards and actions, linked from the digest"),
});
export type RiskConfig = z.infer<typeof RiskConfig>;
