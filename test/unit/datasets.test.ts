import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCdnow } from '../../infra/local/datasets/cdnow';
import { MissingDataError } from '../../infra/local/datasets/data-files';
import { loadOnlineRetail } from '../../infra/local/datasets/online-retail';

describe('the data sets the replay reads', () => {
  it('reads the committed CDNOW sample without any data folder', () => {
    const previous = process.env.LOYALTY_DATA_DIR;
    process.env.LOYALTY_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'no-data-'));
    try {
      const rows = loadCdnow('cdnow-sample');
      expect(rows).toHaveLength(6919);
      expect(new Set(rows.map((r) => r.customerId)).size).toBe(2357);
      expect(rows[0]).toEqual({ customerId: '4', date: '1997-01-01', cds: 2, dollars: 29.33 });
    } finally {
      if (previous === undefined) delete process.env.LOYALTY_DATA_DIR;
      else process.env.LOYALTY_DATA_DIR = previous;
    }
  });

  it('says what to download from where when a larger data set is missing', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-data-'));
    expect(() => loadCdnow('cdnow-master', empty)).toThrow(MissingDataError);
    expect(() => loadCdnow('cdnow-master', empty)).toThrow(/cdnow\/CDNOW_master\.txt is missing\. Download .*github\.com\/CamDavidsonPilon\/lifetimes/);
    expect(() => loadOnlineRetail(empty)).toThrow(/online_retail\.csv\.gz is missing\. Download .*archive\.ics\.uci\.edu/);
  });
});
