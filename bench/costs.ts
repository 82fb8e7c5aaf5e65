import type { ReplayReport } from '../infra/local/replay';
import { RUNNER } from '../infra/local/pipeline';
import type { ListPrices } from './prices';

/** What one side of the work used over a replay, summed over its functions. */
export interface Usage {
  /** The functions counted on this side, by id. */
  functions: string[];
  invocations: number;
  sdkCalls: number;
  readUnits: number;
  writeUnits: number;
  /** Summed handler wall seconds × memory GB. */
  lambdaGbSeconds: number;
  /** PutEvents entries: the functions' own, and on the order side the shop's events on the bus. */
  putEventsEntries: number;
  sesEmails: number;
}

/** Dollars per 1,000 orders or emails, per service, and their sum. */
export interface Cost {
  dynamoDb: number;
  lambda: number;
  eventBridge: number;
  ses: number;
  total: number;
}

/** The replay's usage split into order-side and email-side work, and what each costs per 1,000. */
export interface Costs {
  orders: number;
  emails: number;
  orderSide: Usage;
  emailSide: Usage;
  perThousandOrders: Cost;
  perThousandEmails: Cost;
}

/** What the split needs beyond the replay's report. */
export interface CostInputs {
  report: Pick<ReplayReport, 'functions' | 'emails'>;
  /** `Order Placed` inputs. */
  orders: number;
  /** Inputs the shop put on the bus (orders and cancellations): billed custom events too. */
  shopEvents: number;
  /** Functions that send email (the wiring's `sendsEmail`): the email side. */
  senders: readonly string[];
  /** Each function's memory setting in the synthesized stack. */
  memoryMb: ReadonlyMap<string, number>;
  prices: ListPrices;
}

/**
 * Splits the replay's usage: the functions that send email are the email side (per email sent,
 * customers' and sellers'), every other function the order side (the intake and all an order sets
 * off, the daily and weekly jobs). The runner's own idle checks are left out: a deployment's
 * scheduler makes no such calls.
 */
export function costsOf({ report, orders, shopEvents, senders, memoryMb, prices }: CostInputs): Costs {
  const deployed = report.functions.filter((f) => f.id !== RUNNER);
  const usage = (rows: typeof deployed, extraEntries: number, sesEmails: number): Usage => ({
    functions: rows.map((f) => f.id),
    invocations: sum(rows.map((f) => f.invocations)),
    sdkCalls: sum(rows.map((f) => f.sdkCalls)),
    readUnits: sum(rows.map((f) => f.readUnits)),
    writeUnits: sum(rows.map((f) => f.writeUnits)),
    lambdaGbSeconds: sum(rows.map((f) => (f.wallMs / 1000) * (memoryOf(memoryMb, f.id) / 1024))),
    putEventsEntries: sum(rows.map((f) => f.putEventsEntries)) + extraEntries,
    sesEmails,
  });
  const emails = report.emails.length;
  const orderSide = usage(deployed.filter((f) => !senders.includes(f.id)), shopEvents, 0);
  const emailSide = usage(deployed.filter((f) => senders.includes(f.id)), 0, emails);
  return { orders, emails, orderSide, emailSide, perThousandOrders: perThousand(orderSide, orders, prices), perThousandEmails: perThousand(emailSide, emails, prices) };
}

function perThousand(usage: Usage, per: number, prices: ListPrices): Cost {
  const scale = per === 0 ? 0 : 1000 / per;
  const dynamoDb = (usage.writeUnits * prices.dynamoWriteUnit + usage.readUnits * prices.dynamoReadUnit) * scale;
  const lambda = (usage.lambdaGbSeconds * prices.lambdaArmGbSecond + usage.invocations * prices.lambdaRequest) * scale;
  const eventBridge = usage.putEventsEntries * prices.eventBridgeEvent * scale;
  const ses = usage.sesEmails * prices.sesEmail * scale;
  return { dynamoDb, lambda, eventBridge, ses, total: dynamoDb + lambda + eventBridge + ses };
}

/** A function the stack does not deploy has no price: better to fail than to bill it at nothing. */
function memoryOf(memoryMb: ReadonlyMap<string, number>, functionId: string): number {
  const mb = memoryMb.get(functionId);
  if (mb === undefined) throw new Error(`no memory setting for function ${functionId} in the synthesized stack`);
  return mb;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
