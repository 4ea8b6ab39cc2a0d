import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DraftStore, RecommendationVersion } from '@app/database';

/** Every column but the Yjs snapshot, which stays in the database. */
const SELECTED = {
  id: true,
  recommendationId: true,
  number: true,
  content: true,
  contentHash: true,
  createdAt: true,
  createdBy: true,
} as const;

/** The SQL boundary of frozen versions (and the read of the persisted live draft). */
@Injectable()
export class VersionsRepository {
  private readonly drafts: DraftStore;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.drafts = new DraftStore(ds);
  }

  /** The live draft's state as persisted by the realtime service. */
  async draftState(m: EntityManager, docName: string): Promise<Uint8Array> {
    return (await this.drafts.load(docName, m)).state;
  }

  /** The next version number and the latest version's content hash. */
  async nextNumber(m: EntityManager, recommendationId: string): Promise<{ next: number; latestHash: string | null }> {
    const [{ next, latestHash }]: { next: number; latestHash: string | null }[] = await m.query(
      `SELECT COALESCE(MAX("number"), 0)::int + 1 AS next,
              (SELECT content_hash FROM recommendation_version WHERE recommendation_id = $1 ORDER BY "number" DESC LIMIT 1) AS "latestHash"
         FROM recommendation_version WHERE recommendation_id = $1`,
      [recommendationId],
    );
    return { next: Number(next), latestHash };
  }

  insert(m: EntityManager, fields: Partial<RecommendationVersion>): Promise<RecommendationVersion> {
    return m.getRepository(RecommendationVersion).save(fields);
  }

  /** A page of the recommendation's versions (without snapshots), by number. */
  async page(recommendationId: string, limit: number, offset: number): Promise<{ items: RecommendationVersion[]; total: number }> {
    const [items, total] = await this.ds.getRepository(RecommendationVersion).findAndCount({
      select: SELECTED,
      where: { recommendationId },
      order: { number: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  /** Version `number` of the recommendation, with its Yjs snapshot when `withSnapshot`. */
  byNumber(recommendationId: string, number: number, withSnapshot = false): Promise<RecommendationVersion | null> {
    return this.ds.getRepository(RecommendationVersion).findOne({ select: withSnapshot ? { ...SELECTED, ydocSnapshot: true } : SELECTED, where: { recommendationId, number } });
  }
}
