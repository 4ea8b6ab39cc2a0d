import PDFDocument from 'pdfkit';
import type { Block, Text } from './minutes.document';

/** The standard PDF fonts are WinAnsi: characters outside it are replaced. */
function winAnsi(s: string): string {
  return s.replace(/[\u202f\u00a0]/g, ' ').replace(/[^\x20-\x7e\u00a0-\u00ff’‘“”«»—–…€œŒ•]/g, '?');
}

/** Renders the minutes as an A4 PDF (pdfkit, standard fonts). */
export function toPdf(blocks: Block[], title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: winAnsi(title), Creator: 'Concertation' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const width = doc.page.width - 100;
    const writeText = (text: Text, opts: PDFKit.Mixins.TextOptions = {}) => {
      text.forEach((t, i) => {
        const last = i === text.length - 1;
        if (typeof t === 'string') doc.font('Helvetica').text(winAnsi(t), { ...opts, continued: !last });
        else if ('code' in t) doc.font('Courier').text(winAnsi(t.code), { ...opts, continued: !last });
        else doc.font('Helvetica-Bold').text(winAnsi(t.strong), { ...opts, continued: !last });
      });
      if (text.length === 0) doc.text('');
    };
    for (const b of blocks) {
      switch (b.kind) {
        case 'h1':
          doc.font('Helvetica-Bold').fontSize(18).text(winAnsi(b.text)).moveDown(0.6);
          break;
        case 'h2':
          doc.moveDown(0.5).font('Helvetica-Bold').fontSize(14).text(winAnsi(b.text)).moveDown(0.3);
          break;
        case 'h3':
          doc.moveDown(0.3).font('Helvetica-Bold').fontSize(12).text(winAnsi(b.text)).moveDown(0.2);
          break;
        case 'p':
          doc.fontSize(10);
          writeText(b.text.length ? b.text : [''], { width });
          doc.moveDown(0.4);
          break;
        case 'ul':
          doc.fontSize(10);
          for (const item of b.items) writeText(['• ', ...item], { width, indent: 10 });
          doc.moveDown(0.4);
          break;
        case 'table': {
          doc.fontSize(9);
          doc.font('Helvetica-Bold').text(winAnsi(b.head.join('  |  ')), { width });
          for (const row of b.rows) doc.font('Helvetica').text(winAnsi(row.join('  |  ')), { width });
          doc.moveDown(0.4);
          break;
        }
      }
    }
    doc.end();
  });
}
