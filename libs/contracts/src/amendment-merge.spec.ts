import * as fc from 'fast-check';
import * as Y from 'yjs';
import { alignRuns, applyReplacements, proseMirrorToMarkdown, yXmlFragmentToProseMirror } from '@app/domain';
import { anchorsFor, DRAFT_FRAGMENT_NAME, mergeAmendments, MergeItem, runString, textRuns } from './amendment-merge';

/** A draft as y-prosemirror stores it: one element per block, the text in a Y.XmlText with marks as attributes. */
function draft(blocks: { kind: string; text: string; bold?: boolean }[]): Y.Doc {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DRAFT_FRAGMENT_NAME);
  doc.transact(() => {
    for (const b of blocks) {
      const el = new Y.XmlElement(b.kind === 'heading' ? 'heading' : 'paragraph');
      if (b.kind === 'heading') el.setAttribute('level', '2' as never);
      const text = new Y.XmlText();
      el.insert(0, [text]);
      fragment.push([el]);
      text.insert(0, b.text, b.bold ? { bold: true } : {});
    }
  });
  return doc;
}

const markdownOf = (doc: Y.Doc) => proseMirrorToMarkdown(yXmlFragmentToProseMirror(doc.getXmlFragment(DRAFT_FRAGMENT_NAME)));

/** The live draft: another replica of the frozen state (as the realtime service holds it). */
function replica(doc: Y.Doc): Y.Doc {
  const live = new Y.Doc();
  Y.applyUpdate(live, Y.encodeStateAsUpdate(doc));
  return live;
}

function mergeInto(live: Y.Doc, items: MergeItem[]) {
  const updates: Uint8Array[] = [];
  const outcome = mergeAmendments(live, items, (_a, u) => updates.push(u));
  return { outcome, updates };
}

describe('amendment anchors and merge (Yjs)', () => {
  it('merges at the right place after unrelated edits, and skips an amendment whose text is gone', () => {
    const frozen = draft([
      { kind: 'heading', text: 'Titre' },
      { kind: 'paragraph', text: 'Le chat dort sur le tapis.' },
      { kind: 'paragraph', text: 'Il fait beau.' },
    ]);
    const md = markdownOf(frozen);
    expect(md).toBe('## Titre\n\nLe chat dort sur le tapis.\n\nIl fait beau.\n');
    const state = Y.encodeStateAsUpdate(frozen);
    const chat = md.indexOf('chat');
    const beau = md.indexOf('beau');
    const a: MergeItem = { id: 'a', authorId: 'u1', replacement: 'chien', anchors: anchorsFor(state, md, chat, chat + 4) };
    const b: MergeItem = { id: 'b', authorId: 'u2', replacement: 'froid', anchors: anchorsFor(state, md, beau, beau + 4) };
    const live = replica(frozen);
    // unrelated live edits: a new first paragraph, text added before "chat", and "beau" rewritten
    const runs = textRuns(live.getXmlFragment(DRAFT_FRAGMENT_NAME));
    live.transact(() => {
      runs[1].insert(0, 'Aujourd’hui, ');
      runs[2].delete(8, 4);
      runs[2].insert(8, 'gris');
      const el = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      el.insert(0, [t]);
      live.getXmlFragment(DRAFT_FRAGMENT_NAME).insert(0, [el]);
      t.insert(0, 'Préambule.');
    });
    const { outcome, updates } = mergeInto(live, [a, b]);
    expect(outcome.merged.map((m) => m.id)).toEqual(['a']);
    expect(outcome.skipped).toEqual([{ id: 'b', reason: expect.stringContaining('n’est plus dans le brouillon') }]);
    expect(updates).toHaveLength(1);
    expect(markdownOf(live)).toBe('Préambule.\n\n## Titre\n\nAujourd’hui, Le chien dort sur le tapis.\n\nIl fait gris.\n');
    // the update carries the change to another replica
    const other = replica(frozen);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
    expect(markdownOf(other)).toBe(markdownOf(live));
  });

  it('an amendment over two paragraphs empties the second range and keeps the replacement in the first; a deleted paragraph is skipped', () => {
    const frozen = draft([
      { kind: 'paragraph', text: 'Un deux trois.' },
      { kind: 'paragraph', text: 'Quatre cinq.' },
      { kind: 'paragraph', text: 'Six.' },
    ]);
    const md = markdownOf(frozen);
    const state = Y.encodeStateAsUpdate(frozen);
    const across: MergeItem = { id: 'x', authorId: 'u', replacement: 'deux, quatre', anchors: anchorsFor(state, md, md.indexOf('deux'), md.indexOf('cinq')) };
    const gone: MergeItem = { id: 'g', authorId: 'u', replacement: 'Sept.', anchors: anchorsFor(state, md, md.indexOf('Six.'), md.indexOf('Six.') + 4) };
    const live = replica(frozen);
    live.getXmlFragment(DRAFT_FRAGMENT_NAME).delete(2, 1);
    const { outcome } = mergeInto(live, [across, gone]);
    expect(outcome.merged.map((m) => m.id)).toEqual(['x']);
    expect(outcome.skipped.map((s) => s.id)).toEqual(['g']);
    expect(markdownOf(live)).toBe('Un deux, quatre\n\ncinq.\n');
  });

  it('keeps the formatting of the replaced text and inserts at a point', () => {
    const frozen = draft([{ kind: 'paragraph', text: 'important', bold: true }]);
    const md = markdownOf(frozen);
    expect(md).toBe('**important**\n');
    const state = Y.encodeStateAsUpdate(frozen);
    const live = replica(frozen);
    const { outcome } = mergeInto(live, [
      { id: 'r', authorId: 'u', replacement: 'essentiel', anchors: anchorsFor(state, md, 2, 11) },
    ]);
    expect(outcome.merged).toHaveLength(1);
    expect(markdownOf(live)).toBe('**essentiel**\n');
    const live2 = replica(frozen);
    mergeInto(live2, [{ id: 'i', authorId: 'u', replacement: 'très ', anchors: anchorsFor(state, md, 2, 2) }]);
    expect(markdownOf(live2)).toBe('**très important**\n');
  });

  // The property of the issue: random documents, random non-overlapping amendments, nothing else
  // moved: merging gives the frozen Markdown with the replacements applied.
  const word = fc.stringMatching(/^[a-zA-Zéèàç,;']{1,8}$/);
  const phrase = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
  it('merging = applying the replacements to the frozen text (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('paragraph', 'heading'), text: phrase, bold: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ block: fc.nat(), a: fc.nat(), b: fc.nat(), replacement: fc.oneof(phrase, fc.constant('')) }), { maxLength: 5 }),
        (blocks, picks) => {
          const frozen = draft(blocks);
          const md = markdownOf(frozen);
          const state = Y.encodeStateAsUpdate(frozen);
          const runs = textRuns(frozen.getXmlFragment(DRAFT_FRAGMENT_NAME)).map(runString);
          const offsets = alignRuns(md, runs);
          const chosen: { start: number; end: number; replacement: string; run: number; from: number; to: number }[] = [];
          for (const p of picks) {
            const run = p.block % runs.length;
            const len = runs[run].length;
            const from = p.a % (len + 1);
            const to = from + (p.b % (len - from + 1));
            if (from === to && p.replacement === '') continue;
            const start = from < len ? offsets[run][from] : offsets[run][len - 1] + 1;
            const end = to === from ? start : offsets[run][to - 1] + 1;
            if (chosen.some((c) => c.run === run && Math.max(c.from, from) <= Math.min(c.to, to))) continue;
            chosen.push({ start, end, replacement: p.replacement, run, from, to });
          }
          const edited = runs.map((t, r) =>
            applyReplacements(
              t,
              chosen.filter((c) => c.run === r).map((c) => ({ start: c.from, end: c.to, replacement: c.replacement })),
            ),
          );
          // a run the renderer would show differently (empty, edge or double spaces) is not "the same text"
          fc.pre(edited.every((t) => t.length > 0 && t.trim() === t && !/\s\s/.test(t)));
          const live = replica(frozen);
          const items = chosen.map((c, i) => ({ id: `a${i}`, authorId: 'u', replacement: c.replacement, anchors: anchorsFor(state, md, c.start, c.end) }));
          const { outcome } = mergeInto(live, items);
          expect(outcome.skipped).toEqual([]);
          expect(markdownOf(live)).toBe(applyReplacements(md, chosen));
        },
      ),
      { numRuns: 200 },
    );
  });
});
