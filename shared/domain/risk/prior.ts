import type { RiskModel } from './score';

/**
 * The population rule used until the shop's own history allows a fit (see docs/risk.md): the
 * BG/NBD parameters published for CD buyers (Fader, Hardie & Lee 2005), no spend or frequency
 * adjustment, an untuned threshold of 0.5 (more likely than not to buy nothing in 39 weeks) and
 * the "no order in 90 days" rule for one-time buyers.
 */
export const PRIOR_RISK_MODEL: RiskModel = {
  fittedAt: 'prior',
  horizonWeeks: 39,
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  weights: { intercept: 0, logSpend: 0, logRepeats: 0 },
  threshold: 0.5,
  oneTimeBuyerWeeks: 90 / 7,
};
