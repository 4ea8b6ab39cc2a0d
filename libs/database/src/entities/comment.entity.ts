import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A comment on a recommendation, optionally anchored to a range of a version; replies point to their parent. */
@Entity()
export class Comment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) recommendationId: string;
  @Column({ type: 'uuid', nullable: true }) versionId: string | null;
  @Column({ type: 'int', nullable: true }) start: number | null;
  @Column({ type: 'int', nullable: true }) end: number | null;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'uuid' }) authorId: string;
  @Index() @Column({ type: 'uuid', nullable: true }) parentId: string | null;
  @Column({ type: 'boolean', default: false }) resolved: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
