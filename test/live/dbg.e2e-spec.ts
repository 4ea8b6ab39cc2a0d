import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
describe('dbg', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform(); });
  afterAll(() => p?.close());
  it('x', async () => {
    const tokens = await Promise.all([DEMO.state, DEMO.region, DEMO.agglo, DEMO.expert, DEMO.amf].map((e) => p.login(e)));
    const bad: string[] = [];
    for (let round = 0; round < 30; round++) {
      const res = await Promise.all(tokens.map((t) => p.request('GET', '/api/me', { token: t })));
      res.forEach((r, i) => { if (r.status !== 200) bad.push(`${round}/${i}: ${r.status} ${JSON.stringify(r.body)}`); });
      await new Promise((r) => setTimeout(r, 2100 * (round % 3 === 0 ? 1 : 0)));
    }
    console.log(bad.join('\n') || 'all ok');
  });
});
