import type { LoyaltyConfig } from '../../../shared/config/schema';
import { sortByTime, type InputEvent } from '../inputs';
import { loadCdnow, type CdnowDataset } from './cdnow';
import { cdnowOrderEvents } from './cdnow-events';
import { demoItems } from './demo-items';

/** A CDNOW data set as the replay's inputs in time order, for the config's order source and sellers. */
export const cdnowInputs = (dataset: CdnowDataset, config: LoyaltyConfig, dir?: string): InputEvent[] =>
  sortByTime(cdnowOrderEvents(loadCdnow(dataset, dir), { source: config.bus.orderSource, sellerIds: config.sellers.directory.map((s) => s.id), items: demoItems() }));
