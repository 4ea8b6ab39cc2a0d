import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity()
export class WorkingGroup {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) axisId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', default: '' }) mandate: string;
  @Column({ type: 'text', default: 'active' }) status: 'active' | 'archived';
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
