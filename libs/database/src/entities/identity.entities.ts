import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { GroupRole } from '@app/domain';

/** An OIDC sign-in under way: what the callback checks, kept in the database so any node can. Single use. */
@Entity()
export class OidcLoginAttempt {
  @PrimaryColumn({ type: 'text' }) state: string;
  @Column({ type: 'text' }) nonce: string;
  @Column({ type: 'text', nullable: true }) codeVerifier: string | null;
  @Column({ type: 'text' }) returnTo: string;
  @Index() @Column({ type: 'timestamptz' }) expiresAt: Date;
}

/** The one-time code that the web app exchanges for an access token after an OIDC sign-in (hashed). */
@Entity()
export class LoginCode {
  @PrimaryColumn({ type: 'text' }) codeHash: string;
  @Column({ type: 'uuid' }) userId: string;
  @Column({ type: 'uuid', nullable: true }) oidcSessionId: string | null;
  @Index() @Column({ type: 'timestamptz' }) expiresAt: Date;
}

/** An OIDC sign-in's ID token, kept for the logout's `id_token_hint`. */
@Entity()
export class OidcSession {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) idToken: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity()
export class Invitation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) displayName: string;
  @Column({ type: 'uuid' }) organizationId: string;
  @Column({ type: 'uuid', nullable: true }) workingGroupId: string | null;
  @Column({ type: 'text', nullable: true }) role: GroupRole | null;
  @Index({ unique: true }) @Column({ type: 'text' }) tokenHash: string;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Index() @Column({ type: 'uuid' }) invitedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity()
export class PasswordReset {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) userId: string;
  @Index({ unique: true }) @Column({ type: 'text' }) tokenHash: string;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity()
@Index(['userId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) link: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) readAt: Date | null;
}

/** E-mail preferences per kind; a kind absent from `email` takes its default. */
@Entity()
export class NotificationSetting {
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @Column({ type: 'jsonb', default: {} }) email: Record<string, boolean>;
}

/** A positions-deadline reminder already sent (recommendation, deadline, days before): sent once. */
@Entity()
export class DeadlineReminder {
  @PrimaryColumn({ type: 'uuid' }) recommendationId: string;
  @PrimaryColumn({ type: 'timestamptz' }) deadline: Date;
  @PrimaryColumn({ type: 'int' }) daysBefore: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** The e-mail jobs already handed to the SMTP server: a job retried after a crash is not sent twice. */
@Entity()
export class MailDelivery {
  @PrimaryColumn({ type: 'uuid' }) jobId: string;
  @CreateDateColumn({ type: 'timestamptz' }) sentAt: Date;
}
