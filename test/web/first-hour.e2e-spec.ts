import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { appendParagraph } from '../decisions/helpers';
import { describeBrowser, screenshot, webSuite } from './web-support';

/**
 * What people hit in their first hour (issue 15, « In the web app »), each in a real browser
 * against the whole platform: the member list for every member, minutes and open data, no
 * editor over a text that never loaded, confirmations before final steps, a vote's outcome on
 * the recommendation, nothing frozen twice, results that fit a phone and say one thing,
 * the voter's own ballot, errors that name their field, dates in the past, articles.
 */
describeBrowser('web app: the first hour (chromium)', () => {
  // each test walks several pages: under a loaded machine (2 cores shared) a minute is not enough
  jest.setTimeout(180_000);
  const s = webSuite();
  let sessionId: string;

  /** A recommendation of the group with a text of its own (frozen versions differ from the demo's). */
  const newRecommendation = async (title: string, text: string): Promise<string> => {
    const res = await s.p.request('POST', `/api/working-groups/${s.groupId}/recommendations`, { token: await s.token('facilitator'), body: { title, horizon: 'quick_win' } });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    await appendParagraph(s.p, res.body.id, text);
    return res.body.id;
  };

  /** An approval vote on a new version of `recId`, opened, with these ballots; closed unless `open`. */
  const approvalVote = async (recId: string, ballots: [Parameters<typeof s.token>[0], string][], opts: { secret?: boolean; open?: boolean; title?: string; inSession?: boolean } = {}) => {
    const token = await s.token('facilitator');
    const version = await s.p.request('POST', `/api/recommendations/${recId}/versions`, { token });
    expect({ status: version.status, body: version.body }).toMatchObject({ status: 201 });
    const vote = await s.p.request('POST', '/api/votes', {
      token,
      body: { workingGroupId: s.groupId, ...(opts.inSession ? { sessionId } : {}), title: opts.title ?? 'Adoption', method: 'approval', options: [{ versionId: version.body.id }], secret: !!opts.secret },
    });
    expect({ status: vote.status, body: vote.body }).toMatchObject({ status: 201 });
    expect((await s.p.request('POST', `/api/votes/${vote.body.id}/open`, { token })).status).toBe(200);
    for (const [who, choice] of ballots) {
      const res = await s.p.request('POST', `/api/votes/${vote.body.id}/ballots`, { token: await s.token(who), body: { choice } });
      expect({ who, status: res.status }).toEqual({ who, status: 201 });
    }
    if (!opts.open) expect((await s.p.request('POST', `/api/votes/${vote.body.id}/close`, { token })).status).toBe(200);
    return vote.body.id as string;
  };

  beforeAll(async () => {
    const start = new Date(Date.now() + 3600_000);
    const session = await s.p.request('POST', `/api/working-groups/${s.groupId}/sessions`, {
      token: await s.token('facilitator'),
      body: { title: 'Atelier de la première heure', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(), agenda: [{ recommendationId: s.recId, minutes: 30 }] },
    });
    expect({ status: session.status, body: session.body }).toMatchObject({ status: 201 });
    sessionId = session.body.id;
  });

  it('1. every member reads the member list (names, organisations, roles); e-mail addresses only for facilitators', async () => {
    for (const who of ['state', 'observer', 'amf'] as const) {
      const page = await s.pageAs(who);
      await page.goto(`/groupes/${s.groupId}`);
      await page.getByRole('heading', { name: 'Membres (8)' }).waitFor();
      const list = page.locator('.cc-member-list');
      await list.getByText('Claire Martin').waitFor();
      await list.getByText('Animateur·rice — Ministère de la Transformation et de la Fonction publiques').waitFor();
      await list.getByText(/Observateur·rice — Syndicat mixte régional du numérique/).waitFor();
      expect(await list.textContent()).not.toContain('@');
      expect(await page.getByText('Action non autorisée').count()).toBe(0);
      if (who === 'state') {
        await s.expectAccessible(page);
        await screenshot(page, 'groupe-membres-participant');
      }
      await page.close();
    }
    const claire = await s.pageAs('facilitator');
    await claire.goto(`/groupes/${s.groupId}`);
    await claire.locator('.cc-member-list').getByRole('link', { name: 'observatrice@demo.concertation.fr' }).waitFor();
    await claire.close();
  });

  it('2. minutes download from the session page (Markdown, PDF) with the token; open data from the roadmap', async () => {
    const page = await s.pageAs('state');
    await page.goto(`/seances/${sessionId}`);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger (Markdown)' }).click()]);
    expect(md.suggestedFilename()).toMatch(/\.md$/);
    expect(readFileSync((await md.path())!, 'utf8')).toContain('Atelier de la première heure');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger (PDF)' }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByRole('status').filter({ hasText: 'Compte rendu téléchargé' }).waitFor();

    await page.goto('/feuille-de-route');
    await page.getByRole('heading', { name: 'Données ouvertes' }).waitFor();
    for (const name of ['recommendations', 'votes', 'positions'])
      for (const format of ['csv', 'json']) {
        const link = page.locator(`a[href="/api/exports/${name}?format=${format}"]`);
        expect(await link.count()).toBe(1);
        // public: no token needed
        expect((await s.p.request('GET', (await link.getAttribute('href'))!)).status).toBe(200);
      }
    await s.expectAccessible(page);
    await page.close();
  });

  it('3. with the collaboration websocket and the HTTP fallback blocked, no editor over a never-loaded text and no false « conservées »', async () => {
    const page = await s.pageAs('state');
    // as a proxy that refuses websockets: every attempt is closed at once
    await page.routeWebSocket(/\/collab\//, (ws) => ws.close({ code: 1011, reason: 'refusé' }));
    // and the server cannot be reached over HTTP either (the fallback of API.md's "State networks")
    await page.route(/\/api\/drafts\//, (route) => route.abort('connectionrefused'));
    await page.goto(`/recommandations/${s.recId}`);
    await page.getByTestId('draft-not-loaded').waitFor({ timeout: 20_000 });
    await page.getByText('Le texte n’a pas pu être chargé').waitFor();
    expect(await page.locator('.cc-editor__content').count()).toBe(0);
    expect(await page.locator('[contenteditable="true"]').count()).toBe(0);
    expect(await page.getByTestId('save-status').textContent()).not.toMatch(/conservée|Enregistré/);
    await s.expectAccessible(page);
    await page.close();
  });

  it('4–6. closing a vote and a session asks for confirmation (DSFR modal); an adopted vote adopts the recommendation; nothing is frozen twice', async () => {
    const recId = await newRecommendation('Un référentiel partagé des aides', 'Créer un référentiel unique des aides aux collectivités.');
    // on the agenda, so the session page can freeze it
    const token = await s.token('facilitator');
    const agenda = [
      { recommendationId: s.recId, minutes: 30 },
      { recommendationId: recId, minutes: 20 },
    ];
    expect((await s.p.request('PATCH', `/api/sessions/${sessionId}`, { token, body: { agenda } })).status).toBe(200);
    const voteId = await approvalVote(recId, [
      ['state', 'for'],
      ['region', 'for'],
      ['agglo', 'against'],
    ], { open: true, title: 'Adoption du référentiel', inSession: true });

    const claire = await s.pageAs('facilitator');
    await claire.goto(`/seances/${sessionId}`);
    await claire.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 20_000 });

    // 6. the version was just frozen: freezing again is refused, said in words, and no version is added
    const item = claire.locator('.cc-agenda__item', { hasText: 'Un référentiel partagé des aides' });
    await item.getByRole('button', { name: 'Figer une version' }).click();
    await claire.getByRole('alert').filter({ hasText: 'Aucune modification à figer' }).filter({ hasText: 'aucune modification depuis la version 1' }).waitFor();
    expect((await s.p.request('GET', `/api/recommendations/${recId}/versions`, { token })).body.total).toBe(1);

    // 4. closing the vote: a DSFR modal; « Annuler » changes nothing
    const votes = claire.locator('.cc-vote-list > li', { hasText: 'Adoption du référentiel' });
    await votes.getByRole('button', { name: 'Clore le vote' }).click();
    const voteDialog = claire.getByRole('dialog', { name: 'Clore le vote ?' });
    await voteDialog.waitFor();
    await voteDialog.getByRole('button', { name: 'Annuler' }).click();
    await voteDialog.waitFor({ state: 'hidden' });
    expect((await s.p.request('GET', `/api/votes/${voteId}`, { token })).body.status).toBe('open');
    await votes.getByRole('button', { name: 'Clore le vote' }).click();
    await voteDialog.getByRole('button', { name: 'Clore le vote' }).click();
    await votes.getByText(/Clos/).waitFor();

    // 5. the recommendation is adopted, everywhere: live on the session's agenda (recommendation:status), on its page, on the group's
    await item.getByText('Adoptée', { exact: true }).waitFor();
    expect((await s.p.request('GET', `/api/recommendations/${recId}`, { token })).body.status).toBe('adopted');
    const paul = await s.pageAs('state');
    await paul.goto(`/recommandations/${recId}`);
    await paul.locator('.fr-badges-group').getByText('Adoptée', { exact: true }).waitFor();
    await paul.goto(`/groupes/${s.groupId}`);
    await paul.getByRole('table', { name: /^Adoptée/ }).getByRole('link', { name: 'Un référentiel partagé des aides' }).waitFor();
    await paul.close();

    // 4. closing the session is final: asked in a modal, cancellable
    await claire.getByRole('button', { name: 'Passer en phase « Close »' }).click();
    const dialog = claire.getByRole('dialog', { name: 'Clore la séance ?' });
    await dialog.waitFor();
    await dialog.getByText('C’est définitif').waitFor();
    await s.expectAccessible(claire);
    await screenshot(claire, 'confirmation-cloture-seance', false);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await s.p.request('GET', `/api/sessions/${sessionId}`, { token })).body.phase).toBe('scheduled');
    await claire.getByRole('button', { name: 'Passer en phase « Close »' }).click();
    await dialog.getByRole('button', { name: 'Clore la séance' }).click();
    await claire.getByText('Phase : Close').waitFor();
    expect((await s.p.request('GET', `/api/sessions/${sessionId}`, { token })).body.phase).toBe('closed');
    await claire.close();
  });

  it('7 and 9. on a 390 px phone the results fit; one definition of percentages, one label per state; the voter sees their choice', async () => {
    const recId = await newRecommendation('Une messagerie sécurisée commune', 'Déployer une messagerie sécurisée entre l’État et les collectivités.');
    const voteId = await approvalVote(recId, [
      ['state', 'for'],
      ['region', 'for'],
      ['agglo', 'against'],
      ['amf', 'abstain'],
    ]);
    const paul = await s.pageAs('state');
    await paul.setViewportSize({ width: 390, height: 844 });
    await paul.goto(`/votes/${voteId}`);
    await paul.getByText('Résultats définitifs').waitFor();
    // one label per state: a closed vote is never « en direct »
    await paul.getByTestId('results-state').filter({ hasText: 'Résultats : définitifs (vote clos)' }).waitFor();
    expect(await paul.locator('main').textContent()).not.toMatch(/en direct/i);
    // one definition: shares of the votes for or against, in the bar's legend and in the table
    await paul.getByTestId('bar-legend').getByText('Pour 66,7 %').waitFor();
    await paul.getByTestId('bar-legend').getByText('Contre 33,3 %').waitFor();
    await paul.getByRole('table', { name: 'Décompte des voix' }).getByRole('cell', { name: '66,7 %' }).waitFor();
    await paul.getByTestId('percent-rule').filter({ hasText: 'part des suffrages exprimés (pour + contre)' }).waitFor();
    // the voter of a public vote sees what they chose
    await paul.getByTestId('my-ballot').filter({ hasText: 'Vous avez voté : Pour' }).waitFor();

    // 7. it fits: nothing wider than the screen, no label cut
    const fit = await fits(paul);
    expect(fit).toEqual({ pageWidth: 390, overflowing: [], cutLabels: [] });
    await s.expectAccessible(paul);
    await screenshot(paul, 'vote-sur-telephone');

    // majority judgment on the phone as well
    const token = await s.token('facilitator');
    const mj = await s.p.request('POST', '/api/votes', {
      token,
      body: { workingGroupId: s.groupId, title: 'Priorités', method: 'majority_judgment', options: [{ label: 'Catalogue de données' }, { label: 'Référentiel des adresses' }] },
    });
    expect((await s.p.request('POST', `/api/votes/${mj.body.id}/open`, { token })).status).toBe(200);
    const [a, b] = mj.body.options.map((o: { id: string }) => o.id);
    for (const [who, ga, gb] of [
      ['region', 'very_good', 'fair'],
      ['agglo', 'good', 'passable'],
      ['state', 'excellent', 'insufficient'],
    ] as const)
      expect((await s.p.request('POST', `/api/votes/${mj.body.id}/ballots`, { token: await s.token(who), body: { grades: { [a]: ga, [b]: gb } } })).status).toBe(201);
    expect((await s.p.request('POST', `/api/votes/${mj.body.id}/close`, { token })).status).toBe(200);
    await paul.goto(`/votes/${mj.body.id}`);
    await paul.getByRole('table', { name: /Profils de mérite/ }).waitFor();
    await paul.getByTestId('my-ballot').getByText('Excellent').waitFor();
    expect(await fits(paul)).toEqual({ pageWidth: 390, overflowing: [], cutLabels: [] });
    await paul.close();
  });

  it('9. a voter of a secret vote sees their receipt after voting, and is told their choice is linked to no one', async () => {
    const recId = await newRecommendation('Un guichet numérique des élus', 'Ouvrir un guichet numérique unique pour les élus locaux.');
    const voteId = await approvalVote(recId, [], { secret: true, open: true, title: 'Vote secret' });
    const sophie = await s.pageAs('region');
    await sophie.goto(`/votes/${voteId}`);
    await sophie.getByRole('form', { name: 'Votre bulletin' }).getByText('Contre', { exact: true }).click();
    await sophie.getByRole('button', { name: 'Voter' }).click();
    await sophie.getByTestId('receipt').waitFor();
    const receipt = await sophie.locator('.cc-receipt').textContent();
    await sophie.reload();
    await sophie.getByTestId('my-ballot').filter({ hasText: 'Scrutin secret' }).waitFor();
    expect(await sophie.locator('.cc-receipt').textContent()).toBe(receipt);
    expect(await sophie.getByTestId('my-ballot').textContent()).not.toContain('Contre');
    await s.expectAccessible(sophie);
    await sophie.close();
  });

  it('8. dates in the past: a warning on the session form; a positions deadline in the past is refused, named, and nothing changes', async () => {
    const before = (await s.p.request('GET', `/api/recommendations/${s.recId}`, { token: await s.token('facilitator') })).body.positionsDeadline;
    const claire = await s.pageAs('facilitator');
    await claire.goto(`/groupes/${s.groupId}`);
    await claire.getByLabel('Début').fill('2020-03-01T10:00');
    await claire.getByText('Attention : cette date est déjà passée.').waitFor();

    await claire.goto(`/recommandations/${s.recId}`);
    await claire.getByLabel('Date limite des positions').fill('2020-03-01T10:00');
    await claire.getByText('Cette date est déjà passée : choisissez une date à venir.').waitFor();
    await claire.getByRole('button', { name: 'Enregistrer la date' }).click();
    // the API's 400, under the field it is about
    await claire.locator('.fr-input-group--error', { has: claire.getByLabel('Date limite des positions') }).getByText('cette date est déjà passée').waitFor();
    expect(await claire.getByRole('status').filter({ hasText: 'Date limite des positions :' }).count()).toBe(0);
    expect((await s.p.request('GET', `/api/recommendations/${s.recId}`, { token: await s.token('facilitator') })).body.positionsDeadline).toBe(before);
    await s.expectAccessible(claire);
    await claire.close();
  });

  it('10. a 0-minute agenda item is refused with a message naming the field; a success message goes when a later error comes', async () => {
    const token = await s.token('facilitator');
    const start = new Date(Date.now() + 2 * 86400_000);
    const created = await s.p.request('POST', `/api/working-groups/${s.groupId}/sessions`, {
      token,
      body: { title: 'Atelier de l’ordre du jour', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString() },
    });
    const claire = await s.pageAs('facilitator');
    await claire.goto(`/seances/${created.body.id}`);
    const form = claire.getByRole('form', { name: 'Ajouter un point à l’ordre du jour' });
    await form.getByLabel('Ajouter une recommandation').selectOption({ label: s.recTitle });
    await form.getByLabel('Durée (min)').fill('15');
    await form.getByRole('button', { name: 'Ajouter' }).click();
    await claire.getByRole('status').filter({ hasText: 'Ordre du jour mis à jour.' }).waitFor();

    // nothing chosen and 0 minutes: refused, each error under its field, naming it
    await form.getByLabel('Durée (min)').fill('0');
    await form.getByRole('button', { name: 'Ajouter' }).click();
    await form.getByText('Durée (min) : Indiquez une durée entière entre 1 et 480 minutes.').waitFor();
    await form.getByText('Choisissez la recommandation à ajouter.').waitFor();
    // the earlier success message is gone
    expect(await claire.getByText('Ordre du jour mis à jour.').count()).toBe(0);
    expect((await s.p.request('GET', `/api/sessions/${created.body.id}`, { token })).body.agenda).toEqual([{ recommendationId: s.recId, minutes: 15 }]);
    await s.expectAccessible(claire);
    await claire.close();
  });

  it('« de l’Association… »: an organisation’s name as a noun phrase', async () => {
    // positions are given on a frozen version
    const frozen = await s.p.request('POST', `/api/recommendations/${s.recId}/versions`, { token: await s.token('facilitator') });
    expect([201, 409]).toContain(frozen.status);
    const elise = await s.pageAs('amf');
    await elise.goto(`/recommandations/${s.recId}`);
    await elise.getByRole('tab', { name: 'Positions' }).click();
    await elise.getByRole('heading', { name: 'Rendre la position de l’Association des maires de France et des présidents d’intercommunalité' }).waitFor();
    await elise.getByText('Vous êtes représentant·e de l’Association des maires de France').waitFor();
    expect(await elise.locator('main').textContent()).not.toContain('de Association');
    await elise.close();
  });

  it('raised no uncaught error in any page', () => {
    expect(s.pageErrors()).toEqual([]);
  });
});

/** At the page's width: elements wider than the viewport, and legend labels cut (their text overflows their box). */
async function fits(page: Page): Promise<{ pageWidth: number; overflowing: string[]; cutLabels: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const overflowing: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      overflowing.push(`document ${document.documentElement.scrollWidth}px`);
      // name the widest culprits (innermost first)
      const wide = Array.from(document.querySelectorAll<HTMLElement>('body *')).filter((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('.cc-table-scroll table'));
      for (const el of wide.filter((el) => !wide.some((o) => o !== el && el.contains(o))).slice(0, 5)) overflowing.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`);
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.cc-results, .cc-results > *, .cc-bar, .cc-bar-legend, .cc-merit, .cc-results .fr-table__wrapper, .cc-facts'))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 || r.width > width) overflowing.push(`${el.className} ${Math.round(r.width)}px`);
    }
    const cutLabels = Array.from(document.querySelectorAll<HTMLElement>('.cc-bar-legend li, .cc-bar__seg, .cc-merit__title'))
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent ?? '');
    return { pageWidth: width, overflowing, cutLabels };
  });
}
