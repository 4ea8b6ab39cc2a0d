import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { docNameFor } from '@app/contracts';
import { DraftStore } from '@app/database';
import { TestPlatform } from '../support/platform';

/** Helpers shared by the decisions e2e suites: everything goes through the API. */

export async function userId(p: TestPlatform, token: string): Promise<string> {
  const me = await p.request('GET', '/api/me', { token });
  return me.body.id;
}

/** The demo group of axis AXE-1 (it has two recommendations). */
export async function demoGroup(p: TestPlatform, token: string): Promise<string> {
  const rows: { id: string }[] = await p.app.get(DataSource).query(
    `SELECT g.id FROM working_group g JOIN axis a ON a.id = g.axis_id WHERE a.code = 'AXE-1'`,
  );
  const me = await p.request('GET', '/api/me', { token });
  const id = rows[0].id;
  if (!me.body.memberships.some((m: { workingGroupId: string }) => m.workingGroupId === id)) throw new Error('not a member of the demo group');
  return id;
}

export async function otherGroup(p: TestPlatform): Promise<string> {
  const rows: { id: string }[] = await p.app.get(DataSource).query(`SELECT g.id FROM working_group g JOIN axis a ON a.id = g.axis_id WHERE a.code = 'AXE-3'`);
  return rows[0].id;
}

export async function recommendationsOf(p: TestPlatform, token: string, groupId: string): Promise<string[]> {
  const res = await p.request('GET', `/api/working-groups/${groupId}/recommendations`, { token });
  if (res.status !== 200) throw new Error(`recommendations: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items.map((r: { id: string }) => r.id);
}

/** Appends a paragraph to the recommendation's stored live draft, as an editor's client would (an update on top of the stored state). */
export async function appendParagraph(p: TestPlatform, recommendationId: string, text: string): Promise<void> {
  const store = new DraftStore(p.app.get(DataSource));
  const docName = docNameFor(recommendationId);
  const { state } = await store.load(docName);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  const fragment = doc.getXmlFragment('default');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
  await store.append(docName, [{ update: Y.encodeStateAsUpdate(doc, before), authorId: null }]);
}

/** Freezes the recommendation's live draft into a new version (facilitator). */
export async function freeze(p: TestPlatform, token: string, recommendationId: string): Promise<{ id: string; number: number; contentHash: string }> {
  const res = await p.request('POST', `/api/recommendations/${recommendationId}/versions`, { token });
  if (res.status !== 201) throw new Error(`freeze: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createSession(p: TestPlatform, token: string, groupId: string, agenda: { recommendationId: string; minutes: number }[] = []): Promise<string> {
  const startsAt = new Date(Date.now() + 3600_000).toISOString();
  const endsAt = new Date(Date.now() + 3 * 3600_000).toISOString();
  const res = await p.request('POST', `/api/working-groups/${groupId}/sessions`, { token, body: { title: 'Atelier ouvert n° 1', startsAt, endsAt, agenda } });
  if (res.status !== 201) throw new Error(`session: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function createVote(p: TestPlatform, token: string, body: Record<string, unknown>): Promise<any> {
  const res = await p.request('POST', '/api/votes', { token, body });
  if (res.status !== 201) throw new Error(`create vote: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function openVote(p: TestPlatform, token: string, id: string): Promise<any> {
  const res = await p.request('POST', `/api/votes/${id}/open`, { token });
  if (res.status !== 200) throw new Error(`open vote: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function closeVote(p: TestPlatform, token: string, id: string): Promise<any> {
  const res = await p.request('POST', `/api/votes/${id}/close`, { token });
  if (res.status !== 200) throw new Error(`close vote: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A new member of the group (admin creates the account, then adds it), logged in. */
export async function newMember(p: TestPlatform, adminToken: string, groupId: string, opts: { email: string; organizationId: string | null; role?: string; isRepresentative?: boolean }): Promise<{ id: string; token: string }> {
  const password = 'Mot-de-passe-solide-1';
  const created = await p.request('POST', '/api/users', {
    token: adminToken,
    body: { email: opts.email, displayName: opts.email.split('@')[0], password, organizationId: opts.organizationId, isRepresentative: opts.isRepresentative ?? false },
  });
  if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
  const added = await p.request('POST', `/api/working-groups/${groupId}/members`, { token: adminToken, body: { userId: created.body.id, role: opts.role ?? 'participant' } });
  if (added.status >= 300) throw new Error(`member: ${added.status} ${JSON.stringify(added.body)}`);
  return { id: created.body.id, token: await p.login(opts.email, password) };
}
