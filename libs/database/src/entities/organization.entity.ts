import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { College, OrganizationKind } from '@app/domain';

@Entity()
export class Organization {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: OrganizationKind;
  @Column({ type: 'text' }) college: College;
  /** 14 digits; the OIDC `siret` claim attaches a user to the organisation. */
  @Index({ unique: true }) @Column({ type: 'text', nullable: true }) siret: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
