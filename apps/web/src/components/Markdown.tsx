import type { ReactNode } from 'react';

/**
 * A small, safe renderer of the Markdown of frozen versions (what the server's ProseMirror →
 * Markdown converter writes: headings, paragraphs, bullet and ordered lists, block quotes,
 * bold, italic, links). Builds React elements: no HTML from the content is ever injected.
 */
export function Markdown({ source, headingOffset = 1 }: { source: string; headingOffset?: number }) {
  return <div className="cc-markdown">{blocks(source.replace(/\r\n?/g, '\n').split('\n'), headingOffset, 'b')}</div>;
}

interface ListItem {
  lines: string[];
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

function blocks(lines: string[], offset: number, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  let i = 0;
  let k = 0;
  const key = () => `${keyPrefix}${k++}`;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      const level = Math.min(6, heading[1].length + offset);
      const Tag = `h${level}` as 'h2';
      out.push(<Tag key={key()}>{inline(heading[2])}</Tag>);
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ''));
      out.push(<blockquote key={key()}>{blocks(quoted, offset, `${keyPrefix}q${k}`)}</blockquote>);
      continue;
    }
    if (/^(\*\s*\*\s*\*|-\s*-\s*-|_\s*_\s*_)[\s*_-]*$/.test(line.trim())) {
      out.push(<hr key={key()} />);
      i++;
      continue;
    }
    const li = line.match(LIST_ITEM);
    if (li) {
      const ordered = /\d/.test(li[2]);
      const indent = li[1].length;
      const items: ListItem[] = [];
      while (i < lines.length) {
        const m = lines[i].match(LIST_ITEM);
        if (m && m[1].length === indent && /\d/.test(m[2]) === ordered) {
          items.push({ lines: [m[3]] });
          i++;
        } else if (items.length && lines[i].trim() && (/^\s+/.test(lines[i]) || !LIST_ITEM.test(lines[i])) && !/^#{1,6}\s/.test(lines[i])) {
          // continuation or nested content, de-indented by the marker width
          items[items.length - 1].lines.push(lines[i].replace(new RegExp(`^\\s{0,${indent + 3}}`), ''));
          i++;
        } else if (!lines[i].trim() && i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])) {
          items[items.length - 1].lines.push('');
          i++;
        } else break;
      }
      const children = items.map((it, n) => {
        const inner = blocks(it.lines, offset, `${keyPrefix}l${k}-${n}-`);
        // a single paragraph item renders inline (tight list)
        return <li key={n}>{inner.length === 1 && isParagraph(inner[0]) ? (inner[0] as any).props.children : inner}</li>;
      });
      out.push(ordered ? <ol key={key()}>{children}</ol> : <ul key={key()}>{children}</ul>);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,6}\s|\s*>)/.test(lines[i]) && !LIST_ITEM.test(lines[i])) para.push(lines[i++].trim());
    out.push(<p key={key()}>{inline(para.join(' '))}</p>);
  }
  return out;
}

function isParagraph(node: ReactNode): boolean {
  return !!node && typeof node === 'object' && 'type' in (node as any) && (node as any).type === 'p';
}

/** Inline Markdown: escapes, links, bold, italic, code spans. */
export function inline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let buf = '';
  let k = 0;
  const flush = () => {
    if (buf) out.push(buf);
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!<>|~]/.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push(<code key={`${keyPrefix}${k++}`}>{text.slice(i + 1, end)}</code>);
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const close = findClosing(text, i, '[', ']');
      if (close > 0 && text[close + 1] === '(') {
        const end = findClosing(text, close + 1, '(', ')');
        if (end > 0) {
          const label = text.slice(i + 1, close);
          const href = text.slice(close + 2, end).trim().replace(/^<|>$/g, '').split(/\s+"/)[0];
          flush();
          const safe = /^(https?:|mailto:)/i.test(href) ? href : undefined;
          out.push(
            safe ? (
              <a key={`${keyPrefix}${k++}`} href={safe} target="_blank" rel="noopener noreferrer" title={`${stripMarks(label)} — nouvelle fenêtre`}>
                {inline(label, `${keyPrefix}${k}-`)}
              </a>
            ) : (
              <span key={`${keyPrefix}${k++}`}>{inline(label, `${keyPrefix}${k}-`)}</span>
            ),
          );
          i = end + 1;
          continue;
        }
      }
    }
    if (c === '*' || c === '_') {
      const double = text[i + 1] === c;
      const marker = double ? c + c : c;
      const end = findMarker(text, i + marker.length, marker);
      if (end > i + marker.length) {
        flush();
        const inner = inline(text.slice(i + marker.length, end), `${keyPrefix}${k}-`);
        out.push(double ? <strong key={`${keyPrefix}${k++}`}>{inner}</strong> : <em key={`${keyPrefix}${k++}`}>{inner}</em>);
        i = end + marker.length;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

function stripMarks(s: string): string {
  return s.replace(/[*_`\\]/g, '');
}

function findClosing(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return i;
  }
  return -1;
}

function findMarker(text: string, from: number, marker: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(marker, i) && (marker.length === 2 || text[i + 1] !== marker[0]) && text[i - 1] !== ' ') return i;
    if (marker.length === 1 && text.startsWith(marker + marker, i)) {
      const end = findMarker(text, i + 2, marker + marker);
      if (end > 0) i = end + 1;
    }
  }
  return -1;
}
