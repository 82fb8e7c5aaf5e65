import { parseArgs } from 'node:util';
import { wiring } from '../../infra/wiring';
import { nextFireTimes } from '../../shared/config/schedule';
import type { LoyaltyConfig } from '../../shared/config/schema';
import { DetailType, SwitchableFlow, type FlowSwitched } from '../../shared/contracts/events';
import { LoyaltyError } from '../../shared/errors';
import type { OutgoingEvent } from '../../shared/ports';
import { FLOW_SWITCHES_CACHE_MS } from '../../shared/runtime/dependencies';

export const FLOW_USAGE = `Usage: npm run flow -- pause|resume second-sale|upserve|win-back|digest [--stage NAME] [--config FILE]

  pause    due steps of the flow wait (nothing is dropped); the seller digest is not sent
  resume   what waited goes out at the next run, within the frequency cap, quiet hours and consent
  --stage  the stage's stack (its bus is <bus.name>-NAME); without it the stack deployed without a stage
  --config the config file the stack was deployed from (default config/loyalty.config.yaml)`;

/** A command line `npm run flow` cannot act on; the message names the argument. */
export class FlowUsageError extends LoyaltyError {
  override name = 'FlowUsageError';
}

/** What the operator asked for. */
export interface FlowCommand {
  action: 'pause' | 'resume';
  flow: SwitchableFlow;
  stage?: string;
  config?: string;
}

const ACTIONS = ['pause', 'resume'] as const;

/** Reads `pause|resume <flow> [--stage NAME] [--config FILE]`; throws {@link FlowUsageError} naming the bad argument. */
export function parseFlowArgs(args: readonly string[]): FlowCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { stage: { type: 'string' }, config: { type: 'string' } } });
  } catch (error) {
    throw new FlowUsageError((error as Error).message);
  }
  const [action, flow, ...rest] = parsed.positionals;
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) throw new FlowUsageError(`action: expected pause or resume, got ${quoted(action)}`);
  const known = SwitchableFlow.safeParse(flow);
  if (!known.success) throw new FlowUsageError(`flow: expected one of ${SwitchableFlow.options.join(', ')}, got ${quoted(flow)}`);
  if (rest.length) throw new FlowUsageError(`${quoted(rest[0])}: unexpected argument after the flow`);
  // An unknown stage fails when its config is built, naming the stages the file has.
  const { stage, config } = parsed.values;
  return { action: action as FlowCommand['action'], flow: known.data, stage, config };
}

const quoted = (value: string | undefined) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** The `Flow Switched` event of the command at `at`. */
export function flowSwitchedEvent({ action, flow }: FlowCommand, at: string): OutgoingEvent {
  const detail: FlowSwitched = { flow, paused: action === 'pause', at };
  return { detailType: DetailType.FlowSwitched, detail, time: at };
}

/**
 * When the switch takes effect: the functions read it at most a minute late, then the first run of
 * the schedule that sends the flow (the dispatcher, or the seller digest in each seller time zone)
 * acts on it. Undefined when no enabled schedule sends it in this config.
 */
export function takesEffectAt(flow: SwitchableFlow, config: LoyaltyConfig, at: string): { at: string; by: string } | undefined {
  const readBy = new Date(Date.parse(at) + FLOW_SWITCHES_CACHE_MS).toISOString();
  const functionId = flow === 'digest' ? 'seller-digest' : 'outreach-dispatcher';
  const triggers = wiring(config).find((row) => row.id === functionId)?.triggers ?? [];
  const firings = triggers.flatMap((t) => (t.kind === 'schedule' && t.schedule.enabled ? nextFireTimes(t.schedule, readBy, 1).map((time) => ({ at: time, by: `${t.name} ("${t.schedule.cron}" ${t.schedule.timeZone})` })) : []));
  return firings.sort((a, b) => a.at.localeCompare(b.at))[0];
}
