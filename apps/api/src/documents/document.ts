/**
 * A small document model (headings, paragraphs, lists, quotes, code, tables, inline marks) that
 * the ODT and PDF writers render. The minutes' model (minutes.document.ts) is a subset of it, and
 * a frozen version's ProseMirror tree maps onto it with the same rules as the Markdown converter
 * of libs/domain (so the three formats of a version carry the same content).
 */
import type { PmNode } from '@app/domain';

export interface Marked {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
  href?: string;
}

/** A run of text: plain, `{code}`, `{strong}`, `{em}`, with any marks, or a line break. */
export type DocInline = string | { code: string } | { strong: string } | { em: string } | Marked | { br: true };

export type HeadingKind = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

export type DocBlock =
  | { kind: HeadingKind; text: string | DocInline[] }
  | { kind: 'p'; text: DocInline[] }
  /** A flat bulleted list of one-line items (as the minutes use). */
  | { kind: 'ul'; items: DocInline[][] }
  /** A list whose items hold blocks (nested lists, several paragraphs). */
  | { kind: 'list'; ordered: boolean; start?: number; items: DocBlock[][] }
  | { kind: 'quote'; blocks: DocBlock[] }
  | { kind: 'code'; text: string }
  | { kind: 'hr' }
  | { kind: 'table'; head: string[]; rows: string[][] };

/** Every inline run as one shape. */
export function normalizeInline(i: DocInline): Marked | { br: true } {
  if (typeof i === 'string') return { text: i };
  if ('br' in i) return i;
  if ('strong' in i) return { text: i.strong, bold: true };
  if ('em' in i) return { text: i.em, italic: true };
  if ('text' in i) return i;
  return { text: i.code, code: true };
}

export function headingLevel(kind: HeadingKind): number {
  return Number(kind.slice(1));
}

/** The plain text of inline runs (tests, titles). */
export function plainText(text: string | DocInline[]): string {
  if (typeof text === 'string') return text;
  return text.map((i) => { const n = normalizeInline(i); return 'br' in n ? '\n' : n.text; }).join('');
}

// ---------------------------------------------------------------------------------------------
// ProseMirror JSON (Tiptap StarterKit) → blocks, following proseMirrorToMarkdown's rules:
// runs of inline nodes among blocks become paragraphs, empty paragraphs and headings are dropped,
// unknown nodes are rendered by their content, links with unsafe schemes keep only their words.

const MAX_DEPTH = 64;
const INLINE_TYPES = new Set(['text', 'hardBreak']);
const UNSAFE_HREF = /^\s*(javascript|vbscript|data|file):/i;

function isNode(x: unknown): x is PmNode {
  return !!x && typeof x === 'object' && typeof (x as PmNode).type === 'string';
}
function children(node: PmNode): PmNode[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}
function attr(node: PmNode, name: string): unknown {
  return node.attrs && typeof node.attrs === 'object' ? node.attrs[name] : undefined;
}

export function proseMirrorToBlocks(root: PmNode): DocBlock[] {
  return blocksOf(isNode(root) && root.type === 'doc' ? children(root) : [root], 0);
}

function blocksOf(nodes: PmNode[], depth: number): DocBlock[] {
  const out: DocBlock[] = [];
  let inline: PmNode[] = [];
  const flush = () => {
    const text = inlineOf(inline, false);
    if (text.length) out.push({ kind: 'p', text });
    inline = [];
  };
  for (const node of nodes) {
    if (INLINE_TYPES.has(node.type)) {
      inline.push(node);
      continue;
    }
    flush();
    out.push(...blockOf(node, depth));
  }
  flush();
  return out;
}

function blockOf(node: PmNode, depth: number): DocBlock[] {
  if (depth > MAX_DEPTH) {
    const text = inlineOf(textLeaves(node), false);
    return text.length ? [{ kind: 'p', text }] : [];
  }
  switch (node.type) {
    case 'paragraph': {
      const text = inlineOf(children(node), false);
      return text.length ? [{ kind: 'p', text }] : [];
    }
    case 'heading': {
      const text = inlineOf(children(node), true);
      if (!text.length) return [];
      const raw = Number(attr(node, 'level'));
      const level = Number.isInteger(raw) ? Math.min(6, Math.max(1, raw)) : 1;
      return [{ kind: `h${level}` as HeadingKind, text }];
    }
    case 'bulletList':
    case 'orderedList': {
      const ordered = node.type === 'orderedList';
      const rawStart = Number(attr(node, 'start'));
      const start = Number.isInteger(rawStart) && rawStart >= 0 && rawStart <= 999_999_000 ? rawStart : 1;
      const items = children(node).map((item) => (item.type === 'listItem' ? blocksOf(children(item), depth + 1) : blocksOf([item], depth + 1)));
      if (!items.length) return [];
      return [ordered ? { kind: 'list', ordered, start, items } : { kind: 'list', ordered, items }];
    }
    case 'listItem':
      return blocksOf(children(node), depth + 1);
    case 'blockquote': {
      const blocks = blocksOf(children(node), depth + 1);
      return blocks.length ? [{ kind: 'quote', blocks }] : [];
    }
    case 'codeBlock': {
      const text = children(node)
        .map((c) => (c.type === 'text' && typeof c.text === 'string' ? c.text : c.type === 'hardBreak' ? '\n' : ''))
        .join('')
        .replace(/\r\n?/g, '\n')
        .replace(/\n$/, '');
      return [{ kind: 'code', text }];
    }
    case 'horizontalRule':
      return [{ kind: 'hr' }];
    default:
      return blocksOf(children(node), depth + 1);
  }
}

function textLeaves(node: PmNode, depth = 0): PmNode[] {
  if (node.type === 'text') return [node];
  if (depth > MAX_DEPTH * 4) return [];
  return children(node).flatMap((c) => textLeaves(c, depth + 1));
}

function marksOf(node: PmNode): Omit<Marked, 'text'> {
  const m: Omit<Marked, 'text'> = {};
  for (const mark of Array.isArray(node.marks) ? node.marks : []) {
    if (!mark || typeof mark !== 'object') continue;
    const type = String(mark.type);
    if (type === 'bold' || type === 'italic' || type === 'strike' || type === 'code') m[type] = true;
    else if (type === 'link' && m.href === undefined) {
      const href = mark.attrs && typeof mark.attrs === 'object' ? mark.attrs.href : undefined;
      if (typeof href === 'string' && href.trim() && !UNSAFE_HREF.test(href)) m.href = href.trim();
    }
  }
  return m;
}

/** Inline runs; a trailing line break shows nothing and is dropped (as in the Markdown). */
function inlineOf(nodes: PmNode[], heading: boolean, depth = 0): DocInline[] {
  const out: DocInline[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      if (typeof node.text !== 'string' || node.text === '') continue;
      out.push({ text: node.text.replace(/\r\n?|\n/g, ' '), ...marksOf(node) });
    } else if (node.type === 'hardBreak') {
      out.push(heading ? ' ' : { br: true });
    } else if (depth < MAX_DEPTH) {
      out.push(...inlineOf(children(node), heading, depth + 1));
    }
  }
  while (out.length && typeof out[out.length - 1] === 'object' && 'br' in (out[out.length - 1] as object)) out.pop();
  // nothing but spaces is an empty block in Markdown too
  return out.some((i) => { const n = normalizeInline(i); return 'br' in n || n.text.trim() !== ''; }) ? out : [];
}
