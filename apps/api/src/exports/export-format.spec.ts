import fc from 'fast-check';
import { csvField, csvLine, csvRows, JSON_TAIL, jsonHead, jsonItems, LICENCE } from './export-format';

/** A strict RFC 4180 reader (the test oracle). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else if (text[i] === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else field += text[i++];
  }
  return rows;
}

/** What a reader gets back: the cell, with `'` before a leading formula character. */
const neutralised = (s: string) => (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s) ? `'${s}` : s);

describe('CSV', () => {
  it('quotes only what needs it', () => {
    expect(csvField('simple')).toBe('simple');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('dit "non"')).toBe('"dit ""non"""');
    expect(csvField('deux\nlignes')).toBe('"deux\nlignes"');
    expect(csvField(' marge')).toBe('" marge"');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
    expect(csvField(false)).toBe('false');
    expect(csvField(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvLine(['é', 'x'])).toBe('é,x\r\n');
  });

  it("neutralises a cell that a spreadsheet would read as a formula with a leading ' (OWASP, API.md v2)", () => {
    expect(csvField('=HYPERLINK("http://evil.example","clic")')).toBe('"\'=HYPERLINK(""http://evil.example"",""clic"")"');
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('+33 1 23')).toBe("'+33 1 23");
    expect(csvField('@SUM(1+1)')).toBe("'@SUM(1+1)");
    expect(csvField('\t=1')).toBe('"\'\t=1"');
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField(-2)).toBe("'-2");
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('2026-01-02')).toBe('2026-01-02');
  });

  it('reads back exactly what was written, for any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 10 }), (table) => {
        const width = table[0].length;
        const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const columns = rows[0].map((_, i) => `c${i}`);
        const text = csvLine(columns) + csvRows(columns, rows.map((r) => Object.fromEntries(r.map((v, i) => [`c${i}`, v]))));
        expect(readCsv(text)).toEqual([columns, ...rows.map((r) => r.map(neutralised))]);
      }),
    );
  });
});

describe('JSON export', () => {
  it('assembles a valid document with the licence, in batches', () => {
    const columns = ['id', 'title'];
    const text =
      jsonHead('recommendations', new Date('2026-01-01T00:00:00Z')) +
      jsonItems(columns, [{ id: 1, title: 'a', extra: 'dropped' }], true) +
      jsonItems(columns, [{ id: 2 }, { id: 3, title: 'c' }], false) +
      '\n' +
      JSON_TAIL;
    expect(JSON.parse(text)).toEqual({
      licence: LICENCE,
      dataset: 'recommendations',
      generatedAt: '2026-01-01T00:00:00.000Z',
      items: [{ id: 1, title: 'a' }, { id: 2, title: null }, { id: 3, title: 'c' }],
    });
    expect(JSON.parse(jsonHead('votes', new Date()) + JSON_TAIL).items).toEqual([]);
  });
});
