import { connect } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { docNameFor } from '@app/contracts';
import { ORPHAN_UPGRADE_TIMEOUT_MS } from '../../apps/realtime/src/live/live-io.adapter';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { createSession, firstGroupOf, liveClient, LiveClient } from './live-support';
import { until } from '../support/within';

/** engine.io's `destroyUpgradeTimeout` (its default): how long it leaves an upgrade it does not handle. */
const ENGINE_IO_DESTROY_UPGRADE_MS = 1000;

/**
 * socket.io (engine.io) and the y-websocket server of /collab share the HTTP server's `upgrade`
 * event: engine.io must not destroy the /collab upgrades (destroyUpgrade: false), and /collab
 * must leave /socket.io alone. Both kinds of connection stay up together, beyond engine.io's
 * one-second destroy timeout.
 */
describe('live sessions and live drafts on the same port', () => {
  let p: TestPlatform;
  const providers: WebsocketProvider[] = [];
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    p = await startTestPlatform();
  });

  afterAll(async () => {
    providers.forEach((pr) => (pr.destroy(), pr.awareness.destroy())); // the provider leaves its Awareness's timer running
    clients.forEach((c) => c.close());
    await p?.close();
  });

  it('keeps y-websocket connections at /collab and socket.io connections at /socket.io working together', async () => {
    const [fac, region, state] = await Promise.all([DEMO.facilitator, DEMO.region, DEMO.state].map((e) => p.login(e)));
    const groupId = await firstGroupOf(p, fac);
    const rec = (await p.request('GET', `/api/working-groups/${groupId}/recommendations`, { token: fac })).body.items[0];
    const session = await createSession(p, fac, groupId, [{ recommendationId: rec.id, minutes: 30 }]);

    // socket.io first (websocket transport: an HTTP upgrade too), then two y-websocket editors
    const watcher = await liveClient(p.url, state);
    clients.push(watcher);
    expect(await watcher.emit('session:join', { sessionId: session.id })).toMatchObject({ ok: true });
    const docs = [new Y.Doc(), new Y.Doc()];
    for (const [i, token] of [fac, region].entries()) {
      providers.push(
        new WebsocketProvider(`${p.url.replace(/^http/, 'ws')}/collab`, docNameFor(rec.id), docs[i], { WebSocketPolyfill: WebSocket as any, params: { token }, disableBc: true, connect: true }),
      );
    }
    await until(() => providers.every((pr) => pr.synced), 'y-websocket sync');
    // and a socket.io connection opened while the /collab ones are up
    const second = await liveClient(p.url, region);
    clients.push(second);
    expect(await second.emit('session:join', { sessionId: session.id })).toMatchObject({ ok: true });

    // past engine.io's destroyUpgradeTimeout: a timer of the same length started now, in this
    // same process (the platform runs in it), fires after any destroy timer engine.io started
    // for these upgrades would have fired
    await new Promise((r) => setTimeout(r, ENGINE_IO_DESTROY_UPGRADE_MS));
    expect(providers.every((pr) => pr.wsconnected)).toBe(true);
    expect(watcher.socket.connected && second.socket.connected).toBe(true);
    expect(watcher.socket.io.engine.transport.name).toBe('websocket');

    // both still carry traffic: an edit goes from one editor to the other, a phase change to the watchers
    docs[0].getText('live-check').insert(0, 'coexistence');
    await until(() => docs[1].getText('live-check').toString() === 'coexistence', 'the edit on the other editor');
    expect((await p.request('PATCH', `/api/sessions/${session.id}`, { token: fac, body: { phase: 'open' } })).status).toBe(200);
    for (const c of [watcher, second]) expect(await c.waitFor('session:phase')).toEqual({ sessionId: session.id, phase: 'open' });
    // and the traffic above went through the connections opened before the timer: none was cut
    expect(providers.every((pr) => pr.wsconnected)).toBe(true);
    expect(watcher.socket.connected && second.socket.connected).toBe(true);
  });

  it('closes an upgrade request that nobody answers (unknown path), after a while', async () => {
    const started = Date.now();
    const sock = connect(p.port, '127.0.0.1');
    let answer = '';
    sock.on('data', (d) => (answer += d.toString()));
    sock.on('error', () => undefined);
    await new Promise((r) => sock.once('connect', r));
    sock.write('GET /nulle-part HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    await new Promise((r) => sock.once('close', r));
    const elapsed = Date.now() - started;
    expect(answer).toBe('');
    expect(elapsed).toBeGreaterThanOrEqual(ORPHAN_UPGRADE_TIMEOUT_MS - 100); // not engine.io's 1 s: a slow /collab handshake would survive
    expect(elapsed).toBeLessThan(ORPHAN_UPGRADE_TIMEOUT_MS + 5000);
  }, 30_000);
});
