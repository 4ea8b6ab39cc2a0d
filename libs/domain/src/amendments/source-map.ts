/**
 * Position mapping between a frozen version's Markdown and the text runs of the Yjs document it
 * was rendered from (the Y.XmlText nodes of the draft, in document order).
 *
 * The Markdown renderer adds syntax (block markers, emphasis delimiters, backslash escapes) and
 * keeps the text's characters in order, so each text character is found in the Markdown by an
 * in-order alignment: it matches the next Markdown character equal to it (an escaped one, `\c`,
 * first; a newline inside a text node is rendered as a space). A character the renderer dropped
 * is left unmapped instead of derailing the rest.
 */

/** For each run, for each of its code units, its offset in the Markdown (-1: not rendered). */
export type RunOffsets = number[][];

/** How the renderer turns one text character into Markdown (see markdown.ts: newlines become spaces). */
const rendered = (c: string) => (c === '\n' || c === '\r' ? ' ' : c);

/** Bounded look-ahead so that one unmapped character costs O(window), not O(rest of the text). */
const WINDOW = 64;

export function alignRuns(markdown: string, runs: readonly string[]): RunOffsets {
  let p = 0;
  return runs.map((run) => {
    const offsets: number[] = new Array<number>(run.length).fill(-1);
    for (let i = 0; i < run.length; i++) {
      const c = rendered(run[i]);
      const limit = Math.min(markdown.length, p + WINDOW);
      let found = -1;
      for (let q = p; q < limit; q++) {
        if (markdown[q] === '\\' && markdown[q + 1] === c) {
          found = q + 1;
          break;
        }
        if (markdown[q] === c) {
          found = q;
          break;
        }
      }
      if (found >= 0) {
        offsets[i] = found;
        p = found + 1;
      }
    }
    return offsets;
  });
}

/** A part of a Markdown range inside one run: run code units [from, to). */
export interface RunSlice {
  run: number;
  from: number;
  to: number;
}

/**
 * Where a Markdown range [start, end) lies in the runs: the slices of every run whose rendered
 * characters fall in the range (in document order), or, when no rendered character falls in it
 * (an insertion, or a range of syntax only), the insertion point: before the text character
 * rendered at `start`, else after the one rendered at `start - 1`, else after the last text
 * character before `start`, else before the first one after it. Null when the document has no
 * text at all.
 */
export function locateRange(offsets: RunOffsets, start: number, end: number): { slices: RunSlice[]; insertAt: { run: number; at: number } } | null {
  const slices: RunSlice[] = [];
  let before: { run: number; at: number } | null = null;
  let after: { run: number; at: number } | null = null;
  let exactAfter: { run: number; at: number } | null = null;
  let exactBefore: { run: number; at: number } | null = null;
  offsets.forEach((run, r) => {
    let from = -1;
    let to = -1;
    run.forEach((md, i) => {
      if (md < 0) return;
      if (md === start && !exactAfter) exactAfter = { run: r, at: i };
      if (md === start - 1) exactBefore = { run: r, at: i + 1 };
      if (md < start) before = { run: r, at: i + 1 };
      else if (md >= end && !after) after = { run: r, at: i };
      if (md >= start && md < end) {
        if (from < 0) from = i;
        to = i + 1;
      }
    });
    if (from >= 0) slices.push({ run: r, from, to });
  });
  if (slices.length) return { slices, insertAt: { run: slices[0].run, at: slices[0].from } };
  // an insertion goes next to the text character it touches: the one right after, else the one right before
  const insertAt = exactAfter ?? exactBefore ?? before ?? after;
  return insertAt ? { slices, insertAt } : null;
}

/**
 * Undoes the Markdown backslash escapes of a replacement, so that the text inserted in the
 * draft renders back as the replacement (`\*` becomes `*`, which the renderer escapes again).
 */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
