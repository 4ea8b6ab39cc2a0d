import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PlatformRole } from '@app/domain';

@Entity()
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index({ unique: true }) @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) displayName: string;
  @Column({ type: 'text' }) passwordHash: string;
  @Index() @Column({ type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ type: 'text', default: 'member' }) role: PlatformRole;
  @Column({ type: 'boolean', default: false }) isRepresentative: boolean;
  /** The OpenID Connect `sub` of the account, set on the first OIDC sign-in. */
  @Index({ unique: true }) @Column({ type: 'text', nullable: true }) oidcSubject: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
