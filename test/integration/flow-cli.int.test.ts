import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { handler as flowSwitch } from '../../functions/flow-switch/handler';
import { LOCAL_AWS_ENV } from '../../infra/local/stand-ins';
import { makeDynamoFlowSwitches } from '../../shared/adapters/dynamodb/flow-switches';
import { DetailType, OPS_SOURCE } from '../../shared/contracts/events';
import { startLocalAws } from '../support/bundles/local-aws';
import { useFreshLocalEnvironment } from '../support/local';

/** `npm run flow -- …` against a local EventBridge endpoint. */
const flowCli = (args: string[], endpoint: string) =>
  promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/flow.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...LOCAL_AWS_ENV, AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint },
  });

describe('npm run flow against a local bus', () => {
  it("puts the switch on the stage's bus, and the flow-switch function records it", async () => {
    const table = await useFreshLocalEnvironment();
    const aws = await startLocalAws('unused-secret-of-the-local-endpoint');
    try {
      const { stdout } = await flowCli(['pause', 'upserve', '--stage', 'dev'], aws.endpoint);
      const [put, ...more] = aws.takeEvents();
      expect(more).toEqual([]);
      expect(put).toMatchObject({ bus: 'loyalty-dev', event: { source: OPS_SOURCE, 'detail-type': DetailType.FlowSwitched, detail: { flow: 'upserve', paused: true } } });
      expect(stdout).toContain('Paused upserve: put Flow Switched');
      expect(stdout).toMatch(/takes effect at the first run after that: outreach-dispatcher \("\*\/15 \* \* \* \*" UTC\), at \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z\./);

      expect(await flowSwitch(put!.event)).toBe('recorded');
      expect(await makeDynamoFlowSwitches(table).current()).toEqual({ upserve: { paused: true, at: (put!.event.detail as { at: string }).at } });
    } finally {
      await aws.stop();
    }
  });

  it('exits 2 naming the bad argument, and puts nothing', async () => {
    const aws = await startLocalAws('unused-secret-of-the-local-endpoint');
    try {
      const failed = await flowCli(['pause', 'newsletter'], aws.endpoint).catch((error: { code: number; stderr: string }) => error);
      expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('flow: expected one of second-sale, upserve, win-back, digest, got "newsletter"') });
      expect(aws.takeEvents()).toEqual([]);
    } finally {
      await aws.stop();
    }
  });
});
