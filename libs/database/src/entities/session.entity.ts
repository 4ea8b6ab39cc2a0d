import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SessionPhase } from '@app/domain';

export interface AgendaItem {
  recommendationId: string;
  minutes: number;
}

/** An open-lab session of a working group. */
@Entity()
export class Session {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) workingGroupId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'timestamptz' }) startsAt: Date;
  @Column({ type: 'timestamptz' }) endsAt: Date;
  @Column({ type: 'text', default: 'scheduled' }) phase: SessionPhase;
  @Column({ type: 'jsonb', default: [] }) agenda: AgendaItem[];
  @Column({ type: 'timestamptz', nullable: true }) timerEndsAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
