import * as Y from 'yjs';
import { proseMirrorToMarkdown, yXmlFragmentToProseMirror } from '@app/domain';
import { connect, RawCollabClient, waitFor } from '../drafts/support/collab-client';
import type { TestPlatform } from '../support/platform';

/** The Markdown of a live client's copy of the draft (what a freeze would give). */
export const markdownOf = (doc: Y.Doc) => proseMirrorToMarkdown(yXmlFragmentToProseMirror(doc.getXmlFragment('default')));

/** A paragraph element with its text, as Tiptap's binding stores it. */
export function paragraph(text: string, type = 'paragraph'): Y.XmlElement {
  const el = new Y.XmlElement(type);
  const t = new Y.XmlText();
  t.insert(0, text);
  el.insert(0, [t]);
  return el;
}

/** The text runs (Y.XmlText) of a client's draft, in document order. */
export function runsOf(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const walk = (n: Y.XmlFragment | Y.XmlElement) => {
    for (const c of n.toArray()) {
      if (c instanceof Y.XmlText) out.push(c);
      else if (c instanceof Y.XmlElement) walk(c);
    }
  };
  walk(doc.getXmlFragment('default'));
  return out;
}

/** Edits the live draft as the token's user, over /collab, and waits until the server says it is saved. */
export async function editAs(p: TestPlatform, token: string, recommendationId: string, edit: (doc: Y.Doc) => void): Promise<void> {
  const c = await connect(p.url, `recommendation:${recommendationId}`, token, { acks: true, awareness: null });
  try {
    c.doc.transact(() => edit(c.doc));
    await waitFor(() => c.allSaved, 30_000, 'saved acknowledgement');
  } finally {
    c.close();
  }
}

export async function watcher(p: TestPlatform, token: string, recommendationId: string): Promise<RawCollabClient> {
  return connect(p.url, `recommendation:${recommendationId}`, token, { awareness: null });
}
