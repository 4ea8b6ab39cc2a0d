import { Client } from 'pg';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { DraftStore } from '@app/database';
import { docNameFor } from '@app/contracts';
import type { TestPlatform } from '../../support/platform';

export interface DemoDraft {
  id: string;
  workingGroupId: string;
  docName: string;
  title: string;
}

/** What demoDrafts needs of a platform: the in-process one or a child process's. */
type Requests = { request(method: string, path: string, opts?: { token?: string }): Promise<{ status: number; body: any }> };

/** The demo recommendations visible to a user (through the API). */
export async function demoDrafts(p: Requests, token: string): Promise<DemoDraft[]> {
  const me = await p.request('GET', '/api/me', { token });
  if (me.status !== 200) throw new Error(`GET /api/me: ${me.status}`);
  const out: DemoDraft[] = [];
  for (const m of me.body.memberships as { workingGroupId: string }[]) {
    const res = await p.request('GET', `/api/working-groups/${m.workingGroupId}/recommendations`, { token });
    if (res.status !== 200) throw new Error(`GET recommendations: ${res.status}`);
    for (const r of res.body.items) out.push({ id: r.id, workingGroupId: r.workingGroupId, docName: docNameFor(r.id), title: r.title });
  }
  return out;
}

/** Rows of the update log of a document (and the snapshot's presence). */
export async function storedRows(p: TestPlatform, docName: string): Promise<{ updates: number; authors: (string | null)[]; snapshot: boolean }> {
  const ds = p.app.get(DataSource);
  const rows: { author_id: string | null }[] = await ds.query('SELECT author_id FROM draft_update WHERE doc_name = $1 ORDER BY id', [docName]);
  const snap: unknown[] = await ds.query('SELECT 1 FROM draft_snapshot WHERE doc_name = $1', [docName]);
  return { updates: rows.length, authors: rows.map((r) => r.author_id), snapshot: snap.length > 0 };
}

/**
 * The stored rows of a document read straight from a database (no platform needed: e.g. after it
 * stopped): how many log rows, and the snapshot's state (null without a snapshot).
 */
export async function storedRowsAt(databaseUrl: string, docName: string): Promise<{ updates: number; snapshot: Uint8Array | null }> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const log = await c.query<{ n: string }>('SELECT count(*) AS n FROM draft_update WHERE doc_name = $1', [docName]);
    const snap = await c.query<{ state: Buffer }>('SELECT state FROM draft_snapshot WHERE doc_name = $1', [docName]);
    return { updates: Number(log.rows[0].n), snapshot: snap.rows.length ? new Uint8Array(snap.rows[0].state) : null };
  } finally {
    await c.end();
  }
}

export async function userId(p: TestPlatform, token: string): Promise<string> {
  return (await p.request('GET', '/api/me', { token })).body.id;
}

/** A new, empty recommendation (a draft of its own) in a group, created by a facilitator through the API. */
export async function newDraft(p: { request: TestPlatform['request'] }, token: string, workingGroupId: string, title = 'Brouillon de test'): Promise<DemoDraft> {
  const res = await p.request('POST', `/api/working-groups/${workingGroupId}/recommendations`, { token, body: { title, horizon: 'quick_win' } });
  if (res.status !== 201) throw new Error(`create recommendation: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, workingGroupId, docName: docNameFor(res.body.id), title };
}

/** The stored document (snapshot + log, as a fresh load reads it). */
export async function storedDoc(p: TestPlatform, docName: string): Promise<Y.Doc> {
  const { state } = await new DraftStore(p.app.get(DataSource)).load(docName);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
