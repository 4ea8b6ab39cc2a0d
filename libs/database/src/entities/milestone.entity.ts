import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type MilestoneStatus = 'planned' | 'in_progress' | 'done' | 'late';

@Entity()
export class Milestone {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) recommendationId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'date' }) dueDate: string;
  @Column({ type: 'uuid', nullable: true }) ownerOrganizationId: string | null;
  /** Stored status; `late` is computed on read when the due date has passed and it is not done. */
  @Column({ type: 'text', default: 'planned' }) status: MilestoneStatus;
  @Column({ type: 'int', default: 0 }) progress: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
