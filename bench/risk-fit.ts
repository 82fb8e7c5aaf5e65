/**
 * `npm run bench:risk-fit`: how long the weekly refit's model fit (`fitRiskModel`: BG/NBD, regularity
 * search, Gamma-Gamma, inner split and weights) takes at 10k and 100k customers, and the straight-line
 * extrapolation to 1M against one Lambda run's 15 minutes. Customers are drawn with replacement from
 * the CDNOW master (fit at its calibration end), so the population keeps its shape at every size.
 */
import { loadavg } from 'node:os';
import { cdnowHistories } from '../scripts/lib/risk-evaluation';
import { seededUniform } from '../shared/domain/random';
import { fitRiskModel } from '../shared/domain/risk/score';
import type { CustomerHistory } from '../shared/domain/risk/summary';

const LAMBDA_SECONDS = 15 * 60;
const master = cdnowHistories('cdnow-master');

function resample(size: number): CustomerHistory[] {
  const random = seededUniform(size);
  return Array.from({ length: size }, (_, i) => ({ ...master[Math.floor(random() * master.length)]!, customerId: `c-${i}` }));
}

function timedFit(size: number): { seconds: number; k: number } {
  const histories = resample(size);
  const started = process.hrtime.bigint();
  const model = fitRiskModel(histories, '1997-09-30');
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, k: model.regularity?.k ?? 1 };
}

const small = timedFit(10_000);
const large = timedFit(100_000);
const perCustomer = large.seconds / 100_000;
console.log('\nRisk model fit (one process, one run)');
console.log(`  load average at the start of the fits: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores)`);
console.log(`  10,000 customers   ${small.seconds.toFixed(1).padStart(7)} s  (k = ${small.k})`);
console.log(`  100,000 customers  ${large.seconds.toFixed(1).padStart(7)} s  (k = ${large.k}); ratio 100k / 10k ${(large.seconds / small.seconds).toFixed(2)}`);
console.log(`  1,000,000 customers, extrapolated from 100k: ${(perCustomer * 1e6).toFixed(0)} s = ${((perCustomer * 1e6) / LAMBDA_SECONDS).toFixed(2)} of one Lambda run's 15 minutes`);
