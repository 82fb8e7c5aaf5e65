/** The list prices the bench turns usage into dollars with: one region, one date, in US dollars. */
export interface ListPrices {
  source: string;
  /** The day they were read off the price pages. */
  asOf: string;
  /** DynamoDB on-demand, per write and per read request unit. */
  dynamoWriteUnit: number;
  dynamoReadUnit: number;
  /** Lambda on arm64: per GB-second of duration and per request. */
  lambdaArmGbSecond: number;
  lambdaRequest: number;
  /** EventBridge: per custom event put on a bus (an entry of up to 64 KB). */
  eventBridgeEvent: number;
  /** SES: per email sent. */
  sesEmail: number;
}

/** AWS list prices, us-east-1 (on-demand, no free tier). */
export const AWS_LIST_PRICES: ListPrices = {
  source: 'AWS list prices, us-east-1',
  asOf: '2026-12-04',
  dynamoWriteUnit: 1.25 / 1e6,
  dynamoReadUnit: 0.25 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  eventBridgeEvent: 1.0 / 1e6,
  sesEmail: 0.1 / 1000,
};
