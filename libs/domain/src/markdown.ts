/**
 * ProseMirror (Tiptap StarterKit schema) → Markdown (CommonMark), deterministic: the same tree
 * always gives the same bytes, so the sha256 of a frozen version identifies its content.
 *
 * Pure code on a plain JSON tree (the shape of ProseMirror's `Node.toJSON()`), plus a duck-typed
 * reader of the Yjs XML types in which y-prosemirror / y-tiptap keep the live draft.
 * Unknown node types are rendered by their content (or dropped when they have none), unknown
 * marks are ignored: the converter never throws on a tree of plain objects.
 */

export interface PmMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  text?: string;
  marks?: PmMark[];
}

// ---------------------------------------------------------------------------------------------
// Yjs XML (duck-typed) → ProseMirror JSON

/** What we use of Y.XmlText. */
interface YTextLike {
  toDelta(): { insert?: unknown; attributes?: Record<string, unknown> }[];
}
/** What we use of Y.XmlElement (and Y.XmlFragment, which has no nodeName nor attributes). */
interface YElementLike {
  nodeName?: string;
  getAttributes?(): Record<string, unknown>;
  toArray(): unknown[];
}

/** y-prosemirror suffixes the names of marks that may overlap with `--<8 chars hash>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** No editor nests this deep; a hostile document must not overflow the stack. */
const MAX_Y_DEPTH = 200;

function isYText(x: unknown): x is YTextLike {
  return !!x && typeof (x as YTextLike).toDelta === 'function';
}
function isYElement(x: unknown): x is YElementLike {
  return !!x && typeof (x as YElementLike).toArray === 'function';
}

function yChildren(el: YElementLike, depth: number): PmNode[] {
  const out: PmNode[] = [];
  if (depth > MAX_Y_DEPTH) return out;
  for (const child of el.toArray()) {
    if (isYText(child)) {
      for (const d of child.toDelta()) {
        if (typeof d.insert !== 'string' || d.insert === '') continue; // embeds are not part of our schema
        const node: PmNode = { type: 'text', text: d.insert };
        if (d.attributes && Object.keys(d.attributes).length) {
          node.marks = Object.keys(d.attributes).map((name) => {
            const value = d.attributes![name];
            const mark: PmMark = { type: HASHED_MARK.exec(name)?.[1] ?? name };
            if (value && typeof value === 'object') mark.attrs = value as Record<string, unknown>;
            return mark;
          });
        }
        out.push(node);
      }
    } else if (isYElement(child)) {
      out.push(yElementToProseMirror(child, depth + 1));
    }
  }
  return out;
}

function yElementToProseMirror(el: YElementLike, depth: number): PmNode {
  const node: PmNode = { type: String(el.nodeName ?? 'doc') };
  const attrs = el.getAttributes?.() ?? {};
  if (Object.keys(attrs).length) node.attrs = attrs;
  const content = yChildren(el, depth);
  if (content.length) node.content = content;
  return node;
}

/**
 * The ProseMirror JSON of a Y.XmlFragment (the live draft is `doc.getXmlFragment('default')`),
 * as y-prosemirror's binding stores it: elements named after node types with their attributes
 * as XML attributes, text as Y.XmlText whose delta attributes are the marks.
 */
export function yXmlFragmentToProseMirror(fragment: { toArray(): unknown[] }): PmNode {
  return { type: 'doc', content: yChildren(fragment, 0) };
}

// ---------------------------------------------------------------------------------------------
// ProseMirror JSON → Markdown

/** Nested deeper than this, content is flattened (no stack overflow on hostile trees). */
const MAX_DEPTH = 64;

const INLINE_TYPES = new Set(['text', 'hardBreak']);

/** Renders a document (or any node) as CommonMark; '' for an empty document, else ends with one newline. */
export function proseMirrorToMarkdown(root: PmNode): string {
  const blocks = renderBlocks(isNode(root) && root.type === 'doc' ? children(root) : [root], 0);
  return blocks.length ? blocks.join('\n\n') + '\n' : '';
}

function isNode(x: unknown): x is PmNode {
  return !!x && typeof x === 'object' && typeof (x as PmNode).type === 'string';
}

function children(node: PmNode): PmNode[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}

function attr(node: PmNode, name: string): unknown {
  return node.attrs && typeof node.attrs === 'object' ? node.attrs[name] : undefined;
}

/** Renders a sequence of block nodes; runs of inline nodes among them become paragraphs. */
function renderBlocks(nodes: PmNode[], depth: number): string[] {
  const out: string[] = [];
  let inline: PmNode[] = [];
  let previous = null as { type: string; marker: string } | null;
  const flushInline = () => {
    if (!inline.length) return;
    const text = renderInline(inline, false);
    if (text) out.push(text);
    inline = [];
    previous = null;
  };
  for (const node of nodes) {
    if (INLINE_TYPES.has(node.type)) {
      inline.push(node);
      continue;
    }
    flushInline();
    // Two lists of the same kind one after the other would merge into one: alternate the marker.
    let marker: string | undefined;
    if (node.type === 'bulletList') marker = previous?.type === 'bulletList' && previous.marker === '-' ? '*' : '-';
    if (node.type === 'orderedList') marker = previous?.type === 'orderedList' && previous.marker === '.' ? ')' : '.';
    const rendered = renderBlock(node, depth, marker);
    if (rendered !== null) {
      out.push(rendered);
      previous = { type: node.type, marker: marker ?? '' };
    }
  }
  flushInline();
  return out;
}

function renderBlock(node: PmNode, depth: number, marker = '-'): string | null {
  if (depth > MAX_DEPTH) return renderInline(textLeaves(node), false) || null;
  switch (node.type) {
    case 'paragraph':
      return renderInline(children(node), false) || null;
    case 'heading': {
      const text = renderInline(children(node), true);
      if (!text) return null;
      const raw = Number(attr(node, 'level'));
      const level = Number.isInteger(raw) ? Math.min(6, Math.max(1, raw)) : 1;
      return `${'#'.repeat(level)} ${text}`;
    }
    case 'bulletList':
    case 'orderedList':
      return renderList(node, depth, marker);
    case 'listItem':
      return renderBlocks(children(node), depth + 1).join('\n\n') || null;
    case 'blockquote': {
      const inner = renderBlocks(children(node), depth + 1).join('\n\n');
      if (!inner) return null;
      return inner
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    }
    case 'codeBlock':
      return renderCodeBlock(node);
    case 'horizontalRule':
      return '---';
    default: {
      // unknown block: its content, if any
      const inner = renderBlocks(children(node), depth + 1).join('\n\n');
      return inner || null;
    }
  }
}

function renderList(node: PmNode, depth: number, delimiter: string): string | null {
  const ordered = node.type === 'orderedList';
  const rawStart = Number(attr(node, 'start'));
  const start = Number.isInteger(rawStart) && rawStart >= 0 && rawStart <= 999_999_000 ? rawStart : 1;
  const items = children(node).map((item) => {
    // a list item holds blocks; anything else found in a list is an item of its own
    const blocks = item.type === 'listItem' ? renderBlocks(children(item), depth + 1) : renderBlocks([item], depth + 1);
    return joinItemBlocks(blocks);
  });
  if (!items.length) return null;
  return items
    .map((body, i) => {
      const bullet = ordered ? `${start + i}${delimiter}` : delimiter;
      if (!body) return bullet;
      const indent = ' '.repeat(bullet.length + 1);
      return body
        .split('\n')
        .map((line, j) => (j === 0 ? `${bullet} ${line}` : line ? indent + line : ''))
        .join('\n');
    })
    .join('\n');
}

/** Inside a list item, a nested list follows its paragraph on the next line (a tight list). */
function joinItemBlocks(blocks: string[]): string {
  let out = '';
  for (let i = 0; i < blocks.length; i++) {
    if (i === 0) out = blocks[0];
    else out += (isListLine(blocks[i]) ? '\n' : '\n\n') + blocks[i];
  }
  return out;
}

function isListLine(block: string): boolean {
  return /^([-*]|\d+[.)])( |$)/.test(block);
}

function textLeaves(node: PmNode, depth = 0): PmNode[] {
  if (node.type === 'text') return [node];
  if (depth > MAX_DEPTH * 4) return [];
  return children(node).flatMap((c) => textLeaves(c, depth + 1));
}

function renderCodeBlock(node: PmNode): string {
  const text = children(node)
    .map((c) => (c.type === 'text' && typeof c.text === 'string' ? c.text : c.type === 'hardBreak' ? '\n' : ''))
    .join('')
    .replace(/\r\n?/g, '\n');
  const language = String(attr(node, 'language') ?? '');
  const info = /^[\w+#.-]{1,40}$/.test(language) ? language : '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${fence}`;
}

// --- inline -----------------------------------------------------------------------------------

interface InlineMark {
  type: 'link' | 'bold' | 'italic' | 'strike';
  key: string;
  href?: string;
}
type Token = { kind: 'text' | 'code'; text: string; marks: InlineMark[] } | { kind: 'break' };

/** Outermost first: a link holds emphasis, emphasis holds strike. */
const MARK_ORDER: Record<InlineMark['type'], number> = { link: 0, bold: 1, italic: 2, strike: 3 };
/** Tiptap's link extension refuses these schemes; a frozen text keeps the words, not the link. */
const UNSAFE_HREF = /^\s*(javascript|vbscript|data|file):/i;

function inlineMarks(node: PmNode): { marks: InlineMark[]; code: boolean } {
  const marks: InlineMark[] = [];
  let code = false;
  for (const m of Array.isArray(node.marks) ? node.marks : []) {
    if (!m || typeof m !== 'object') continue;
    const type = String(m.type);
    if (type === 'code') code = true;
    else if (type === 'bold' || type === 'italic' || type === 'strike') {
      if (!marks.some((x) => x.type === type)) marks.push({ type, key: type });
    } else if (type === 'link') {
      const href = m.attrs && typeof m.attrs === 'object' ? m.attrs.href : undefined;
      if (typeof href === 'string' && href.trim() && !UNSAFE_HREF.test(href) && !marks.some((x) => x.type === 'link')) {
        marks.push({ type: 'link', key: `link:${href}`, href });
      }
    }
  }
  marks.sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type]);
  return { marks, code };
}

function tokenize(nodes: PmNode[], heading: boolean, depth = 0): Token[] {
  const tokens: Token[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      if (typeof node.text !== 'string' || node.text === '') continue;
      const { marks, code } = inlineMarks(node);
      // a newline inside a text node is not something the editor can show: a space
      const text = node.text.replace(/\r\n?|\n/g, ' ');
      const last = tokens[tokens.length - 1];
      const kind = code ? 'code' : 'text';
      if (last && last.kind === kind && sameMarks(last.marks, marks)) last.text += text;
      else tokens.push({ kind, text, marks });
    } else if (node.type === 'hardBreak') {
      // a heading is one line
      if (heading) tokens.push({ kind: 'text', text: ' ', marks: [] });
      else tokens.push({ kind: 'break' });
    } else if (depth < MAX_DEPTH) {
      tokens.push(...tokenize(children(node), heading, depth + 1));
    }
  }
  return tokens;
}

function sameMarks(a: InlineMark[], b: InlineMark[]): boolean {
  return a.length === b.length && a.every((m, i) => m.key === b[i].key);
}

function opener(m: InlineMark): string {
  switch (m.type) {
    case 'link':
      return '[';
    case 'bold':
      return '**';
    case 'italic':
      return '*';
    case 'strike':
      return '~~';
  }
}

function closer(m: InlineMark): string {
  return m.type === 'link' ? `](${linkDestination(m.href!)})` : opener(m);
}

function linkDestination(href: string): string {
  const clean = href.trim();
  if (/^[^\s()<>\\]*$/.test(clean)) return clean;
  return `<${clean.replace(/[<>\\\n\r]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))}>`;
}

/**
 * Emphasis delimiters only work next to non-space characters, so the whitespace at the edges
 * of a marked run is moved outside its delimiters; marks stay open across text nodes that keep
 * them (the longest still-wanted prefix of the open stack is kept).
 */
function renderInline(nodes: PmNode[], heading: boolean): string {
  const tokens = tokenize(nodes, heading);
  let out = '';
  let stack: InlineMark[] = [];
  let pendingSpace = '';
  let lineStart = true;
  const closeTo = (keep: number) => {
    for (let i = stack.length - 1; i >= keep; i--) out += closer(stack[i]);
    stack = stack.slice(0, keep);
  };
  for (const tok of tokens) {
    if (tok.kind === 'break') {
      closeTo(0);
      pendingSpace = '';
      if (!lineStart || out) out += '\\\n';
      lineStart = true;
      continue;
    }
    let lead = '';
    let core = tok.text;
    let trail = '';
    if (tok.kind === 'text') {
      const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(tok.text)!;
      [lead, core, trail] = [m[1], m[2], m[3]];
      if (!core) {
        pendingSpace += tok.text;
        continue;
      }
    }
    let keep = 0;
    while (keep < stack.length && tok.marks.some((m) => m.key === stack[keep].key)) keep++;
    closeTo(keep);
    if (!lineStart) out += pendingSpace + lead;
    let opened = false;
    for (const m of tok.marks) {
      if (stack.some((s) => s.key === m.key)) continue;
      out += opener(m);
      stack.push(m);
      opened = true;
    }
    out += tok.kind === 'code' ? codeSpan(core) : escapeText(core, lineStart && !opened, heading);
    lineStart = false;
    pendingSpace = trail;
  }
  closeTo(0);
  // a trailing hard break shows nothing
  return out.replace(/(\\\n)+$/, '');
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = /^[`\s]|[`\s]$/.test(text) && text.trim() !== '' ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/**
 * Backslash-escapes what CommonMark would read as syntax: inline punctuation everywhere,
 * block markers (headings, quotes, list markers, rules) at the start of a line.
 */
export function escapeText(text: string, atLineStart: boolean, inHeading = false): string {
  let s = text.replace(/[\\`*_[\]<~|]/g, '\\$&').replace(/&(?=#?[a-zA-Z0-9]+;)/g, '\\&');
  if (inHeading) s = s.replace(/#/g, '\\#');
  if (atLineStart) {
    s = s.replace(/^[#>+=-]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
  }
  return s;
}
