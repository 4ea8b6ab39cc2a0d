import PDFDocument from 'pdfkit';
import { DocBlock, DocInline, headingLevel, normalizeInline } from './document';

/** The standard PDF fonts are WinAnsi: characters outside it are replaced. */
function winAnsi(s: string): string {
  return s.replace(/[\u202f\u00a0]/g, ' ').replace(/[^\x20-\x7e\u00a0-\u00ff’‘“”«»—–…€œŒ•]/g, '?');
}

function fontOf(bold?: boolean, italic?: boolean, code?: boolean): string {
  if (code) return bold ? 'Courier-Bold' : 'Courier';
  if (bold && italic) return 'Helvetica-BoldOblique';
  if (bold) return 'Helvetica-Bold';
  if (italic) return 'Helvetica-Oblique';
  return 'Helvetica';
}

const HEADING_SIZES = [18, 15, 13, 12, 11, 10];

/** An A4 PDF of a document (pdfkit, standard fonts), the counterpart of the ODT writer. */
export function toPdfDocument(blocks: DocBlock[], title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: winAnsi(title), Creator: 'Concertation' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const left = doc.page.margins.left;
    const fullWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;

    const writeInline = (text: string | DocInline[], indent: number, base: { bold?: boolean; italic?: boolean } = {}) => {
      const runs = typeof text === 'string' ? [{ text }] : text.map(normalizeInline);
      const opts = { width: fullWidth - indent };
      doc.x = left + indent;
      if (runs.length === 0) {
        doc.text('', opts);
        return;
      }
      runs.forEach((r, i) => {
        const last = i === runs.length - 1;
        if ('br' in r) {
          doc.text('\n', { ...opts, continued: !last });
          return;
        }
        doc.font(fontOf(r.bold || base.bold, r.italic || base.italic, r.code));
        doc.text(winAnsi(r.text), { ...opts, continued: !last, strike: !!r.strike, underline: !!r.href, link: r.href ?? null });
      });
    };

    const writeBlocks = (bs: DocBlock[], indent: number, italic = false) => {
      for (const b of bs) {
        switch (b.kind) {
          case 'h1':
          case 'h2':
          case 'h3':
          case 'h4':
          case 'h5':
          case 'h6':
            doc.moveDown(0.4).fontSize(HEADING_SIZES[headingLevel(b.kind) - 1]);
            writeInline(b.text, indent, { bold: true });
            doc.moveDown(0.3);
            break;
          case 'p':
            doc.fontSize(10);
            writeInline(b.text, indent, { italic });
            doc.moveDown(0.4);
            break;
          case 'ul':
            doc.fontSize(10);
            for (const item of b.items) writeInline(['• ', ...item], indent + 10, { italic });
            doc.moveDown(0.4);
            break;
          case 'list':
            b.items.forEach((item, i) => {
              doc.fontSize(10);
              writeInline(b.ordered ? `${(b.start ?? 1) + i}.` : '•', indent + 5);
              doc.moveUp();
              writeBlocks(item.length ? item : [{ kind: 'p', text: [] }], indent + 25, italic);
            });
            break;
          case 'quote':
            writeBlocks(b.blocks, indent + 20, true);
            break;
          case 'code':
            doc.fontSize(9).font('Courier');
            doc.x = left + indent;
            doc.text(winAnsi(b.text), { width: fullWidth - indent });
            doc.moveDown(0.4);
            break;
          case 'hr':
            doc.moveTo(left + indent, doc.y).lineTo(left + fullWidth, doc.y).stroke();
            doc.moveDown(0.6);
            break;
          case 'table':
            doc.fontSize(9).font('Helvetica-Bold');
            doc.x = left + indent;
            doc.text(winAnsi(b.head.join('  |  ')), { width: fullWidth - indent });
            doc.font('Helvetica');
            for (const row of b.rows) doc.text(winAnsi(row.join('  |  ')), { width: fullWidth - indent });
            doc.moveDown(0.4);
            break;
        }
      }
    };

    writeBlocks(blocks, 0);
    doc.end();
  });
}
