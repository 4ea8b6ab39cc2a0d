import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who stored the Yjs items of a live draft: the items of client `client` with clocks in
 * [clockStart, clockEnd) came in an update stored for `userId`. Written when a compaction folds
 * log rows into the snapshot (in the same transaction as their deletion), so the server's
 * record of authorship survives compaction; the rows still in the log are read as they are.
 */
@Entity()
@Index(['docName', 'client'])
export class DraftProvenance {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'text' }) docName: string;
  @Column({ type: 'bigint' }) client: string;
  @Column({ type: 'int' }) clockStart: number;
  @Column({ type: 'int' }) clockEnd: number;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
}
