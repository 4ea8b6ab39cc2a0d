import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type Stance = 'favorable' | 'favorable_with_reservations' | 'unfavorable' | 'abstention';

/** A formal position of an association on a frozen version. */
@Entity()
@Index(['recommendationId', 'organizationId'])
// at most one current position per organisation and recommendation, enforced by the database
@Index(['recommendationId', 'organizationId'], { unique: true, where: '"current"' })
export class Position {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) recommendationId: string;
  @Column({ type: 'uuid' }) versionId: string;
  @Column({ type: 'uuid' }) organizationId: string;
  @Column({ type: 'uuid' }) submittedBy: string;
  @Column({ type: 'text' }) stance: Stance;
  @Column({ type: 'text', nullable: true }) motivation: string | null;
  @Column({ type: 'timestamptz' }) submittedAt: Date;
  @Column({ type: 'uuid', nullable: true }) supersedesId: string | null;
  @Column({ type: 'boolean', default: true }) current: boolean;
  @Column({ type: 'char', length: 64 }) hash: string;
}
