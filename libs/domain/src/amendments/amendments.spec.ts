import * as fc from 'fast-check';
import { proseMirrorToMarkdown, PmNode } from '../markdown';
import {
  alignRuns,
  applyReplacements,
  conflictsWith,
  examinationOrder,
  lapsedBy,
  locateRange,
  rangesOverlap,
  sentenceRanges,
  unescapeMarkdown,
} from './index';

const amendment = (id: string, start: number, end: number, replacement = '', createdAt = 0) => ({ id, start, end, replacement, createdAt });

describe('amendment ranges', () => {
  it('overlap: shared code units, insertions strictly inside, two insertions at one point', () => {
    expect(rangesOverlap({ start: 0, end: 5 }, { start: 4, end: 8 })).toBe(true);
    expect(rangesOverlap({ start: 0, end: 5 }, { start: 5, end: 8 })).toBe(false);
    expect(rangesOverlap({ start: 3, end: 3 }, { start: 0, end: 5 })).toBe(true);
    expect(rangesOverlap({ start: 5, end: 5 }, { start: 0, end: 5 })).toBe(false);
    expect(rangesOverlap({ start: 5, end: 5 }, { start: 5, end: 5 })).toBe(true);
  });

  it('examination order: by start, the one that changes most first within overlapping ones, then the oldest', () => {
    const a = amendment('a', 30, 40, 'x', 1);
    const b = amendment('b', 0, 4, 'y', 2);
    const c = amendment('c', 2, 10, 'long replacement', 3); // overlaps b, changes more
    const d = amendment('d', 32, 38, 'abcdefghij', 0); // overlaps a: weight 16 vs 11
    const e = amendment('e', 32, 38, 'abcdefghij', -1); // same weight as d, older
    expect(examinationOrder([a, b, c, d, e]).map((x) => x.id)).toEqual(['c', 'b', 'e', 'd', 'a']);
  });

  it('conflicts and lapse only concern submitted amendments', () => {
    const all = [
      { id: 'a', start: 0, end: 10, status: 'submitted' as const },
      { id: 'b', start: 5, end: 15, status: 'submitted' as const },
      { id: 'c', start: 8, end: 9, status: 'withdrawn' as const },
      { id: 'd', start: 20, end: 25, status: 'submitted' as const },
    ];
    expect(conflictsWith(all[0], all)).toEqual(['b']);
    expect(lapsedBy(all[1], all)).toEqual(['a']);
  });

  it('examination order is a deterministic permutation, groups of overlapping amendments by their first start', () => {
    const arb = fc.array(
      fc.record({ start: fc.nat(100), len: fc.nat(20), replacement: fc.string({ maxLength: 10 }), createdAt: fc.nat(1000) }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, (raw) => {
        const items = raw.map((r, i) => amendment(`id${String(i).padStart(2, '0')}`, r.start, r.start + r.len, r.replacement, r.createdAt));
        const order = examinationOrder(items);
        expect(order.map((x) => x.id).sort()).toEqual(items.map((x) => x.id).sort());
        // deterministic whatever the input order
        expect(examinationOrder([...items].reverse()).map((x) => x.id)).toEqual(order.map((x) => x.id));
        // groups of overlapping amendments come in the order of their first start
        const groupStart = (x: { id: string }) => Math.min(...items.filter((z) => chained(items, x, z)).map((z) => z.start));
        for (let i = 1; i < order.length; i++) {
          expect(groupStart(order[i - 1])).toBeLessThanOrEqual(groupStart(order[i]));
        }
      }),
    );
  });

  it('applyReplacements applies non-overlapping ranges at their original offsets', () => {
    expect(applyReplacements('Le chat dort.', [amendment('a', 3, 7, 'chien'), amendment('b', 8, 12, 'mange')])).toBe('Le chien mange.');
    expect(() => applyReplacements('abc', [amendment('a', 0, 2), amendment('b', 1, 3)])).toThrow(RangeError);
  });

  it('splits sentences', () => {
    const text = 'Première phrase. Deuxième ! Et la troisième…\n\n# Titre\n\n- un point';
    expect(sentenceRanges(text).map((r) => text.slice(r.start, r.end))).toEqual([
      'Première phrase.',
      'Deuxième !',
      'Et la troisième…',
      '# Titre',
      '- un point',
    ]);
  });

  it('unescapes Markdown escapes', () => {
    expect(unescapeMarkdown('a \\*b\\* c\\\\d')).toBe('a *b* c\\d');
  });
});

/** Whether x and y are in one group of overlapping ranges (connected through others). */
function chained(items: { id: string; start: number; end: number }[], x: { id: string }, y: { id: string }): boolean {
  const seen = new Set([x.id]);
  const queue = [x.id];
  while (queue.length) {
    const next = queue.shift();
    const cur = items.find((i) => i.id === next)!;
    for (const o of items) {
      if (seen.has(o.id) || !rangesOverlap(cur, o)) continue;
      seen.add(o.id);
      queue.push(o.id);
    }
  }
  return seen.has(y.id);
}

// ------------------------------------------------------------------------------------------------
// The position mapping, end to end on rendered documents

const word = fc.stringMatching(/^[a-zA-Zéèàç,;']{1,8}$/);
const phrase = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const docArb = fc.array(
  fc.record({ kind: fc.constantFrom('paragraph', 'heading', 'item'), text: phrase, bold: fc.boolean() }),
  { minLength: 1, maxLength: 6 },
);

function render(blocks: { kind: string; text: string; bold: boolean }[]): string {
  const nodes: PmNode[] = blocks.map((b) => {
    const text: PmNode = { type: 'text', text: b.text, ...(b.bold ? { marks: [{ type: 'bold' }] } : {}) };
    if (b.kind === 'heading') return { type: 'heading', attrs: { level: 2 }, content: [text] };
    if (b.kind === 'item') return { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text] }] }] };
    return { type: 'paragraph', content: [text] };
  });
  return proseMirrorToMarkdown({ type: 'doc', content: nodes });
}

describe('position mapping (Markdown → text runs)', () => {
  it('maps every character of plain runs to itself', () => {
    const md = render([{ kind: 'paragraph', text: 'a *b* c', bold: true }]);
    expect(md).toBe('**a \\*b\\* c**\n');
    const [offsets] = alignRuns(md, ['a *b* c']);
    expect(offsets.map((o) => md[o]).join('')).toBe('a *b* c');
  });

  it('replacing inside runs then re-rendering gives the replacements applied to the Markdown', () => {
    fc.assert(
      fc.property(
        docArb,
        fc.array(fc.record({ block: fc.nat(), a: fc.nat(), b: fc.nat(), replacement: phrase }), { maxLength: 4 }),
        (blocks, picks) => {
          const md = render(blocks);
          const runs = blocks.map((b) => b.text);
          const offsets = alignRuns(md, runs);
          // ranges inside one block's text, in Markdown offsets, not overlapping each other
          const chosen: { start: number; end: number; replacement: string; run: number; from: number; to: number }[] = [];
          for (const p of picks) {
            const run = p.block % runs.length;
            const len = runs[run].length;
            const from = p.a % (len + 1);
            const to = from + (p.b % (len - from + 1));
            const start = from < len ? offsets[run][from] : offsets[run][len - 1] + 1;
            const end = to === from ? start : offsets[run][to - 1] + 1;
            const next = { start, end, replacement: p.replacement, run, from, to };
            if (chosen.some((c) => c.run === run && Math.max(c.from, from) <= Math.min(c.to, to))) continue;
            chosen.push(next);
          }
          // the edited runs must stay renderable the same way (no leading/trailing spaces, not empty)
          const edited = runs.map((text, r) => {
            const mine = chosen.filter((c) => c.run === r).map((c) => ({ start: c.from, end: c.to, replacement: c.replacement }));
            return applyReplacements(text, mine);
          });
          fc.pre(edited.every((t) => t.length > 0 && t.trim() === t && !/\s\s/.test(t)));
          // map back through locateRange and apply on the runs
          const viaMap = runs.map((t) => t.split(''));
          const located = chosen.map((c) => ({ c, loc: locateRange(offsets, c.start, c.end)! }));
          for (const { c, loc } of located.sort((x, y) => y.c.start - x.c.start)) {
            expect(loc.slices.length).toBeLessThanOrEqual(1);
            const at = loc.insertAt;
            const to = loc.slices[0]?.to ?? at.at;
            viaMap[at.run].splice(at.at, to - at.at, ...unescapeMarkdown(c.replacement).split(''));
          }
          const merged = render(blocks.map((b, i) => ({ ...b, text: viaMap[i].join('') })));
          expect(merged).toBe(applyReplacements(md, chosen));
        },
      ),
      { numRuns: 300 },
    );
  });
});
