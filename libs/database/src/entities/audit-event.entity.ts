import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Append-only, hash-chained: hash = sha256(prevHash + canonicalJson(event)). */
@Entity()
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) entityType: string;
  @Column({ type: 'text', nullable: true }) entityId: string | null;
  @Column({ type: 'jsonb', default: {} }) data: Record<string, unknown>;
  @Column({ type: 'char', length: 64 }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;
}
