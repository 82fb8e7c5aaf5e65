import { type CdnowDataset, loadCdnow } from '../../infra/local/datasets/cdnow';
import { loadOnlineRetail } from '../../infra/local/datasets/online-retail';
import { type BgNbdFit, expectedPurchases, fitBgNbd, pAlive } from '../../shared/domain/risk/bgnbd';
import { auc, flagQuality } from '../../shared/domain/risk/metrics';
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
