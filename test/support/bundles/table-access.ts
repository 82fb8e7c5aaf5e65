import { startLoopbackProxy } from '../loopback-proxy';

/**
 * One item-level call as IAM authorizes it: the action (a transaction or a batch is authorized per
 * item, by the action of its part), on the table or an index, and the partition key value it names.
 */
export interface TableCall {
  action: string;
  index?: string;
  leadingKey: string;
}

/** A DynamoDB statement of a function's policy: actions on the table and/or its index, maybe limited to key prefixes. */
export interface TableGrant {
  actions: string[];
  on: ('table' | 'index')[];
  /** `dynamodb:LeadingKeys` patterns (`PREFIX*`); absent: any key. */
  leadingKeys?: string[];
}

type Item = Record<string, { S?: string }>;
type Body = Record<string, unknown>;

const pkOf = (item: unknown, attribute = 'pk'): string => String((item as Item | undefined)?.[attribute]?.S ?? '');

/** The partition key value a Query names in `<pk> = :placeholder`. */
function queriedKey(body: Body): string {
  const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const attribute = body.IndexName === undefined ? 'pk' : 'duePk';
  for (const [, name, placeholder] of String(body.KeyConditionExpression).matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[name!] ?? name) === attribute) return pkOf(body.ExpressionAttributeValues, placeholder);
  }
  throw new Error(`a Query whose key condition names no ${attribute}: ${String(body.KeyConditionExpression)}`);
}

const TRANSACT_ACTIONS: Record<string, [action: string, key: 'Item' | 'Key']> = {
  Put: ['PutItem', 'Item'],
  Update: ['UpdateItem', 'Key'],
  Delete: ['DeleteItem', 'Key'],
  ConditionCheck: ['ConditionCheckItem', 'Key'],
  Get: ['GetItem', 'Key'],
};

/** The item-level calls of one DynamoDB request (JSON protocol: the operation and its body). */
export function tableCallsOf(operation: string, body: Body): TableCall[] {
  const dynamo = (action: string, leadingKey: string, index?: string): TableCall => ({ action: `dynamodb:${action}`, leadingKey, ...(index && { index }) });
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [dynamo(operation, pkOf(body.Key))];
    case 'PutItem':
      return [dynamo(operation, pkOf(body.Item))];
    case 'Query':
      return [dynamo(operation, queriedKey(body), body.IndexName as string | undefined)];
    case 'BatchGetItem':
      return Object.values(body.RequestItems as Record<string, { Keys: Item[] }>).flatMap((r) => r.Keys.map((key) => dynamo(operation, pkOf(key))));
    case 'BatchWriteItem':
      return Object.values(body.RequestItems as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>).flatMap((requests) =>
        requests.map((r) => dynamo(operation, pkOf(r.PutRequest?.Item ?? r.DeleteRequest!.Key))),
      );
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return (body.TransactItems as Record<string, Record<string, unknown>>[]).flatMap((part) =>
        Object.entries(part).map(([kind, request]) => {
          const [action, key] = TRANSACT_ACTIONS[kind]!;
          return dynamo(action, pkOf(request[key]));
        }),
      );
    default:
      return [dynamo(operation, '')];
  }
}

/** `PREFIX*` as IAM's StringLike reads it (no other wildcard appears in our policies). */
const likes = (pattern: string, value: string): boolean => (pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern);

/** Whether a function's grants allow a call, as IAM would decide it for these statements. */
export const isAllowed = (grants: readonly TableGrant[], call: TableCall): boolean =>
  grants.some(
    (g) =>
      g.actions.includes(call.action) &&
      g.on.includes(call.index === undefined ? 'table' : 'index') &&
      (g.leadingKeys === undefined || g.leadingKeys.some((pattern) => likes(pattern, call.leadingKey))),
  );

/** A loopback proxy in front of DynamoDB Local that records every item-level call passing through it. */
export async function startTableCallRecorder(target: string): Promise<{ endpoint: string; calls: TableCall[]; close(): Promise<void> }> {
  const calls: TableCall[] = [];
  const proxy = await startLoopbackProxy(target, async (req, res, raw, forward) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    if (raw.length) calls.push(...tableCallsOf(operation, JSON.parse(raw.toString('utf8')) as Body));
    const upstream = await forward();
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/x-amz-json-1.0' }).end(Buffer.from(await upstream.arrayBuffer()));
  });
  return { ...proxy, calls };
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys'?: string[] } } };

/** The DynamoDB statements of one policy document on the table `tableId`, as grants. */
export function tableGrantsOf(statements: Statement[], tableId: string): TableGrant[] {
  return statements.flatMap((s) => {
    const actions = [s.Action].flat().filter((a) => a.startsWith('dynamodb:'));
    const resources = [s.Resource].flat().map((r) => JSON.stringify(r)).filter((r) => r.includes(tableId));
    if (s.Effect !== 'Allow' || actions.length === 0 || resources.length === 0) return [];
    const on = [...new Set(resources.map((r) => (r.includes('/index/') ? ('index' as const) : ('table' as const))))];
    return [{ actions, on, leadingKeys: s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] }];
  });
}
