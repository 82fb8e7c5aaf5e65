import * as z from 'zod';
import { describeIssues } from '../config/load';

const Env = z.object({
  TABLE_NAME: z.string().min(3),
  EVENT_BUS_NAME: z.string().min(1),
  /** The config file; a relative path is read from the task root. */
  LOYALTY_CONFIG_FILE: z.string().min(1),
  /** Where Lambda unpacked the bundle (set by the runtime). */
  LAMBDA_TASK_ROOT: z.string().min(1).optional(),
  /** Base URL of the unsubscribe endpoint (the Function URL in AWS, the runner's server locally). */
  UNSUBSCRIBE_URL: z.url().optional(),
  /** The HMAC secret itself (local runs and tests) … */
  UNSUBSCRIBE_SECRET: z.string().min(16).optional(),
  /** … or the Secrets Manager secret holding it (AWS). */
  UNSUBSCRIBE_SECRET_ARN: z.string().min(1).optional(),
});
/** The environment every function is deployed with. */
export type Env = z.infer<typeof Env>;

/** Reads and checks the function environment; the only place that reads `process.env`. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const result = Env.safeParse(env);
  if (!result.success) throw new Error(`function environment is incomplete: ${describeIssues(result.error).join('; ')}`);
  return result.data;
}
