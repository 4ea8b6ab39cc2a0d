import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who voted (never what). The primary key (voteId, voterKey) makes a second ballot impossible:
 * voterKey is the user id for scope `member` and the organisation id for scope `organization`.
 */
@Entity()
export class VoteParticipation {
  @PrimaryColumn({ type: 'uuid' }) voteId: string;
  @PrimaryColumn({ type: 'text' }) voterKey: string;
  @Column({ type: 'uuid' }) userId: string;
}
