import * as fc from 'fast-check';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { escapeText, PmMark, PmNode, proseMirrorToMarkdown, yXmlFragmentToProseMirror } from './markdown';

const t = (text: string, ...marks: (string | PmMark)[]): PmNode => ({
  type: 'text',
  text,
  ...(marks.length ? { marks: marks.map((m) => (typeof m === 'string' ? { type: m } : m)) } : {}),
});
const p = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const h = (level: number, ...content: PmNode[]): PmNode => ({ type: 'heading', attrs: { level }, content });
const li = (...content: PmNode[]): PmNode => ({ type: 'listItem', content });
const ul = (...items: PmNode[]): PmNode => ({ type: 'bulletList', content: items });
const ol = (start: number, ...items: PmNode[]): PmNode => ({ type: 'orderedList', attrs: { start }, content: items });
const doc = (...content: PmNode[]): PmNode => ({ type: 'doc', content });
const br: PmNode = { type: 'hardBreak' };
const link = (href: string): PmMark => ({ type: 'link', attrs: { href, target: '_blank' } });
const md = (...content: PmNode[]) => proseMirrorToMarkdown(doc(...content));

describe('proseMirrorToMarkdown', () => {
  it('renders an empty document as an empty string', () => {
    expect(md()).toBe('');
    expect(md(p())).toBe('');
    expect(md(p(t('   ')))).toBe('');
  });

  it('renders headings h1 to h6 and paragraphs separated by blank lines', () => {
    expect(md(h(1, t('Titre')), p(t('Un paragraphe.')), h(6, t('Petit')))).toBe('# Titre\n\nUn paragraphe.\n\n###### Petit\n');
    expect(md(h(9, t('x')), h(0, t('y')))).toBe('###### x\n\n# y\n');
    expect(md({ type: 'heading', content: [t('sans niveau')] })).toBe('# sans niveau\n');
  });

  it('renders bold, italic, strike, inline code and links', () => {
    expect(md(p(t('un '), t('gras', 'bold'), t(' et '), t('italique', 'italic'), t(' et '), t('barré', 'strike')))).toBe(
      'un **gras** et *italique* et ~~barré~~\n',
    );
    expect(md(p(t('voir '), t('le site', link('https://www.numerique.gouv.fr/')), t('.')))).toBe('voir [le site](https://www.numerique.gouv.fr/).\n');
    expect(md(p(t('appeler '), t('npm start', 'code')))).toBe('appeler `npm start`\n');
    expect(md(p(t('a `tick`', 'code')))).toBe('`` a `tick` ``\n');
  });

  it('keeps marks open across text nodes and nests them deterministically', () => {
    expect(md(p(t('a ', 'italic'), t('b', 'italic', 'bold'), t(' c', 'italic')))).toBe('*a **b** c*\n');
    expect(md(p(t('lien gras', 'bold', link('https://a.fr'))))).toBe('[**lien gras**](https://a.fr)\n');
    // the order of the marks in the input does not matter
    expect(md(p(t('x', 'italic', 'bold')))).toBe(md(p(t('x', 'bold', 'italic'))));
  });

  it('moves the whitespace at the edges of a marked run outside its delimiters', () => {
    expect(md(p(t('avant'), t(' gras ', 'bold'), t('après')))).toBe('avant **gras** après\n');
    expect(md(p(t('x'), t('  ', 'bold'), t('y')))).toBe('x  y\n');
  });

  it('renders hard breaks as a backslash at the end of the line, and as a space in headings', () => {
    expect(md(p(t('ligne 1'), br, t('ligne 2')))).toBe('ligne 1\\\nligne 2\n');
    expect(md(p(t('fin'), br, br))).toBe('fin\n');
    expect(md(h(2, t('a'), br, t('b')))).toBe('## a b\n');
    expect(md(p(t('gras', 'bold'), br, t('suite', 'bold')))).toBe('**gras**\\\n**suite**\n');
  });

  it('renders nested bullet and ordered lists', () => {
    const out = md(
      ul(li(p(t('un'))), li(p(t('deux')), ul(li(p(t('deux-a'))), li(p(t('deux-b')))))),
      ol(3, li(p(t('trois'))), li(p(t('quatre')), ol(1, li(p(t('quatre-1')))))),
    );
    expect(out).toBe('- un\n- deux\n  - deux-a\n  - deux-b\n\n3. trois\n4. quatre\n   1. quatre-1\n');
  });

  it('keeps two consecutive lists apart by changing the marker', () => {
    expect(md(ul(li(p(t('a')))), ul(li(p(t('b')))), ul(li(p(t('c')))))).toBe('- a\n\n* b\n\n- c\n');
    expect(md(ol(1, li(p(t('a')))), ol(1, li(p(t('b')))))).toBe('1. a\n\n1) b\n');
  });

  it('indents the continuation of a list item (several paragraphs, code)', () => {
    const out = md(ol(9, li(p(t('neuf'))), li(p(t('dix')), p(t('suite')), { type: 'codeBlock', content: [t('x = 1')] })));
    expect(out).toBe('9. neuf\n10. dix\n\n    suite\n\n    ```\n    x = 1\n    ```\n');
    expect(md(ul(li()))).toBe('-\n');
  });

  it('renders blockquotes, nested ones too', () => {
    expect(md({ type: 'blockquote', content: [p(t('cité')), p(t('encore'))] })).toBe('> cité\n>\n> encore\n');
    expect(md({ type: 'blockquote', content: [{ type: 'blockquote', content: [p(t('deep'))] }] })).toBe('> > deep\n');
    expect(md({ type: 'blockquote', content: [ul(li(p(t('a'))))] })).toBe('> - a\n');
  });

  it('renders code blocks with a language and a fence longer than any backtick run', () => {
    expect(md({ type: 'codeBlock', attrs: { language: 'ts' }, content: [t('const a = 1;\n**pas du gras**')] })).toBe(
      '```ts\nconst a = 1;\n**pas du gras**\n```\n',
    );
    expect(md({ type: 'codeBlock', content: [t('````')] })).toBe('`````\n````\n`````\n');
    expect(md({ type: 'codeBlock', attrs: { language: 'bad lang`' }, content: [] })).toBe('```\n```\n');
  });

  it('renders horizontal rules', () => {
    expect(md(p(t('a')), { type: 'horizontalRule' }, p(t('b')))).toBe('a\n\n---\n\nb\n');
  });

  it('escapes what Markdown would read as syntax', () => {
    expect(md(p(t('a *b* _c_ `d` [e](f) <g> \\ ~h~ | i & j &amp;')))).toBe('a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g> \\\\ \\~h\\~ \\| i & j \\&amp;\n');
    expect(md(p(t('# pas un titre')))).toBe('\\# pas un titre\n');
    expect(md(p(t('- pas une liste')), p(t('+ non plus')), p(t('> pas une citation')))).toBe('\\- pas une liste\n\n\\+ non plus\n\n\\> pas une citation\n');
    expect(md(p(t('2026. Une année')), p(t('1) non')))).toBe('2026\\. Une année\n\n1\\) non\n');
    expect(md(p(t('---')), p(t('===')))).toBe('\\---\n\n\\===\n');
    expect(md(p(t('a'), br, t('- b'), br, t('1. c')))).toBe('a\\\n\\- b\\\n1\\. c\n');
    expect(md(h(2, t('C# et F#')))).toBe('## C\\# et F\\#\n');
    // mid-line, a # or a - is plain text
    expect(md(p(t('n° 3 - # ok')))).toBe('n° 3 - # ok\n');
    expect(md(p(t('    indenté')))).toBe('indenté\n');
  });

  it('writes link destinations safely and drops unsafe links', () => {
    expect(md(p(t('x', link('https://a.fr/a b(c)'))))).toBe('[x](<https://a.fr/a b(c)>)\n');
    expect(md(p(t('x', link('https://a.fr/<script>'))))).toBe('[x](<https://a.fr/%3Cscript%3E>)\n');
    expect(md(p(t('clic', link('javascript:alert(1)'))))).toBe('clic\n');
    expect(md(p(t('vide', { type: 'link', attrs: {} })))).toBe('vide\n');
  });

  it('ignores unknown marks and renders unknown nodes by their content', () => {
    expect(md(p(t('souligné', 'underline')))).toBe('souligné\n');
    expect(md({ type: 'table', content: [{ type: 'tableRow', content: [p(t('cellule'))] }] })).toBe('cellule\n');
    expect(md({ type: 'image', attrs: { src: 'x.png' } })).toBe('');
    expect(md(t('texte nu'))).toBe('texte nu\n');
  });

  it('never throws on malformed trees', () => {
    const weird = [
      { type: 'doc', content: [null, 1, 'x', { type: 'paragraph', content: [{ type: 'text' }, { type: 'text', text: 5 }] }] },
      { type: 'doc', content: 'nope' },
      { type: 'heading', attrs: null, content: [{ type: 'text', text: 'x', marks: [null, { type: 'link', attrs: 3 }] }] },
      { type: 'orderedList', attrs: { start: -4 }, content: [{ type: 'listItem' }] },
    ];
    for (const w of weird) expect(() => proseMirrorToMarkdown(w as unknown as PmNode)).not.toThrow();
    let deep: PmNode = p(t('fond'));
    for (let i = 0; i < 5000; i++) deep = { type: 'blockquote', content: [deep] };
    expect(() => proseMirrorToMarkdown(doc(deep))).not.toThrow();
  });

  it('escapeText leaves plain French text alone', () => {
    expect(escapeText("L'État et les collectivités : 3 axes, 12 mesures (2026-2027) !", true)).toBe(
      "L'État et les collectivités : 3 axes, 12 mesures (2026-2027) !",
    );
  });
});

describe('yXmlFragmentToProseMirror', () => {
  const schema = getSchema([StarterKit]);

  it('reads the Yjs form that y-tiptap writes back into the same ProseMirror JSON', () => {
    const json = doc(
      h(2, t('Titre')),
      p(t('du '), t('gras', 'bold'), t(' et un '), t('lien', link('https://a.fr')), br, t('fin')),
      ol(3, li(p(t('un'))), li(p(t('deux')), ul(li(p(t('deux-a')))))),
      { type: 'blockquote', content: [p(t('cité', 'italic'))] },
      { type: 'codeBlock', attrs: { language: 'sql' }, content: [t('SELECT 1;')] },
      { type: 'horizontalRule' },
    );
    const ydoc = new Y.Doc();
    prosemirrorJSONToYXmlFragment(schema, json, ydoc.getXmlFragment('default'));
    // through an update, as the API reads the stored draft
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
    const back = yXmlFragmentToProseMirror(copy.getXmlFragment('default'));
    expect(proseMirrorToMarkdown(back)).toBe(proseMirrorToMarkdown(json));
    expect(proseMirrorToMarkdown(back)).toBe(
      '## Titre\n\ndu **gras** et un [lien](https://a.fr)\\\nfin\n\n3. un\n4. deux\n   - deux-a\n\n> *cité*\n\n```sql\nSELECT 1;\n```\n\n---\n',
    );
  });

  it('strips the hash y-prosemirror appends to overlapping mark names', () => {
    const ydoc = new Y.Doc();
    const frag = ydoc.getXmlFragment('default');
    const para = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    para.insert(0, [text]);
    frag.insert(0, [para]);
    text.insert(0, 'commenté', { 'bold--AbCd1234': {} });
    expect(proseMirrorToMarkdown(yXmlFragmentToProseMirror(frag))).toBe('**commenté**\n');
  });

  it('gives an empty document for an empty fragment', () => {
    expect(yXmlFragmentToProseMirror(new Y.Doc().getXmlFragment('default'))).toEqual({ type: 'doc', content: [] });
  });
});

// --- properties ---------------------------------------------------------------------------------

const markArb: fc.Arbitrary<PmMark> = fc.oneof(
  fc.constantFrom<PmMark>({ type: 'bold' }, { type: 'italic' }, { type: 'strike' }, { type: 'code' }, { type: 'underline' }),
  fc.record({ type: fc.constant('link'), attrs: fc.record({ href: fc.oneof(fc.webUrl(), fc.string()) }) }),
);
const textArb: fc.Arbitrary<PmNode> = fc.record({
  type: fc.constant('text'),
  text: fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'é', ' ', '*', '_', '#', '-', '1', '.', '`', '[', ']', '\\', '<', '&', '\n', '~', '>') }),
  marks: fc.uniqueArray(markArb, { maxLength: 3, selector: (m) => m.type }),
});
const inlineArb: fc.Arbitrary<PmNode> = fc.oneof({ weight: 5, arbitrary: textArb }, { weight: 1, arbitrary: fc.constant<PmNode>({ type: 'hardBreak' }) });

const { block: blockArb } = fc.letrec<{ block: PmNode }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('paragraph'), content: fc.array(inlineArb, { maxLength: 6 }) }),
    fc.record({ type: fc.constant('heading'), attrs: fc.record({ level: fc.integer({ min: -1, max: 8 }) }), content: fc.array(inlineArb, { maxLength: 4 }) }),
    fc.record({ type: fc.constant('codeBlock'), attrs: fc.record({ language: fc.string({ maxLength: 5 }) }), content: fc.array(textArb, { maxLength: 3 }) }),
    fc.constant<PmNode>({ type: 'horizontalRule' }),
    fc.record({ type: fc.constant('blockquote'), content: fc.array(tie('block'), { maxLength: 3 }) }),
    fc.record({
      type: fc.constantFrom('bulletList', 'orderedList'),
      attrs: fc.record({ start: fc.integer({ min: -2, max: 20 }) }),
      content: fc.array(fc.record({ type: fc.constant('listItem'), content: fc.array(tie('block'), { maxLength: 3 }) }), { maxLength: 3 }),
    }),
  ),
}));
const docArb = fc.record({ type: fc.constant('doc'), content: fc.array(blockArb, { maxLength: 5 }) });

/** Documents valid for Tiptap's StarterKit schema (code excludes other marks, list items start with a paragraph...). */
const editorTextArb: fc.Arbitrary<PmNode> = fc.record({
  type: fc.constant('text'),
  text: fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'é', ' ', '*', '#', '-', '1', '.', '`', '\\', '<', '&') }),
  marks: fc.oneof(
    fc.constant<PmMark[]>([{ type: 'code' }]),
    fc.uniqueArray(
      fc.oneof(fc.constantFrom<PmMark>({ type: 'bold' }, { type: 'italic' }, { type: 'strike' }), fc.record({ type: fc.constant('link'), attrs: fc.record({ href: fc.webUrl() }) })),
      { maxLength: 3, selector: (m) => m.type },
    ),
  ),
});
const editorInlineArb = fc.oneof({ weight: 5, arbitrary: editorTextArb }, { weight: 1, arbitrary: fc.constant<PmNode>({ type: 'hardBreak' }) });
const editorParagraphArb = fc.record({ type: fc.constant('paragraph'), content: fc.array(editorInlineArb, { maxLength: 5 }) });
const { block: editorBlockArb } = fc.letrec<{ block: PmNode }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    editorParagraphArb,
    fc.record({ type: fc.constant('heading'), attrs: fc.record({ level: fc.integer({ min: 1, max: 6 }) }), content: fc.array(editorInlineArb, { maxLength: 4 }) }),
    fc.record({
      type: fc.constant('codeBlock'),
      attrs: fc.record({ language: fc.constantFrom(null, 'ts', 'sql') }),
      content: fc.array(fc.record({ type: fc.constant('text'), text: fc.string({ minLength: 1, maxLength: 10 }) }), { maxLength: 2 }),
    }),
    fc.constant<PmNode>({ type: 'horizontalRule' }),
    fc.record({ type: fc.constant('blockquote'), content: fc.array(tie('block'), { minLength: 1, maxLength: 3 }) }),
    fc.record({
      type: fc.constantFrom('bulletList', 'orderedList'),
      content: fc.array(
        fc.record({ type: fc.constant('listItem'), content: fc.tuple(editorParagraphArb, fc.array(tie('block'), { maxLength: 2 })).map(([first, rest]) => [first, ...rest]) }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  ),
}));
const editorDocArb = fc.record({ type: fc.constant('doc'), content: fc.array(editorBlockArb, { minLength: 1, maxLength: 5 }) });

describe('proseMirrorToMarkdown properties', () => {
  it('is deterministic and never throws on arbitrary trees of known node types', () => {
    fc.assert(
      fc.property(docArb, (tree) => {
        const a = proseMirrorToMarkdown(tree);
        const b = proseMirrorToMarkdown(structuredClone(tree));
        expect(a).toBe(b);
        expect(typeof a).toBe('string');
        if (a) expect(a.endsWith('\n') && !a.endsWith('\n\n')).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same Markdown for an editor document and its round trip through Yjs', () => {
    const schema = getSchema([StarterKit]);
    fc.assert(
      fc.property(editorDocArb, (tree) => {
        const node = schema.nodeFromJSON(tree);
        node.check(); // a document the editor itself could hold
        const ydoc = new Y.Doc();
        prosemirrorJSONToYXmlFragment(schema, node.toJSON(), ydoc.getXmlFragment('default'));
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
        expect(proseMirrorToMarkdown(yXmlFragmentToProseMirror(copy.getXmlFragment('default')))).toBe(proseMirrorToMarkdown(node.toJSON()));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves no unescaped Markdown punctuation in plain text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const out = md(p(t(s)));
        // every *, _, `, [, ], <, ~, | in the output is preceded by a backslash
        const unescaped = out.replace(/\\[\s\S]/g, '').match(/[*_`[\]<~|]/);
        expect(unescaped).toBeNull();
      }),
    );
  });
});
