/** A plain HTTP answer, as a Function URL returns it. */
export interface PageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Pages are private answers: never cached, never indexed. */
export const PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** A small, self-contained page (no script, no external resource); `body` is HTML already escaped. */
export const htmlPage = (statusCode: number, title: string, body: string, style = ''): PageResponse => ({
  statusCode,
  headers: PAGE_HEADERS,
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>${style && `<style>${style}</style>`}</head><body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5"><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
});
