import * as fc from 'fast-check';
import { DiffChange, wordDiff } from './word-diff';

const side = (changes: DiffChange[], op: 'insert' | 'delete') =>
  changes
    .filter((c) => c.op === 'equal' || c.op === op)
    .map((c) => c.text)
    .join('');

describe('wordDiff', () => {
  it('gives word-level changes', () => {
    expect(wordDiff('Le chat dort.', 'Le chien dort bien.')).toEqual([
      { op: 'equal', text: 'Le ' },
      { op: 'delete', text: 'chat' },
      { op: 'insert', text: 'chien' },
      { op: 'equal', text: ' dort' },
      { op: 'insert', text: ' bien' },
      { op: 'equal', text: '.' },
    ]);
  });

  it('handles equal and empty texts', () => {
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('même', 'même')).toEqual([{ op: 'equal', text: 'même' }]);
    expect(wordDiff('', 'nouveau')).toEqual([{ op: 'insert', text: 'nouveau' }]);
    expect(wordDiff('ancien', '')).toEqual([{ op: 'delete', text: 'ancien' }]);
  });

  it('falls back to one replacement when the texts share nothing, and stays fast on big texts', () => {
    const words = (seed: number, n: number) => Array.from({ length: n }, (_, i) => `m${(i * 7919 + seed) % 10007}`).join(' ');
    const a = words(1, 20_000);
    const b = words(2, 20_000);
    const t0 = performance.now();
    const changes = wordDiff(a, b);
    // unbounded, the Myers search on these would take minutes; a loose bound for busy machines
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(side(changes, 'delete')).toBe(a);
    expect(side(changes, 'insert')).toBe(b);
  });

  it('stays word by word for a long text with a few hundred scattered edits', () => {
    const base = Array.from({ length: 5000 }, (_, i) => `mot${i}`);
    const edited = base.map((w, i) => (i % 16 === 0 && i < 16 * 300 ? `nouveau${i}` : w));
    const changes = wordDiff(base.join(' '), edited.join(' '));
    expect(changes.filter((c) => c.op === 'delete')).toHaveLength(300);
    expect(changes.filter((c) => c.op === 'delete').every((c) => /^mot\d+$/.test(c.text))).toBe(true);
  });

  const text = fc.string({ maxLength: 60, unit: fc.constantFrom('a', 'b', 'é', ' ', '  ', '\n', '.', ',', '*', 'mot', 'État') });

  it('property: equal+delete gives a, equal+insert gives b, no empty chunk, no two neighbours of the same kind', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const changes = wordDiff(a, b);
        expect(side(changes, 'delete')).toBe(a);
        expect(side(changes, 'insert')).toBe(b);
        for (let i = 0; i < changes.length; i++) {
          expect(changes[i].text).not.toBe('');
          if (i > 0) expect(changes[i].op).not.toBe(changes[i - 1].op);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: a text compared with itself is one equal chunk; with an edit, the rest stays equal', () => {
    fc.assert(
      fc.property(text, text, text, (pre, mid, post) => {
        const a = `${pre} ${post}`;
        const b = `${pre} ${mid} ${post}`;
        expect(wordDiff(a, a).every((c) => c.op === 'equal')).toBe(true);
        const changes = wordDiff(a, b);
        expect(changes.filter((c) => c.op === 'delete').map((c) => c.text).join('').length).toBeLessThanOrEqual(a.length);
        expect(side(changes, 'insert')).toBe(b);
      }),
    );
  });
});
