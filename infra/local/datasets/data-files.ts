import { existsSync } from 'node:fs';
import path from 'node:path';
import { LoyaltyError } from '../../../shared/errors';

/** The data committed with the project (the CDNOW sample): `npm start` needs nothing else. */
export const EMBEDDED_DATA_DIR = path.resolve(__dirname, '../../../data');

/** The larger data sets: `LOYALTY_DATA_DIR`, else the `shared/data` folder next to the project root. */
export const dataDir = (): string => process.env.LOYALTY_DATA_DIR ?? path.resolve(__dirname, '../../../../shared/data');

/** Where to get each file that is not committed, for the error a missing file raises. */
const DOWNLOADS: Record<string, string> = {
  'cdnow/CDNOW_master.txt':
    'CDNOW_master.txt (all 23,570 CDNOW customers, MIT) from https://github.com/CamDavidsonPilon/lifetimes/tree/master/lifetimes/datasets (or CDNOW_master.zip from https://www.brucehardie.com/datasets/)',
  'online-retail/online_retail.csv.gz':
    'the UCI Online Retail data set (CC BY 4.0, https://archive.ics.uci.edu/dataset/352/online+retail) as one gzipped CSV with the header InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country: for example the daily CSVs of https://github.com/databricks/Spark-The-Definitive-Guide/tree/master/data/retail-data/by-day concatenated in date order under one header, then gzipped',
};

export class MissingDataError extends LoyaltyError {
  override name = 'MissingDataError';
}

/** The path of a data file under `dir`; a missing file fails with what to download from where. */
export function dataFile(relative: string, dir: string): string {
  const file = path.join(dir, relative);
  if (existsSync(file)) return file;
  const what = DOWNLOADS[relative] ?? relative;
  throw new MissingDataError(`${file} is missing. Download ${what}, and save it as ${file} (or pass --data-dir DIR, or set LOYALTY_DATA_DIR, to a folder holding ${relative}).`);
}
