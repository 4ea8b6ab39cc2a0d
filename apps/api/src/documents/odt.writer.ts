import JSZip from 'jszip';
import { DocBlock, DocInline, headingLevel, Marked, normalizeInline } from './document';

/**
 * OpenDocument Text (ODF 1.3) from the document model: a small writer of the XML rather than a
 * library (see README, "Documents: OpenDocument (ODT)"). The package holds `mimetype` first and stored (uncompressed,
 * so that `file` and office suites recognise it at a fixed offset), then content.xml, styles.xml,
 * meta.xml and META-INF/manifest.xml. Styles are named like LibreOffice's own (Heading_20_1,
 * Text_20_body…), so the document picks up the user's templates.
 */

export const ODT_MIME = 'application/vnd.oasis.opendocument.text';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
].join(' ');

/** Characters XML 1.0 cannot hold at all (controls, lone surrogates, U+FFFE/FFFF) are dropped. */
// eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Text content: runs of spaces, tabs and newlines become ODF elements (XML would collapse them). */
function textXml(s: string): string {
  return escapeXml(s)
    .replace(/\r\n?/g, '\n')
    .replace(/ {2,}/g, (run) => ` <text:s text:c="${run.length - 1}"/>`)
    .replace(/^ /, '<text:s/>')
    .replace(/\t/g, '<text:tab/>')
    .replace(/\n/g, '<text:line-break/>');
}

/** Automatic text styles, one per combination of marks, named T_<letters>. */
function spanStyle(m: Marked): string | null {
  const key = `${m.bold ? 'b' : ''}${m.italic ? 'i' : ''}${m.strike ? 's' : ''}${m.code ? 'c' : ''}`;
  return key ? `T_${key}` : null;
}

function spanStyleXml(name: string): string {
  const key = name.slice(2);
  const props = [
    key.includes('b') ? 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"' : '',
    key.includes('i') ? 'fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"' : '',
    key.includes('s') ? 'style:text-line-through-style="solid" style:text-line-through-type="single"' : '',
    key.includes('c') ? 'style:font-name="Liberation Mono" fo:font-family="\'Liberation Mono\'" style:font-family-generic="modern" style:font-pitch="fixed"' : '',
  ].filter(Boolean);
  return `<style:style style:name="${name}" style:family="text"><style:text-properties ${props.join(' ')}/></style:style>`;
}

class ContentWriter {
  readonly spanStyles = new Set<string>();
  private tables = 0;

  inline(text: string | DocInline[]): string {
    if (typeof text === 'string') return textXml(text);
    return text
      .map((i) => {
        const n = normalizeInline(i);
        if ('br' in n) return '<text:line-break/>';
        const style = spanStyle(n);
        if (style) this.spanStyles.add(style);
        let xml = textXml(n.text);
        if (style) xml = `<text:span text:style-name="${style}">${xml}</text:span>`;
        if (n.href) xml = `<text:a xlink:type="simple" xlink:href="${escapeXml(n.href)}">${xml}</text:a>`;
        return xml;
      })
      .join('');
  }

  blocks(blocks: DocBlock[], paragraphStyle = 'Text_20_body'): string {
    return blocks.map((b) => this.block(b, paragraphStyle)).join('');
  }

  private block(b: DocBlock, paragraphStyle: string): string {
    switch (b.kind) {
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const level = headingLevel(b.kind);
        return `<text:h text:style-name="Heading_20_${level}" text:outline-level="${level}">${this.inline(b.text)}</text:h>`;
      }
      case 'p':
        return `<text:p text:style-name="${paragraphStyle}">${this.inline(b.text)}</text:p>`;
      case 'ul':
        return this.list(
          false,
          1,
          b.items.map((item) => `<text:p text:style-name="List_20_Contents">${this.inline(item)}</text:p>`),
        );
      case 'list':
        return this.list(
          b.ordered,
          b.start ?? 1,
          b.items.map((item) => (item.length ? this.blocks(item, 'List_20_Contents') : '<text:p text:style-name="List_20_Contents"/>')),
        );
      case 'quote':
        return this.blocks(b.blocks, 'Quotations');
      case 'code':
        return b.text
          .split('\n')
          .map((line) => `<text:p text:style-name="Preformatted_20_Text">${textXml(line)}</text:p>`)
          .join('');
      case 'hr':
        return '<text:p text:style-name="Horizontal_20_Line"/>';
      case 'table':
        return this.table(b.head, b.rows);
    }
  }

  private list(ordered: boolean, start: number, items: string[]): string {
    const body = items.map((xml, i) => `<text:list-item${ordered && i === 0 && start !== 1 ? ` text:start-value="${start}"` : ''}>${xml}</text:list-item>`).join('');
    return `<text:list text:style-name="${ordered ? 'L_Numbers' : 'L_Bullets'}">${body}</text:list>`;
  }

  private table(head: string[], rows: string[][]): string {
    const columns = Math.max(head.length, ...rows.map((r) => r.length), 1);
    const cell = (s: string, style: string) => `<table:table-cell table:style-name="Cell" office:value-type="string"><text:p text:style-name="${style}">${textXml(s)}</text:p></table:table-cell>`;
    const row = (cells: string[], style: string) => `<table:table-row>${Array.from({ length: columns }, (_, i) => cell(cells[i] ?? '', style)).join('')}</table:table-row>`;
    this.tables++;
    return (
      `<table:table table:name="Tableau${this.tables}" table:style-name="Table">` +
      `<table:table-column table:number-columns-repeated="${columns}"/>` +
      (head.length ? `<table:table-header-rows>${row(head, 'Table_20_Heading')}</table:table-header-rows>` : '') +
      rows.map((r) => row(r, 'Table_20_Contents')).join('') +
      '</table:table>'
    );
  }
}

function contentXml(blocks: DocBlock[]): string {
  const w = new ContentWriter();
  const body = w.blocks(blocks);
  const automatic = [
    '<style:style style:name="Table" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>',
    '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>',
    ...[...w.spanStyles].sort().map(spanStyleXml),
  ].join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS} office:version="1.3">` +
    '<office:font-face-decls><style:font-face style:name="Liberation Mono" svg:font-family="\'Liberation Mono\'" style:font-family-generic="modern" style:font-pitch="fixed"/></office:font-face-decls>' +
    `<office:automatic-styles>${automatic}</office:automatic-styles>` +
    `<office:body><office:text>${body}</office:text></office:body></office:document-content>`
  );
}

function paragraphStyle(name: string, display: string, parent: string | null, paragraph: string, text: string, extra = ''): string {
  return (
    `<style:style style:name="${name}" style:display-name="${display}" style:family="paragraph"${parent ? ` style:parent-style-name="${parent}"` : ''}${extra}>` +
    (paragraph ? `<style:paragraph-properties ${paragraph}/>` : '') +
    (text ? `<style:text-properties ${text}/>` : '') +
    '</style:style>'
  );
}

function listStyle(name: string, display: string, ordered: boolean): string {
  const levels = Array.from({ length: 10 }, (_, i) => {
    const level = i + 1;
    const indent = `<style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="${(0.635 * (level + 1)).toFixed(3)}cm" fo:text-indent="-0.635cm" fo:margin-left="${(0.635 * (level + 1)).toFixed(3)}cm"/></style:list-level-properties>`;
    return ordered
      ? `<text:list-level-style-number text:level="${level}" style:num-suffix="." style:num-format="1">${indent}</text:list-level-style-number>`
      : `<text:list-level-style-bullet text:level="${level}" text:bullet-char="${level % 2 ? '•' : '◦'}">${indent}</text:list-level-style-bullet>`;
  }).join('');
  return `<text:list-style style:name="${name}" style:display-name="${display}">${levels}</text:list-style>`;
}

function stylesXml(): string {
  const headingSizes = ['130%', '115%', '101%', '95%', '85%', '85%'];
  const styles = [
    '<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/><style:text-properties style:font-name="Liberation Sans" fo:font-family="\'Liberation Sans\'" fo:font-size="11pt" fo:language="fr" fo:country="FR"/></style:default-style>',
    paragraphStyle('Standard', 'Standard', null, '', '', ' style:class="text"'),
    paragraphStyle('Text_20_body', 'Text body', 'Standard', 'fo:margin-top="0cm" fo:margin-bottom="0.247cm" fo:line-height="115%"', '', ' style:class="text"'),
    paragraphStyle('Heading', 'Heading', 'Standard', 'fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"', 'fo:font-size="14pt"', ' style:next-style-name="Text_20_body" style:class="text"'),
    ...headingSizes.map((size, i) =>
      paragraphStyle(`Heading_20_${i + 1}`, `Heading ${i + 1}`, 'Heading', '', `fo:font-size="${size}" fo:font-weight="bold"`, ` style:next-style-name="Text_20_body" style:default-outline-level="${i + 1}" style:class="text"`),
    ),
    paragraphStyle('List_20_Contents', 'List Contents', 'Text_20_body', 'fo:margin-bottom="0.1cm"', '', ' style:class="list"'),
    paragraphStyle('Quotations', 'Quotations', 'Standard', 'fo:margin-left="1cm" fo:margin-right="1cm" fo:margin-bottom="0.247cm"', 'fo:font-style="italic"', ' style:class="html"'),
    paragraphStyle('Preformatted_20_Text', 'Preformatted Text', 'Standard', 'fo:margin-top="0cm" fo:margin-bottom="0cm"', 'style:font-name="Liberation Mono" fo:font-family="\'Liberation Mono\'" fo:font-size="10pt"', ' style:class="html"'),
    paragraphStyle('Horizontal_20_Line', 'Horizontal Line', 'Standard', 'fo:margin-bottom="0.5cm" fo:border-bottom="0.5pt solid #808080" fo:padding="0cm"', 'fo:font-size="6pt"', ' style:class="html"'),
    paragraphStyle('Table_20_Contents', 'Table Contents', 'Standard', '', 'fo:font-size="10pt"', ' style:class="extra"'),
    paragraphStyle('Table_20_Heading', 'Table Heading', 'Table_20_Contents', '', 'fo:font-weight="bold"', ' style:class="extra"'),
    listStyle('L_Bullets', 'Liste à puces', false),
    listStyle('L_Numbers', 'Liste numérotée', true),
  ].join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${NS} office:version="1.3">` +
    '<office:font-face-decls><style:font-face style:name="Liberation Sans" svg:font-family="\'Liberation Sans\'" style:font-family-generic="swiss" style:font-pitch="variable"/><style:font-face style:name="Liberation Mono" svg:font-family="\'Liberation Mono\'" style:font-family-generic="modern" style:font-pitch="fixed"/></office:font-face-decls>' +
    `<office:styles>${styles}</office:styles>` +
    '<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>' +
    '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>' +
    '</office:document-styles>'
  );
}

function metaXml(title: string, created: Date): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta ${NS} office:version="1.3"><office:meta>` +
    `<meta:generator>Concertation</meta:generator><dc:title>${escapeXml(title)}</dc:title><dc:language>fr-FR</dc:language>` +
    `<meta:creation-date>${created.toISOString().replace(/\.\d{3}Z$/, 'Z')}</meta:creation-date>` +
    '</office:meta></office:document-meta>'
  );
}

const MANIFEST =
  '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
  `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODT_MIME}"/>` +
  '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
  '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
  '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>' +
  '</manifest:manifest>';

/** The .odt bytes of a document. `created` fixes the metadata date (tests, reproducible output). */
export async function toOdt(blocks: DocBlock[], title: string, created = new Date()): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date(Math.floor(created.getTime() / 2000) * 2000);
  // insertion order is archive order: mimetype must be the first entry, stored, without extra field
  zip.file('mimetype', ODT_MIME, { compression: 'STORE', date });
  zip.file('content.xml', contentXml(blocks), { date });
  zip.file('styles.xml', stylesXml(), { date });
  zip.file('meta.xml', metaXml(title, created), { date });
  zip.file('META-INF/manifest.xml', MANIFEST, { date, createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, mimeType: ODT_MIME, platform: 'UNIX' });
}
