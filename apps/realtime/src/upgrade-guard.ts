import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig, limitHandshake } from '@app/core';

export type OriginPolicy = Pick<AppConfig, 'originUrl' | 'corsOrigins' | 'trustProxy'>;

function originOf(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

function first(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  return v?.split(',')[0].trim() || undefined;
}

/**
 * The websocket origin rule (API.md v2, Realtime), for /collab and socket.io alike. A request
 * without `Origin` is not a browser's (tests, bench, server-side clients): allowed; a browser's
 * must come from the platform's own origin (PUBLIC_URL's when set, else the request's own
 * Host, or X-Forwarded-Host behind a trusted proxy) or from one of CORS_ORIGINS.
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, policy: OriginPolicy): boolean {
  const raw = req.headers.origin;
  if (raw === undefined) return true;
  const origin = originOf(raw);
  if (!origin) return false; // "null" (sandboxed pages, file:), garbage
  if (policy.corsOrigins.some((o) => (originOf(o) ?? o) === origin)) return true;
  if (policy.originUrl) return originOf(policy.originUrl) === origin;
  const host = (policy.trustProxy && first(req.headers['x-forwarded-host'])) || req.headers.host;
  return !!host && new URL(origin).host === host.toLowerCase();
}

/** The client's address: the socket's peer, or the first X-Forwarded-For entry behind a trusted proxy (as Express's `trust proxy`). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  return (trustProxy && first(req.headers['x-forwarded-for'])) || req.socket.remoteAddress || 'unknown';
}

/** Open connections per key (a user, an address), refused beyond `max`. Per node. */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Counts one more for `key`, or false (nothing counted) when it already has `max`. */
  acquire(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/** Answers an upgrade request with an HTTP error and closes it (before any websocket handshake). */
export function refuseUpgrade(socket: Duplex, status: 403 | 429, message: string): void {
  const body = Buffer.from(message, 'utf8');
  const reason = status === 403 ? 'Forbidden' : 'Too Many Requests';
  socket.on('error', () => undefined);
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${message}`);
  }
  socket.destroy();
}

/**
 * The doors of the realtime service's HTTP server: the handshake timeout (HANDSHAKE_TIMEOUT_MS)
 * and the origin rule for every websocket upgrade (403), ahead of /collab's and engine.io's own
 * listeners. socket.io's long-polling handshakes get the same rule through `allowRequest`
 * (LiveIoAdapter).
 */
@Injectable()
export class UpgradeGuard implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private readonly listener = (req: IncomingMessage, socket: Duplex) => {
    if (!originAllowed(req, this.config)) refuseUpgrade(socket, 403, 'Origine non autorisée');
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.server) throw new Error('no HTTP server to guard');
    limitHandshake(this.server, this.config.handshakeTimeoutMs);
    this.server.prependListener('upgrade', this.listener);
  }

  onApplicationShutdown(): void {
    this.server?.off('upgrade', this.listener);
  }
}
