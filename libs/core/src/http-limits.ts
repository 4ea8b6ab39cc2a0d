import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

const LIMITED = Symbol('handshakeLimited');
const TIMER = Symbol('handshakeTimer');

/**
 * Closes a connection that has not sent a complete request (its headers) within `ms`: half-open
 * upgrade requests to /collab or /socket.io, or any slow client, hold no socket for long.
 * The first request of a connection is timed here, precisely (Node's own `headersTimeout` is
 * only checked every 30 s); later requests of a kept-alive connection by `headersTimeout`,
 * set to the same value. Idempotent: the all-in-one platform calls it from the API and the
 * realtime module.
 */
export function limitHandshake(server: Server, ms: number): void {
  const s = server as Server & { [LIMITED]?: boolean };
  if (s[LIMITED]) return;
  s[LIMITED] = true;
  server.headersTimeout = Math.min(ms, server.requestTimeout || ms);
  server.on('connection', (socket: Socket & { [TIMER]?: NodeJS.Timeout }) => {
    const timer = setTimeout(() => socket.destroy(), ms);
    timer.unref();
    socket[TIMER] = timer;
    socket.once('close', () => clearTimeout(timer));
  });
  server.prependListener('request', requestArrived);
  server.prependListener('upgrade', requestArrived);
}

/**
 * A complete request arrived on its connection: the handshake timeout no longer applies to it.
 * Heard on the server's `request` and `upgrade` events; a listener that answers requests ahead
 * of the others (DraftsHttpGateway) calls it itself.
 */
export function requestArrived(req: IncomingMessage): void {
  clearTimeout((req.socket as Socket & { [TIMER]?: NodeJS.Timeout })[TIMER]);
}
