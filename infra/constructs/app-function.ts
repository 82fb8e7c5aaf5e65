import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLED_CONFIG_FILE, type BundledFile } from '../bundled-files';
import type { FunctionEnv } from '../../shared/contracts/function-env';

/** What an {@link AppFunction} needs beyond its folder name. */
export interface AppFunctionProps {
  /** Folder under `functions/`; also the function's id. */
  functionId: string;
  description: string;
  /** Files the function reads at run time (the config first), copied into its bundle. */
  files: BundledFile[];
  /** Failed asynchronous invocations (after Lambda's two retries) land here with their error. */
  failures: IQueue;
  environment: Record<string, string>;
  timeout?: Duration;
  reservedConcurrentExecutions?: number;
}

const root = path.resolve(__dirname, '../..');

/** A Lambda with the house defaults: newest Node runtime, arm64, esbuild bundle, JSON logs kept 30 days, failures kept. */
export class AppFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    // An own role with write access to its own log group only, instead of the broad managed basic-execution policy.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(root, 'functions', props.functionId, 'handler.ts'),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      role,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(30),
      projectRoot: root,
      depsLockFilePath: path.join(root, 'package-lock.json'),
      logGroup,
      retryAttempts: 2,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      onFailure: new SqsDestination(props.failures),
      environment: {
        ...props.environment,
        ...({ LOYALTY_CONFIG_FILE: BUNDLED_CONFIG_FILE } satisfies Partial<FunctionEnv>),
        POWERTOOLS_SERVICE_NAME: props.functionId,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        target: 'node24',
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input, outputDir) => props.files.map(({ source, target }) => copyInto(outputDir, source, target)),
        },
      },
    });
  }
}

/** A shell step of the bundling: it fails, and with it the synth, when the source is missing. */
const copyInto = (outputDir: string, source: string, target: string): string => {
  const destination = path.join(outputDir, target);
  return `mkdir -p "${path.dirname(destination)}" && cp "${source}" "${destination}"`;
};
