import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import * as Y from 'yjs';
import { DEMO, startTestPlatform, type TestPlatform } from '../support/platform';

/** Browser tests: Debian's chromium driven by playwright-core against the whole platform. */

export const ROOT = resolve(__dirname, '../..');
export const WEB_DIR = join(ROOT, 'dist/web');
export const SCREENSHOTS = join(ROOT, 'docs/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Without chromium the browser tests skip, except in CI where they must fail. */
export const browserAvailable = existsSync(CHROMIUM);
export const describeBrowser = browserAvailable || process.env.CI === 'true' ? describe : describe.skip;

const newest = (dir: string): number => {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

/**
 * The tests serve `dist/web`. CI builds it before the tests; locally it is (re)built here
 * when it is missing or older than the sources, so that a test never runs an old web app.
 */
export async function ensureWebBuild(): Promise<void> {
  const index = join(WEB_DIR, 'index.html');
  // the web app bundles libs/contracts' browser-safe modules too (vite alias @app/contracts/*)
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= Math.max(newest(join(ROOT, 'apps/web')), newest(join(ROOT, 'libs/contracts/src')));
  if (fresh()) return;
  // several test files may start together: one builds, the others wait for it
  const lock = join(ROOT, 'dist/.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (const end = Date.now() + 240_000; Date.now() < end; ) {
    try {
      mkdirSync(lock);
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 240_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!fresh()) execSync('npm run --silent build:web', { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
  throw new Error('the web app build (npm run build:web) did not finish');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/**
 * A browser context already signed in with `token` (the web app keeps its token in
 * localStorage), in French, at a desktop size. Page errors are collected in `errors`.
 */
export async function signedInContext(browser: Browser, baseUrl: string, token: string | null): Promise<{ ctx: BrowserContext; errors: string[] }> {
  const ctx = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
  if (token)
    await ctx.addInitScript((t) => {
      // runs in every document, about:blank included (where storage is refused)
      if (window.location.origin !== 'null') window.localStorage.setItem('concertation.token', t);
    }, token);
  const errors: string[] = [];
  ctx.on('page', (page) => page.on('pageerror', (e) => errors.push(e.message)));
  return { ctx, errors };
}

/** Serious and critical axe violations (WCAG 2.1 A and AA) of the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled' });
}

/** Waits until `locator`'s text satisfies `pred` (the collaborative text arrives asynchronously). */
export async function waitForText(read: () => Promise<string | null>, pred: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = (await read()) ?? '';
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`text condition not met within ${timeoutMs} ms; last text: ${JSON.stringify(last.slice(0, 300))}`);
}

export type Person = keyof typeof DEMO;

export interface WebSuite {
  p: TestPlatform;
  browser: Browser;
  tokens: Partial<Record<Person, string>>;
  /** The first working group of the facilitator and its first recommendation. */
  groupId: string;
  recId: string;
  recTitle: string;
  token(who: Person): Promise<string>;
  /** A new page signed in as a demo account (one browser context per person, as on their own computer); null: signed out. */
  pageAs(who: Person | null): Promise<Page>;
  /** No serious or critical axe violation on the page as it is now. */
  expectAccessible(page: Page): Promise<void>;
  /** Uncaught errors of every page so far. */
  pageErrors(): string[];
}

/**
 * Boots the platform (its own database, the demo programme, `dist/web` served at `/`) and a
 * browser for a describe block; closes everything after.
 */
export function webSuite(): WebSuite {
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];
  const byPerson = new Map<string, BrowserContext>();
  const suite = { tokens: {} } as WebSuite;

  suite.token = async (who) => (suite.tokens[who] ??= await suite.p.login(DEMO[who]));
  suite.pageAs = async (who) => {
    let ctx = who ? byPerson.get(who) : undefined;
    if (!ctx) {
      const created = await signedInContext(suite.browser, suite.p.url, who ? await suite.token(who) : null);
      ctx = created.ctx;
      contexts.push(ctx);
      errors.push(created.errors);
      if (who) byPerson.set(who, ctx);
    }
    return ctx.newPage();
  };
  suite.expectAccessible = async (page) => {
    const t = Date.now();
    const violations = await seriousViolations(page);
    if (process.env.WEB_TIMING) console.log(`axe ${new URL(page.url()).pathname}: ${Date.now() - t} ms`);
    expect({ url: page.url(), violations }).toEqual({ url: page.url(), violations: [] });
  };
  suite.pageErrors = () => errors.flat();

  beforeAll(async () => {
    await ensureWebBuild();
    [suite.p, suite.browser] = await Promise.all([startTestPlatform({ webDir: WEB_DIR }), launchBrowser()]);
    const token = await suite.token('facilitator');
    const me = await suite.p.request('GET', '/api/me', { token });
    suite.groupId = me.body.memberships[0].workingGroupId;
    const recs = await suite.p.request('GET', `/api/working-groups/${suite.groupId}/recommendations`, { token });
    suite.recId = recs.body.items[0].id;
    suite.recTitle = recs.body.items[0].title;
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await suite.browser?.close();
    await suite.p?.close();
  });

  return suite;
}

/** A draft's text as stored on the server (GET /api/drafts/…/state), paragraphs' text joined by newlines. */
export async function storedDraftText(baseUrl: string, token: string, recommendationId: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/drafts/${encodeURIComponent(`recommendation:${recommendationId}`)}/state`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET draft state: ${res.status}`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(Buffer.from(((await res.json()) as { update: string }).update, 'base64')));
  const text = draftText(doc);
  doc.destroy();
  return text;
}

/** A Yjs draft's text: the editor fragment's paragraphs' text (marks dropped), joined by newlines. */
export function draftText(doc: Y.Doc): string {
  const textOf = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText): string =>
    node instanceof Y.XmlText ? node.toJSON().replace(/<[^>]*>/g, '') : node.toArray().map((n) => textOf(n as Y.XmlElement | Y.XmlText)).join('\n');
  return textOf(doc.getXmlFragment('default'));
}
