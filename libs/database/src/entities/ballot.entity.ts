import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The ballot box. For secret votes nothing here points to a voter: no user id, no timestamp,
 * a random id, and no receipt hash (receipts are kept apart, in `vote_receipt`). `voterId` is
 * set only for public votes.
 */
@Entity()
export class Ballot {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Index() @Column({ type: 'uuid' }) voteId: string;
  @Column({ type: 'jsonb' }) content: Record<string, unknown>;
  @Column({ type: 'text' }) college: string;
  @Column({ type: 'uuid', nullable: true }) voterId: string | null;
}
