import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A frozen draft: the Markdown that is voted on, its sha256, and the Yjs state it came from. */
@Entity()
@Index(['recommendationId', 'number'], { unique: true })
export class RecommendationVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) recommendationId: string;
  @Column({ type: 'int' }) number: number;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'char', length: 64 }) contentHash: string;
  @Column({ type: 'bytea', nullable: true }) ydocSnapshot: Buffer | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}
