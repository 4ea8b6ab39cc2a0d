import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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
export function ensureWebBuild(): void {
  const index = join(WEB_DIR, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built && built >= newest(join(ROOT, 'apps/web'))) return;
  execSync('npm run --silent build:web', { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
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
export async function waitForText(read: () => Promise<string | null>, pred: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = (await read()) ?? '';
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`text condition not met within ${timeoutMs} ms; last text: ${JSON.stringify(last.slice(0, 300))}`);
}
