import type { RiskModel } from '../../shared/domain/risk/score';

/** A fixed model (CDNOW-like parameters), so tests do not depend on a fit. */
export const testRiskModel: RiskModel = {
  fittedAt: '2026-01-01',
  horizonWeeks: 39,
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  weights: { intercept: 0.1, logSpend: -0.05, logRepeats: -0.03 },
  threshold: 0.64,
  oneTimeBuyerWeeks: 14,
};
export const testRiskPolicy = { minScore: 0.5, minSilenceDays: 30 };
