import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LoginCode, OidcLoginAttempt, OidcSession, User } from '@app/database';

/** A recorded OIDC sign-in attempt, as the callback reads it. */
export interface OidcAttempt {
  nonce: string;
  codeVerifier: string | null;
  returnTo: string;
  expiresAt: Date;
}

/**
 * The SQL boundary of sign-in: accounts by e-mail, id or OIDC subject (the guard, the login, the
 * OIDC link), the OIDC attempts, sessions and one-time login codes. Single-use rows are taken
 * with one `DELETE … RETURNING`, so two requests can't both use one.
 */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  /** `DELETE … RETURNING`: the deleted row, or null. */
  private async takeOnce<T>(sql: string, params: unknown[]): Promise<T | null> {
    const [rows] = (await this.ds.query(sql, params)) as [T[], number];
    return rows[0] ?? null;
  }

  // ------------------------------------------------------------------ accounts

  userById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.m(manager).getRepository(User).findOne({ where: { id } });
  }

  userByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.m(manager).getRepository(User).findOne({ where: { email } });
  }

  userBySubject(m: EntityManager, subject: string): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { oidcSubject: subject } });
  }

  async updateUser(m: EntityManager, id: string, values: Partial<User>): Promise<void> {
    await m.getRepository(User).update({ id }, values);
  }

  insertUser(m: EntityManager, fields: Partial<User>): Promise<User> {
    return m.getRepository(User).save(fields);
  }

  // ------------------------------------------------------------------ OIDC

  async insertAttempt(attempt: OidcAttempt & { state: string }): Promise<void> {
    await this.ds.getRepository(OidcLoginAttempt).insert(attempt);
  }

  /** The attempt of this state, deleted as it is read (single use). */
  takeAttempt(state: string): Promise<OidcAttempt | null> {
    return this.takeOnce(`DELETE FROM oidc_login_attempt WHERE state = $1 RETURNING nonce, code_verifier AS "codeVerifier", return_to AS "returnTo", expires_at AS "expiresAt"`, [state]);
  }

  async sweepExpiredAttempts(): Promise<void> {
    await this.ds.query(`DELETE FROM oidc_login_attempt WHERE expires_at < now()`);
  }

  insertSession(m: EntityManager, userId: string, idToken: string): Promise<OidcSession> {
    return m.getRepository(OidcSession).save({ userId, idToken });
  }

  /** The session's ID token, the session deleted (its logout). */
  takeSession(id: string, userId: string): Promise<{ idToken: string } | null> {
    return this.takeOnce(`DELETE FROM oidc_session WHERE id = $1 AND user_id = $2 RETURNING id_token AS "idToken"`, [id, userId]);
  }

  async insertLoginCode(m: EntityManager, code: LoginCode): Promise<void> {
    await m.getRepository(LoginCode).insert(code);
  }

  /** The login code of this hash, deleted as it is read (single use). */
  takeLoginCode(codeHash: string): Promise<{ userId: string; sessionId: string | null; expiresAt: Date } | null> {
    return this.takeOnce(`DELETE FROM login_code WHERE code_hash = $1 RETURNING user_id AS "userId", oidc_session_id AS "sessionId", expires_at AS "expiresAt"`, [codeHash]);
  }

  async sweepExpiredLoginCodes(): Promise<void> {
    await this.ds.query(`DELETE FROM login_code WHERE expires_at < now()`);
  }
}
