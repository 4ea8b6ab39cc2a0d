import type { Page } from 'playwright-core';
import { describeBrowser, screenshot, storedDraftText, waitForText, webSuite } from './web-support';
import { until } from '../support/within';

/**
 * The live side of the web app in a real browser against the whole platform: two people
 * co-edit one draft (y-websocket), an observer cannot type, a facilitator freezes a version
 * and runs a vote while the projector view updates live (socket.io), majority judgment, a
 * representative's formal position, versions and their diff; axe on each page.
 */
describeBrowser('web app live pages (chromium)', () => {
  // each test walks several pages in one or more browsers: with the two cores shared by other work a
  // minute is not enough (two whole suites side by side went past it); the bound only names a failure
  jest.setTimeout(180_000);
  const s = webSuite();
  let sessionId: string;
  const editorOf = (page: Page) => page.locator('.cc-editor__content');

  /** A majority-judgment vote of the session with live results, opened; its body (id, options). */
  const openLiveJudgment = async (title: string, labels: string[]) => {
    const token = await s.token('facilitator');
    const created = await s.p.request('POST', '/api/votes', {
      token,
      body: { workingGroupId: s.groupId, sessionId, title, method: 'majority_judgment', options: labels.map((label) => ({ label })), resultsVisibility: 'live' },
    });
    expect({ status: created.status, body: created.body }).toMatchObject({ status: 201 });
    const opened = await s.p.request('POST', `/api/votes/${created.body.id}/open`, { token });
    expect({ status: opened.status, body: opened.body }).toMatchObject({ status: 200 });
    return created.body as { id: string; options: { id: string }[] };
  };

  beforeAll(async () => {
    const start = new Date(Date.now() - 10 * 60_000);
    const session = await s.p.request('POST', `/api/working-groups/${s.groupId}/sessions`, {
      token: await s.token('facilitator'),
      body: {
        title: 'Atelier ouvert n° 1',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(),
        agenda: [{ recommendationId: s.recId, minutes: 30 }],
      },
    });
    expect({ status: session.status, body: session.body }).toMatchObject({ status: 201 });
    sessionId = session.body.id;
  });

  it('two people co-edit one draft live: each sees the other’s text and caret, and « Enregistré » once saved', async () => {
    const claire = await s.pageAs('facilitator');
    const paul = await s.pageAs('state');
    await Promise.all([claire.goto(`/recommandations/${s.recId}`), paul.goto(`/recommandations/${s.recId}`)]);
    for (const page of [claire, paul]) await page.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 20_000 });

    // Paul types at the end of the text; Claire sees it
    await editorOf(paul).click();
    await paul.keyboard.press('Control+End');
    await paul.keyboard.type(' Proposition de Paul : un guichet unique.');
    await waitForText(() => editorOf(claire).textContent(), (t) => t.includes('Proposition de Paul : un guichet unique.'));
    // « Enregistré » once the server acknowledged the edit (message type 100)
    await paul.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 15_000 });

    // Claire types too; Paul sees her text and her named caret, and she sees his
    await editorOf(claire).click();
    await claire.keyboard.press('Control+End');
    await claire.keyboard.press('Enter');
    await claire.keyboard.type('Ajout de Claire.');
    await waitForText(() => editorOf(paul).textContent(), (t) => t.includes('Ajout de Claire.'));
    await paul.locator('.collaboration-carets__label', { hasText: 'Claire Martin' }).waitFor({ timeout: 15_000 });
    await claire.locator('.collaboration-carets__label', { hasText: 'Paul Durand' }).waitFor({ timeout: 15_000 });
    await paul.getByRole('heading', { name: /Présents sur le brouillon \(2\)/ }).waitFor();
    await claire.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 15_000 });

    await s.expectAccessible(paul);
    await screenshot(paul, 'redaction-en-direct', false);
  });

  it('keeps edits made offline and sends them on reconnection', async () => {
    const paul = await s.pageAs('state');
    await paul.goto(`/recommandations/${s.recId}`);
    const status = paul.getByTestId('save-status');
    await status.filter({ hasText: 'Enregistré' }).waitFor({ timeout: 20_000 });
    await paul.context().setOffline(true);
    await status.filter({ hasText: 'Hors ligne' }).waitFor();
    await editorOf(paul).click();
    await paul.keyboard.press('Control+End');
    await paul.keyboard.type(' Écrit hors ligne.');
    await status.filter({ hasText: 'seront envoyées à la reconnexion' }).waitFor();
    await paul.context().setOffline(false);
    await status.filter({ hasText: /^Enregistré$/ }).waitFor({ timeout: 20_000 });
    await paul.close();
  });

  it('an observer sees the saved draft live but cannot type', async () => {
    const lea = await s.pageAs('observer');
    await lea.goto(`/recommandations/${s.recId}`);
    await lea.getByText('Lecture seule.').waitFor();
    // a fresh client gets both edits from the server: « Enregistré » was true
    await waitForText(
      () => editorOf(lea).textContent(),
      (t) => t.includes('Proposition de Paul : un guichet unique.') && t.includes('Ajout de Claire.') && t.includes('Écrit hors ligne.'),
    );
    expect(await editorOf(lea).getAttribute('contenteditable')).toBe('false');
    await editorOf(lea).click();
    await lea.keyboard.type('texte intrus');
    await lea.waitForTimeout(300);
    expect(await editorOf(lea).textContent()).not.toContain('texte intrus');
    await s.expectAccessible(lea);
  });

  it('a facilitator freezes a version and opens a vote; a participant votes; the projector updates live', async () => {
    const token = await s.token('facilitator');
    const claire = await s.pageAs('facilitator');
    claire.on('dialog', (d) => void d.accept());
    await claire.goto(`/seances/${sessionId}`);
    await claire.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 20_000 });
    await claire.getByRole('button', { name: 'Passer en phase « Ouverte »' }).click();
    await claire.getByText('Phase : Ouverte').waitFor();

    await claire.getByRole('button', { name: 'Figer une version' }).click();
    await claire.getByRole('status').filter({ hasText: 'version 1 figée' }).waitFor();
    // the frozen Markdown holds both people's edits
    const versions = await s.p.request('GET', `/api/recommendations/${s.recId}/versions`, { token });
    expect(versions.body.items[0].content).toContain('Proposition de Paul : un guichet unique.');
    expect(versions.body.items[0].content).toContain('Ajout de Claire.');

    await claire.getByRole('button', { name: 'Mettre au vote' }).click();
    await claire.getByLabel('Publication des résultats').selectOption('live');
    await claire.getByRole('button', { name: 'Créer le vote' }).click();
    await claire.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await claire.getByText(/Pour \/ contre \/ abstention — Ouvert/).waitFor();
    // the agenda item's timer (timer:set over socket.io, the `timer` event back)
    await claire.getByRole('button', { name: 'Minuteur 30 min' }).click();
    await claire.getByTestId('timer').filter({ hasText: /^(29|30):\d\d$/ }).waitFor();
    await s.expectAccessible(claire);
    await screenshot(claire, 'console-animation');
    const votes = await s.p.request('GET', `/api/sessions/${sessionId}/votes`, { token });
    const voteId: string = votes.body.items[0].id;

    // the room's projector: another tab of the facilitator's browser
    const projector = await claire.context().newPage();
    await projector.goto(`/seances/${sessionId}/projection`);
    await projector.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 20_000 });
    await projector.getByTestId('projector-count').filter({ hasText: /0 bulletin sur \d+/ }).waitFor();
    await projector.getByTestId('projector-timer').filter({ hasText: /(29|30):\d\d$/ }).waitFor();

    // Paul votes « Pour » and checks his receipt
    const paul = await s.pageAs('state');
    await paul.goto(`/votes/${voteId}`);
    await paul.getByRole('form', { name: 'Votre bulletin' }).getByText('Pour', { exact: true }).click();
    await paul.getByRole('button', { name: 'Voter' }).click();
    await paul.getByTestId('receipt').waitFor();
    await paul.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await paul.getByText('Ce reçu correspond à un bulletin compté dans ce vote.').waitFor();
    await s.expectAccessible(paul);
    await screenshot(paul, 'vote-bulletin-et-recu');

    // the projector got the tally live (socket.io), without reloading
    await projector.getByTestId('projector-count').filter({ hasText: /1 bulletin sur \d+/ }).waitFor({ timeout: 15_000 });
    await projector.getByText('Pour 100 %').waitFor();

    // the facilitator closes the vote: final results on the projector
    // closing is final: confirmed in a DSFR modal
    await claire.getByRole('button', { name: 'Clore le vote' }).click();
    await claire.getByRole('dialog', { name: 'Clore le vote ?' }).getByRole('button', { name: 'Clore le vote' }).click();
    await projector.getByText('Résultats définitifs').waitFor({ timeout: 15_000 });
    await projector.getByText('Adoptée', { exact: true }).waitFor();
    await s.expectAccessible(projector);
    await screenshot(projector, 'projection-resultats', false);
  });

  it('majority judgment: every option is graded; merit profiles as stacked bars', async () => {
    const created = await openLiveJudgment('Priorités de l’atelier', ['Catalogue de données', 'Référentiel des adresses']);
    const [a, b] = created.options.map((o: { id: string }) => o.id);
    for (const [who, ga, gb] of [
      ['region', 'very_good', 'fair'],
      ['agglo', 'good', 'passable'],
      ['expert', 'excellent', 'good'],
    ] as const) {
      const res = await s.p.request('POST', `/api/votes/${created.id}/ballots`, { token: await s.token(who), body: { grades: { [a]: ga, [b]: gb } } });
      expect({ who, status: res.status, body: res.body }).toMatchObject({ status: 201 });
    }
    const elise = await s.pageAs('amf');
    await elise.goto(`/votes/${created.id}`);
    // a missing grade is pointed out next to its option
    await elise.getByRole('group', { name: 'Catalogue de données' }).getByText('Très bien').click();
    await elise.getByRole('button', { name: 'Voter' }).click();
    await elise.getByRole('group', { name: 'Référentiel des adresses' }).getByText('Attribuez une mention à cette option.').waitFor();
    await elise.getByRole('group', { name: 'Référentiel des adresses' }).getByText('Assez bien').click();
    await elise.getByRole('button', { name: 'Voter' }).click();
    await elise.getByTestId('receipt').waitFor();
    await elise.getByText(/^4 bulletins sur/).first().waitFor();
    await elise.getByRole('table', { name: /Profils de mérite/ }).waitFor();
    await s.expectAccessible(elise);
    await screenshot(elise, 'vote-jugement-majoritaire');
  });

  it('the projector keeps a live tally that arrives while its first reading of the results is on its way', async () => {
    const created = await openLiveJudgment('Ordre des chantiers', ['Chantier A', 'Chantier B']);
    const voteId: string = created.id;

    // the projector's first reading of the results is read from the server now (no ballot yet)
    // and handed to the page only once a ballot's live tally has been shown
    const holdFirstReading = async (page: Page) => {
      let fetched!: () => void;
      const read = new Promise<void>((resolve) => (fetched = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route(
        `**/api/votes/${voteId}/results`,
        async (route) => {
          const stale = await route.fetch();
          fetched();
          await released;
          await route.fulfill({ response: stale });
        },
        { times: 1 },
      );
      return {
        read,
        /** Hands the early reading to the page; resolves once the page has had two frames to show it. */
        async deliver() {
          const finished = page.waitForEvent('requestfinished', (r) => r.url().endsWith(`/api/votes/${voteId}/results`));
          release();
          await finished;
          await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
        },
      };
    };
    const projector = await s.pageAs('facilitator');
    const onProjector = await holdFirstReading(projector);
    await projector.goto(`/seances/${sessionId}/projection`);
    await projector.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 20_000 });
    await projector.getByRole('heading', { name: /Ordre des chantiers/ }).waitFor();
    await onProjector.read;

    const [a, b] = created.options.map((o: { id: string }) => o.id);
    const ballot = await s.p.request('POST', `/api/votes/${voteId}/ballots`, { token: await s.token('region'), body: { grades: { [a]: 'good', [b]: 'fair' } } });
    expect(ballot.status).toBe(201);
    const count = projector.getByTestId('projector-count');
    await count.filter({ hasText: /1 bulletin sur \d+/ }).waitFor({ timeout: 15_000 });

    // the reading from before the ballot arrives: the page has it, and still shows the tally
    await onProjector.deliver();
    expect(await count.innerText()).toMatch(/1 bulletin sur \d+/);
    await projector.close();
  });

  it('a representative of an association submits a formal position', async () => {
    const elise = await s.pageAs('amf');
    await elise.goto(`/recommandations/${s.recId}`);
    await elise.getByRole('tab', { name: 'Positions' }).click();
    await elise.getByRole('heading', { name: /Rendre la position de l’Association des maires de France/ }).waitFor();
    // motivation is required unless favourable: said next to the field
    await elise.getByText('Favorable avec réserves', { exact: true }).click();
    await elise.getByRole('button', { name: 'Signer et envoyer la position' }).click();
    await elise.getByText('La motivation est obligatoire, sauf pour un avis favorable.').waitFor();
    await elise.getByLabel('Motivation').fill('Favorable, sous réserve d’un financement de l’accompagnement des petites communes.');
    await elise.getByRole('button', { name: 'Signer et envoyer la position' }).click();
    await elise.getByRole('status').filter({ hasText: 'Position « Favorable avec réserves » enregistrée' }).waitFor();
    await elise.getByRole('table', { name: 'Positions en vigueur' }).getByText('Favorable avec réserves').waitFor();
    const positions = await s.p.request('GET', `/api/recommendations/${s.recId}/positions`, { token: await s.token('amf') });
    expect(positions.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ stance: 'favorable_with_reservations' })]));
    await s.expectAccessible(elise);
    await screenshot(elise, 'positions');
  });

  it('a facilitator freezes a second version and compares it word by word with the first', async () => {
    const claire = await s.pageAs('facilitator');
    await claire.goto(`/recommandations/${s.recId}`);
    await claire.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 20_000 });
    await editorOf(claire).click();
    await claire.keyboard.press('Control+End');
    await claire.keyboard.type(' Mise à jour après la séance.');
    // the status may still read « Enregistré » from before the last keystrokes were rendered:
    // freeze only once the whole sentence is stored, then the status must say so too
    const token = await s.token('facilitator');
    await until(async () => (await storedDraftText(s.p.url, token, s.recId)).includes('Mise à jour après la séance.'), 'the typed sentence stored');
    await claire.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 15_000 });
    await claire.getByRole('tab', { name: /Versions/ }).click();
    await claire.getByRole('button', { name: 'Figer la version actuelle' }).click();
    await claire.getByText(/Version 2 figée/).waitFor();
    await claire.getByRole('button', { name: 'Comparer' }).click();
    await claire.locator('ins.cc-diff-ins', { hasText: 'Mise à jour après la séance.' }).waitFor();
    await claire.getByText(/De la version 1 à la version 2 : \d+ mots? ajoutés?/).waitFor();
    await s.expectAccessible(claire);
    await screenshot(claire, 'versions-et-differences');
  });

  it('raised no uncaught error in any page', () => {
    expect(s.pageErrors()).toEqual([]);
  });
});
