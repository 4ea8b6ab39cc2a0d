import * as Y from 'yjs';

type SharedType = NonNullable<ReturnType<Y.Doc['share']['get']>>;
type Content = Y.Item['content'];

/**
 * What a live draft may hold: the editor (Tiptap through y-prosemirror, apps/web LiveEditor) keeps
 * the document in the Y.XmlFragment `default`, as elements named after its nodes, text with
 * formatting attributes named after its marks, and element attributes as plain values. An update
 * that puts anything else there (a subdocument, a Y.Map, raw JSON, an unknown element) is
 * well-formed Yjs but no editor can show it: it is refused (4400), like an update with absurd
 * clocks. Other root types are left alone (the editor never reads them).
 */
export const DRAFT_FRAGMENT = 'default';

/** The editor's nodes (StarterKit; codeBlock and code kept for drafts written before they were switched off). */
export const EDITOR_NODES = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'blockquote', 'horizontalRule', 'hardBreak', 'codeBlock']);
/** The editor's marks, and y-prosemirror's change tracking attribute. */
export const EDITOR_MARKS = new Set(['bold', 'italic', 'strike', 'underline', 'link', 'code', 'ychange']);

/**
 * Highest clock accepted: a clock counts the characters one client session ever inserted, so a
 * real one stays far below 2^32; clocks near 2^53 break the arithmetic of Yjs's state vectors.
 */
export const MAX_CLOCK = 2 ** 32;

/** Why an update is refused before it is applied (null: it may be applied). */
export function clockProblem(update: Uint8Array): string | null {
  const { to } = Y.parseUpdateMeta(update);
  for (const [client, clock] of to) if (clock > MAX_CLOCK || client > MAX_CLOCK) return `clock ${clock} of client ${client} out of range`;
  return null;
}

/**
 * Why what a transaction just integrated can't be held by the editor (null: it can). Looks only
 * at the structs the transaction added (between its before and after state vectors).
 */
export function schemaProblem(tr: Y.Transaction): string | null {
  if (tr.subdocsAdded.size > 0) return 'subdocument';
  const doc = tr.doc;
  const fragment = doc.share.get(DRAFT_FRAGMENT) ?? null;
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i];
      if (s.id.clock >= after) break;
      if (!(s instanceof Y.Item)) continue;
      const problem = itemProblem(s, fragment);
      if (problem) return problem;
    }
  }
  return null;
}

function itemProblem(item: Y.Item, fragment: SharedType | null): string | null {
  const c = item.content;
  if (c instanceof Y.ContentDoc) return 'subdocument';
  if (c instanceof Y.ContentDeleted || fragment === null) return null;
  const parent = item.parent as SharedType | null;
  if (!parent || !within(parent, fragment)) return null;
  if (item.parentSub !== null) {
    // an element's attribute (node attrs): a plain value
    return parent instanceof Y.XmlElement && c instanceof Y.ContentAny ? null : `attribute ${item.parentSub} of ${describe(c)}`;
  }
  if (parent instanceof Y.XmlText) {
    if (c instanceof Y.ContentString) return null;
    if (c instanceof Y.ContentFormat) return EDITOR_MARKS.has(c.key) ? null : `unknown mark ${c.key}`;
    return `${describe(c)} in a text`;
  }
  // a child of the fragment or of an element: an element of the editor's nodes, or text inside an element
  if (c instanceof Y.ContentType) {
    const t = c.type;
    if (t instanceof Y.XmlElement) return EDITOR_NODES.has(t.nodeName) ? null : `unknown element ${t.nodeName}`;
    if (t instanceof Y.XmlText && !(t instanceof Y.XmlHook) && parent !== fragment) return null;
  }
  return `${describe(c)} in ${parent === fragment ? 'the document' : 'an element'}`;
}

function within(type: SharedType, root: SharedType): boolean {
  let t: SharedType | null = type;
  while (t && t !== root) t = t._item ? (t._item.parent as SharedType | null) : null;
  return t === root;
}

function describe(c: Content): string {
  if (c instanceof Y.ContentType) return c.type.constructor.name;
  return c.constructor.name;
}
