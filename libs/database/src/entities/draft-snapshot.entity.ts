import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Merged Yjs state of a draft up to and including the log entry `lastUpdateId`. */
@Entity()
export class DraftSnapshot {
  @PrimaryColumn({ type: 'text' }) docName: string;
  @Column({ type: 'bytea' }) state: Buffer;
  @Column({ type: 'bigint', default: 0 }) lastUpdateId: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
