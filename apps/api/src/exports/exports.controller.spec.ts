import { createServer, request, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { drained } from './exports.controller';

/** A real HTTP exchange: the server writes until the socket is full (the client does not read), then hands its response to the test. */
async function fullResponse(): Promise<{ server: Server; res: Promise<ServerResponse>; abort: () => void }> {
  let resolveRes!: (r: ServerResponse) => void;
  const res = new Promise<ServerResponse>((r) => (resolveRes = r));
  const server = createServer((_req, r) => {
    r.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = 'x'.repeat(64 * 1024);
    while (r.write(chunk));
    resolveRes(r);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const req = request({ host: '127.0.0.1', port, path: '/' });
  req.on('response', (m) => m.pause()); // a client that stops reading
  req.on('error', () => undefined);
  req.end();
  return { server, res, abort: () => req.destroy() };
}

// (a client that reads again resolves it true: the 80 MB streaming test of exports-memory.e2e-spec.ts goes through it)
describe('export streaming: waiting for the client', () => {
  it('resolves false at once for a client that already went away (no 60 s stall timer left behind)', async () => {
    const x = await fullResponse();
    try {
      const res = await x.res;
      const closed = new Promise((r) => res.once('close', r));
      x.abort();
      await closed;
      const t0 = performance.now();
      await expect(drained(res as unknown as Response)).resolves.toBe(false);
      expect(performance.now() - t0).toBeLessThan(1000);
    } finally {
      x.server.closeAllConnections();
      await new Promise((r) => x.server.close(r));
    }
  });
});
