import JSZip from 'jszip';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** What a test reads of an .odt: its entries in archive order, the parsed XML parts and their text. */
export interface OdtPackage {
  /** Entry names as they appear in the archive, from the local headers. */
  order: string[];
  /** The first local header: name, compression method (0 = stored) and extra field length. */
  first: { name: string; method: number; extraLength: number; data: string };
  zip: JSZip;
  content: unknown[];
  /** Paragraph and heading texts of content.xml, in order (line breaks as '\n'). */
  paragraphs: string[];
  xml: Record<string, string>;
}

const parser = new XMLParser({ ignoreAttributes: false, preserveOrder: true, trimValues: false, processEntities: true });

/** Reads an ODT package the way an office suite would start: zip structure, then well-formed XML. */
export async function readOdt(bytes: Buffer): Promise<OdtPackage> {
  const order: string[] = [];
  for (let i = 0; i + 30 <= bytes.length && bytes.readUInt32LE(i) === 0x04034b50; ) {
    const compressedSize = bytes.readUInt32LE(i + 18);
    const nameLength = bytes.readUInt16LE(i + 26);
    const extraLength = bytes.readUInt16LE(i + 28);
    order.push(bytes.subarray(i + 30, i + 30 + nameLength).toString('utf8'));
    i += 30 + nameLength + extraLength + compressedSize;
  }
  const nameLength = bytes.readUInt16LE(26);
  const extraLength = bytes.readUInt16LE(28);
  const first = {
    name: bytes.subarray(30, 30 + nameLength).toString('utf8'),
    method: bytes.readUInt16LE(8),
    extraLength,
    data: bytes.subarray(30 + nameLength + extraLength, 30 + nameLength + extraLength + bytes.readUInt32LE(18)).toString('latin1'),
  };
  const zip = await JSZip.loadAsync(bytes);
  const xml: Record<string, string> = {};
  for (const name of ['content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml']) {
    const f = zip.file(name);
    if (!f) throw new Error(`${name} missing`);
    xml[name] = await f.async('string');
    const valid = XMLValidator.validate(xml[name]);
    if (valid !== true) throw new Error(`${name} is not well-formed: ${JSON.stringify(valid.err)}`);
  }
  const content = parser.parse(xml['content.xml']) as unknown[];
  return { order, first, zip, content, paragraphs: paragraphsOf(content), xml };
}

type XNode = Record<string, unknown>;

function tagOf(n: XNode): string | undefined {
  return Object.keys(n).find((k) => k !== ':@');
}

/** The text of an element: text nodes, <text:s/> as spaces, <text:tab/>, <text:line-break/>. */
export function textOf(nodes: unknown[]): string {
  let out = '';
  for (const n of nodes as XNode[]) {
    const tag = tagOf(n);
    if (!tag) continue;
    if (tag === '#text') out += String(n[tag]);
    else if (tag === 'text:s') out += ' '.repeat(Number((n[':@'] as XNode | undefined)?.['@_text:c'] ?? 1));
    else if (tag === 'text:tab') out += '\t';
    else if (tag === 'text:line-break') out += '\n';
    else out += textOf(n[tag] as unknown[]);
  }
  return out;
}

/** Every <text:p> and <text:h> under the nodes, depth first. */
export function paragraphsOf(nodes: unknown[]): string[] {
  const out: string[] = [];
  for (const n of nodes as XNode[]) {
    const tag = tagOf(n);
    if (!tag || tag === '#text') continue;
    if (tag === 'text:p' || tag === 'text:h') out.push(textOf(n[tag] as unknown[]));
    else out.push(...paragraphsOf(n[tag] as unknown[]));
  }
  return out;
}

/** Elements with this tag anywhere under the nodes, with their attributes. */
export function findAll(nodes: unknown[], wanted: string): { attrs: Record<string, string>; children: unknown[] }[] {
  const out: { attrs: Record<string, string>; children: unknown[] }[] = [];
  for (const n of nodes as XNode[]) {
    const tag = tagOf(n);
    if (!tag || tag === '#text') continue;
    if (tag === wanted) out.push({ attrs: (n[':@'] as Record<string, string>) ?? {}, children: n[tag] as unknown[] });
    out.push(...findAll(n[tag] as unknown[], wanted));
  }
  return out;
}
