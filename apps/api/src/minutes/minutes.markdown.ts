import type { Block, Text } from './minutes.document';

/** Escapes what Markdown (and the HTML it may become) would interpret in user text. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|~#]/g, '\\$&')
    .replace(/^([-+])(\s)/, '\\$1$2')
    .replace(/^(\d+)\.(\s)/, '$1\\.$2');
}

function inline(text: Text): string {
  return text.map((t) => (typeof t === 'string' ? escapeMarkdown(t) : 'code' in t ? `\`${t.code.replace(/`/g, '')}\`` : `**${escapeMarkdown(t.strong)}**`)).join('');
}

export function toMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h1':
        out.push(`# ${escapeMarkdown(b.text)}`, '');
        break;
      case 'h2':
        out.push(`## ${escapeMarkdown(b.text)}`, '');
        break;
      case 'h3':
        out.push(`### ${escapeMarkdown(b.text)}`, '');
        break;
      case 'p':
        out.push(inline(b.text), '');
        break;
      case 'ul':
        out.push(...b.items.map((i) => `- ${inline(i)}`), '');
        break;
      case 'table':
        out.push(`| ${b.head.map(escapeMarkdown).join(' | ')} |`, `|${b.head.map(() => ' --- |').join('')}`, ...b.rows.map((r) => `| ${r.map(escapeMarkdown).join(' | ')} |`), '');
        break;
    }
  }
  return out.join('\n');
}
