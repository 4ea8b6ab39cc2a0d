import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { describeBrowser, ensureWebBuild, launchBrowser, screenshot, seriousViolations, signedInContext, waitForText, WEB_DIR } from './web-support';

/**
 * The web app in a real browser against the whole platform: sign-in, live co-editing by two
 * people, an observer who cannot type, a facilitator who freezes a version and runs a vote
 * while the projector view updates live, a representative's formal position, the admin
 * pages; axe on every main page; the README's screenshots.
 */
describeBrowser('web app (chromium)', () => {
  let p: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  let groupId: string;
  let recId: string;
  let recTitle: string;
  let sessionId: string;
  const tokens: Record<string, string> = {};

  const byPerson = new Map<string, BrowserContext>();
  /** A new page signed in as one of the demo accounts (one browser context per person, as on their own computer). */
  async function pageAs(who: keyof typeof DEMO | null): Promise<Page> {
    let ctx = who ? byPerson.get(who) : undefined;
    if (!ctx) {
      const token = who ? (tokens[who] ??= await p.login(DEMO[who])) : null;
      const created = await signedInContext(browser, p.url, token);
      ctx = created.ctx;
      contexts.push(ctx);
      pageErrors.push(created.errors);
      if (who) byPerson.set(who, ctx);
    }
    return ctx.newPage();
  }

  async function expectAccessible(page: Page): Promise<void> {
    const t = Date.now();
    const violations = await seriousViolations(page);
    if (process.env.WEB_TIMING) console.log(`axe ${new URL(page.url()).pathname}: ${Date.now() - t} ms`);
    expect({ url: page.url(), violations }).toEqual({ url: page.url(), violations: [] });
  }

  const editorOf = (page: Page) => page.locator('.cc-editor__content');

  beforeAll(async () => {
    ensureWebBuild();
    [p, browser] = await Promise.all([startTestPlatform({ webDir: WEB_DIR }), launchBrowser()]);
    const token = (tokens.facilitator = await p.login(DEMO.facilitator));
    const me = await p.request('GET', '/api/me', { token });
    groupId = me.body.memberships[0].workingGroupId;
    const recs = await p.request('GET', `/api/working-groups/${groupId}/recommendations`, { token });
    recId = recs.body.items[0].id;
    recTitle = recs.body.items[0].title;
    const start = new Date(Date.now() - 10 * 60_000);
    const session = await p.request('POST', `/api/working-groups/${groupId}/sessions`, {
      token,
      body: { title: 'Atelier ouvert n° 1', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(), agenda: [{ recommendationId: recId, minutes: 30 }] },
    });
    expect(session.status).toBe(201);
    sessionId = session.body.id;
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await p?.close();
  });

  it('signs in with the API’s error shown in words, then lands on the programme', async () => {
    const page = await pageAs(null);
    await page.goto('/mes-groupes');
    await page.waitForURL(/\/connexion\?retour=/);
    await page.getByRole('heading', { level: 1, name: 'Connexion à Concertation' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'connexion');

    await page.getByLabel('Adresse e-mail').fill(DEMO.region);
    await page.getByLabel('Mot de passe', { exact: true }).fill('mauvais-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // the API's 401 message, in French, in an alert
    await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect' }).waitFor();

    await page.getByLabel('Mot de passe', { exact: true }).fill('Concertation-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/mes-groupes$/); // back where the user was going
    await page.getByRole('heading', { level: 1, name: 'Mes groupes' }).waitFor();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Programme de co-construction' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Efficacité des échanges/ }).waitFor();
  });

  it('shows the home page, « mes groupes » and a working group, accessibly', async () => {
    const page = await pageAs('facilitator');
    await page.goto('/');
    await page.getByRole('link', { name: /Atelier « Échanges État–collectivités »/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'accueil');

    await page.goto('/mes-groupes');
    await page.getByRole('table').getByRole('link').first().waitFor();
    await expectAccessible(page);

    await page.goto(`/groupes/${groupId}`);
    await page.getByRole('link', { name: recTitle }).waitFor();
    await page.getByRole('heading', { name: /Membres \(\d+\)/ }).waitFor();
    await page.getByRole('link', { name: 'Atelier ouvert n° 1' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'groupe-de-travail');

    // a form error of the API next to its field: a session that ends before it starts
    await page.getByLabel('Titre de la séance').fill('Séance à l’envers');
    await page.getByLabel('Fin').fill('2026-01-01T08:00');
    await page.getByLabel('Début').fill('2026-01-01T10:00');
    await page.getByRole('button', { name: 'Programmer la séance' }).click();
    await page.locator('.fr-alert--error, .fr-error-text, .fr-message--error').first().waitFor();
  });

  it('two people co-edit one draft live: each sees the other’s text and caret, and « Enregistré » once saved', async () => {
    const claire = await pageAs('facilitator');
    const paul = await pageAs('state');
    await Promise.all([claire.goto(`/recommandations/${recId}`), paul.goto(`/recommandations/${recId}`)]);
    for (const page of [claire, paul]) await page.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 20_000 });

    // Paul types at the end of the text
    await editorOf(paul).click();
    await paul.keyboard.press('Control+End');
    await paul.keyboard.type(' Proposition de Paul : un guichet unique.');
    await waitForText(() => editorOf(claire).textContent(), (t) => t.includes('Proposition de Paul : un guichet unique.'));
    // « Enregistré » only once the server acknowledged the edit (message type 100)
    await paul.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 15_000 });

    // Claire types too; Paul sees her text and her named caret
    await editorOf(claire).click();
    await claire.keyboard.press('Control+End');
    await claire.keyboard.press('Enter');
    await claire.keyboard.type('Ajout de Claire.');
    await waitForText(() => editorOf(paul).textContent(), (t) => t.includes('Ajout de Claire.'));
    await paul.locator('.collaboration-carets__label', { hasText: 'Claire Martin' }).waitFor({ timeout: 15_000 });
    await claire.locator('.collaboration-carets__label', { hasText: 'Paul Durand' }).waitFor({ timeout: 15_000 });
    // who is here
    await paul.getByRole('heading', { name: /Présents sur le brouillon \(2\)/ }).waitFor();
    await claire.getByTestId('save-status').filter({ hasText: 'Enregistré' }).waitFor({ timeout: 15_000 });

    await expectAccessible(paul);
    await screenshot(paul, 'redaction-en-direct', false);
  });

  it('an observer sees the draft live but cannot type', async () => {
    const lea = await pageAs('observer');
    await lea.goto(`/recommandations/${recId}`);
    await lea.getByText('Lecture seule.').waitFor();
    await waitForText(() => editorOf(lea).textContent(), (t) => t.includes('Ajout de Claire.'));
    expect(await editorOf(lea).getAttribute('contenteditable')).toBe('false');
    await editorOf(lea).click();
    await lea.keyboard.type('texte intrus');
    await lea.waitForTimeout(300);
    expect(await editorOf(lea).textContent()).not.toContain('texte intrus');
    await expectAccessible(lea);
  });

  it('a facilitator freezes a version and opens a vote; a participant votes; the projector updates live', async () => {
    const claire = await pageAs('facilitator');
    claire.on('dialog', (d) => void d.accept());
    await claire.goto(`/seances/${sessionId}`);
    await claire.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 20_000 });
    await claire.getByRole('button', { name: 'Passer en phase « Ouverte »' }).click();
    await claire.getByText('Phase : Ouverte').waitFor();

    await claire.getByRole('button', { name: 'Figer une version' }).click();
    await claire.getByRole('status').filter({ hasText: 'version 1 figée' }).waitFor();
    // the frozen Markdown holds both people's edits
    const versions = await p.request('GET', `/api/recommendations/${recId}/versions`, { token: tokens.facilitator });
    expect(versions.body.items[0].content).toContain('Proposition de Paul : un guichet unique.');
    expect(versions.body.items[0].content).toContain('Ajout de Claire.');

    await claire.getByRole('button', { name: 'Mettre au vote' }).click();
    await claire.getByLabel('Publication des résultats').selectOption('live');
    await claire.getByRole('button', { name: 'Créer le vote' }).click();
    await claire.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await claire.getByText(/Pour \/ contre \/ abstention — Ouvert/).waitFor();
    await expectAccessible(claire);
    await screenshot(claire, 'console-animation');
    const votes = await p.request('GET', `/api/sessions/${sessionId}/votes`, { token: tokens.facilitator });
    const voteId: string = votes.body.items[0].id;

    // the room's projector (another tab of the facilitator's browser)
    const projector = await claire.context().newPage();
    await projector.goto(`/seances/${sessionId}/projection`);
    await projector.getByRole('status').filter({ hasText: 'En direct' }).waitFor({ timeout: 20_000 });
    await projector.getByTestId('projector-count').filter({ hasText: /0 bulletin sur \d+/ }).waitFor();

    // Paul votes « Pour » and gets a receipt he can check
    const paul = await pageAs('state');
    await paul.goto(`/votes/${voteId}`);
    await paul.getByText('Pour', { exact: true }).click();
    await paul.getByRole('button', { name: 'Voter' }).click();
    const receipt = paul.getByTestId('receipt');
    await receipt.waitFor();
    await paul.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await paul.getByText('Ce reçu correspond à un bulletin compté dans ce vote.').waitFor();
    await expectAccessible(paul);
    await screenshot(paul, 'vote-bulletin-et-recu');

    // the projector got the tally live (socket.io), without reloading
    await projector.getByTestId('projector-count').filter({ hasText: /1 bulletin sur \d+/ }).waitFor({ timeout: 15_000 });
    await projector.getByText('Pour 100 %').waitFor();

    // the facilitator closes the vote: final results everywhere
    await claire.getByRole('button', { name: 'Clore le vote' }).click();
    await projector.getByText('Résultats définitifs').waitFor({ timeout: 15_000 });
    await projector.getByText('Adoptée', { exact: true }).waitFor();
    await expectAccessible(projector);
    await screenshot(projector, 'projection-resultats', false);
  });

  it('majority judgment: a ballot grades every option; merit profiles as stacked bars', async () => {
    const token = tokens.facilitator;
    const created = await p.request('POST', '/api/votes', {
      token,
      body: { workingGroupId: groupId, sessionId, title: 'Priorités de l’atelier', method: 'majority_judgment', options: [{ label: 'Catalogue de données' }, { label: 'Référentiel des adresses' }], resultsVisibility: 'live' },
    });
    expect(created.status).toBe(201);
    expect((await p.request('POST', `/api/votes/${created.body.id}/open`, { token })).status).toBe(200);
    const [a, b] = created.body.options.map((o: { id: string }) => o.id);
    for (const [who, ga, gb] of [['region', 'very_good', 'fair'], ['agglo', 'good', 'passable'], ['expert', 'excellent', 'good']] as const) {
      const res = await p.request('POST', `/api/votes/${created.body.id}/ballots`, { token: (tokens[who] ??= await p.login(DEMO[who])), body: { grades: { [a]: ga, [b]: gb } } });
      expect(res.status).toBe(201);
    }
    const sophie = await pageAs('amf');
    await sophie.goto(`/votes/${created.body.id}`);
    // a missing grade is pointed out next to the option
    await sophie.getByRole('group', { name: 'Catalogue de données' }).getByText('Très bien').click();
    await sophie.getByRole('button', { name: 'Voter' }).click();
    await sophie.getByText('Attribuez une mention à cette option.').waitFor();
    await sophie.getByRole('group', { name: 'Référentiel des adresses' }).getByText('Assez bien').click();
    await sophie.getByRole('button', { name: 'Voter' }).click();
    await sophie.getByTestId('receipt').waitFor();
    await sophie.getByText('4 bulletins sur').first().waitFor();
    await sophie.getByText('Mention majoritaire : ').first().waitFor();
    await expectAccessible(sophie);
    await screenshot(sophie, 'vote-jugement-majoritaire');
  });

  it('a representative of an association submits a formal position', async () => {
    const elise = await pageAs('amf');
    await elise.goto(`/recommandations/${recId}`);
    await elise.getByRole('tab', { name: 'Positions' }).click();
    await elise.getByRole('heading', { name: /Rendre la position de Association des maires de France/ }).waitFor();
    // motivation is required unless favourable: said next to the field
    await elise.getByText('Favorable avec réserves', { exact: true }).click();
    await elise.getByRole('button', { name: 'Signer et envoyer la position' }).click();
    await elise.getByText('La motivation est obligatoire, sauf pour un avis favorable.').waitFor();
    await elise.getByLabel('Motivation').fill('Favorable, sous réserve d’un financement de l’accompagnement des petites communes.');
    await elise.getByRole('button', { name: 'Signer et envoyer la position' }).click();
    await elise.getByRole('status').filter({ hasText: 'Position « Favorable avec réserves » enregistrée' }).waitFor();
    await elise.getByRole('table', { name: 'Positions en vigueur' }).getByText('Favorable avec réserves').waitFor();
    const positions = await p.request('GET', `/api/recommendations/${recId}/positions`, { token: tokens.amf });
    expect(positions.body.items ?? positions.body).toEqual(expect.arrayContaining([expect.objectContaining({ stance: 'favorable_with_reservations' })]));
    await expectAccessible(elise);
    await screenshot(elise, 'positions');

    // versions and their word-level diff
    const claire = await pageAs('facilitator');
    const token = tokens.facilitator;
    await p.request('POST', `/api/recommendations/${recId}/versions`, { token }).then((r) => expect([201, 409]).toContain(r.status));
    await claire.goto(`/recommandations/${recId}`);
    await claire.getByRole('tab', { name: /Versions/ }).click();
    await claire.getByRole('button', { name: 'Lire la version 1' }).click();
    await claire.getByRole('heading', { name: 'Texte de la version 1' }).waitFor();
    await expectAccessible(claire);
  });

  it('shows the roadmap on a two-year timeline with milestones', async () => {
    const token = tokens.facilitator;
    const inMonths = (n: number) => new Date(Date.now() + n * 30 * 86400_000).toISOString().slice(0, 10);
    for (const [title, months] of [['Cadrage avec les associations d’élus', 2], ['Expérimentation dans trois régions', 8], ['Généralisation', 18]] as const) {
      const res = await p.request('POST', `/api/recommendations/${recId}/milestones`, { token, body: { title, dueDate: inMonths(months) } });
      expect(res.status).toBe(201);
    }
    const page = await pageAs('region');
    await page.goto('/feuille-de-route');
    await page.getByText('Expérimentation dans trois régions', { exact: false }).first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'feuille-de-route');
  });

  it('admin pages: organisations, users, axes, groups; a field error of the API next to its field', async () => {
    const page = await pageAs('admin');
    await page.goto('/admin/organisations');
    await page.getByRole('cell', { name: 'Région Occitanie', exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-organisations');
    await page.getByLabel('Nom', { exact: true }).fill('X');
    await page.getByRole('button', { name: 'Créer l’organisation' }).click();
    // class-validator's "name must be longer than or equal to 2 characters", in French, under the field
    await page.getByText('doit contenir au moins 2 caractères').waitFor();
    await page.getByLabel('Nom', { exact: true }).fill('Département de l’Hérault');
    await page.getByRole('button', { name: 'Créer l’organisation' }).click();
    await page.getByText('Organisation « Département de l’Hérault » créée.').waitFor();

    for (const [path, text] of [['/admin/utilisateurs', 'Élise Petit'], ['/admin/axes', 'AXE-1'], ['/admin/groupes', 'Atelier « Relation usager »']] as const) {
      await page.goto(path);
      await page.getByRole('cell', { name: text }).first().waitFor();
      await expectAccessible(page);
    }
    await page.goto('/admin/utilisateurs');
    await page.getByRole('cell', { name: /^Élise Petit/ }).waitFor();
    await screenshot(page, 'admin-utilisateurs');
  });

  it('raised no uncaught error in any page', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
