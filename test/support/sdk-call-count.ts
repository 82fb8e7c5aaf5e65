import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localDynamoClient } from '../../infra/local/stand-ins';
import { countSdkCalls, onSdkCall } from '../../shared/runtime/sdk-calls';

/**
 * A document client on DynamoDB Local whose requests, from now until `stop()`, are counted by
 * operation in `calls` (the process's one SDK-call listener, as the replay counts them).
 */
export function countingDoc(): { doc: DynamoDBDocumentClient; calls: Record<string, number>; stop: () => void } {
  const calls: Record<string, number> = {};
  onSdkCall((service, operation) => {
    if (service === 'DynamoDB') calls[operation] = (calls[operation] ?? 0) + 1;
  });
  const doc = DynamoDBDocumentClient.from(countSdkCalls(localDynamoClient(inject('dynamoEndpoint'))), { marshallOptions: { removeUndefinedValues: true } });
  return { doc, calls, stop: () => onSdkCall(undefined) };
}
