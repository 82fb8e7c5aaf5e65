import path from 'node:path';
import type { LoyaltyConfig } from '../../shared/config/schema';
import { LoyaltyError } from '../../shared/errors';
import { cdnowInputs } from './datasets/cdnow-inputs';
import { readJsonl, type InputEvent, type InputProblem } from './inputs';

/** A command-line option with a value it cannot use; the message names the option. */
export class UsageError extends LoyaltyError {
  override name = 'UsageError';
}

/** The runner's inputs: a JSONL file (`--orders`), else a CDNOW data set (`--dataset`, from `--data-dir`). */
export function readInputs(orders: string | undefined, dataset: string, dir: string | undefined, config: LoyaltyConfig): { inputs: InputEvent[]; problems: InputProblem[]; label: string } {
  if (orders) return { ...readJsonl(orders), label: orders };
  if (dataset !== 'cdnow-sample' && dataset !== 'cdnow-master') throw new UsageError(`--dataset: expected cdnow-sample or cdnow-master, got "${dataset}"`);
  const inputs = cdnowInputs(dataset, config, dir === undefined ? undefined : path.resolve(dir));
  return { inputs, problems: [], label: `CDNOW (${dataset})` };
}

/** `--until`: the virtual time to run the schedules up to, as an ISO instant. */
export function untilOption(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new UsageError(`--until: expected an ISO-8601 date such as 1998-06-30, got "${value}"`);
  return new Date(time).toISOString();
}
