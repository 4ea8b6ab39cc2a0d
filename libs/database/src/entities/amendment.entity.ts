import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AmendmentStatus } from '@app/domain';

/** Where an amendment's range lies in the live draft: Yjs relative positions (base64) taken from the frozen version's Yjs state. */
export interface AmendmentAnchors {
  /** Ranges of text runs (Y.XmlText) to replace, in document order; the replacement goes at the first one's start. */
  slices: { start: string; end: string; text: string }[];
  /** The insertion point when `slices` is empty (a pure insertion, or a range of Markdown syntax only). */
  insertAt: string | null;
}

/** A proposed change of one range of a frozen version's Markdown (API.md, "Amendments"). */
@Entity()
@Index(['recommendationId', 'versionId'])
export class Amendment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) recommendationId: string;
  @Column({ type: 'uuid' }) versionId: string;
  @Column({ type: 'int' }) start: number;
  @Column({ type: 'int' }) end: number;
  @Column({ type: 'text' }) original: string;
  @Column({ type: 'text' }) replacement: string;
  @Column({ type: 'text' }) rationale: string;
  @Index() @Column({ type: 'uuid' }) authorId: string;
  @Column({ type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ type: 'boolean', default: false }) onBehalfOfOrganization: boolean;
  @Column({ type: 'text', default: 'submitted' }) status: AmendmentStatus;
  /** Null when the version has no Yjs state to anchor to (the amendment can't be merged). */
  @Column({ type: 'jsonb', nullable: true }) anchors: AmendmentAnchors | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) decidedBy: string | null;
  /** The vote whose close decided it, if any. */
  @Column({ type: 'uuid', nullable: true }) voteId: string | null;
  /** The adopted amendment whose adoption made it lapse. */
  @Column({ type: 'uuid', nullable: true }) lapsedBecauseOf: string | null;
  /** The live session in which it was examined (decided), for the minutes. */
  @Index() @Column({ type: 'uuid', nullable: true }) sessionId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) mergedAt: Date | null;
  /** The Yjs items the merge inserted ([client, clock, length]), for provenance. */
  @Column({ type: 'jsonb', nullable: true }) mergedItems: [number, number, number][] | null;
  @Column({ type: 'text', nullable: true }) skippedReason: string | null;
  /**
   * Set while a merge applies it to the live draft (claimed in one short transaction, recorded in
   * another): no transaction stays open while the realtime service stores the edit.
   */
  @Column({ type: 'timestamptz', nullable: true }) mergingSince: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
