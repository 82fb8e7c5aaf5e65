import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { handler } from '../functions/customer-privacy/handler';
import { shippedConfigFile } from '../infra/bundled-files';
import { useLocalEnvironment } from '../infra/local/environment';
import { startEventCapture, type EventCapture } from '../infra/local/event-capture';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../shared/config/config-file';
import type { CustomerErased } from '../shared/contracts/events';
import type { CustomerExport } from '../shared/use-cases/customer-privacy';

const USAGE = `Usage: npm run customer -- erase <customer-id> [--at ISO-TIME] [--local DYNAMODB-URL] [--table NAME] [--config FILE]
       npm run customer -- export <customer-id> [--out FILE] [--local DYNAMODB-URL] [--table NAME] [--config FILE]

  --local URL   DynamoDB Local, as \`npm start -- --keep-running\` prints it (table loyalty-local unless --table)
  without it    AWS: the function environment (TABLE_NAME, EVENT_BUS_NAME, SUPPRESSION_PEPPER_ARN) and your credentials`;

/** `npm run customer -- erase|export <id>`: the customer-privacy function's work, run from a shell. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      at: { type: 'string' },
      local: { type: 'string' },
      table: { type: 'string' },
      config: { type: 'string', default: DEFAULT_CONFIG_FILE },
      help: { type: 'boolean', default: false },
    },
  });
  const [action, customerId, ...rest] = positionals;
  if (values.help || (action !== 'erase' && action !== 'export') || !customerId || rest.length) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.LOYALTY_CONFIG_FILE ??= shippedConfigFile(path.resolve(values.config), loadConfigFile(path.resolve(values.config)));
  if (values.table) process.env.TABLE_NAME = values.table;
  const capture = values.local ? await useLocalTable(values.local, values.table ?? 'loyalty-local', path.resolve(values.config)) : undefined;
  try {
    const answer = await handler({ action, customerId, at: values.at });
    if (action === 'erase') {
      const { itemsErased, digestsUpdated } = answer as CustomerErased;
      console.log(`Erased customer ${customerId}: ${itemsErased} items deleted, taken out of ${digestsUpdated} seller digests; only hashed suppressions remain.`);
    } else if (values.out) {
      mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      writeFileSync(values.out, `${JSON.stringify(answer as CustomerExport, null, 2)}\n`);
      console.log(`Exported customer ${customerId} to ${values.out}`);
    } else {
      console.log(JSON.stringify(answer, null, 2));
    }
  } finally {
    await capture?.stop();
  }
}

/**
 * The local runner's environment on a table of DynamoDB Local; the bus is a local endpoint that
 * prints what is published (`Customer Erased`) to stderr, as nothing subscribes to it here.
 */
async function useLocalTable(dynamo: string, tableName: string, configFile: string): Promise<EventCapture> {
  useLocalEnvironment({ endpoints: { dynamo, ses: 'http://127.0.0.1:9' }, tableName, configFile });
  const capture = await startEventCapture((event) => console.error(`published ${event['detail-type']}: ${JSON.stringify(event.detail)}`));
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = capture.endpoint;
  return capture;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
