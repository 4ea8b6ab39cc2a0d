import { DEMO } from '../support/platform';
import { describeBrowser, screenshot, signedInContext, webSuite } from './web-support';

/**
 * The web app's pages in a real browser against the whole platform: sign-in (with the API's
 * error shown in words), the programme, « mes groupes », a working group, the roadmap and the
 * administration; axe on each page; the README's screenshots.
 */
describeBrowser('web app pages (chromium)', () => {
  // each test walks several pages in one or more browsers: with the two cores shared by other work a
  // minute is not enough (two whole suites side by side went past it); the bound only names a failure
  jest.setTimeout(180_000);
  const s = webSuite();

  it('signs in with the API’s error shown in words, then goes back where the user was going', async () => {
    const page = await s.pageAs(null);
    await page.goto('/mes-groupes');
    await page.waitForURL(/\/connexion\?retour=/);
    await page.getByRole('heading', { level: 1, name: 'Connexion à Concertation' }).waitFor();
    await s.expectAccessible(page);
    await screenshot(page, 'connexion');

    await page.getByLabel('Adresse e-mail').fill(DEMO.region);
    await page.getByLabel('Mot de passe', { exact: true }).fill('mauvais-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // the API's 401 message, in French, in an alert
    await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect' }).waitFor();

    await page.getByLabel('Mot de passe', { exact: true }).fill('Concertation-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/mes-groupes$/);
    await page.getByRole('heading', { level: 1, name: 'Mes groupes' }).waitFor();
    await page.getByRole('cell', { name: 'Participant·e' }).first().waitFor();
    await s.expectAccessible(page);
  });

  it('sends a user whose session is no longer valid back to sign-in, with a message', async () => {
    const { ctx } = await signedInContext(s.browser, s.p.url, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.invalide');
    try {
      const page = await ctx.newPage();
      await page.goto('/feuille-de-route');
      await page.waitForURL(/\/connexion\?expiree=1&retour=%2Ffeuille-de-route/);
      await page.getByText('Votre session a expiré ou n’est plus valide').waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('shows the programme and a working group (members, sessions, recommendations), accessibly', async () => {
    const token = await s.token('facilitator');
    const start = new Date(Date.now() + 86400_000);
    const created = await s.p.request('POST', `/api/working-groups/${s.groupId}/sessions`, {
      token,
      body: { title: 'Atelier ouvert n° 2', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7200_000).toISOString() },
    });
    expect({ status: created.status, body: created.body }).toMatchObject({ status: 201 });

    const page = await s.pageAs('facilitator');
    await page.goto('/');
    await page.getByRole('link', { name: /Atelier « Échanges État–collectivités »/ }).waitFor();
    await s.expectAccessible(page);
    await screenshot(page, 'accueil');

    await page.goto(`/groupes/${s.groupId}`);
    await page.getByRole('link', { name: s.recTitle }).waitFor();
    await page.getByRole('heading', { name: /Membres \(\d+\)/ }).waitFor();
    await page.getByRole('link', { name: 'Atelier ouvert n° 2' }).waitFor();
    await s.expectAccessible(page);
    await screenshot(page, 'groupe-de-travail');

    // a refusal of the API shown to the user: a session that ends before it starts
    await page.getByLabel('Titre de la séance').fill('Séance à l’envers');
    await page.getByLabel('Début').fill('2027-01-01T10:00');
    await page.getByLabel('Fin').fill('2027-01-01T08:00');
    await page.getByRole('button', { name: 'Programmer la séance' }).click();
    // the API's message (`endsAt: …`), under the field it is about
    await page.locator('.fr-input-group--error', { has: page.getByLabel('Fin') }).locator('.fr-message--error').waitFor();
    const sessions = await s.p.request('GET', `/api/working-groups/${s.groupId}/sessions`, { token });
    expect(sessions.body.items.map((x: { title: string }) => x.title)).not.toContain('Séance à l’envers');

    // a participant proposes a recommendation
    const paul = await s.pageAs('state');
    await paul.goto(`/groupes/${s.groupId}`);
    await paul.getByLabel('Titre de la recommandation').fill('Un annuaire commun des services publics locaux');
    await paul.locator('label', { hasText: 'Mesure structurante' }).click();
    await paul.getByRole('button', { name: 'Créer la recommandation' }).click();
    await paul.getByRole('link', { name: 'Un annuaire commun des services publics locaux' }).waitFor();
  });

  it('shows the roadmap on a two-year timeline with milestones', async () => {
    const token = await s.token('facilitator');
    const inMonths = (n: number) => new Date(Date.now() + n * 30 * 86400_000).toISOString().slice(0, 10);
    for (const [title, months, status, progress] of [
      ['Cadrage avec les associations d’élus', 2, 'done', 100],
      ['Expérimentation dans trois régions', 8, 'in_progress', 40],
      ['Généralisation', 18, 'planned', 0],
    ] as const) {
      const res = await s.p.request('POST', `/api/recommendations/${s.recId}/milestones`, { token, body: { title, dueDate: inMonths(months), status, progress } });
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    }
    const page = await s.pageAs('region');
    await page.goto('/feuille-de-route');
    await page.getByText('Expérimentation dans trois régions', { exact: false }).first().waitFor();
    await page.getByText('1 jalon réalisé sur 3').waitFor();
    await s.expectAccessible(page);
    await screenshot(page, 'feuille-de-route');
  });

  it('administration: organisations, users, axes, groups; a field error of the API next to its field', async () => {
    const page = await s.pageAs('admin');
    await page.goto('/admin/organisations');
    await page.getByRole('cell', { name: 'Région Occitanie', exact: true }).waitFor();
    await s.expectAccessible(page);
    await page.getByLabel('Nom', { exact: true }).fill('X');
    await page.getByRole('button', { name: 'Créer l’organisation' }).click();
    // class-validator's "name must be longer than or equal to 2 characters", in French, under the field
    await page.locator('.fr-input-group--error').getByText('doit contenir au moins 2 caractères').waitFor();
    await page.getByLabel('Nom', { exact: true }).fill('Département de l’Hérault');
    await page.getByRole('button', { name: 'Créer l’organisation' }).click();
    await page.getByText('Organisation « Département de l’Hérault » créée.').waitFor();
    await page.getByRole('cell', { name: 'Département de l’Hérault', exact: true }).waitFor();

    for (const [path, cell] of [
      ['/admin/axes', 'AXE-1'],
      ['/admin/groupes', 'Atelier « Relation usager »'],
      ['/admin/utilisateurs', 'Élise Petit Représentant·e'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('cell', { name: cell }).first().waitFor();
      await s.expectAccessible(page);
    }
    await screenshot(page, 'admin-utilisateurs');
    // a non-admin gets a clear refusal, not the page
    const paul = await s.pageAs('state');
    await paul.goto('/admin/utilisateurs');
    await paul.getByRole('heading', { level: 1, name: 'Accès réservé' }).waitFor();
  });

  it('raised no uncaught error in any page', () => {
    expect(s.pageErrors()).toEqual([]);
  });
});
