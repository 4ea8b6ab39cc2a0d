/**
 * The OpenAPI document is the source of the web app's API types (`npm run openapi`): it must be
 * the document the running platform serves, describe /api/drafts (served ahead of Nest's router),
 * and describe what the API really answers (real responses checked against their schemas).
 */
import { buildOpenApiDocument, serialize } from '../../scripts/openapi';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; nullable?: boolean; enum?: unknown[]; additionalProperties?: unknown };

describe('OpenAPI document', () => {
  let p: TestPlatform;
  let served: any;

  beforeAll(async () => {
    p = await startTestPlatform();
    const res = await p.request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    served = res.body;
  });
  afterAll(() => p?.close());

  it('is what `npm run openapi` generates without a database (the web types describe the served API)', async () => {
    const generated = await buildOpenApiDocument();
    expect(serialize(generated)).toBe(serialize(served));
  });

  it('documents /api/drafts with the statuses of the README', () => {
    const statuses = (path: string, method: string) => Object.keys(served.paths[path]?.[method]?.responses ?? {}).sort();
    expect(statuses('/api/drafts/{docName}/state', 'get')).toEqual(['200', '400', '401', '403', '404']);
    expect(statuses('/api/drafts/{docName}/updates', 'post')).toEqual(['200', '400', '401', '403', '404', '413', '415', '429', '503']);
    expect(statuses('/api/drafts/{docName}/events', 'get')).toEqual(['200', '400', '401', '403', '404']);
    expect(statuses('/api/drafts/{docName}/awareness', 'post')).toEqual(['204', '400', '401', '403', '404', '409', '413', '415', '429']);

    const events = served.paths['/api/drafts/{docName}/events'].get;
    expect(Object.keys(events.responses['200'].content)).toEqual(['text/event-stream']);
    expect(events.parameters.map((x: any) => `${x.in}:${x.name}`)).toEqual(expect.arrayContaining(['path:docName', 'query:stateVector', 'header:Last-Event-ID']));
    const awareness = served.paths['/api/drafts/{docName}/awareness'].post;
    expect(awareness.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'X-Draft-Connection', required: true }));
    expect(served.paths['/api/drafts/{docName}/updates'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DraftUpdateBody' });
    // every $ref of the drafts paths resolves
    const refs = JSON.stringify(Object.entries(served.paths).filter(([k]) => k.startsWith('/api/drafts/'))).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) expect(served.components.schemas[ref.split('/').pop()!]).toBeDefined();
  });

  it('names the contract enums, so the web app gets string unions', () => {
    const s = served.components.schemas;
    expect(s.Horizon).toEqual({ type: 'string', enum: ['quick_win', 'structuring'] });
    expect(s.RecommendationResponse.properties.horizon).toEqual({ allOf: [{ $ref: '#/components/schemas/Horizon' }] });
    expect(s.VoteStatus.enum).toEqual(['draft', 'open', 'closed']);
  });

  /** Checks `value` against `schema`: required fields present, no field the schema does not name, enums. */
  function conforms(value: unknown, schema: Schema, at: string, errors: string[]): void {
    if (value === null && schema.nullable) return;
    if (schema.$ref) return conforms(value, served.components.schemas[schema.$ref.split('/').pop()!], at, errors);
    if (schema.allOf) return schema.allOf.forEach((s) => conforms(value, s, at, errors));
    if (value === null) return void errors.push(`${at}: null`);
    if (schema.oneOf) return;
    if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in the enum`);
    if (schema.type === 'array') {
      if (!Array.isArray(value)) errors.push(`${at}: not an array`);
      else value.forEach((v, i) => conforms(v, schema.items!, `${at}[${i}]`, errors));
    } else if (schema.properties) {
      const obj = value as Record<string, unknown>;
      for (const k of schema.required ?? []) if (!(k in obj)) errors.push(`${at}.${k}: missing`);
      for (const [k, v] of Object.entries(obj)) {
        if (!schema.properties[k]) errors.push(`${at}.${k}: not in the schema`);
        else if (v !== undefined) conforms(v, schema.properties[k], `${at}.${k}`, errors);
      }
    }
  }

  it('describes what the API answers (real responses against their documented schemas)', async () => {
    const facilitator = await p.login(DEMO.facilitator);
    const observer = await p.login(DEMO.observer);
    const check = async (path: string, token: string) => {
      const res = await p.request('GET', `/api${path}`, { token });
      expect([path, res.status, res.status === 200 ? '' : res.body]).toEqual([path, 200, '']);
      const op = served.paths[`/api${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').split('?')[0]}`]?.get;
      expect(op).toBeDefined();
      const errors: string[] = [];
      conforms(res.body, op.responses['200'].content['application/json'].schema, path, errors);
      expect(errors).toEqual([]);
      return res.body;
    };
    const me = await check('/me', facilitator);
    await check('/me', observer);
    await check('/auth/providers', facilitator);
    await check('/users', observer); // without e-mails
    await check('/users', facilitator);
    await check('/organizations', observer);
    await check('/axes', observer);
    await check('/roadmap', observer);
    await check('/notifications', facilitator);
    await check('/me/notification-settings', facilitator);
    const group = me.memberships[0].workingGroupId;
    await check(`/working-groups/${group}`, facilitator);
    await check(`/working-groups/${group}/members`, facilitator);
    await check(`/working-groups/${group}/sessions`, facilitator);
    await check(`/working-groups/${group}/votes`, facilitator);
    const recs = await check(`/working-groups/${group}/recommendations`, facilitator);
    const rec = recs.items[0].id;
    await check(`/recommendations/${rec}`, facilitator);
    await check(`/recommendations/${rec}/versions`, facilitator);
    await check(`/recommendations/${rec}/positions`, facilitator);
    await check(`/recommendations/${rec}/milestones`, facilitator);
    await check(`/recommendations/${rec}/amendments`, facilitator);
    await check(`/recommendations/${rec}/comments`, facilitator);
  });
});
