import { type CdnowDataset, loadCdnow } from '../../infra/local/datasets/cdnow';
import { loadOnlineRetail } from '../../infra/local/datasets/online-retail';
import { type BgNbdFit, expectedPurchases, fitBgNbd, pAlive } from '../../shared/domain/risk/bgnbd';
import { auc, flagQuality } from '../../shared/domain/risk/metrics';
import { type RiskPolicy, assessRisk } from '../../shared/domain/risk/assess';
import { type RiskModel, fitRiskModel, scoreCustomer } from '../../shared/domain/risk/score';
import { type CustomerHistory, WEEK_DAYS, groupHistories, occasionsBetween, summarise, toRfm } from '../../shared/domain/risk/summary';
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

/** What one evaluation measured. */
export interface Evaluation {
  customers: number;
  repeaters: number;
  silentRepeaters: number;
  holdoutWeeks: number;
  fit: BgNbdFit;
  model: RiskModel;
  results: ScorerResult[];
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

/**
 * Evaluates the risk score and the reference scores on the repeat customers of the calibration
 * (x ≥ 1), the label being "no purchase in the holdout". Nothing from the holdout is used to fit.
 */
export function evaluateRisk(histories: readonly CustomerHistory[], split: Split): Evaluation {
  const { calibrationEnd, holdoutEnd } = split;
  const holdoutWeeks = (Date.parse(holdoutEnd) - Date.parse(calibrationEnd)) / (WEEK_DAYS * DAY_MS);
  const known = histories.flatMap((h) => {
    const summary = summarise(h.purchases, calibrationEnd);
    return summary ? [{ summary, silent: occasionsBetween(h.purchases, calibrationEnd, holdoutEnd) === 0 }] : [];
  });
  const fit = fitBgNbd(known.map((k) => toRfm(k.summary, calibrationEnd)));
  const model = fitRiskModel(histories, calibrationEnd, { horizonWeeks: holdoutWeeks });
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
  return {
    customers: known.length,
    repeaters: repeaters.length,
    silentRepeaters: labels.filter(Boolean).length,
    holdoutWeeks,
    fit,
    model,
    results: [
      { name: 'risk score (flag: score ≥ threshold)', auc: auc(risks.map((r) => r.score), labels), ...flags(risks.map((r) => r.atRisk)) },
      { name: '1 − P(alive)', auc: auc(alive.map((p) => 1 - p), labels) },
      { name: '−E[purchases in holdout]', auc: auc(rfm.map((c) => -expectedPurchases(fit.params, c, holdoutWeeks)), labels) },
      { name: 'days since last order', auc: auc(silentDays, labels) },
      { name: 'rule: P(alive) < 0.5', ...flags(alive.map((p) => p < 0.5)) },
      { name: 'rule: no order in 90 days', ...flags(silentDays.map((d) => d > 90)) },
    ],
  };
}

/** How well the seller digest's first lines hold up: its top `k` per seller by value, against silence in the holdout. */
export interface DigestPrecision {
  k: number;
  sellers: number;
  /** Customers listed in the sellers' top k (fewer when a seller has fewer flags). */
  listed: number;
  /** Share of the listed customers with no purchase in the holdout. */
  precision: number;
  /** All customers the production rule flags at the calibration end, and their precision. */
  flagged: number;
  flaggedPrecision: number;
}

/**
 * The digest's precision at k: at the calibration end, the customers the production rule flags
 * (the model with the policy's floors; one-time buyers included, as the digest lists them), each
 * seller's top `k` by spend, and the share of them that bought nothing in the holdout.
 */
export function digestPrecisionAtK(
  histories: readonly CustomerHistory[],
  split: Split,
  model: RiskModel,
  policy: RiskPolicy,
  sellerOf: (customerId: string) => string,
  k = 10,
): DigestPrecision {
  const { calibrationEnd, holdoutEnd } = split;
  const flagged = histories.flatMap((h) => {
    const summary = summarise(h.purchases, calibrationEnd);
    if (!summary || !assessRisk(model, policy, summary, calibrationEnd).atRisk) return [];
    return [{ seller: sellerOf(h.customerId), value: summary.totalSpend, silent: occasionsBetween(h.purchases, calibrationEnd, holdoutEnd) === 0 }];
  });
  const bySeller = new Map<string, typeof flagged>();
  for (const f of flagged) bySeller.set(f.seller, [...(bySeller.get(f.seller) ?? []), f]);
  const listed = [...bySeller.values()].flatMap((flags) => [...flags].sort((a, b) => b.value - a.value).slice(0, k));
  const share = (rows: readonly { silent: boolean }[]) => rows.filter((r) => r.silent).length / rows.length;
  return { k, sellers: bySeller.size, listed: listed.length, precision: share(listed), flagged: flagged.length, flaggedPrecision: share(flagged) };
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
