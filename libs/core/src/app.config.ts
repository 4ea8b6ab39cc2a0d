import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Configuration of the platform, read and validated once at start, typed everywhere after. */
export interface AppConfig {
  port: number;
  host: string;
  /** undefined = embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so that several platforms (or tests) share one Redis. */
  redisNamespace: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminEmail?: string;
  adminPassword?: string;
  demoData: boolean;
  dataDir: string;
  bodyLimitBytes: number;
  corsOrigins: string[];
  loginMaxPerAccount: number;
  loginMaxPerIp: number;
  loginWindowSeconds: number;
  trustProxy: boolean;
  webDir?: string;
  /** The platform's public address (PUBLIC_URL when set); its origin is the one websocket upgrades may come from (with CORS_ORIGINS). Unset: the request's own Host. */
  originUrl?: string;
  /** A connection that has not sent a complete request (headers) within this time is closed. */
  handshakeTimeoutMs: number;
  /** Open /collab connections at once per user and per client address (per node). */
  collabMaxConnectionsPerUser: number;
  collabMaxConnectionsPerAddress: number;
  /** Open socket.io /live connections at once per user and per client address (per node). */
  liveMaxConnectionsPerUser: number;
  liveMaxConnectionsPerAddress: number;
  /** The platform's external base URL (links in e-mails, the OIDC redirect URI). */
  publicUrl: string;
  /** OpenID Connect (ProConnect); undefined issuer = OIDC sign-in off. */
  oidc?: OidcConfig;
  passwordLogin: boolean;
  /** undefined = e-mails are written to the log. */
  smtpUrl?: string;
  mailFrom: string;
  /** Run the e-mail queue's worker on this node (every node may; each job is sent by one). */
  mailWorker: boolean;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  acrValues?: string;
  autoCreate: boolean;
  /** The label of the sign-in button. */
  label: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return raw;
}

/** The JWT secret: from the environment, else generated once and kept in the data folder. */
function jwtSecret(env: Env, dataDir: string): string {
  const raw = env.JWT_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters long');
    return raw;
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function oidc(env: Env): OidcConfig | undefined {
  const issuer = url(env, 'OIDC_ISSUER', ['https:', 'http:']);
  if (!issuer) return undefined;
  const clientId = env.OIDC_CLIENT_ID ?? '';
  const clientSecret = env.OIDC_CLIENT_SECRET ?? '';
  if (!clientId || !clientSecret) throw new ConfigError('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set with OIDC_ISSUER');
  const scopes = (env.OIDC_SCOPES || 'openid email given_name usual_name siret').trim().split(/\s+/);
  if (!scopes.includes('openid')) throw new ConfigError('OIDC_SCOPES must include openid');
  return {
    issuer,
    clientId,
    clientSecret,
    scopes: scopes.join(' '),
    acrValues: env.OIDC_ACR_VALUES || undefined,
    autoCreate: bool(env, 'OIDC_AUTO_CREATE', false),
    label: env.OIDC_LABEL || 'ProConnect',
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR || '.data');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const adminEmail = env.ADMIN_EMAIL || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) throw new ConfigError('ADMIN_EMAIL must be an e-mail address');
  if (!!adminEmail !== !!adminPassword) throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  if (adminPassword && adminPassword.length < 8) throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters long');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisNamespace: /^[\w:-]{1,64}$/.test(env.REDIS_NAMESPACE ?? '') ? env.REDIS_NAMESPACE! : 'concertation',
    jwtSecret: jwtSecret(env, dataDir),
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 3600, 10, 7 * 24 * 3600),
    adminEmail,
    adminPassword,
    demoData: bool(env, 'DEMO_DATA', !databaseUrl),
    dataDir,
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    corsOrigins: (env.CORS_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean),
    loginMaxPerAccount: int(env, 'LOGIN_MAX_PER_ACCOUNT', 10, 1, 1_000_000),
    loginMaxPerIp: int(env, 'LOGIN_MAX_PER_IP', 100, 1, 1_000_000),
    loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    webDir: env.WEB_DIR || undefined,
    originUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    handshakeTimeoutMs: int(env, 'HANDSHAKE_TIMEOUT_MS', 10_000, 100, 300_000),
    collabMaxConnectionsPerUser: int(env, 'COLLAB_MAX_CONNECTIONS_PER_USER', 50, 1, 1_000_000),
    collabMaxConnectionsPerAddress: int(env, 'COLLAB_MAX_CONNECTIONS_PER_ADDRESS', 2000, 1, 1_000_000),
    liveMaxConnectionsPerUser: int(env, 'LIVE_MAX_CONNECTIONS_PER_USER', 20, 1, 1_000_000),
    liveMaxConnectionsPerAddress: int(env, 'LIVE_MAX_CONNECTIONS_PER_ADDRESS', 2000, 1, 1_000_000),
    publicUrl: (url(env, 'PUBLIC_URL', ['https:', 'http:']) ?? `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
    oidc: oidc(env),
    passwordLogin: bool(env, 'PASSWORD_LOGIN', true),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Concertation <ne-pas-repondre@concertation.localhost>',
    mailWorker: bool(env, 'MAIL_WORKER', true),
  };
}
