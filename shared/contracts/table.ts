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
 * The table's partitions by key prefix: what a function may read and write, granted in IAM by
 * `dynamodb:LeadingKeys` (so a key kind never crosses into another's prefix).
 */
export const PARTITIONS = {
  /** Everything about one customer: profile, orders, steps, contacts, baskets, conversions. */
  customer: 'CUSTOMER#',
  /** A suppressed address or customer, in clear or hashed after an erasure. */
  suppression: 'SUPPRESSION#',
  /** A seller's desk: flags, returns, digest leases. */
  seller: 'SELLER#',
  /** A product's bought-together counts and related items. */
  product: 'PRODUCT#',
  /** The up-serve order log and model totals. */
  upserve: 'UPSERVE#',
  /** The fitted at-risk model. */
  model: 'MODEL#',
  /** The uplift totals of each flow. */
  measure: 'MEASURE#',
  /** What operators switch at run time: the flow switches. */
  ops: 'OPS#',
} as const;
export type Partition = keyof typeof PARTITIONS;
