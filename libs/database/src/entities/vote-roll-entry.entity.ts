import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The electoral roll, frozen when the vote opens. */
@Entity()
export class VoteRollEntry {
  @PrimaryColumn({ type: 'uuid' }) voteId: string;
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @Column({ type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ type: 'text' }) college: string;
}
