/** Sentences of a Markdown text, for provenance: [start, end) ranges, whitespace excluded. */
export function sentenceRanges(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  // a sentence ends after . ! ? … (and closing quotes or brackets) followed by whitespace, or at a blank line / line end
  const re = /[^\s][\s\S]*?(?:[.!?…]+["'»)\]]*(?=\s|$)|(?=\n)|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}
