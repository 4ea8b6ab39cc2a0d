import { proseMirrorToMarkdown } from '@app/domain';
import { findAll, readOdt, textOf } from '../../../../test/support/odt';
import { buildMinutes, MinutesData } from '../minutes/minutes.document';
import { DocBlock, plainText, proseMirrorToBlocks } from './document';
import { escapeXml, ODT_MIME, toOdt } from './odt.writer';
import { toPdfDocument } from './pdf.writer';

const text = (t: string, ...marks: any[]) => ({ type: 'text', text: t, ...(marks.length ? { marks } : {}) });
const para = (...content: any[]) => ({ type: 'paragraph', content });

/** A Tiptap StarterKit tree with every construct the editor offers. */
const DRAFT = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Objectif')] },
    para(text('Un '), text('dispositif commun', { type: 'bold' }), text(' et '), text('souple', { type: 'italic' }), text(', voir '), text('FranceConnect', { type: 'link', attrs: { href: 'https://franceconnect.gouv.fr/' } }), text(' ou '), text('piège', { type: 'link', attrs: { href: 'javascript:alert(1)' } }), text('.')),
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [para(text('pour les agents'))] },
        { type: 'listItem', content: [para(text('pour les élus')), { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [para(text('maires'))] }] }] },
      ],
    },
    { type: 'blockquote', content: [para(text('« dites-le nous une fois »'))] },
    { type: 'codeBlock', content: [text('a  <b> & c\n  d')] },
    { type: 'horizontalRule' },
    para(text('Coût : 2 * 3 M€ '), text('barré', { type: 'strike' }), text(' '), text('x = 1', { type: 'code' }), { type: 'hardBreak' }, text('# pas un titre'), { type: 'hardBreak' }),
    para(),
  ],
};

describe('ProseMirror → document blocks', () => {
  it('follows the Markdown converter: same blocks, same words, unsafe links dropped, empty paragraphs gone', () => {
    const blocks = proseMirrorToBlocks(DRAFT as any);
    expect(blocks.map((b) => b.kind)).toEqual(['h2', 'p', 'list', 'quote', 'code', 'hr', 'p']);
    const list = blocks[2] as Extract<DocBlock, { kind: 'list' }>;
    expect(list.ordered).toBe(false);
    expect(list.items[1][1]).toEqual({ kind: 'list', ordered: true, start: 3, items: [[{ kind: 'p', text: [{ text: 'maires' }] }]] });
    const p = blocks[1] as Extract<DocBlock, { kind: 'p' }>;
    expect(p.text).toContainEqual({ text: 'dispositif commun', bold: true });
    expect(p.text).toContainEqual({ text: 'FranceConnect', href: 'https://franceconnect.gouv.fr/' });
    expect(p.text).toContainEqual({ text: 'piège' });
    // the trailing hard break is dropped, as in the Markdown
    expect(plainText((blocks[6] as any).text)).toBe('Coût : 2 * 3 M€ barré x = 1\n# pas un titre');
    // every word of the Markdown is in the blocks
    const md = proseMirrorToMarkdown(DRAFT as any);
    for (const w of ['Objectif', 'dispositif', 'FranceConnect', 'agents', 'maires', 'dites-le', 'M€', 'titre']) expect(md).toContain(w);
  });

  it('never throws on odd trees', () => {
    expect(proseMirrorToBlocks({ type: 'doc' } as any)).toEqual([]);
    expect(proseMirrorToBlocks({ type: 'doc', content: [null, 3, { type: 'mystery', content: [text('x')] }] } as any)).toEqual([{ kind: 'p', text: [{ text: 'x' }] }]);
    let deep: any = text('profond');
    for (let i = 0; i < 200; i++) deep = { type: 'blockquote', content: [deep] };
    expect(JSON.stringify(proseMirrorToBlocks({ type: 'doc', content: [deep] } as any))).toContain('profond');
  });
});

describe('ODT writer', () => {
  it('writes a valid package: mimetype first and stored, manifest, well-formed XML parts', async () => {
    const odt = await toOdt(proseMirrorToBlocks(DRAFT as any), 'Titre « test »', new Date('2026-03-01T10:00:00Z'));
    const pkg = await readOdt(odt);
    expect(pkg.first).toEqual({ name: 'mimetype', method: 0, extraLength: 0, data: ODT_MIME });
    expect(pkg.order).toEqual(['mimetype', 'content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml']);
    const manifest = pkg.xml['META-INF/manifest.xml'];
    for (const part of ['content.xml', 'styles.xml', 'meta.xml']) expect(manifest).toContain(`manifest:full-path="${part}"`);
    expect(manifest).toContain(`manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODT_MIME}"`);
    expect(pkg.xml['meta.xml']).toContain('<dc:title>Titre « test »</dc:title>');
    // every style the content uses is defined in styles.xml or content.xml's automatic styles
    const used = new Set([...pkg.xml['content.xml'].matchAll(/text:style-name="([^"]+)"/g)].map((m) => m[1]));
    const defined = [...pkg.xml['styles.xml'].matchAll(/style:name="([^"]+)"/g), ...pkg.xml['content.xml'].matchAll(/style:name="([^"]+)"/g)].map((m) => m[1]);
    for (const s of used) expect(defined).toContain(s);
  });

  it('holds the text: headings with levels, marks as styled spans, links, nested lists, code with its spaces', async () => {
    const pkg = await readOdt(await toOdt(proseMirrorToBlocks(DRAFT as any), 'x'));
    expect(pkg.paragraphs).toEqual([
      'Objectif',
      'Un dispositif commun et souple, voir FranceConnect ou piège.',
      'pour les agents',
      'pour les élus',
      'maires',
      '« dites-le nous une fois »',
      'a  <b> & c',
      '  d',
      '',
      'Coût : 2 * 3 M€ barré x = 1\n# pas un titre',
    ]);
    const h = findAll(pkg.content, 'text:h');
    expect(h[0].attrs['@_text:outline-level']).toBe('2');
    const spans = findAll(pkg.content, 'text:span').map((s) => [s.attrs['@_text:style-name'], textOf(s.children)]);
    expect(spans).toEqual(expect.arrayContaining([['T_b', 'dispositif commun'], ['T_i', 'souple'], ['T_s', 'barré'], ['T_c', 'x = 1']]));
    expect(pkg.xml['content.xml']).toMatch(/style:name="T_b" style:family="text"><style:text-properties fo:font-weight="bold"/);
    const links = findAll(pkg.content, 'text:a');
    expect(links.map((l) => [l.attrs['@_xlink:href'], textOf(l.children)])).toEqual([['https://franceconnect.gouv.fr/', 'FranceConnect']]);
    const lists = findAll(pkg.content, 'text:list');
    expect(lists.map((l) => l.attrs['@_text:style-name'])).toEqual(['L_Bullets', 'L_Numbers']);
    expect(findAll(lists[1].children, 'text:list-item')[0].attrs['@_text:start-value']).toBe('3');
  });

  it('renders the minutes with their tables, and escapes hostile text', async () => {
    const data: MinutesData = {
      session: { id: 's', title: 'Atelier <n° 2> & co', startsAt: new Date('2026-03-10T09:00:00Z'), endsAt: new Date('2026-03-10T12:00:00Z'), phase: 'closed', agenda: [{ recommendationId: 'r1', minutes: 40 }] },
      group: { id: 'g', title: 'Groupe\u0001 « Échanges »' },
      recommendations: new Map([['r1', { id: 'r1', title: 'Identité ]]> numérique', status: 'adopted', horizon: 'structuring' }]]),
      votes: [],
      positions: [],
      generatedAt: new Date('2026-03-12T08:00:00Z'),
    };
    const pkg = await readOdt(await toOdt(buildMinutes(data), 'Compte rendu'));
    expect(pkg.paragraphs[0]).toBe('Compte rendu — Atelier <n° 2> & co');
    expect(pkg.paragraphs).toContain('Groupe de travail : Groupe « Échanges »');
    const tables = findAll(pkg.content, 'table:table');
    expect(tables).toHaveLength(1);
    const rows = findAll(tables[0].children, 'table:table-row').map((r) => findAll(r.children, 'table:table-cell').map((c) => textOf(c.children)));
    expect(rows).toEqual([
      ['N°', 'Recommandation', 'Horizon', 'Statut', 'Durée'],
      ['1', 'Identité ]]> numérique', 'mesure structurante', 'adoptée', '40 min'],
    ]);
    expect(findAll(tables[0].children, 'table:table-header-rows')).toHaveLength(1);
  });

  it('escapes XML and drops what XML cannot hold', () => {
    expect(escapeXml('a<b>&"c"\u0000\u0007\ud800x\ufffe😀')).toBe('a&lt;b&gt;&amp;&quot;c&quot;x😀');
  });
});

describe('PDF of a document', () => {
  it('renders every kind of block', async () => {
    const blocks: DocBlock[] = [...proseMirrorToBlocks(DRAFT as any), { kind: 'table', head: ['a', 'b'], rows: [['1', '2']] }, { kind: 'ul', items: [['x']] }];
    const pdf = await toPdfDocument(blocks, 'Titre');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
