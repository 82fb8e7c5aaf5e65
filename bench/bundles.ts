import { loadConfigFile } from '../shared/config/config-file';
import { DetailType, OPS_SOURCE, SesDetailType } from '../shared/contracts/events';
import { anOrder } from '../test/support/builders';
import { startDeployedStack } from '../test/support/bundles/deployed-stack';

/** One function's bundle as it ships: its size and its cold start. */
export interface BundleFigure {
  functionId: string;
  bytes: number;
  /** Module load plus the first invocation, in the bundle's own Node process: wall ms, and CPU ms (steady on a busy machine). */
  coldStartMs: number;
  coldStartCpuMs: number;
  /** Its memory setting in the synthesized template. */
  memoryMb: number;
}

const ORDER_AT = '2026-03-02T09:30:00Z';
const A_WEEK_LATER = '2026-03-09T09:30:00Z';

/**
 * Synthesizes the stack and runs every bundle as Lambda does (see the deployment smoke test): an
 * order, a week of schedules, a repeat order, an SES bounce on our configuration set, a flow switch,
 * a request to each Function URL and an operator's export give each function its first invocation;
 * a function the story misses fails the bench, so no figure is ever left out unseen.
 */
export async function bundleFigures(endpoints: { dynamo: string; ses: string }): Promise<BundleFigure[]> {
  const deployed = await startDeployedStack(endpoints);
  try {
    const config = loadConfigFile();
    const order = (orderId: string, placedAt: string) =>
      deployed.put(deployed.stack.bus, { source: config.bus.orderSource, 'detail-type': DetailType.OrderPlaced, time: placedAt, detail: anOrder({ orderId, customerId: 'bench-bundles', placedAt }) });
    await order('bench-1', ORDER_AT);
    await deployed.runSchedules(ORDER_AT, A_WEEK_LATER);
    await order('bench-2', A_WEEK_LATER);
    const bounce = { eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'bench-bundles@example.com' }], timestamp: A_WEEK_LATER }, mail: { messageId: 'bench-bundles', tags: { 'ses:configuration-set': [config.mail.configurationSet] } } };
    await deployed.put('default', { source: 'aws.ses', 'detail-type': SesDetailType.Bounce, time: A_WEEK_LATER, detail: bounce });
    await deployed.put(deployed.stack.bus, { source: OPS_SOURCE, 'detail-type': DetailType.FlowSwitched, time: A_WEEK_LATER, detail: { flow: 'upserve', paused: false, at: A_WEEK_LATER } });
    // A GET without a token: each public page's first invocation, changing nothing.
    for (const functionId of ['unsubscribe', 'seller-desk']) await deployed.url(functionId, 'GET', {}, A_WEEK_LATER);
    // Operators invoke it directly: an export changes nothing.
    await deployed.invoke('customer-privacy', { action: 'export', customerId: 'bench-bundles', at: A_WEEK_LATER });
    const missed = [...deployed.stack.functions.keys()].filter((id) => !deployed.coldStarts.has(id));
    if (missed.length > 0) throw new Error(`the bench story never invoked ${missed.join(', ')}: give it an event that reaches them`);
    if (deployed.failures.length > 0) throw new Error(`bundles failed in the bench story: ${deployed.failures.map((f) => `${f.fn}: ${f.error.message}`).join('; ')}`);
    return [...deployed.stack.functions.values()]
      .map((fn) => ({
        functionId: fn.environment.POWERTOOLS_SERVICE_NAME ?? fn.logicalId,
        bytes: fn.bundleBytes,
        coldStartMs: deployed.coldStarts.get(fn.logicalId)?.ms ?? Number.NaN,
        coldStartCpuMs: deployed.coldStarts.get(fn.logicalId)?.cpuMs ?? Number.NaN,
        memoryMb: fn.memoryMb,
      }))
      .sort((a, b) => a.functionId.localeCompare(b.functionId));
  } finally {
    await deployed.stop();
  }
}
