import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeployedFunction } from './synthesized-stack';

const HOST = path.join(__dirname, 'lambda-host.cjs');
const PROJECT_MODULES = path.resolve(__dirname, '../../../node_modules');

/** One invocation's outcome, as the host reported it. */
export interface Invocation {
  result?: unknown;
  error?: { name?: string; message: string; stack?: string };
  ms: number;
  /** The CPU time the function's process spent on it. */
  cpuMs: number;
}

/** A warm Lambda: one Node process per function, its module loaded at the first invocation. */
export interface LambdaHost {
  fn: DeployedFunction;
  invoke(event: unknown): Promise<Invocation>;
  /** Everything the function wrote to stdout and stderr (its logs). */
  output(): string;
  stop(): void;
}

/**
 * What Lambda's Node.js runtime provides beside the bundle: the AWS SDK v3 (`@aws-sdk/*`) and
 * nothing else, so a bundle that needs any other package fails here as it would in AWS.
 */
export function lambdaRuntimeModules(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'lambda-runtime-')), 'node_modules');
  mkdirSync(dir);
  symlinkSync(path.join(PROJECT_MODULES, '@aws-sdk'), path.join(dir, '@aws-sdk'));
  return dir;
}

/** Starts a host for a function with the environment the template gives it plus the local endpoints. */
export function startHost(fn: DeployedFunction, env: Record<string, string>, runtimeModules: string): LambdaHost {
  const child: ChildProcess = fork(HOST, [], {
    cwd: fn.assetDir,
    env: { ...fn.environment, ...env, _HANDLER: fn.handler, LAMBDA_TASK_ROOT: fn.assetDir, NODE_PATH: runtimeModules, PATH: process.env.PATH ?? '' },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let logs = '';
  child.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const pending = new Map<number, (outcome: Invocation) => void>();
  child.on('message', (message: Invocation & { id: number }) => pending.get(message.id)?.(message));
  child.on('exit', (code) => pending.forEach((done) => done({ error: { message: `the process exited with ${code}` }, ms: 0, cpuMs: 0 })));
  let next = 0;
  return {
    fn,
    invoke: (event) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, (outcome) => {
          pending.delete(id);
          resolve(outcome);
        });
        child.send({ id, event });
      }),
    output: () => logs,
    stop: () => child.kill(),
  };
}
