import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { dataDir, dataFile } from './data-files';

/** One invoice line of UCI Online Retail. */
export interface RetailLine {
  invoiceNo: string;
  stockCode: string;
  description: string;
  quantity: number;
  /** ISO-8601 UTC timestamp (the data set's times are UK local; treated as UTC). */
  invoiceDate: string;
  unitPrice: number;
  /** Empty for guest purchases. */
  customerId: string;
  country: string;
  cancelled: boolean;
}

/** Reads every invoice line, in file (date) order; `CustomerID` "17850.0" becomes "17850". */
export function loadOnlineRetail(dir = dataDir()): RetailLine[] {
  const csv = gunzipSync(readFileSync(dataFile('online-retail/online_retail.csv.gz', dir))).toString('utf8');
  const records: Record<string, string>[] = parse(csv, { columns: true, skip_empty_lines: true });
  return records.map((r) => ({
    invoiceNo: r.InvoiceNo!,
    stockCode: r.StockCode!,
    description: (r.Description ?? '').trim(),
    quantity: Number(r.Quantity),
    invoiceDate: `${r.InvoiceDate!.replace(' ', 'T')}Z`,
    unitPrice: Number(r.UnitPrice),
    customerId: r.CustomerID ? String(Math.trunc(Number(r.CustomerID))) : '',
    country: r.Country ?? '',
    cancelled: r.InvoiceNo!.startsWith('C'),
  }));
}
