import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type VoteMethod = 'approval' | 'majority_judgment' | 'consent';
export type VoteStatus = 'draft' | 'open' | 'closed';
export interface VoteRules {
  quorum?: number;
  threshold?: number;
  doubleMajority?: boolean;
}

@Entity()
export class Vote {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) workingGroupId: string;
  @Index() @Column({ type: 'uuid', nullable: true }) sessionId: string | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) method: VoteMethod;
  @Column({ type: 'jsonb', default: {} }) rules: VoteRules;
  @Column({ type: 'text', default: 'member' }) scope: 'member' | 'organization';
  @Column({ type: 'boolean', default: false }) secret: boolean;
  @Column({ type: 'text', default: 'after_close' }) resultsVisibility: 'live' | 'after_close';
  @Column({ type: 'text', default: 'draft' }) status: VoteStatus;
  @Column({ type: 'timestamptz', nullable: true }) openedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'jsonb', nullable: true }) results: Record<string, unknown> | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
