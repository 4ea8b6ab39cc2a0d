import { DataSource } from 'typeorm';
import { EventBus } from '@app/bus';
import type { PlatformEventName, PlatformEvents } from '@app/contracts';
import { DEMO_PASSWORD, TestPlatform } from '../support/platform';

export const db = (p: TestPlatform): DataSource => p.app.get(DataSource);

/** The demo working group of an axis (AXE-1 … AXE-4). */
export async function demoGroupId(p: TestPlatform, axisCode = 'AXE-1'): Promise<string> {
  const rows: { id: string }[] = await db(p).query(`SELECT g.id FROM working_group g JOIN axis a ON a.id = g.axis_id WHERE a.code = $1`, [axisCode]);
  return rows[0].id;
}

export async function userId(p: TestPlatform, email: string): Promise<string> {
  const rows: { id: string }[] = await db(p).query(`SELECT id FROM "user" WHERE email = $1`, [email]);
  return rows[0].id;
}

let seq = 0;
/** A new member account (created through the API by the admin); returns its id and token. */
export async function newUser(p: TestPlatform, adminToken: string, label = 'user'): Promise<{ id: string; email: string; token: string }> {
  const email = `${label}-${Date.now().toString(36)}-${seq++}@test.concertation.fr`;
  const res = await p.request('POST', '/api/users', { token: adminToken, body: { email, displayName: `Test ${label}`, password: DEMO_PASSWORD } });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, token: await p.login(email) };
}

/** Records the bus events of the given names, in order. */
export function recordEvents<K extends PlatformEventName>(p: TestPlatform, names: K[]) {
  const events: { name: K; payload: PlatformEvents[K] }[] = [];
  const bus = p.app.get(EventBus);
  const offs = names.map((name) => bus.subscribe(name, (payload) => events.push({ name, payload })));
  return { events, stop: () => offs.forEach((off) => off()) };
}

/** The audit events with this action and entity id. */
export async function auditCount(p: TestPlatform, action: string, entityId: string): Promise<number> {
  const [{ n }] = await db(p).query(`SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND entity_id = $2`, [action, entityId]);
  return n;
}
