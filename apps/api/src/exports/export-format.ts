/** Serialisation of open-data exports: RFC 4180 CSV (UTF-8, CRLF, header row) and streamed JSON. */

export const LICENCE = { name: 'Licence Ouverte 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' } as const;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One CSV field: quoted (quotes doubled) when it holds a quote, a separator or a line break. */
export function csvField(value: unknown): string {
  const s = text(value);
  return /[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

export function csvRows(columns: readonly string[], rows: Record<string, unknown>[]): string {
  let out = '';
  for (const row of rows) out += csvLine(columns.map((c) => row[c]));
  return out;
}

/** The opening of a JSON export; items follow, separated by commas, then `JSON_TAIL`. */
export function jsonHead(dataset: string, generatedAt: Date): string {
  return `{"licence":${JSON.stringify(LICENCE)},"dataset":${JSON.stringify(dataset)},"generatedAt":${JSON.stringify(generatedAt.toISOString())},"items":[`;
}
export const JSON_TAIL = ']}\n';

/** Items of a batch, each preceded by a comma except the very first of the document. */
export function jsonItems(columns: readonly string[], rows: Record<string, unknown>[], first: boolean): string {
  let out = '';
  rows.forEach((row, i) => {
    const item: Record<string, unknown> = {};
    for (const c of columns) item[c] = row[c] ?? null;
    out += (first && i === 0 ? '\n' : ',\n') + JSON.stringify(item);
  });
  return out;
}
