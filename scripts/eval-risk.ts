/**
 * Evaluates the at-risk score (`npm run eval:risk [-- --dataset cdnow-master] [--json OUT.json] [--replay REPORT.json]`).
 *
 * CDNOW: calibration 1997-01-01 … 1997-09-30 (39 weeks, as in Fader, Hardie & Lee 2005), holdout
 * 1997-10-01 … 1998-06-30. Online Retail: identified customers, non-cancelled invoice lines, one
 * invoice-day = one occasion; calibration 2010-12-01 … 2011-08-31, holdout 2011-09-01 … 2011-12-09
 * (14.3 weeks). Time unit: weeks for both. Customers scored: those with ≥ 1 repeat purchase in
 * the calibration; label: no purchase in the holdout. The score's horizon is the holdout length.
 * Without `--dataset` all three data sets are evaluated, then the synthetic regularity populations.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { syntheticCustomer } from '../infra/local/datasets/synthetic-customers';
import type { ReplayReport } from '../infra/local/replay';
import { loadConfigFile } from '../shared/config/config-file';
import { sellerFor } from '../shared/domain/digest';
import type { BgNbdParams } from '../shared/domain/risk/bgnbd';
import type { CustomerHistory } from '../shared/domain/risk/summary';
import { paretoNbdReference } from './lib/pareto-nbd';
import {
  type DigestPrecision,
  type Evaluation,
  type RankingOutcome,
  type Split,
  cdnowHistories,
  digestPrecisionAtK,
  evaluateRisk,
  onlineRetailHistories,
  replayDigestPrecision,
} from './lib/risk-evaluation';
import { syntheticRegularity } from './lib/synthetic-evaluation';

const PAPER: BgNbdParams & { ll: number } = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, ll: -9582.4 };

type DatasetName = 'cdnow-sample' | 'cdnow-master' | 'online-retail';

interface Dataset {
  name: DatasetName;
  title: string;
  split: Split;
  currency: string;
  histories: () => CustomerHistory[];
}

const CDNOW_SPLIT: Split = { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' };
const DATASETS: readonly Dataset[] = [
  { name: 'cdnow-sample', title: 'CDNOW sample (2,357 customers)', split: CDNOW_SPLIT, currency: 'USD', histories: () => cdnowHistories('cdnow-sample') },
  { name: 'cdnow-master', title: 'CDNOW master (23,570 customers)', split: CDNOW_SPLIT, currency: 'USD', histories: () => cdnowHistories('cdnow-master') },
  {
    name: 'online-retail',
    title: 'Online Retail: identified customers, non-cancelled lines, one invoice-day = one occasion',
    split: { calibrationEnd: '2011-08-31', holdoutEnd: '2011-12-09' },
    // A UK shop pricing in pounds sterling.
    currency: 'GBP',
    histories: onlineRetailHistories,
  },
];

/** The figures other programs read (`--json`): exactly these fields per data set. */
interface DatasetFigures {
  repeat: { auc: number; ci: [number, number]; precision: number; recall: number };
  all: { auc: number };
  ece: number;
  top10Precision: number;
}

const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

// Four significant figures, in exponent form when a parameter runs off to a boundary (0 or ∞).
const param = (v: number): string => (v < 1e-3 || v >= 1e5 ? v.toExponential(2) : v.toPrecision(4));
const num = (v: number | undefined, digits = 3): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));
const signed = (v: number): string => `${v < 0 ? '−' : '+'} ${num(Math.abs(v))}`;
const interval = ([lo, hi]: readonly [number, number]): string => `[${num(lo)}, ${num(hi)}]`;

function printModel(e: Evaluation, withPaper: boolean): void {
  const { r, alpha, a, b } = e.fit.params;
  console.log(`  BG/NBD        r        α        a        b        log-likelihood`);
  console.log(`  fitted   ${[r, alpha, a, b].map((v) => param(v).padStart(8)).join(' ')}   ${num(e.fit.logLikelihood, 2)}`);
  if (withPaper) console.log(`  paper    ${[PAPER.r, PAPER.alpha, PAPER.a, PAPER.b].map((v) => param(v).padStart(8)).join(' ')}   ${num(PAPER.ll, 1)}`);
  const { weights, threshold, oneTimeBuyerWeeks, horizonWeeks, regularity, spend } = e.model;
  const reg = regularity!;
  console.log(
    `  regularity: k = ${reg.k} (BG/CNBD-k, maximum likelihood over k = 1…12)` +
      (reg.k > 1 ? `, r = ${param(reg.params.r)}, α = ${param(reg.params.alpha)}, a = ${param(reg.params.a)}, b = ${param(reg.params.b)}` : ': the BG/NBD itself') +
      `; Wheat–Morrison k = ${num(e.wheatMorrisonK, 2)} from ${e.wheatMorrisonPairs} customers' first two gaps`,
  );
  if (spend) console.log(`  Gamma-Gamma spend: p = ${param(spend.p)}, q = ${param(spend.q)}, γ = ${param(spend.gamma)}`);
  console.log(
    `  risk model: horizon ${num(horizonWeeks, 1)} wk; logit = ${num(weights.offsetSlope ?? 1)}·logit(P(silence)) ${signed(weights.intercept)} ${signed(weights.logSpend)}·ln(1+spend) ${signed(weights.logRepeats)}·ln(x); ` +
      `threshold ${num(threshold)}; one-time buyers at risk after ${num(oneTimeBuyerWeeks, 1)} wk`,
  );
}

function printTable(e: Evaluation): void {
  console.log(`  ${'scorer'.padEnd(38)} ${'AUC'.padStart(6)} ${'prec'.padStart(6)} ${'recall'.padStart(6)}   risk score − this, 95 % paired bootstrap`);
  for (const r of e.results) {
    const paired = e.paired.find((p) => p.name === r.name);
    const row = `  ${r.name.padEnd(38)} ${num(r.auc).padStart(6)} ${num(r.precision).padStart(6)} ${num(r.recall).padStart(6)}`;
    console.log(paired ? `${row}   ${signed(paired.difference)} ${interval(paired.differenceCi)}` : row);
  }
  console.log(`  risk score AUC 95 % bootstrap interval ${interval(e.aucCi)}; all customers (one-time buyers included) AUC ${num(e.allAuc)}`);
}

function printReliability(e: Evaluation): void {
  console.log(`  reliability of the stated chance of no order in the next ${num(e.model.statedHorizonWeeks, 0)} weeks (the reason's), repeat customers: ECE ${num(e.ece)}`);
  console.log(`    bin          n   stated  observed`);
  for (const b of e.reliability) {
    if (b.count) console.log(`    ${num(b.from, 1)}–${num(b.to, 1)}  ${String(b.count).padStart(6)}   ${num(b.meanScore)}   ${num(b.observedRate)}`);
  }
}

const captured = (o: RankingOutcome): string =>
  Object.entries(o.valueCaptured)
    .map(([currency, v]) => `${currency} ${v.amount.toFixed(0)} (${(v.share * 100).toFixed(1)} % of all flagged)`)
    .join('; ');

function printDigest(d: DigestPrecision): void {
  console.log(`  seller digest at the calibration end: each seller's top ${d.k} flagged (${d.listed} customers, ${d.sellers} sellers); value lost = silent customers' past spend rate × holdout`);
  console.log(`    ranked by value at stake: precision ${num(d.byValueAtStake.precision)}, value lost listed ${captured(d.byValueAtStake)}`);
  console.log(`    ranked by spend so far:   precision ${num(d.bySpend.precision)}, value lost listed ${captured(d.bySpend)}`);
  console.log(`    all ${d.flagged} flagged customers (one-time buyers included): precision ${num(d.flaggedPrecision)}`);
}

// Sellers as the local replay assigns them (npm start), with the shipped config's floors on the flags.
const config = loadConfigFile();
const sellerIds = config.sellers.directory.map((s) => s.id);
const sellerOf = (customerId: string): string => sellerFor(syntheticCustomer(customerId, sellerIds).sellerId, config.sellers);

/** With `--replay REPORT.json` (from `npm start -- --report` on the same CDNOW file): the digests the replay sent. */
function printReplayDigests(histories: readonly CustomerHistory[], file: string): void {
  const { digests } = JSON.parse(readFileSync(file, 'utf8')) as Pick<ReplayReport, 'digests'>;
  const r = replayDigestPrecision(digests, histories, 39, '1998-06-30');
  console.log(`  seller digests of the replay (${r.digests} with 39 weeks of data after them): top 10 lines ${r.lines}, precision ${num(r.precision)}`);
}

function evaluateDataset(d: Dataset): DatasetFigures {
  const histories = d.histories();
  const e = evaluateRisk(histories, d.split, paretoNbdReference);
  console.log(`\n${d.title}: calibration to ${d.split.calibrationEnd}, holdout to ${d.split.holdoutEnd}, weeks`);
  console.log(`  ${e.customers} customers, ${e.repeaters} with a repeat in calibration, ${e.silentRepeaters} of them silent in the ${num(e.holdoutWeeks, 1)}-week holdout`);
  printModel(e, d.name === 'cdnow-sample');
  printTable(e);
  printReliability(e);
  const digest = digestPrecisionAtK(histories, d.split, e.model, config.risk, sellerOf, () => d.currency);
  printDigest(digest);
  const replay = option('--replay');
  if (replay && d.name.startsWith('cdnow')) printReplayDigests(histories, replay);
  const flags = e.results[0]!;
  return {
    repeat: { auc: flags.auc!, ci: e.aucCi, precision: flags.precision!, recall: flags.recall! },
    all: { auc: e.allAuc },
    ece: e.ece,
    top10Precision: digest.byValueAtStake.precision,
  };
}

const only = option('--dataset');
if (only !== undefined && !DATASETS.some((d) => d.name === only)) {
  throw new Error(`--dataset: expected one of ${DATASETS.map((d) => d.name).join(', ')}, got "${only}"`);
}
const figures: Partial<Record<DatasetName, DatasetFigures>> = {};
for (const d of DATASETS.filter((d) => only === undefined || d.name === only)) figures[d.name] = evaluateDataset(d);
if (only === undefined) syntheticRegularity(config.risk);

const json = option('--json');
if (json) {
  writeFileSync(json, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`\nwrote ${json}`);
}
