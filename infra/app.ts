import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CONFIG_FILE } from '../shared/config/config-file';
import { InvalidFileError } from '../shared/config/load';
import { stageStack } from './stage-stack';

const app = new App();
const configFile = path.resolve(app.node.tryGetContext('config') ?? process.env.LOYALTY_CONFIG ?? DEFAULT_CONFIG_FILE);
const stage: unknown = app.node.tryGetContext('stage');
try {
  stageStack(app, { configFile, stage: stage === undefined ? undefined : String(stage), description: 'Loyalty automation: first purchase, second sale, up-serve, at-risk and seller digests' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
} catch (error) {
  if (!(error instanceof InvalidFileError)) throw error;
  console.error(error.message);
  process.exit(1);
}
