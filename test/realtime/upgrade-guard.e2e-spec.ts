import { connect as tcpConnect, Socket as TcpSocket } from 'node:net';
import WebSocket from 'ws';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { within } from '../support/within';
import { CollabGateway } from '../../apps/realtime/src/collab/collab.gateway';
import { DraftsHttpService } from '../../apps/realtime/src/collab/http/drafts-http.service';
import { LiveGateway } from '../../apps/realtime/src/live/live.gateway';
import { collabUrl, connect, RawCollabClient, waitFor } from '../drafts/support/collab-client';
import { demoDrafts, userId } from '../drafts/support/drafts';
import { connectLive, liveClient, LiveClient } from '../live/live-support';

const PARTNER = 'https://partenaire.example';
const HANDSHAKE_MS = 400;

/** An upgrade to /collab: 'open', or the HTTP status it was refused with. */
function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number | 'open'; body: string; ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ status: 'open', body: '', ws }));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, ws });
      });
    });
    ws.once('error', (err) => reject(err));
  });
}

/** Resolves when the server closes the raw TCP socket (or 'timeout'). */
function closedBy(socket: TcpSocket, ms: number): Promise<'closed' | 'timeout'> {
  return within(new Promise<'closed'>((resolve) => socket.once('close', () => resolve('closed'))), ms);
}

function rawSocket(port: number): Promise<TcpSocket> {
  return new Promise((resolve, reject) => {
    const s = tcpConnect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/**
 * The doors of the realtime service (issue 15): the websocket origin rule on /collab and
 * socket.io, the handshake timeout, the per-user and per-address connection caps.
 */
describe('websocket doors: origin, handshake timeout, connection caps', () => {
  let p: TestPlatform;
  let docName: string;
  let facilitator: string;
  let participant: string;
  let observer: string;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    p = await startTestPlatform({
      corsOrigins: [PARTNER],
      handshakeTimeoutMs: HANDSHAKE_MS,
      collabMaxConnectionsPerUser: 2,
      collabMaxConnectionsPerAddress: 5,
      liveMaxConnectionsPerUser: 2,
      liveMaxConnectionsPerAddress: 5,
    });
    [facilitator, participant, observer] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region), p.login(DEMO.observer)]);
    docName = (await demoDrafts(p, facilitator))[0].docName;
  });

  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  afterAll(async () => {
    await p?.close();
  });

  /** Waits until the server has given back every place (the sockets of the last test closed). */
  const allReleased = async () => {
    const collab = p.app.get(CollabGateway);
    const live = p.app.get(LiveGateway);
    const drafts = p.app.get(DraftsHttpService);
    await waitFor(
      () => collab.counts('', '127.0.0.1').address === 0 && live.counts('', '127.0.0.1').address === 0 && drafts.streamCounts('', '127.0.0.1').address === 0,
      5000,
      'places given back',
    );
  };

  beforeEach(() => allReleased());

  describe('origin', () => {
    it('/collab: another site’s page is refused with 403 and nothing is opened; the own origin, CORS_ORIGINS and no Origin are served', async () => {
      const refused = await tryUpgrade(collabUrl(p.url, docName, facilitator), { origin: 'https://evil.example' });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('Origine non autorisée');
      for (const origin of [p.url.replace('localhost', '127.0.0.1'), PARTNER]) {
        const ok = await tryUpgrade(collabUrl(p.url, docName, facilitator), { origin });
        expect([origin, ok.status]).toEqual([origin, 'open']);
        ok.ws.close();
      }
      const bare = await tryUpgrade(collabUrl(p.url, docName, facilitator));
      expect(bare.status).toBe('open');
      bare.ws.close();
      // a sandboxed page's "null" origin is another site's
      expect((await tryUpgrade(collabUrl(p.url, docName, facilitator), { origin: 'null' })).status).toBe(403);
    });

    it('socket.io: another origin is refused on the websocket upgrade (403) and on a long-polling handshake (403)', async () => {
      const base = p.url.replace('ws', 'http');
      const upgrade = await tryUpgrade(`${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { origin: 'https://evil.example' });
      expect(upgrade.status).toBe(403);
      const polling = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
      expect(polling.status).toBe(403);
      expect(await polling.text()).toContain('Origine non autorisée');
      const own = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: { origin: PARTNER } });
      expect(own.status).toBe(200);
      // and a client without Origin (this test's socket.io client) still connects
      const c = await liveClient(p.url, facilitator);
      open.push(c);
      expect(c.socket.connected).toBe(true);
    });
  });

  describe('handshake timeout', () => {
    it('closes a connection that sends half a request, and one that sends nothing', async () => {
      const half = await rawSocket(p.port);
      half.write(`GET /collab/${encodeURIComponent(docName)}?token=${facilitator} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`);
      const silent = await rawSocket(p.port);
      const started = Date.now();
      const [a, b] = await Promise.all([closedBy(half, 10 * HANDSHAKE_MS), closedBy(silent, 10 * HANDSHAKE_MS)]);
      expect([a, b]).toEqual(['closed', 'closed']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(HANDSHAKE_MS - 50);
    });

    it('leaves a connection whose request arrived in time alone (a live draft stays open past the timeout)', async () => {
      const c = await connect(p.url, docName, facilitator, { acks: true });
      open.push(c);
      // an absence can only be seen over time: three timeouts' worth, then the connection still works
      expect(await within(c.whenClosed(3 * HANDSHAKE_MS).catch(() => 'still open'), 10 * HANDSHAKE_MS)).toBe('still open');
      expect(c.closed).toBeNull();
      c.text.insert(0, 'toujours là');
      await waitFor(() => c.allSaved, 30_000, 'the edit saved after the timeout');
    });
  });

  describe('drafts over HTTP', () => {
    it('leaves an /api/drafts connection alone once its request arrived: a kept-alive connection and an event stream outlive the timeout', async () => {
      const draft = `/api/drafts/${encodeURIComponent(docName)}`;
      const ask = (s: TcpSocket, path: string) => s.write(`GET ${draft}${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${facilitator}\r\nConnection: keep-alive\r\n\r\n`);
      const answers = (s: TcpSocket) => {
        const seen = { text: '' };
        s.on('data', (d: Buffer) => (seen.text += d.toString('latin1')));
        return () => (seen.text.match(/HTTP\/1\.1 200 /g) ?? []).length;
      };
      const kept = await rawSocket(p.port);
      const keptAnswers = answers(kept);
      ask(kept, '/state');
      const stream = await rawSocket(p.port);
      const streamAnswers = answers(stream);
      ask(stream, '/events');
      await waitFor(() => keptAnswers() === 1 && streamAnswers() === 1, 30_000, 'the state and the event stream answered');
      // an absence can only be seen over time: three timeouts' worth, then both still work
      expect(await Promise.all([closedBy(kept, 3 * HANDSHAKE_MS), closedBy(stream, 3 * HANDSHAKE_MS)])).toEqual(['timeout', 'timeout']);
      ask(kept, '/state');
      await waitFor(() => keptAnswers() === 2, 30_000, 'a second answer on the kept-alive connection');
      kept.destroy();
      stream.destroy();
    });

    it('event streams have the /collab caps: the third of one account and the sixth of one address are refused with 429, a place comes back when one closes', async () => {
      const drafts = p.app.get(DraftsHttpService);
      const events = async (token: string) => {
        const abort = new AbortController();
        const res = await fetch(`${p.url}/api/drafts/${encodeURIComponent(docName)}/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
        const stream = { status: res.status, body: res.status === 200 ? '' : await res.text(), close: () => abort.abort() };
        if (res.status === 200) open.push(stream);
        return stream;
      };
      const participantId = await userId(p, participant);
      const [a, b] = [await events(participant), await events(participant)];
      expect([a.status, b.status]).toEqual([200, 200]);
      const third = await events(participant);
      expect({ status: third.status, message: JSON.parse(third.body).message }).toEqual({ status: 429, message: 'Trop de connexions simultanées pour ce compte (au plus 2)' });
      a.close();
      await waitFor(() => drafts.streamCounts(participantId, '127.0.0.1').user === 1, 30_000, 'the closed stream’s place given back');
      expect((await events(participant)).status).toBe(200);
      // one address: 2 + 2 + 1 open, the sixth refused whoever the user
      expect([(await events(facilitator)).status, (await events(facilitator)).status, (await events(observer)).status]).toEqual([200, 200, 200]);
      const sixth = await events(observer);
      expect({ status: sixth.status, message: JSON.parse(sixth.body).message }).toEqual({ status: 429, message: 'Trop de connexions depuis cette adresse (au plus 5)' });
    });
  });

  describe('connection caps', () => {
    it('/collab per user: the third connection of one account is refused with 429, a place comes back when one closes', async () => {
      const first = await connect(p.url, docName, facilitator);
      const second = await connect(p.url, docName, facilitator);
      open.push(first, second);
      const third = await tryUpgrade(collabUrl(p.url, docName, facilitator));
      expect(third.status).toBe(429);
      expect(third.body).toContain('Trop de connexions simultanées pour ce compte');
      // another account is not concerned
      const other = await connect(p.url, docName, participant);
      open.push(other);
      first.close();
      const gateway = p.app.get(CollabGateway);
      const fac = await userId(p, facilitator);
      await waitFor(() => gateway.counts(fac, '127.0.0.1').user === 1, 30_000, 'the place given back');
      const again = await tryUpgrade(collabUrl(p.url, docName, facilitator));
      expect(again.status).toBe('open');
      open.push({ close: () => again.ws.close() });
    });

    it('/collab per address: beyond 5 connections from one address, refused with 429 whoever the user', async () => {
      const clients: RawCollabClient[] = [];
      for (const token of [facilitator, facilitator, participant, participant, observer]) clients.push(await connect(p.url, docName, token));
      open.push(...clients);
      const sixth = await tryUpgrade(collabUrl(p.url, docName, observer));
      expect(sixth.status).toBe(429);
      expect(sixth.body).toContain('Trop de connexions depuis cette adresse');
      // a bad token counts against the address too (and is answered 429 before its 4401)
      expect((await tryUpgrade(collabUrl(p.url, docName, 'pas-un-jeton'))).status).toBe(429);
    });

    it('socket.io per user: the third connection of one account fails with connect_error too_many_connections; a place comes back on disconnect', async () => {
      const a: LiveClient = await liveClient(p.url, participant);
      const b: LiveClient = await liveClient(p.url, participant);
      open.push(a, b);
      const err = await liveClient(p.url, participant).then(
        (c) => (open.push(c), null),
        (e: Error & { data?: { code?: string } }) => e,
      );
      expect(err?.data?.code).toBe('too_many_connections');
      expect(err?.message).toContain('Trop de connexions simultanées pour ce compte');
      a.close();
      const gateway = p.app.get(LiveGateway);
      const part = await userId(p, participant);
      await waitFor(() => gateway.counts(part, '127.0.0.1').user === 1, 30_000, 'the place given back');
      const back = await liveClient(p.url, participant);
      open.push(back);
      expect(back.socket.connected).toBe(true);
    });

    it('socket.io per address: beyond 5 connections from one address, connect_error too_many_connections', async () => {
      for (const token of [facilitator, facilitator, participant, participant, observer]) open.push(await liveClient(p.url, token));
      const socket = connectLive(p.url, observer);
      const err = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(err.data?.code).toBe('too_many_connections');
      expect(err.message).toContain('Trop de connexions depuis cette adresse');
    });
  });
});
