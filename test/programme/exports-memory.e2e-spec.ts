import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTestPlatform, TestPlatform } from '../support/platform';
import { db, demoGroupId } from './helpers';

// A full collection before each sample measures what is live, not garbage waiting for the GC.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ROWS = 100_000;
const MB = 1024 * 1024;

/**
 * The export is streamed: 100 000 adopted recommendations (about 60 MB of CSV) go through
 * while the live JS heap of the process (server and client together) grows by a few MB only.
 * Buffering the document would add at least its size.
 */
describe('open data export memory', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
    const group = await demoGroupId(p, 'AXE-2');
    await db(p).query(
      `INSERT INTO recommendation (working_group_id, title, horizon, status)
       SELECT $1, 'Recommandation n° ' || i || ' : ' || repeat('mutualiser les services numériques, ', 16),
              CASE WHEN i % 3 = 0 THEN 'structuring' ELSE 'quick_win' END, 'adopted'
         FROM generate_series(1, ${ROWS}) AS i`,
      [group],
    );
  }, 300_000);
  afterAll(() => p?.close(), 120_000);

  it(`streams ${ROWS} rows of CSV with bounded heap growth`, async () => {
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }, 2000);
    const started = performance.now();
    let bytes = 0;
    let lines = 0;
    let first = '';
    try {
      const res = await fetch(`${p.url}/api/exports/recommendations?format=csv`);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (first.length < 200) first += Buffer.from(value).toString('utf8');
        bytes += value.byteLength;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
      }
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`export of ${ROWS} rows: ${(bytes / MB).toFixed(1)} MB in ${seconds.toFixed(1)} s, peak live heap growth ${(peak / MB).toFixed(1)} MB`);
    expect(first.startsWith('id,title,horizon,status,')).toBe(true);
    expect(lines).toBe(ROWS + 1);
    expect(bytes).toBeGreaterThan(50 * MB);
    expect(peak).toBeLessThan(24 * MB);
  }, 300_000);

  it('stops reading the database when the client goes away', async () => {
    // the server's side of the export's response (the platform runs in this process)
    const server = p.app.getHttpServer();
    const responseClosed = new Promise<boolean>((resolve) => {
      const onRequest = (req: { url?: string }, res: import('node:http').ServerResponse) => {
        if (!req.url?.startsWith('/api/exports/recommendations')) return;
        server.off('request', onRequest);
        res.once('close', () => resolve(res.writableFinished));
      };
      server.on('request', onRequest);
    });
    const controller = new AbortController();
    const res = await fetch(`${p.url}/api/exports/recommendations?format=json`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    // the export ends when the client goes away, long before its last row: never finished
    expect(await responseClosed).toBe(false);
    const health = await fetch(`${p.url}/api/health`);
    expect(health.status).toBe(200);
  });
});
