import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { updateAtClock } from '../../../../test/drafts/support/crafted-updates';
import { clockProblem, DRAFT_FRAGMENT, EDITOR_MARKS, EDITOR_NODES, MAX_CLOCK, schemaProblem } from './draft-schema';

/** The web editor's schema (apps/web/src/collab/LiveEditor.tsx configures StarterKit so). */
const editorSchema = getSchema([StarterKit.configure({ undoRedo: false, heading: { levels: [2, 3, 4] }, code: false, codeBlock: false })]);

/** The problems schemaProblem finds while `update` is applied to `doc`. */
function problems(doc: Y.Doc, update: Uint8Array): (string | null)[] {
  const found: (string | null)[] = [];
  const check = (tr: Y.Transaction) => found.push(schemaProblem(tr));
  doc.on('afterTransaction', check);
  Y.applyUpdate(doc, update);
  doc.off('afterTransaction', check);
  return found;
}

const edit = (f: (doc: Y.Doc) => void): Uint8Array => {
  const doc = new Y.Doc();
  f(doc);
  return Y.encodeStateAsUpdate(doc);
};

describe('draft schema', () => {
  it('knows every node and mark of the web editor', () => {
    for (const node of Object.keys(editorSchema.nodes)) if (node !== 'doc' && node !== 'text') expect(EDITOR_NODES.has(node)).toBe(true);
    for (const mark of Object.keys(editorSchema.marks)) expect(EDITOR_MARKS.has(mark)).toBe(true);
  });

  it('accepts what the editor writes (y-prosemirror from a document using every node and mark)', () => {
    const text = (t: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
    const json = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [text('Titre')] },
        {
          type: 'paragraph',
          content: [
            text('gras ', [{ type: 'bold' }]),
            text('italique ', [{ type: 'italic' }, { type: 'underline' }]),
            text('barré', [{ type: 'strike' }]),
            { type: 'hardBreak' },
            text('lien', [{ type: 'link', attrs: { href: 'https://example.fr' } }]),
          ],
        },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('un')] }] }] },
        { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('deux')] }] }] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [text('cité')] }] },
        { type: 'horizontalRule' },
      ],
    };
    const written = prosemirrorJSONToYDoc(editorSchema, json, DRAFT_FRAGMENT);
    const update = Y.encodeStateAsUpdate(written);
    expect(problems(new Y.Doc(), update)).toEqual([null]);
    expect(clockProblem(update)).toBeNull();
    // and edits on top of it: a deletion, a formatting change
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    const p = doc.getXmlFragment(DRAFT_FRAGMENT).get(1) as Y.XmlElement;
    const t = p.get(0) as Y.XmlText;
    t.format(0, 4, { bold: null, italic: true });
    t.delete(0, 2);
    const target = new Y.Doc();
    Y.applyUpdate(target, update);
    expect(problems(target, Y.encodeStateAsUpdate(doc, before)).filter((p) => p !== null)).toEqual([]);
  });

  it('refuses what the editor cannot hold in its fragment', () => {
    const cases: [string, (doc: Y.Doc) => void][] = [
      ['a subdocument', (d) => d.getMap('ailleurs').set('sub', new Y.Doc())],
      ['a Y.Map', (d) => d.getXmlFragment(DRAFT_FRAGMENT).insert(0, [new Y.Map() as unknown as Y.XmlElement])],
      ['text at the top', (d) => d.getXmlFragment(DRAFT_FRAGMENT).insert(0, [new Y.XmlText('nu')])],
      ['an unknown element', (d) => d.getXmlFragment(DRAFT_FRAGMENT).insert(0, [new Y.XmlElement('script')])],
      [
        'an embed in a text',
        (d) => {
          const p = new Y.XmlElement('paragraph');
          const t = new Y.XmlText('a');
          p.insert(0, [t]);
          d.getXmlFragment(DRAFT_FRAGMENT).insert(0, [p]);
          t.insertEmbed(1, { image: 'x' });
        },
      ],
      [
        'an unknown mark',
        (d) => {
          const p = new Y.XmlElement('paragraph');
          p.insert(0, [new Y.XmlText('a')]);
          d.getXmlFragment(DRAFT_FRAGMENT).insert(0, [p]);
          (p.get(0) as Y.XmlText).format(0, 1, { onclick: 'x' });
        },
      ],
      [
        'a shared type as an attribute',
        (d) => {
          const p = new Y.XmlElement('paragraph');
          d.getXmlFragment(DRAFT_FRAGMENT).insert(0, [p]);
          p.setAttribute('data', new Y.Map() as unknown as string);
        },
      ],
    ];
    for (const [what, f] of cases) {
      const found = problems(new Y.Doc(), edit(f));
      expect([what, found.some((p) => p !== null)]).toEqual([what, true]);
    }
    // other root types are not the editor's business
    expect(problems(new Y.Doc(), edit((d) => d.getText('t').insert(0, 'x')))).toEqual([null]);
  });

  it('refuses clocks past 2^32', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(10));
    expect(clockProblem(Y.encodeStateAsUpdate(doc))).toBeNull();
    expect(MAX_CLOCK).toBe(2 ** 32);
    expect(clockProblem(updateAtClock(2 ** 53 - 10))).toMatch(/out of range/);
    expect(clockProblem(updateAtClock(2 ** 32 + 1))).toMatch(/out of range/);
  });
});
