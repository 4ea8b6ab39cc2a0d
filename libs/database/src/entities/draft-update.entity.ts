import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The append-only Yjs update log of a live draft; compacted into DraftSnapshot. */
@Entity()
@Index(['docName', 'id'])
export class DraftUpdate {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'text' }) docName: string;
  @Column({ type: 'bytea' }) update: Buffer;
  @Column({ type: 'uuid', nullable: true }) authorId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
