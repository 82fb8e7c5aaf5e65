import type { ConversionAttributed, DetailType, OutreachFlow, OutreachSent, OutreachSkipped } from '../../contracts/events';
import { CONVERTING_KINDS, touchKey } from './attribution';
import type { GroupOutcome } from './uplift';

/** One increment of a flow's running totals, applied once per `once` key however often its event arrives. */
export interface TallyIncrement {
  customerId: string;
  flow: OutreachFlow;
  group: 'mailed' | 'holdout';
  field: keyof GroupOutcome;
  by: number;
  once: string;
}

/** A flow's running totals of both groups, as the daily uplift job reads them. */
export type FlowTotals = Record<'mailed' | 'holdout', GroupOutcome>;

/**
 * What an event adds to the uplift totals: a converting email sent or held out adds one to its group;
 * a conversion marks its touch converted (once per touch) and adds the order's revenue (once per order).
 */
export function tallyIncrements(detailType: DetailType, detail: OutreachSent | OutreachSkipped | ConversionAttributed): TallyIncrement[] {
  const base = { customerId: detail.customerId, flow: detail.flow };
  if (!CONVERTING_KINDS.has(detail.kind)) return [];
  if (detailType === 'Outreach Sent') return [{ ...base, group: 'mailed', field: 'n', by: 1, once: `touch#${touchKey(detail)}` }];
  if (detailType === 'Outreach Skipped') {
    return (detail as OutreachSkipped).reason === 'holdout' ? [{ ...base, group: 'holdout', field: 'n', by: 1, once: `touch#${touchKey(detail)}` }] : [];
  }
  const conversion = detail as ConversionAttributed;
  const group = conversion.holdout ? 'holdout' : 'mailed';
  return [
    { ...base, group, field: 'converted', by: 1, once: `converted#${touchKey(conversion)}` },
    { ...base, group, field: 'revenue', by: conversion.revenue, once: `revenue#${conversion.orderId}` },
  ];
}
