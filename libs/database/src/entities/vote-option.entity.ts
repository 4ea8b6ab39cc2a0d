import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class VoteOption {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) voteId: string;
  @Column({ type: 'uuid', nullable: true }) versionId: string | null;
  @Column({ type: 'text', nullable: true }) label: string | null;
  /** An approval vote on an amendment (v2): closing the vote decides it. */
  @Index() @Column({ type: 'uuid', nullable: true }) amendmentId: string | null;
  @Column({ type: 'int', default: 0 }) position: number;
}
