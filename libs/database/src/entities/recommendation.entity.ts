import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Horizon, RecommendationStatus } from '@app/domain';

@Entity()
export class Recommendation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) workingGroupId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) horizon: Horizon;
  @Column({ type: 'text', default: 'draft' }) status: RecommendationStatus;
  @Column({ type: 'boolean', default: false }) locked: boolean;
  @Column({ type: 'timestamptz', nullable: true }) positionsDeadline: Date | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
