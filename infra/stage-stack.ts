import type { App } from 'aws-cdk-lib';
import { configForStage, loadConfigFile } from '../shared/config/config-file';
import { LoyaltyStack } from './loyalty-stack';

/** The stack's id (and CloudFormation name) for a stage: `Loyalty-<stage>`, or `Loyalty` without one. */
export const stackNameOf = (stage?: string): string => (stage === undefined ? 'Loyalty' : `Loyalty-${stage}`);

/**
 * The stack of one stage (`--context stage=NAME`), built from the config as that stage sees it: the
 * functions bundle that merged config, so they need no stage logic of their own. Without a stage,
 * the file as written.
 */
export function stageStack(app: App, { configFile, stage, description }: { configFile: string; stage?: string; description?: string }): LoyaltyStack {
  const config = stage === undefined ? loadConfigFile(configFile) : configForStage(configFile, stage);
  return new LoyaltyStack(app, stackNameOf(stage), { config, configFile, stage, description });
}
