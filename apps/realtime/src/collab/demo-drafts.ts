import { Injectable, Logger } from '@nestjs/common';
import * as Y from 'yjs';
import { docNameFor } from '@app/contracts';
import { DraftStore, Recommendation } from '@app/database';

/** The initial text of a draft: ProseMirror paragraphs in the XmlFragment `default` (what Tiptap edits). */
export function draftFromParagraphs(paragraphs: string[]): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  fragment.insert(
    0,
    paragraphs.map((text) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      return p;
    }),
  );
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * Writes the demo recommendations' initial drafts. The all-in-one platform (apps/standalone)
 * hands it to the API's seed (`SeedService.onDemoRecommendation`) before seeding; the realtime
 * service alone seeds nothing (the API process does, next to it).
 */
@Injectable()
export class DemoDrafts {
  private readonly logger = new Logger('DemoDrafts');

  constructor(private readonly store: DraftStore) {}

  async write(rec: Recommendation, paragraphs: string[]): Promise<void> {
    await this.store.append(docNameFor(rec.id), [{ update: draftFromParagraphs(paragraphs), authorId: rec.createdBy }]);
    this.logger.debug(`initial draft of ${rec.id} written`);
  }
}
