import type { ItemDeriver } from './cdnow-events';

/** Items for a CDNOW order: assorted CDs at the order's average price (replaced by the demo catalog). */
export const demoItems = (): ItemDeriver => (total, cds) => [
  { sku: 'cd-assorted', name: 'Assorted CDs', category: 'music', quantity: cds, unitPrice: Math.round((total / cds) * 100) / 100 },
];
