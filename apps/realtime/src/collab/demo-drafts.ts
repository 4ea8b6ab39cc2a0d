import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import * as Y from 'yjs';
import { docNameFor } from '@app/contracts';
import { DraftStore, Recommendation } from '@app/database';
import { SeedService } from '../../../api/src/seed/seed.service';

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

/** Writes the demo recommendations' initial drafts when the demo programme is seeded. */
@Injectable()
export class DemoDrafts implements OnModuleInit {
  private readonly logger = new Logger('DemoDrafts');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly store: DraftStore,
  ) {}

  onModuleInit(): void {
    let seed: SeedService;
    try {
      seed = this.moduleRef.get(SeedService, { strict: false });
    } catch {
      return; // the realtime service alone: the API seeds
    }
    seed.onDemoRecommendation((rec: Recommendation, paragraphs: string[]) => this.write(rec, paragraphs));
  }

  async write(rec: Recommendation, paragraphs: string[]): Promise<void> {
    await this.store.append(docNameFor(rec.id), [{ update: draftFromParagraphs(paragraphs), authorId: rec.createdBy }]);
    this.logger.debug(`initial draft of ${rec.id} written`);
  }
}
