/**
 * Evaluates the at-risk score (`npm run eval:risk [-- --dataset cdnow-master] [--replay REPORT.json]`).
 *
 * CDNOW: calibration 1997-01-01 … 1997-09-30 (39 weeks, as in Fader, Hardie & Lee 2005), holdout
 * 1997-10-01 … 1998-06-30. Online Retail: identified customers, non-cancelled invoice lines, one
 * invoice-day = one occasion; calibration 2010-12-01 … 2011-08-31, holdout 2011-09-01 … 2011-12-09
 * (14.3 weeks). Time unit: weeks for both. Customers scored: those with ≥ 1 repeat purchase in
 * the calibration; label: no purchase in the holdout. The score's horizon is the holdout length.
 */
import { readFileSync } from 'node:fs';
import type { CdnowDataset } from '../infra/local/datasets/cdnow';
import { syntheticCustomer } from '../infra/local/datasets/synthetic-customers';
import type { ReplayReport } from '../infra/local/replay';
import { loadConfigFile } from '../shared/config/config-file';
import { sellerFor } from '../shared/domain/digest';
import type { BgNbdParams } from '../shared/domain/risk/bgnbd';
import type { CustomerHistory } from '../shared/domain/risk/summary';
import { type Evaluation, type ScorerResult, type Split, cdnowHistories, digestPrecisionAtK, evaluateRisk, onlineRetailHistories, replayDigestPrecision } from './lib/risk-evaluation';

const PAPER: BgNbdParams & { ll: number } = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, ll: -9582.4 };

// Figures measured on the CDNOW sample by the simple scores this project compares against.
const CDNOW_SAMPLE_REFERENCE: Record<string, Omit<ScorerResult, 'name'>> = {
  '1 − P(alive)': { auc: 0.698 },
  '−E[purchases in holdout]': { auc: 0.728 },
  'days since last order': { auc: 0.712 },
  'rule: P(alive) < 0.5': { precision: 0.646, recall: 0.558 },
  'rule: no order in 90 days': { precision: 0.619, recall: 0.727 },
  'risk score (flag: score ≥ threshold)': { auc: 0.75, precision: 0.7, recall: 0.5 },
};

const cdnow: CdnowDataset = process.argv.includes('cdnow-master') ? 'cdnow-master' : 'cdnow-sample';

// Four significant figures, in exponent form when a parameter runs off to a boundary (0 or ∞).
const param = (v: number): string => (v < 1e-3 || v >= 1e5 ? v.toExponential(2) : v.toPrecision(4));

const num = (v: number | undefined, digits = 3): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

const signed = (v: number): string => `${v < 0 ? '−' : '+'} ${num(Math.abs(v))}`;

function printParams(e: Evaluation, withPaper: boolean): void {
  const { r, alpha, a, b } = e.fit.params;
  console.log(`  BG/NBD        r        α        a        b        log-likelihood`);
  console.log(`  fitted   ${[r, alpha, a, b].map((v) => param(v).padStart(8)).join(' ')}   ${num(e.fit.logLikelihood, 2)}`);
  if (withPaper) console.log(`  paper    ${[PAPER.r, PAPER.alpha, PAPER.a, PAPER.b].map((v) => param(v).padStart(8)).join(' ')}   ${num(PAPER.ll, 1)}`);
}

function printModel(e: Evaluation): void {
  const { weights, threshold, oneTimeBuyerWeeks, horizonWeeks } = e.model;
  console.log(
    `  risk model: horizon ${num(horizonWeeks, 1)} wk; logit adj = ${num(weights.intercept)} ${signed(weights.logSpend)}·ln(1+spend) ${signed(weights.logRepeats)}·ln(x); ` +
      `threshold ${num(threshold)}; one-time buyers at risk after ${num(oneTimeBuyerWeeks, 1)} wk`,
  );
}

function printTable(e: Evaluation, reference?: Record<string, Omit<ScorerResult, 'name'>>): void {
  const header = `  ${'scorer'.padEnd(38)} ${'AUC'.padStart(6)} ${'prec'.padStart(6)} ${'recall'.padStart(6)}`;
  console.log(reference ? `${header}   | ref AUC   prec recall` : header);
  for (const r of e.results) {
    const row = `  ${r.name.padEnd(38)} ${num(r.auc).padStart(6)} ${num(r.precision).padStart(6)} ${num(r.recall).padStart(6)}`;
    const ref = reference?.[r.name];
    console.log(ref ? `${row}   | ${num(ref.auc).padStart(7)} ${num(ref.precision).padStart(6)} ${num(ref.recall).padStart(6)}` : row);
  }
}

// Sellers as the local replay assigns them (npm start), with the shipped config's floors on the flags.
const config = loadConfigFile();
const sellerIds = config.sellers.directory.map((s) => s.id);
const sellerOf = (customerId: string): string => sellerFor(syntheticCustomer(customerId, sellerIds).sellerId, config.sellers);

function printDigestPrecision(histories: readonly CustomerHistory[], split: Split, e: Evaluation): void {
  const d = digestPrecisionAtK(histories, split, e.model, config.risk, sellerOf);
  console.log(
    `  seller digest at the calibration end: each seller's top ${d.k} flagged by value (${d.listed} customers, ${d.sellers} sellers) — ` +
      `precision ${num(d.precision)} (no purchase in the holdout); all ${d.flagged} flagged customers (one-time buyers included): ${num(d.flaggedPrecision)}`,
  );
}

/** With `--replay REPORT.json` (from `npm start -- --report` on the same CDNOW file): the digests the replay sent. */
function printReplayDigests(histories: readonly CustomerHistory[]): void {
  const file = process.argv[process.argv.indexOf('--replay') + 1];
  if (!process.argv.includes('--replay') || !file) return;
  const { digests } = JSON.parse(readFileSync(file, 'utf8')) as Pick<ReplayReport, 'digests'>;
  const r = replayDigestPrecision(digests, histories, 39, '1998-06-30');
  console.log(`  seller digests of the replay (${r.digests} with 39 weeks of data after them): top 10 lines ${r.lines}, precision ${num(r.precision)}`);
}

function report(title: string, e: Evaluation, paper: boolean, reference?: Record<string, Omit<ScorerResult, 'name'>>): void {
  console.log(`\n${title}`);
  console.log(
    `  ${e.customers} customers, ${e.repeaters} with a repeat in calibration, ${e.silentRepeaters} of them silent in the ${num(e.holdoutWeeks, 1)}-week holdout`,
  );
  printParams(e, paper);
  printModel(e);
  printTable(e, reference);
  if (reference) console.log('  (reference row of the risk score = the goal: AUC ≥ 0.75, precision ≥ 0.70 at recall ≥ 0.50)');
}

const cdnowSplit: Split = { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' };
const cdnowData = cdnowHistories(cdnow);
const cdnowEval = evaluateRisk(cdnowData, cdnowSplit);
report(
  `CDNOW (${cdnow}): calibration 1997-01-01..1997-09-30, holdout 1997-10-01..1998-06-30, weeks`,
  cdnowEval,
  cdnow === 'cdnow-sample',
  cdnow === 'cdnow-sample' ? CDNOW_SAMPLE_REFERENCE : undefined,
);
printDigestPrecision(cdnowData, cdnowSplit, cdnowEval);
printReplayDigests(cdnowData);

const retailSplit: Split = { calibrationEnd: '2011-08-31', holdoutEnd: '2011-12-09' };
const retailData = onlineRetailHistories();
const retailEval = evaluateRisk(retailData, retailSplit);
report(
  'Online Retail: identified customers, non-cancelled lines, one invoice-day = one occasion; calibration 2010-12-01..2011-08-31, holdout 2011-09-01..2011-12-09, weeks',
  retailEval,
  false,
);
printDigestPrecision(retailData, retailSplit, retailEval);
