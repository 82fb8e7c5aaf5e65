import { describe, expect, it } from 'vitest';
import { costsOf } from '../../../bench/costs';
import { AWS_LIST_PRICES } from '../../../bench/prices';

const row = (id: string, { invocations = 0, wallMs = 0, sdkCalls = 0, readUnits = 0, writeUnits = 0, putEventsEntries = 0 } = {}) => ({
  id,
  invocations,
  wallMs,
  sdkCalls,
  sdkCallsByOperation: {},
  readUnits,
  writeUnits,
  putEventsEntries,
});

const email = { to: 'a@example.com', subject: 's', kind: 'second-sale/thank-you', sentAt: '2026-03-03T12:00:00Z' };

describe('what a deployment pays per 1,000 orders and per 1,000 emails', () => {
  const costs = costsOf({
    report: {
      functions: [
        row('order-intake', { invocations: 2000, wallMs: 4000, sdkCalls: 6000, readUnits: 2000, writeUnits: 6000, putEventsEntries: 2000 }),
        row('outreach-dispatcher', { invocations: 10, wallMs: 2048, sdkCalls: 500, readUnits: 400, writeUnits: 800, putEventsEntries: 100 }),
        row('(runner)', { sdkCalls: 99_999, readUnits: 99_999 }),
      ],
      emails: Array.from({ length: 100 }, () => email),
    },
    orders: 2000,
    shopEvents: 2000,
    senders: ['outreach-dispatcher'],
    memoryMb: new Map([
      ['order-intake', 512],
      ['outreach-dispatcher', 1024],
    ]),
    prices: AWS_LIST_PRICES,
  });

  it('charges the functions that send email to the emails and every other one to the orders, never the runner', () => {
    expect(costs.orderSide).toMatchObject({ functions: ['order-intake'], sdkCalls: 6000, readUnits: 2000, writeUnits: 6000, putEventsEntries: 4000, sesEmails: 0 });
    expect(costs.emailSide).toMatchObject({ functions: ['outreach-dispatcher'], sdkCalls: 500, putEventsEntries: 100, sesEmails: 100 });
    // 4 s at 0.5 GB; 2.048 s at 1 GB.
    expect(costs.orderSide.lambdaGbSeconds).toBeCloseTo(2, 10);
    expect(costs.emailSide.lambdaGbSeconds).toBeCloseTo(2.048, 10);
  });

  it('prices each service at the list prices, per 1,000', () => {
    const perOrders = costs.perThousandOrders;
    // 3 write and 1 read unit per order: 3000 × $1.25/M + 1000 × $0.25/M.
    expect(perOrders.dynamoDb).toBeCloseTo(0.00375 + 0.00025, 12);
    expect(perOrders.lambda).toBeCloseTo((2 * 0.0000133334 + 2000 * 0.2e-6) / 2, 12);
    // Each order: the shop's event and the intake's.
    expect(perOrders.eventBridge).toBeCloseTo(0.002, 12);
    expect(perOrders.ses).toBe(0);
    expect(perOrders.total).toBeCloseTo(perOrders.dynamoDb + perOrders.lambda + perOrders.eventBridge, 12);
    expect(costs.perThousandEmails.ses).toBeCloseTo(0.1, 12);
  });

  it('fails naming a function the stack gives no memory', () => {
    const report = { functions: [row('not-deployed', { wallMs: 1 })], emails: [] };
    expect(() => costsOf({ report, orders: 1, shopEvents: 1, senders: [], memoryMb: new Map(), prices: AWS_LIST_PRICES })).toThrow(/not-deployed/);
  });
});
