/**
 * The single table's physical shape, shared by the CDK construct, the local runner and the adapters:
 * string keys `pk`/`sk`, TTL attribute `expiresAt`, and the sparse due-date index `due`
 * (`duePk` = `DUE#<kind>`, `dueSk` = `<ISO due time>#<item key>`): only items waiting for work are in it.
 */
export const TableShape = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  dueIndex: { name: 'due', partitionKey: 'duePk', sortKey: 'dueSk' },
} as const;

/** Due-index partition of queued outreach emails. */
export const OUTREACH_DUE = 'DUE#outreach';

/**
 * Due-index partition of customers' risk checks. Unlike the rest of the index it holds every profile:
 * at its next check, or parked after any date when none is due, so the weekly refit can list them all.
 */
export const RISK_DUE = 'DUE#risk';

/**
 * Partition key prefixes that IAM policies name (`dynamodb:LeadingKeys`): everything about one
 * customer, and one suppressed address.
 */
export const CUSTOMER_PARTITION = 'CUSTOMER#';
export const SUPPRESSION_PARTITION = 'SUPPRESSION#';
