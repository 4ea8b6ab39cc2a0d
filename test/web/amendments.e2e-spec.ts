import type { Page } from 'playwright-core';
import { editAs, paragraph } from '../amendments/support';
import { describeBrowser, screenshot, waitForText, webSuite } from './web-support';

/**
 * Amendments in a real browser, two people in two browser contexts: a participant selects a
 * passage of the frozen version and proposes an amendment; the facilitator adopts it and merges
 * it into the live draft; the participant, who has the editor open, sees the new text arrive.
 */
describeBrowser('web app: amendments (chromium)', () => {
  const s = webSuite();
  let recId: string;
  let sessionId: string;
  const editorOf = (page: Page) => page.locator('.cc-editor__content');

  beforeAll(async () => {
    const token = await s.token('facilitator');
    const rec = await s.p.request('POST', `/api/working-groups/${s.groupId}/recommendations`, { token, body: { title: 'Guichet unique', horizon: 'quick_win' } });
    recId = rec.body.id;
    await editAs(s.p, await s.token('state'), recId, (doc) => doc.getXmlFragment('default').insert(0, [paragraph('Le chat dort sur le tapis.')]));
    expect((await s.p.request('POST', `/api/recommendations/${recId}/versions`, { token })).status).toBe(201);
    const start = new Date(Date.now() - 10 * 60_000);
    const session = await s.p.request('POST', `/api/working-groups/${s.groupId}/sessions`, {
      token,
      body: { title: 'Examen des amendements', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(), agenda: [{ recommendationId: recId, minutes: 30 }] },
    });
    sessionId = session.body.id;
  });

  it('a participant proposes from a selection, the facilitator adopts and merges, the participant sees the new text in the editor', async () => {
    const sophie = await s.pageAs('region');
    await sophie.goto(`/recommandations/${recId}`);
    await sophie.getByRole('tab', { name: 'Amendements' }).click();
    const text = sophie.locator('#texte-amendable');
    await text.waitFor();
    // select « chat » in the version's text, as a mouse would
    await text.evaluate((el) => {
      const node = el.firstChild!;
      const at = node.textContent!.indexOf('chat');
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 4);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    });
    await sophie.getByText('Passage sélectionné : « chat »').waitFor();
    await sophie.getByRole('button', { name: 'Proposer un amendement' }).click();
    expect(await sophie.getByLabel('Passage visé').inputValue()).toBe('chat');
    await sophie.getByLabel(/Texte proposé/).fill('chien');
    await sophie.getByLabel('Exposé des motifs').fill('Le chien garde la maison.');
    await sophie.getByRole('button', { name: 'Déposer l’amendement' }).click();
    await sophie.getByText('Amendement déposé : il est examiné en position 1.').waitFor();
    await sophie.getByRole('heading', { name: 'Amendement n° 1' }).waitFor();
    await s.expectAccessible(sophie);
    await screenshot(sophie, 'amendements-participant', false);
    // she keeps the live editor open
    await sophie.getByRole('tab', { name: 'Rédaction en direct' }).click();
    await waitForText(() => editorOf(sophie).textContent(), (t) => t.includes('Le chat dort sur le tapis.'));

    // the room's projector follows the session live
    const projector = await s.pageAs('facilitator');
    await projector.goto(`/seances/${sessionId}/projection`);
    await projector.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 20_000 });

    const claire = await s.pageAs('facilitator');
    await claire.goto(`/recommandations/${recId}`);
    await claire.getByRole('tab', { name: 'Amendements' }).click();
    const item = claire.locator('[data-amendment]').filter({ hasText: 'Le chien garde la maison.' });
    const decision = claire.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/decision'));
    await item.getByRole('button', { name: 'Adopter' }).click();
    expect((await decision).status()).toBe(200);
    await item
      .getByText('Adopté', { exact: true })
      .waitFor()
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\nthe amendment on the page: ${await item.innerText().catch(() => '(gone)')}`);
      });
    await projector.getByTestId('projector-amendment').filter({ hasText: 'Amendement adopté' }).waitFor({ timeout: 15_000 });
    await claire.getByRole('button', { name: 'Intégrer les amendements adoptés au brouillon (1)' }).click();
    await claire.getByText('1 amendement intégré au brouillon.').waitFor();
    await item.getByText('Intégré au brouillon.').waitFor();
    await s.expectAccessible(claire);
    await screenshot(claire, 'amendements-animation', false);

    // the merge reaches the participant's editor through the realtime service
    await waitForText(() => editorOf(sophie).textContent(), (t) => t.includes('Le chien dort sur le tapis.'));

    // who wrote what, on the frozen version
    await claire.getByRole('tab', { name: 'Qui a écrit quoi' }).click();
    await claire.getByText(/Paul Durand \(Collège État\) : 26 caractères/).waitFor();
    await s.expectAccessible(claire);
    expect(s.pageErrors()).toEqual([]);
  }, 180_000);
});
