import * as Y from 'yjs';
import { alignRuns, locateRange, unescapeMarkdown } from '@app/domain';

/** The Y.XmlFragment in which Tiptap's Collaboration extension keeps the live draft. */
export const DRAFT_FRAGMENT_NAME = 'default';

/**
 * Where an amendment's range lies in the live draft, as Yjs relative positions (base64): they
 * name the Yjs items of the frozen text, so they still point at that text after other passages
 * changed. Computed by the API from the version's stored Yjs state, used by the realtime service.
 */
export interface AmendmentAnchorsData {
  /** Ranges of text runs (Y.XmlText) to replace, in document order; the replacement goes at the first one's start. */
  slices: { start: string; end: string; text: string }[];
  /** The insertion point when `slices` is empty (an insertion, or a range of Markdown syntax only). */
  insertAt: string | null;
}

/** An adopted amendment sent to the realtime service to merge. */
export interface MergeItem {
  id: string;
  authorId: string;
  replacement: string;
  anchors: AmendmentAnchorsData | null;
}

export interface MergeOutcome {
  merged: { id: string; authorId: string; items: [number, number, number][] }[];
  skipped: { id: string; reason: string }[];
}

/** Placeholder for an embed in a text run: counted like Yjs counts it (1), never matched by Markdown. */
const EMBED = '\uFFFC';

/** The text runs of the draft (Y.XmlText), in the order the Markdown renderer visits them. */
export function textRuns(fragment: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = [], depth = 0): Y.XmlText[] {
  if (depth > 200) return out;
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) textRuns(child, out, depth + 1);
  }
  return out;
}

/** A run's characters, one per Yjs index. */
export function runString(run: Y.XmlText): string {
  return run
    .toDelta()
    .map((d: { insert?: unknown }) => (typeof d.insert === 'string' ? d.insert : EMBED))
    .join('');
}

/** For each Yjs index of a run, the id (client, clock) of the item holding that character. */
export function runItemIds(run: Y.XmlText): [number, number][] {
  const out: [number, number][] = [];
  for (let item = run._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    for (let i = 0; i < item.length; i++) out.push([item.id.client, item.id.clock + i]);
  }
  return out;
}

/** The formatting attributes at `index` of a run (those of the character there). */
function attributesAt(run: Y.XmlText, index: number): Record<string, unknown> {
  let at = 0;
  for (const d of run.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    const len = typeof d.insert === 'string' ? d.insert.length : 1;
    if (index < at + len) return { ...(d.attributes ?? {}) };
    at += len;
  }
  return {};
}

const encode = (rp: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rp)).toString('base64');
const decode = (s: string) => Y.decodeRelativePosition(new Uint8Array(Buffer.from(s, 'base64')));

/**
 * The anchors of the Markdown range [start, end) of a version, from the version's Yjs state and
 * Markdown. Null when the document has no text to anchor to.
 */
export function anchorsFor(state: Uint8Array, markdown: string, start: number, end: number): AmendmentAnchorsData | null {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const runs = textRuns(doc.getXmlFragment(DRAFT_FRAGMENT_NAME));
    const strings = runs.map(runString);
    const located = locateRange(alignRuns(markdown, strings), start, end);
    if (!located) return null;
    const slices = located.slices.map((s) => ({
      start: encode(Y.createRelativePositionFromTypeIndex(runs[s.run], s.from, 0)),
      end: encode(Y.createRelativePositionFromTypeIndex(runs[s.run], s.to, -1)),
      text: strings[s.run].slice(s.from, s.to),
    }));
    const { run, at } = located.insertAt;
    const insertAt = slices.length ? null : encode(Y.createRelativePositionFromTypeIndex(runs[run], at, at < strings[run].length ? 0 : -1));
    return { slices, insertAt };
  } finally {
    doc.destroy();
  }
}

interface Resolved {
  run: Y.XmlText;
  start: number;
  end: number;
}

function resolve(doc: Y.Doc, rp: string): { run: Y.XmlText; index: number } | null {
  let abs: Y.AbsolutePosition | null;
  try {
    abs = Y.createAbsolutePositionFromRelativePosition(decode(rp), doc);
  } catch {
    return null;
  }
  if (!abs || !(abs.type instanceof Y.XmlText)) return null;
  // a run whose paragraph was deleted is gone, even if its items are still in the store
  for (let t: Y.AbstractType<any> | null = abs.type; t && t._item; t = t._item.parent as Y.AbstractType<any> | null) {
    if (t._item.deleted) return null;
  }
  return { run: abs.type, index: abs.index };
}

/** Where the amendment's slices are in `doc` now, or why it can't be merged. */
function locate(doc: Y.Doc, a: MergeItem): { slices: Resolved[]; insert: { run: Y.XmlText; index: number } } | string {
  if (!a.anchors) return 'Le texte de la version n’a pas pu être situé dans le brouillon';
  if (a.anchors.slices.length === 0) {
    const at = a.anchors.insertAt ? resolve(doc, a.anchors.insertAt) : null;
    return at ? { slices: [], insert: at } : 'Le passage où insérer le texte n’est plus dans le brouillon';
  }
  const slices: Resolved[] = [];
  for (const s of a.anchors.slices) {
    const from = resolve(doc, s.start);
    const to = resolve(doc, s.end);
    if (!from || !to || from.run !== to.run || to.index < from.index || runString(from.run).slice(from.index, to.index) !== s.text) {
      return 'Le texte d’origine n’est plus dans le brouillon (il a été modifié ou supprimé)';
    }
    slices.push({ run: from.run, start: from.index, end: to.index });
  }
  return { slices, insert: { run: slices[0].run, index: slices[0].start } };
}

/**
 * Merges one adopted amendment into `doc`, inside the caller's transaction (the realtime service
 * runs it in DocRoom.applyEdit, attributed to the amendment's author). It is located first: one
 * whose original text is no longer there is skipped with the reason, never applied elsewhere.
 * Returns the items it inserted ([client, clock, length]) for provenance.
 */
export function mergeOne(doc: Y.Doc, a: MergeItem): { ok: true; items: [number, number, number][] } | { ok: false; reason: string } {
  const where = locate(doc, a);
  if (typeof where === 'string') return { ok: false, reason: where };
  const text = unescapeMarkdown(a.replacement);
  const { run, index } = where.insert;
  const attrs = where.slices.length ? attributesAt(run, index) : attributesAt(run, Math.max(0, index - 1));
  const clockBefore = Y.getState(doc.store, doc.clientID);
  if (text) run.insert(index, text, attrs);
  // the slices after the insertion: resolved again (the insertion moved the first one)
  const slices = a.anchors!.slices.map((s) => ({ from: resolve(doc, s.start)!, to: resolve(doc, s.end)! }));
  for (const s of slices.reverse()) {
    if (s.to.index > s.from.index) s.from.run.delete(s.from.index, s.to.index - s.from.index);
  }
  const clockAfter = Y.getState(doc.store, doc.clientID);
  return { ok: true, items: clockAfter > clockBefore ? [[doc.clientID, clockBefore, clockAfter - clockBefore]] : [] };
}

/**
 * Merges adopted amendments one after the other, each in its own Yjs transaction (origin: the
 * amendment), handing each transaction's update to `onTransaction`. (The realtime service does
 * the same through DocRoom.applyEdit; this form serves the tests and tools.)
 */
export function mergeAmendments(doc: Y.Doc, items: MergeItem[], onTransaction: (a: MergeItem, update: Uint8Array) => void): MergeOutcome {
  const outcome: MergeOutcome = { merged: [], skipped: [] };
  for (const a of items) {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array, origin: unknown) => {
      if (origin === a) update = update ? Y.mergeUpdates([update, u]) : u;
    };
    doc.on('update', capture);
    let result = { ok: false, reason: '' } as ReturnType<typeof mergeOne>;
    try {
      doc.transact(() => {
        result = mergeOne(doc, a);
      }, a);
    } finally {
      doc.off('update', capture);
    }
    if (!result.ok) {
      outcome.skipped.push({ id: a.id, reason: result.reason });
      continue;
    }
    if (update) onTransaction(a, update);
    outcome.merged.push({ id: a.id, authorId: a.authorId, items: result.items });
  }
  return outcome;
}
