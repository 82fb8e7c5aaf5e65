import * as z from 'zod';

/**
 * The environment every function is deployed with: read by the functions (`shared/runtime/env.ts`),
 * written by the stack and by the local runner, all three typed by this one schema.
 */
export const FunctionEnv = z.object({
  TABLE_NAME: z.string().min(3),
  EVENT_BUS_NAME: z.string().min(1),
  /** The shipped config (validated JSON with its catalog, written by synth); a relative path is read from the task root. */
  LOYALTY_CONFIG_FILE: z.string().min(1),
  /** The stage deployed (`--context stage=NAME`): its logs say so; the config file is already that stage's. */
  LOYALTY_STAGE: z.string().min(1).optional(),
  /** Where Lambda unpacked the bundle (set by the runtime, not by the stack). */
  LAMBDA_TASK_ROOT: z.string().min(1).optional(),
  /** Base URL of the unsubscribe endpoint (the Function URL in AWS, the runner's server locally). */
  UNSUBSCRIBE_URL: z.url().optional(),
  /** Base URL of the seller pages the digest links to (the Function URL in AWS, the runner's server locally). */
  SELLER_DESK_URL: z.url().optional(),
  /** The HMAC secret itself (local runs and tests) … */
  UNSUBSCRIBE_SECRET: z.string().min(16).optional(),
  /** … or the Secrets Manager secret holding it (AWS). */
  UNSUBSCRIBE_SECRET_ARN: z.string().min(1).optional(),
  /** The pepper of the hashed suppressions an erasure leaves (local runs and tests) … */
  SUPPRESSION_PEPPER: z.string().min(16).optional(),
  /** … or the Secrets Manager secret holding it (AWS); it never rotates. */
  SUPPRESSION_PEPPER_ARN: z.string().min(1).optional(),
});
/** The function environment, as the functions read it. */
export type FunctionEnv = z.infer<typeof FunctionEnv>;
/** The name of one of its variables: what the stack and the local runner may write. */
export type FunctionEnvName = keyof FunctionEnv;
