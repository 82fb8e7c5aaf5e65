import { readFileSync } from 'node:fs';
import { dataDir, dataFile, EMBEDDED_DATA_DIR } from './data-files';

/** One CDNOW transaction row: a customer's purchase on a day (several rows a day are one occasion). */
export interface CdnowRow {
  customerId: string;
  /** Calendar day, `YYYY-MM-DD`. */
  date: string;
  cds: number;
  dollars: number;
}

/** The CDNOW files: the sample is committed under `data/`, the master lives in the data folder. */
export type CdnowDataset = 'cdnow-sample' | 'cdnow-master';

const files: Record<CdnowDataset, string> = {
  'cdnow-sample': 'cdnow/CDNOW_sample.txt',
  'cdnow-master': 'cdnow/CDNOW_master.txt',
};

/** Reads a CDNOW file into rows sorted by date then customer; the sample's master id is the customer id. */
export function loadCdnow(dataset: CdnowDataset, dir = dataset === 'cdnow-sample' ? EMBEDDED_DATA_DIR : dataDir()): CdnowRow[] {
  const text = readFileSync(dataFile(files[dataset], dir), 'utf8');
  const rows: CdnowRow[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || !/^\d+$/.test(cols[0] ?? '')) continue; // header or blank line
    const [id, date, cds, dollars] = cols.length === 5 ? [cols[0], cols[2], cols[3], cols[4]] : cols;
    rows.push({
      customerId: String(Number(id)),
      date: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
      cds: Number(cds),
      dollars: Number(dollars),
    });
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date) || Number(a.customerId) - Number(b.customerId));
}
