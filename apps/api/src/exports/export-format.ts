/** Serialisation of open-data exports: RFC 4180 CSV (UTF-8, CRLF, header row) and streamed JSON. */
import { Options, stringify } from 'csv-stringify/sync';

export const LICENCE = { name: 'Licence Ouverte 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' } as const;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * csv-stringify's settings: RFC 4180 with CRLF; fields quoted when they hold a quote, a comma or
 * a line break, and also a semicolon (spreadsheets in French locales split on it) or a leading or
 * trailing space (kept). `escape_formulas` prefixes `'` to a cell that starts with `=`, `+`, `-`,
 * `@`, tab or carriage return (OWASP's CSV injection rule; API.md v2), and to their full-width forms.
 */
const CSV_OPTIONS: Options = { record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true, quoted_match: [/^\s|\s$/, ';'], eof: true };

/**
 * One CSV line. Every value is turned into text first, so a negative number is escaped like
 * any cell starting with `-` (csv-stringify leaves numbers alone).
 */
export function csvLine(values: readonly unknown[]): string {
  return stringify([values.map(text)], CSV_OPTIONS);
}

/** One CSV field, as `csvLine` writes it. */
export function csvField(value: unknown): string {
  return csvLine([value]).slice(0, -2);
}

export function csvRows(columns: readonly string[], rows: Record<string, unknown>[]): string {
  return rows.length ? stringify(rows.map((row) => columns.map((c) => text(row[c]))), CSV_OPTIONS) : '';
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
