import type { BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { connect, RawCollabClient } from '../drafts/support/collab-client';
import { until } from '../support/within';
import { describeBrowser, draftText, storedDraftText, waitForText, webSuite } from './web-support';

/**
 * State networks in a real browser: a proxy that refuses websockets (Playwright closes every
 * websocket to /collab and to socket.io before it reaches the server), and a network that goes
 * away while someone types.
 */
describeBrowser('web app without websockets, and offline (chromium)', () => {
  const s = webSuite();
  const editorOf = (page: Page) => page.locator('.cc-editor__content');
  const blocked = new WeakSet<BrowserContext>();

  /** Every websocket of the context is refused, as by a proxy that does not pass upgrades. */
  async function blockWebsockets(ctx: BrowserContext): Promise<void> {
    if (blocked.has(ctx)) return;
    blocked.add(ctx);
    await ctx.routeWebSocket(/\/(collab|socket\.io)\//, (ws) => ws.close({ code: 1011, reason: 'websocket refusé par le proxy' }));
  }
  const pageWithoutWebsockets = async (who: Parameters<typeof s.pageAs>[0]) => {
    const page = await s.pageAs(who);
    await blockWebsockets(page.context());
    return page;
  };
  const DEGRADED_SAVED = 'Connexion dégradée : vos modifications sont enregistrées';
  // each test waits for fallbacks (a websocket is given 10 s to open, socket.io 8 s) on a shared machine

  it('two people co-edit over HTTP, see each other, and the status says the connection is degraded but saved', async () => {
    const claire = await pageWithoutWebsockets('facilitator');
    const paul = await pageWithoutWebsockets('state');
    await Promise.all([claire.goto(`/recommandations/${s.recId}`), paul.goto(`/recommandations/${s.recId}`)]);
    for (const page of [claire, paul]) {
      const status = page.getByTestId('save-status');
      await status.filter({ hasText: DEGRADED_SAVED }).waitFor({ timeout: 30_000 });
      expect(await status.getAttribute('data-transport')).toBe('http');
    }

    await editorOf(paul).click();
    await paul.keyboard.press('Control+End');
    await paul.keyboard.type(' Écrit par Paul derrière un proxy.');
    await waitForText(() => editorOf(claire).textContent(), (t) => t.includes('Écrit par Paul derrière un proxy.'));
    await paul.getByTestId('save-status').filter({ hasText: DEGRADED_SAVED }).waitFor({ timeout: 15_000 });

    await editorOf(claire).click();
    await claire.keyboard.press('Control+End');
    await claire.keyboard.press('Enter');
    await claire.keyboard.type('Réponse de Claire, sans websocket.');
    await waitForText(() => editorOf(paul).textContent(), (t) => t.includes('Réponse de Claire, sans websocket.'));
    // presence crosses too: the list and the named carets
    await paul.getByRole('heading', { name: /Présents sur le brouillon \(2\)/ }).waitFor({ timeout: 15_000 });
    await claire.getByRole('heading', { name: /Présents sur le brouillon \(2\)/ }).waitFor({ timeout: 15_000 });
    await paul.locator('.collaboration-carets__label', { hasText: 'Claire Martin' }).waitFor({ timeout: 15_000 });
    await claire.getByTestId('save-status').filter({ hasText: DEGRADED_SAVED }).waitFor({ timeout: 15_000 });

    // what the status calls saved is stored: a fresh reader over the API sees both edits
    const token = await s.token('facilitator');
    const state = await fetch(`${s.p.url}/api/drafts/${encodeURIComponent(`recommendation:${s.recId}`)}/state`, { headers: { authorization: `Bearer ${token}` } });
    expect(state.status).toBe(200);
    await s.expectAccessible(paul);
    await claire.close();
    await paul.close();
  }, 180_000);

  it('live sessions work over long polling: a facilitator opens a vote, a ballot comes in, the projector updates', async () => {
    const token = await s.token('facilitator');
    const start = new Date(Date.now() - 10 * 60_000);
    const session = await s.p.request('POST', `/api/working-groups/${s.groupId}/sessions`, {
      token,
      body: { title: 'Atelier sans websocket', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(), agenda: [{ recommendationId: s.recId, minutes: 30 }] },
    });
    expect(session.status).toBe(201);
    const sessionId = session.body.id;

    const claire = await pageWithoutWebsockets('facilitator');
    claire.on('dialog', (d) => void d.accept());
    await claire.goto(`/seances/${sessionId}`);
    await claire.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 30_000 });
    const projector = await claire.context().newPage();
    await projector.goto(`/seances/${sessionId}/projection`);
    await projector.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 30_000 });
    await projector.getByText('Aucun vote en cours.').waitFor();

    // the facilitator's console: phase, a frozen version, a vote opened from the page
    await claire.getByRole('button', { name: 'Passer en phase « Ouverte »' }).click();
    await claire.getByText('Phase : Ouverte').waitFor();
    await claire.getByRole('button', { name: 'Figer une version' }).click();
    await claire.getByRole('status').filter({ hasText: /version \d+ figée/ }).waitFor();
    await claire.getByRole('button', { name: 'Mettre au vote' }).click();
    await claire.getByLabel('Publication des résultats').selectOption('live');
    await claire.getByRole('button', { name: 'Créer le vote' }).click();
    await claire.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await claire.getByText(/Pour \/ contre \/ abstention — Ouvert/).waitFor();
    // vote:opened reached the projector through polling
    await projector.getByTestId('projector-count').filter({ hasText: /0 bulletin sur \d+/ }).waitFor({ timeout: 20_000 });

    const votes = await s.p.request('GET', `/api/sessions/${sessionId}/votes`, { token });
    const voteId: string = votes.body.items.find((v: { status: string }) => v.status === 'open').id;
    const ballot = await s.p.request('POST', `/api/votes/${voteId}/ballots`, { token: await s.token('state'), body: { choice: 'for' } });
    expect(ballot.status).toBe(201);
    // vote:tally too
    await projector.getByTestId('projector-count').filter({ hasText: /1 bulletin sur \d+/ }).waitFor({ timeout: 20_000 });
    await s.expectAccessible(projector);
    await claire.close();
    await projector.close();
  }, 180_000);

  it('an edit typed offline survives closing the tab and reaches the other person once back online', async () => {
    const claire = await s.pageAs('facilitator');
    await claire.goto(`/recommandations/${s.recId}`);
    const paul = await s.pageAs('region');
    await paul.goto(`/recommandations/${s.recId}`);
    const status = paul.getByTestId('save-status');
    await status.filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 30_000 });

    await paul.context().setOffline(true);
    await status.filter({ hasText: 'Hors ligne' }).waitFor();
    await editorOf(paul).click();
    await paul.keyboard.press('Control+End');
    await paul.keyboard.type(' Tapé hors ligne puis onglet fermé.');
    // honest: counted, kept in this browser, not « Enregistré »
    await status.filter({ hasText: /modifications? en attente, conservées? dans ce navigateur/ }).waitFor();
    expect(Number(await status.getAttribute('data-pending'))).toBeGreaterThan(0);
    // every keystroke is in the editor, and counted
    await waitForText(() => editorOf(paul).textContent(), (t) => t.includes('Tapé hors ligne puis onglet fermé.'));
    const waiting = Number(await status.getAttribute('data-pending'));
    // close the tab only once IndexedDB holds all of it: the list of waiting edits as long as the
    // status says (written 50 ms after the last edit), and every text update written before it
    // (a read-write transaction on the updates store starts only after those created earlier end)
    await paul.waitForFunction(async (count) => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('concertation:'));
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(name);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const value = await new Promise<unknown>((resolve) => {
          const req = db.transaction('custom').objectStore('custom').get('pending');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => resolve(null);
        });
        const kept = typeof value === 'string' && JSON.parse(value).length === count;
        if (kept) {
          await new Promise<void>((resolve) => {
            const tx = db.transaction('updates', 'readwrite');
            tx.objectStore('updates').count();
            tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
          });
        }
        db.close();
        if (kept) return true;
      }
      return false;
    }, waiting);
    await paul.close();

    await waitForText(() => editorOf(claire).textContent(), (t) => !t.includes('Tapé hors ligne'), 1000);
    const ctx = claire.context() === paul.context() ? null : paul.context();
    expect(ctx).not.toBeNull();
    await ctx!.setOffline(false);
    const again = await ctx!.newPage();
    await again.goto(`/recommandations/${s.recId}`);
    await waitForText(() => editorOf(claire).textContent(), (t) => t.includes('Tapé hors ligne puis onglet fermé.'), 30_000);
    await again.getByTestId('save-status').filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 30_000 });
    await again.close();
    await claire.close();
  }, 180_000);

  /** The draft's text as stored (GET state over HTTP), paragraphs' text only. */
  const storedText = async (): Promise<string> => storedDraftText(s.p.url, await s.token('facilitator'), s.recId);

  it('back from HTTP to the websocket by itself once the proxy lets it through, without losing an edit typed during the switch', async () => {
    const karim = await s.pageAs('agglo');
    // a proxy that refuses websocket upgrades to /collab, until it doesn't; what the page sends on /collab is counted
    let refuse = true;
    let framesSent = 0;
    await karim.context().routeWebSocket(/\/collab\//, (ws) => {
      if (refuse) return void ws.close({ code: 1011, reason: 'websocket refusé par le proxy' });
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        framesSent++;
        server.send(message);
      });
    });
    let posts = 0;
    karim.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/drafts\/[^/]+\/updates$/.test(r.url())) posts++;
    });
    // someone else follows the draft over a websocket of their own (a Node client)
    const watcher: RawCollabClient = await connect(s.p.url, `recommendation:${s.recId}`, await s.token('facilitator'), { awareness: null });
    const watched = () => draftText(watcher.doc);
    try {
      await karim.goto(`/recommandations/${s.recId}`);
      const status = karim.getByTestId('save-status');
      await status.filter({ hasText: DEGRADED_SAVED }).waitFor({ timeout: 30_000 });
      expect(await status.getAttribute('data-transport')).toBe('http');
      await editorOf(karim).click();
      await karim.keyboard.press('Control+End');
      await karim.keyboard.type(' Avant le retour du websocket.');
      await until(() => watched().includes('Avant le retour du websocket.'), 'the HTTP edit at the watcher');
      expect(posts).toBeGreaterThan(0);

      // the proxy lets websockets through again: Karim keeps typing while the client probes and switches
      refuse = false;
      const typed: string[] = [];
      for (let i = 0; (await status.getAttribute('data-transport')) !== 'websocket'; i++) {
        if (i > 400) throw new Error('the client did not come back to the websocket');
        const word = ` bascule${i}`;
        await karim.keyboard.type(word, { delay: 30 }); // paced like a person typing, until the status says websocket
        typed.push(word.trim());
      }
      await karim.keyboard.type(' fin.');
      typed.push('fin.');
      // back to normal: the usual status, every edit stored
      await status.filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 30_000 });
      expect(await status.getAttribute('data-transport')).toBe('websocket');
      await until(() => typed.every((w) => watched().includes(w)), 'every word typed around the switch at the watcher');
      const stored = await storedText();
      for (const w of typed) expect(stored).toContain(w);

      // from now on edits go over /collab, not POSTs
      const [postsBefore, framesBefore] = [posts, framesSent];
      await karim.keyboard.type(' Par le websocket.');
      await until(() => watched().includes('Par le websocket.'), 'the websocket edit at the watcher');
      expect(framesSent).toBeGreaterThan(framesBefore);
      expect(posts).toBe(postsBefore);
      await status.filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 30_000 });
      await s.expectAccessible(karim);
    } finally {
      watcher.close();
      await karim.close();
    }
  }, 180_000);

  it('a delete-only edit shows « Enregistré » only once the server stored it (its commit held back)', async () => {
    const elise = await s.pageAs('amf');
    await elise.goto(`/recommandations/${s.recId}`);
    const status = elise.getByTestId('save-status');
    await status.filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 30_000 });
    expect(await status.getAttribute('data-transport')).toBe('websocket');
    await editorOf(elise).click();
    await elise.keyboard.press('Control+End');
    await elise.keyboard.type(' Zorglub9');
    await status.filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 30_000 });
    expect(await storedText()).toContain('Zorglub9');

    // hold every append back: a transaction keeps draft_update locked against INSERTs
    const db = new Client({ connectionString: s.p.databaseUrl });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('LOCK TABLE draft_update IN SHARE MODE');
      await elise.keyboard.press('Backspace'); // deletes "9": no clock moves
      // honest: waiting, not « Enregistré » (the state vectors the server acknowledges already cover every clock)
      await status.filter({ hasText: /Enregistrement de 1 modification/ }).waitFor({ timeout: 15_000 });
      expect(await status.getAttribute('data-pending')).toBe('1');
      await db.query('ROLLBACK');
      await status.filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 30_000 });
      const stored = await storedText();
      expect(stored).toContain('Zorglub');
      expect(stored).not.toContain('Zorglub9');
    } finally {
      await db.query('ROLLBACK').catch(() => undefined);
      await db.end();
      await elise.close();
    }
  }, 120_000);
});
