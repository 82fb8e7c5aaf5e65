import { type CdnowDataset, loadCdnow } from '../../infra/local/datasets/cdnow';
import { loadOnlineRetail } from '../../infra/local/datasets/online-retail';
import { type BgNbdFit, type Rfm, expectedPurchases, logLikelihood, pAlive } from '../../shared/domain/risk/bgnbd';
import { type ReliabilityBin, auc, expectedCalibrationError, flagQuality, pairedBootstrapAuc, reliabilityTable } from '../../shared/domain/risk/metrics';
import { wheatMorrisonK } from '../../shared/domain/risk/regularity';
import { type RiskPolicy, assessRisk } from '../../shared/domain/risk/assess';
import { type RiskModel, fitRiskModel, scoreCustomer } from '../../shared/domain/risk/score';
import { type CustomerHistory, WEEK_DAYS, gapsInWeeks, groupHistories, occasionsBetween, summarise, toRfm } from '../../shared/domain/risk/summary';
import { DAY_MS } from '../../shared/domain/time';

/** A calibration/holdout split of one data set: purchases up to `calibrationEnd` are known, silence until `holdoutEnd` is the label. */
export interface Split {
  calibrationEnd: string;
  holdoutEnd: string;
}

/** One scorer's result: AUC of its continuous score and/or precision and recall of its flags. */
export interface ScorerResult {
  name: string;
  auc?: number;
  precision?: number;
  recall?: number;
}

/** CDNOW rows as customer histories (dollars per row; same-day rows merge into one occasion later). */
export const cdnowHistories = (dataset: CdnowDataset): CustomerHistory[] =>
  groupHistories(loadCdnow(dataset).map((r) => ({ customerId: r.customerId, at: r.date, amount: r.dollars })));

/** Online Retail as histories of identified customers' non-cancelled invoice lines (quantity × unit price). */
export const onlineRetailHistories = (): CustomerHistory[] =>
  groupHistories(
    loadOnlineRetail()
      .filter((line) => line.customerId !== '' && !line.cancelled)
      .map((line) => ({ customerId: line.customerId, at: line.invoiceDate, amount: line.quantity * line.unitPrice })),
  );

/** One reference scorer's AUC against the risk score's on the same customers, with a paired bootstrap interval of the difference. */
export interface PairedComparison {
  name: string;
  auc: number;
  /** Risk score AUC minus this scorer's, and its 95 % paired bootstrap interval. */
  difference: number;
  differenceCi: [number, number];
}

/** What one evaluation measured. */
export interface Evaluation {
  customers: number;
  repeaters: number;
  silentRepeaters: number;
  holdoutWeeks: number;
  fit: BgNbdFit;
  model: RiskModel;
  results: ScorerResult[];
  /** The risk score's AUC on the repeat customers and its 95 % bootstrap interval. */
  aucCi: [number, number];
  /** Each reference against the risk score, resampling the same customers. */
  paired: PairedComparison[];
  /** AUC over every customer of the calibration, one-time buyers included (their score is the BG/NBD's silence probability). */
  allAuc: number;
  /** The stated chance (`chance`, the model's stated horizon) against no purchase in that many weeks after the calibration end, repeat customers. */
  reliability: ReliabilityBin[];
  ece: number;
  /** Wheat–Morrison k from the first two gaps of customers with three or more purchase days in the calibration. */
  wheatMorrisonK: number;
  wheatMorrisonPairs: number;
}

/**
 * Evaluates the risk score and the reference scores on the repeat customers of the calibration
 * (x ≥ 1), the label being "no purchase in the holdout". Nothing from the holdout is used to fit.
 * `extraReferences` adds scorers fitted on the same calibration (e.g. the Pareto/NBD), one score per repeat customer.
 */
export function evaluateRisk(
  histories: readonly CustomerHistory[],
  split: Split,
  extraReferences: (everyone: readonly Rfm[], repeaters: readonly Rfm[], holdoutWeeks: number) => { name: string; scores: number[] }[] = () => [],
): Evaluation {
  const { calibrationEnd, holdoutEnd } = split;
  const holdoutWeeks = (Date.parse(holdoutEnd) - Date.parse(calibrationEnd)) / (WEEK_DAYS * DAY_MS);
  const known = histories.flatMap((h) => {
    const summary = summarise(h.purchases, calibrationEnd);
    return summary ? [{ history: h, summary, silent: occasionsBetween(h.purchases, calibrationEnd, holdoutEnd) === 0 }] : [];
  });
  const model = fitRiskModel(histories, calibrationEnd, { horizonWeeks: holdoutWeeks });
  const statedEnd = new Date(Date.parse(calibrationEnd) + (model.statedHorizonWeeks ?? holdoutWeeks) * WEEK_DAYS * DAY_MS).toISOString().slice(0, 10);
  const fit = { params: model.bgnbd, logLikelihood: logLikelihood(model.bgnbd, known.map((k) => toRfm(k.summary, calibrationEnd))) };
  const repeaters = known.filter((k) => k.summary.occasions > 1);
  const labels = repeaters.map((k) => k.silent);
  const rfm = repeaters.map((k) => toRfm(k.summary, calibrationEnd));
  const risks = repeaters.map((k) => scoreCustomer(model, k.summary, calibrationEnd));
  const alive = rfm.map((c) => pAlive(fit.params, c));
  // Rounded: weeks are sevenths of a day count, and a silence of exactly 90 days must not read as 90.000001.
  const silentDays = rfm.map((c) => Math.round((c.T - c.tx) * WEEK_DAYS));
  const flags = (f: readonly boolean[]) => {
    const { precision, recall } = flagQuality(f, labels);
    return { precision, recall };
  };
  const scores = risks.map((r) => r.score);
  const references = [
    { name: '1 − P(alive)', scores: alive.map((p) => 1 - p) },
    { name: '−E[purchases in holdout]', scores: rfm.map((c) => -expectedPurchases(fit.params, c, holdoutWeeks)) },
    { name: 'days since last order', scores: silentDays },
    ...extraReferences(known.map((k) => toRfm(k.summary, calibrationEnd)), rfm, holdoutWeeks),
  ];
  const bootstrap = pairedBootstrapAuc(scores, references.map((r) => r.scores), labels);
  const everyone = known.map((k) => ({ score: scoreCustomer(model, k.summary, calibrationEnd).score, silent: k.silent }));
  const statedLabels = repeaters.map((k) => occasionsBetween(k.history.purchases, calibrationEnd, statedEnd) === 0);
  const reliability = reliabilityTable(risks.map((r) => r.chance), statedLabels);
  const pairs = known.flatMap((k) => {
    const gaps = gapsInWeeks(k.history.purchases, calibrationEnd);
    return gaps.length >= 2 ? [[gaps[0]!, gaps[1]!] as const] : [];
  });
  return {
    customers: known.length,
    repeaters: repeaters.length,
    silentRepeaters: labels.filter(Boolean).length,
    holdoutWeeks,
    fit,
    model,
    results: [
      { name: 'risk score (flag: score ≥ threshold)', auc: auc(scores, labels), ...flags(risks.map((r) => r.atRisk)) },
      ...references.map((r) => ({ name: r.name, auc: auc(r.scores, labels) })),
      { name: 'rule: P(alive) < 0.5', ...flags(alive.map((p) => p < 0.5)) },
      { name: 'rule: no order in 90 days', ...flags(silentDays.map((d) => d > 90)) },
    ],
    aucCi: bootstrap.scoreCi,
    paired: references.map((r, i) => ({ name: r.name, auc: auc(r.scores, labels), difference: bootstrap.differences[i]!.estimate, differenceCi: bootstrap.differences[i]!.ci })),
    allAuc: auc(everyone.map((e) => e.score), everyone.map((e) => e.silent)),
    reliability,
    ece: expectedCalibrationError(reliability),
    wheatMorrisonK: wheatMorrisonK(pairs),
    wheatMorrisonPairs: pairs.length,
  };
}

/** One ranking of each seller's flagged customers, judged on its top k. */
export interface RankingOutcome {
  /** Share of the listed customers with no purchase in the holdout. */
  precision: number;
  /**
   * Per currency: the spend that went missing among the listed customers (each silent one's calibration
   * spend per week of tenure × the holdout weeks), and that as a share of the same over all flagged
   * customers of those sellers. Never summed across currencies.
   */
  valueCaptured: Record<string, { amount: number; share: number }>;
}

/** How well the seller digest's first lines hold up: its top `k` per seller, against silence in the holdout. */
export interface DigestPrecision {
  k: number;
  sellers: number;
  /** Customers listed in the sellers' top k (fewer when a seller has fewer flags). */
  listed: number;
  /** The digest's ranking: value at stake. */
  byValueAtStake: RankingOutcome;
  /** The ranking it replaced: spend so far. */
  bySpend: RankingOutcome;
  /** All customers the production rule flags at the calibration end, and their precision. */
  flagged: number;
  flaggedPrecision: number;
}

interface FlaggedCustomer {
  seller: string;
  currency: string;
  spend: number;
  valueAtStake: number;
  silent: boolean;
  /** Calendar spend rate × holdout weeks if silent, else 0: the value the seller did lose. */
  lost: number;
}

/**
 * The digest at the calibration end: the customers the production rule flags (the model with the
 * policy's floors; one-time buyers included, as the digest lists them), each seller's top `k` by value
 * at stake (the digest's order) and by spend so far, and how each list fares in the holdout.
 */
export function digestPrecisionAtK(
  histories: readonly CustomerHistory[],
  split: Split,
  model: RiskModel,
  policy: RiskPolicy,
  sellerOf: (customerId: string) => string,
  currencyOf: (customerId: string) => string,
  k = 10,
): DigestPrecision {
  const { calibrationEnd, holdoutEnd } = split;
  const holdoutWeeks = (Date.parse(holdoutEnd) - Date.parse(calibrationEnd)) / (WEEK_DAYS * DAY_MS);
  const flagged = histories.flatMap((h): FlaggedCustomer[] => {
    const summary = summarise(h.purchases, calibrationEnd);
    if (!summary) return [];
    const assessment = assessRisk(model, policy, summary, calibrationEnd);
    if (!assessment.atRisk) return [];
    const silent = occasionsBetween(h.purchases, calibrationEnd, holdoutEnd) === 0;
    const tenureWeeks = Math.max(1, toRfm(summary, calibrationEnd).T);
    const lost = silent ? (summary.totalSpend / tenureWeeks) * holdoutWeeks : 0;
    return [{ seller: sellerOf(h.customerId), currency: currencyOf(h.customerId), spend: summary.totalSpend, valueAtStake: assessment.valueAtStake, silent, lost }];
  });
  const bySeller = new Map<string, FlaggedCustomer[]>();
  for (const f of flagged) bySeller.set(f.seller, [...(bySeller.get(f.seller) ?? []), f]);
  const share = (rows: readonly { silent: boolean }[]) => rows.filter((r) => r.silent).length / rows.length;
  const outcome = (rank: (f: FlaggedCustomer) => number): RankingOutcome & { listed: number } => {
    const listed = [...bySeller.values()].flatMap((flags) => [...flags].sort((a, b) => rank(b) - rank(a)).slice(0, k));
    return { listed: listed.length, precision: share(listed), valueCaptured: lostByCurrency(listed, flagged) };
  };
  const { listed, ...byValueAtStake } = outcome((f) => f.valueAtStake);
  const { listed: _, ...bySpend } = outcome((f) => f.spend);
  return { k, sellers: bySeller.size, listed, byValueAtStake, bySpend, flagged: flagged.length, flaggedPrecision: share(flagged) };
}

// The lost value of the listed customers per currency, and its share of all flagged customers' in that currency.
function lostByCurrency(listed: readonly FlaggedCustomer[], all: readonly FlaggedCustomer[]): Record<string, { amount: number; share: number }> {
  const sum = (rows: readonly FlaggedCustomer[], currency: string) => rows.filter((r) => r.currency === currency).reduce((total, r) => total + r.lost, 0);
  const currencies = [...new Set(all.map((f) => f.currency))].sort();
  return Object.fromEntries(currencies.map((c) => [c, { amount: sum(listed, c), share: sum(listed, c) / sum(all, c) }]));
}

/**
 * The same precision on the digests a replay actually sent (`npm start -- --report`): each digest's top
 * `k` lines, against no purchase in the `horizonWeeks` after its date; only digests whose window ends
 * by `dataEnd` count.
 */
export function replayDigestPrecision(
  digests: readonly { date: string; customerIds: readonly string[] }[],
  histories: readonly CustomerHistory[],
  horizonWeeks: number,
  dataEnd: string,
  k = 10,
): { digests: number; lines: number; precision: number } {
  const byId = new Map(histories.map((h) => [h.customerId, h.purchases]));
  const windowEnd = (date: string) => new Date(Date.parse(date) + horizonWeeks * WEEK_DAYS * DAY_MS).toISOString().slice(0, 10);
  const counted = digests.filter((d) => windowEnd(d.date) <= dataEnd);
  const lines = counted.flatMap((d) => d.customerIds.slice(0, k).map((id) => occasionsBetween(byId.get(id) ?? [], d.date, windowEnd(d.date)) === 0));
  return { digests: counted.length, lines: lines.length, precision: lines.filter(Boolean).length / lines.length };
}
