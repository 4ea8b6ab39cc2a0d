import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Amendment, DraftStore, RecommendationVersion } from '@app/database';

/** A run of Yjs items of one client and who stored it. */
export type AuthorRange = Awaited<ReturnType<DraftStore['authorship']>>[number];

/** A contributor as the provenance shows them. */
export interface Contributor {
  id: string;
  display_name: string;
  organization_id: string | null;
  college: string | null;
}

/**
 * The SQL boundary of provenance: a read model over the versions, the draft's record of stored
 * updates (libs/database `DraftStore`), the merged amendments and the contributors.
 */
@Injectable()
export class ProvenanceRepository {
  private readonly drafts: DraftStore;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.drafts = new DraftStore(ds);
  }

  /** The recommendation's latest version number (0 without any). */
  async latestVersionNumber(recommendationId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.ds.query('SELECT COALESCE(MAX("number"), 0)::int AS n FROM recommendation_version WHERE recommendation_id = $1', [recommendationId]);
    return Number(n);
  }

  version(recommendationId: string, number: number): Promise<RecommendationVersion | null> {
    return this.ds.getRepository(RecommendationVersion).findOne({ where: { recommendationId, number } });
  }

  /** Who stored which Yjs items of the draft. */
  authorship(docName: string): Promise<AuthorRange[]> {
    return this.drafts.authorship(docName);
  }

  /** The recommendation's amendments with the Yjs items their merge wrote. */
  mergedItems(recommendationId: string): Promise<Pick<Amendment, 'id' | 'authorId' | 'mergedItems'>[]> {
    return this.ds.getRepository(Amendment).find({ select: { id: true, authorId: true, mergedItems: true }, where: { recommendationId } });
  }

  /** Names, organisations and colleges of these users. */
  contributors(userIds: string[]): Promise<Contributor[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.ds.query(
      `SELECT u.id, u.display_name, u.organization_id, o.college FROM "user" u LEFT JOIN organization o ON o.id = u.organization_id WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
  }
}
