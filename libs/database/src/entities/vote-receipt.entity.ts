import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * "Counted", per receipt, apart from the ballot box: the hash of each receipt a voter was given,
 * with the voter it was given to (the only one who may check it). Nothing here points to a ballot
 * and no ballot holds anything a receipt can find, so whoever holds a receipt and reads the
 * database learns that the ballot was counted, never what it said. `userId` is null only for
 * receipts of ballots cast before this table existed (their link to the voter was never stored).
 */
@Entity()
export class VoteReceipt {
  @PrimaryColumn({ type: 'char', length: 64 }) receiptHash: string;
  @Column({ type: 'uuid' }) voteId: string;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
}
