import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { docNameFor, DRAFT_FRAGMENT_NAME, runItemIds, runString, textRuns } from '@app/contracts';
import { alignRuns, authorIndex, notFound, sentenceProvenance, sharesByCollege } from '@app/domain';
import type { AuthUser } from '../common/current-user';
import { GroupAccess } from '../access/group-access.service';
import { ProvenanceRepository } from './provenance.repository';

/**
 * Who wrote each sentence of a version: the version's Yjs state says which item holds each
 * character; the server's record of stored updates (draft_provenance + the log) says who stored
 * each item. Yjs client ids are only keys into that record, never an identity.
 */
@Injectable()
export class ProvenanceService {
  constructor(
    private readonly repo: ProvenanceRepository,
    private readonly access: GroupAccess,
  ) {}

  async ofVersion(user: AuthUser, recommendationId: string, number: number) {
    const rec = (await this.access.recommendation(user, recommendationId, 'read')).recommendation;
    await this.access.role(user, rec.workingGroupId, 'read');
    return this.compute(recommendationId, number);
  }

  /** For the minutes' annex: the provenance of the latest version of each recommendation that has one (no access check: the caller did it). */
  async latestOf(recommendationIds: string[]) {
    const out = [];
    for (const id of [...new Set(recommendationIds)]) {
      const n = await this.repo.latestVersionNumber(id);
      if (!n) continue;
      const p = await this.compute(id, n);
      out.push({ recommendationId: id, versionNumber: p.number, byCollege: p.byCollege, sentences: p.sentences });
    }
    return out;
  }

  private async compute(recommendationId: string, number: number) {
    const version = await this.repo.version(recommendationId, number);
    if (!version) throw notFound(`Version ${number}`);
    const content = version.content;
    const userAt: (string | null)[] = new Array<string | null>(content.length).fill(null);
    const amendmentAt: (string | null)[] = new Array<string | null>(content.length).fill(null);
    if (version.ydocSnapshot) {
      const [ranges, merged] = await Promise.all([
        this.repo.authorship(docNameFor(recommendationId)),
        this.repo.mergedItems(recommendationId),
      ]);
      const who = authorIndex(ranges);
      const mergedBy = authorIndex(
        merged.flatMap((a) => (a.mergedItems ?? []).map(([client, clock, length]) => ({ client, clockStart: clock, clockEnd: clock + length, userId: a.id }))),
      );
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, new Uint8Array(version.ydocSnapshot));
        const runs = textRuns(doc.getXmlFragment(DRAFT_FRAGMENT_NAME));
        const offsets = alignRuns(content, runs.map(runString));
        runs.forEach((run, r) => {
          const ids = runItemIds(run);
          offsets[r].forEach((md, i) => {
            if (md < 0 || !ids[i]) return;
            const [client, clock] = ids[i];
            userAt[md] = who(client, clock);
            amendmentAt[md] = mergedBy(client, clock);
          });
        });
      } finally {
        doc.destroy();
      }
    }
    const sentences = sentenceProvenance(content, userAt, amendmentAt);
    const userIds = [...new Set(sentences.flatMap((s) => s.contributors.map((c) => c.userId)))];
    const people = await this.repo.contributors(userIds);
    const byId = new Map(people.map((p) => [p.id, p]));
    const totals = new Map<string, number>();
    const out = sentences.map((s) => ({
      start: s.start,
      end: s.end,
      text: content.slice(s.start, s.end),
      contributors: s.contributors.map((c) => {
        totals.set(c.userId, (totals.get(c.userId) ?? 0) + c.chars);
        const p = byId.get(c.userId);
        return { userId: c.userId, displayName: p?.display_name ?? null, organizationId: p?.organization_id ?? null, college: p?.college ?? null, chars: c.chars };
      }),
      amendmentIds: s.amendmentIds,
    }));
    return {
      versionId: version.id,
      number: version.number,
      sentences: out,
      byCollege: sharesByCollege([...totals].map(([id, chars]) => ({ college: byId.get(id)?.college ?? null, chars }))),
    };
  }
}
