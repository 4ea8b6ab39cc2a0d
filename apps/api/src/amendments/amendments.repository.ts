import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Amendment, RecommendationVersion } from '@app/database';

/** The SQL boundary of amendments. */
@Injectable()
export class AmendmentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  /** A version of the recommendation, with its Yjs state. */
  version(m: EntityManager, recommendationId: string, versionId: string): Promise<RecommendationVersion | null> {
    return m.getRepository(RecommendationVersion).findOne({ where: { id: versionId, recommendationId } });
  }

  async latestVersionNumber(m: EntityManager, recommendationId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query('SELECT COALESCE(MAX("number"), 0)::int AS n FROM recommendation_version WHERE recommendation_id = $1', [recommendationId]);
    return Number(n);
  }

  async versionNumbers(recommendationId: string, manager?: EntityManager): Promise<Map<string, number>> {
    const rows = await this.m(manager).getRepository(RecommendationVersion).find({ select: { id: true, number: true }, where: { recommendationId } });
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  insert(m: EntityManager, fields: Partial<Amendment>): Promise<Amendment> {
    return m.getRepository(Amendment).save(m.getRepository(Amendment).create(fields));
  }

  find(id: string, manager?: EntityManager, lock = false): Promise<Amendment | null> {
    return this.m(manager).getRepository(Amendment).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Every amendment of the recommendation (of one version when given). */
  ofRecommendation(recommendationId: string, versionId?: string, manager?: EntityManager): Promise<Amendment[]> {
    const where = versionId ? { recommendationId, versionId } : { recommendationId };
    return this.m(manager).getRepository(Amendment).find({ where, order: { createdAt: 'ASC' } });
  }

  /** Adopted amendments not merged yet, locked until the claiming transaction ends (a concurrent merge waits, then sees the claim). */
  lockMergeable(m: EntityManager, recommendationId: string): Promise<Amendment[]> {
    return m.getRepository(Amendment).find({ where: { recommendationId, status: 'adopted', mergedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  /** Marks the amendments as being merged since `at`. */
  async claim(m: EntityManager, ids: string[], at: Date): Promise<void> {
    await m.query('UPDATE amendment SET merging_since = $2 WHERE id = ANY($1::uuid[])', [ids, at]);
  }

  /** Gives back a claim taken at `at` whose merge failed (a later claim is left alone). */
  async releaseClaim(ids: string[], at: Date): Promise<void> {
    await this.ds.query('UPDATE amendment SET merging_since = NULL WHERE id = ANY($1::uuid[]) AND merging_since = $2 AND merged_at IS NULL', [ids, at]);
  }

  decidedInSession(sessionId: string): Promise<Amendment[]> {
    return this.ds.getRepository(Amendment).find({ select: { id: true, recommendationId: true }, where: { sessionId } });
  }

  save(m: EntityManager, rows: Amendment[]): Promise<Amendment[]> {
    return m.getRepository(Amendment).save(rows);
  }
}
