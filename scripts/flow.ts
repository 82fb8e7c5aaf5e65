import path from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { makeEventBridgePublisher } from '../shared/adapters/eventbridge/publisher';
import { configForStage, DEFAULT_CONFIG_FILE, loadConfigFile } from '../shared/config/config-file';
import { OPS_SOURCE } from '../shared/contracts/events';
import { FLOW_USAGE, FlowUsageError, flowSwitchedEvent, parseFlowArgs, takesEffectAt } from './lib/flow-switch';

/** `npm run flow -- pause|resume <flow> [--stage NAME]`: puts `Flow Switched` on the stack's bus with your AWS credentials. */
async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(FLOW_USAGE);
  const command = parseFlowArgs(process.argv.slice(2));
  const configFile = path.resolve(command.config ?? DEFAULT_CONFIG_FILE);
  const config = command.stage === undefined ? loadConfigFile(configFile) : configForStage(configFile, command.stage);
  const at = new Date().toISOString();
  const event = flowSwitchedEvent(command, at);
  await makeEventBridgePublisher({ client: new EventBridgeClient({}), busName: config.bus.name, source: OPS_SOURCE }).publish([event]);
  const verb = command.action === 'pause' ? 'Paused' : 'Resumed';
  console.log(`${verb} ${command.flow}: put Flow Switched ${JSON.stringify(event.detail)} on the bus ${config.bus.name} (source ${OPS_SOURCE}).`);
  const effect = takesEffectAt(command.flow, config, at);
  console.log(
    effect
      ? `The functions read the switch within a minute; it takes effect at the first run after that: ${effect.by}, at ${effect.at}.`
      : `No enabled schedule of this config sends ${command.flow}: the switch is recorded and changes nothing until one does.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof FlowUsageError) console.error(`\n${FLOW_USAGE}`);
  process.exitCode = error instanceof FlowUsageError ? 2 : 1;
});
