import { describeIssues } from '../config/load';
import { FunctionEnv } from '../contracts/function-env';

/** The environment every function is deployed with. */
export type Env = FunctionEnv;

/** Reads and checks the function environment; the only place that reads `process.env`. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const result = FunctionEnv.safeParse(env);
  if (!result.success) throw new Error(`function environment is incomplete: ${describeIssues(result.error).join('; ')}`);
  return result.data;
}
