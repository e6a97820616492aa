/**
 * What every browser test shares: Chromium (Debian's /usr/bin/chromium driven by playwright-core),
 * the skip rule, `pathwise serve` on a fresh data directory with the demo seed (or a server
 * already running), the demo credentials, signing in through the form, screenshots into
 * test-output/screenshots/ (their paths printed at the end, for the CI log) and the
 * accessibility basics check.
 *
 * Skip rule: without /usr/bin/chromium a suite is skipped, unless PATHWISE_REQUIRE_SERVICES=1,
 * when it fails (CI sets it).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServerDatabase } from '../support/databases.js';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type ViewportSize,
} from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * First start seeds the demo and the analytics consumer catches up on its events; on a loaded
 * machine (2 cores, several test suites) that took up to 7 minutes, so be patient.
 */
export const READY_TIMEOUT_MS = 600_000;
/** For a suite's `before`: the server's start plus the browser's launch. */
export const SETUP_TIMEOUT_MS = READY_TIMEOUT_MS + 30_000;

export const LAPTOP: ViewportSize = { width: 1366, height: 768 };
/** A tablet in portrait (iPad Air). */
export const TABLET: ViewportSize = { width: 820, height: 1180 };
/** The narrowest tablet the dashboard is laid out for (768 px). */
export const TABLET_NARROW: ViewportSize = { width: 768, height: 1024 };

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = join(repoRoot, 'test-output', 'screenshots');

export const hasChromium = existsSync(CHROMIUM_PATH);
const requireServices = process.env['PATHWISE_REQUIRE_SERVICES'] === '1';
/** For `describe(…, { skip })`: false when the suite must run. */
export const skipReason: string | false =
  hasChromium || requireServices ? false : 'skipped: chromium not installed';

export type DemoRole = 'operator' | 'admin' | 'instructor' | 'student';

/** The file `pathwise serve` writes into its data directory on first start (seed-demo.ts). */
export interface DemoCredentials {
  url: string;
  tenant: { id: string; slug: string; name: string };
  course: { id: string; code: string; title: string };
  sections: { id: string; code: string; name: string }[];
  password: string;
  accounts: { role: DemoRole; email: string; userId: string; displayName: string }[];
  apiKeys: { role: DemoRole; key: string; userId: string | null; tenantId: string | null }[];
}

/** The first demo account of a role. */
export function demoAccount(
  credentials: DemoCredentials,
  role: DemoRole,
): DemoCredentials['accounts'][number] {
  const found = credentials.accounts.find((a) => a.role === role);
  assert.ok(found, `demo-credentials.json has no ${role} account`);
  return found;
}

/** The demo API key of a role. */
export function demoApiKey(credentials: DemoCredentials, role: DemoRole): string {
  const found = credentials.apiKeys.find((k) => k.role === role);
  assert.ok(found, `demo-credentials.json has no ${role} API key`);
  return found.key;
}

/** Fails unless Chromium and the built web app are there. Call first in `before`. */
export async function checkPrerequisites(): Promise<void> {
  assert.ok(hasChromium, `PATHWISE_REQUIRE_SERVICES=1 but ${CHROMIUM_PATH} does not exist`);
  assert.ok(
    existsSync(join(repoRoot, 'web', 'dist', 'index.html')),
    'web/dist/index.html is missing: run `npm run build:web` first',
  );
  await mkdir(screenshotDir, { recursive: true });
}

export interface DemoServer {
  baseUrl: string;
  credentials: DemoCredentials;
  /** Stops the server (if this process started it) and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts `pathwise serve` on a free port and a fresh data directory (the demo is seeded on first
 * start), waits for /ready and reads demo-credentials.json.
 *
 * With `reuseRunning`, PATHWISE_BROWSER_URL (e.g. http://localhost:3917) and
 * PATHWISE_BROWSER_DATA_DIR (its data directory) set, the suite runs against that server instead,
 * to iterate quickly; the suite changes its data.
 */
export async function startDemoServer(options: {
  /** Names the temporary data directory. */
  name: string;
  /** Extra environment of the server (configuration under test). */
  env?: Record<string, string>;
  reuseRunning?: boolean;
}): Promise<DemoServer> {
  const runningUrl = process.env['PATHWISE_BROWSER_URL'];
  const runningDataDir = process.env['PATHWISE_BROWSER_DATA_DIR'];
  if (options.reuseRunning && runningUrl && runningDataDir) {
    await waitUntilReady(null, `${runningUrl}/ready`, () => '');
    return {
      baseUrl: runningUrl,
      credentials: await readCredentials(runningDataDir),
      stop: async () => {},
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `pathwise-${options.name}-`));
  // Each file gets its own demo: a fresh database on the server when DATABASE_URL is set (CI),
  // else PGlite in the fresh data directory; never a database another file already seeded.
  const serverUrl = process.env['DATABASE_URL'];
  const database = serverUrl ? await createServerDatabase(serverUrl) : null;
  const port = await findFreePort();
  const baseUrl = `http://localhost:${port}`;
  const server = spawn(process.execPath, ['bin/pathwise.js', 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      PATHWISE_DATA_DIR: dataDir,
      PATHWISE_LOG_LEVEL: 'warn',
      DATABASE_URL: database?.url ?? '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  const stop = async () => {
    await stopServer(server);
    await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  try {
    const started = Date.now();
    await waitUntilReady(server, `${baseUrl}/ready`, () => output);
    // The server answers while its consumers still digest the demo's history; the pages' data
    // would change under the tests, so wait until the process is idle.
    await waitUntilIdle(server.pid);
    console.log(
      `pathwise serve (${options.name}) ready in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    return { baseUrl, credentials: await readCredentials(dataDir), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function readCredentials(dataDir: string): Promise<DemoCredentials> {
  return JSON.parse(
    await readFile(join(dataDir, 'demo-credentials.json'), 'utf8'),
  ) as DemoCredentials;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** What a page raised: uncaught script errors and content-security-policy violations. */
export interface PageProblems {
  pageErrors: string[];
  cspViolations: string[];
}

/** A new context (own cookies: one signed-in user) at the laptop size, and its page. */
export async function openPage(
  browser: Browser,
  options: { timeoutMs: number; problems?: PageProblems },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP });
  context.setDefaultTimeout(options.timeoutMs);
  const page = await context.newPage();
  const problems = options.problems;
  if (problems) {
    page.on('pageerror', (error) => problems.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /content security policy/i.test(message.text())) {
        problems.cspViolations.push(message.text());
      }
    });
  }
  return { context, page };
}

/** Screenshots into test-output/screenshots/; `print()` lists their paths (in `after`). */
export class Screenshots {
  readonly paths: string[] = [];

  async take(page: Page, name: string): Promise<string> {
    const path = join(screenshotDir, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    this.paths.push(path);
    return path;
  }

  print(): void {
    for (const path of this.paths) {
      console.log(`screenshot: ${path}`);
    }
  }
}

/** Fills the sign-in form and submits it (the caller waits for what should follow). */
export async function fillSignIn(
  page: Page,
  props: { email: string; password: string; tenant?: string },
): Promise<void> {
  await page.getByLabel('Email').fill(props.email);
  await page.getByLabel('Password').fill(props.password);
  await page.getByLabel('Institution').fill(props.tenant ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * One main landmark and no skipped heading level, starting at h1; with `controlsNamed`, also
 * every control has an accessible name (buttons and links by text or aria, fields by label).
 */
export async function assertAccessibleBasics(
  page: Page,
  where: string,
  options: { controlsNamed?: boolean } = {},
): Promise<void> {
  assert.equal(await page.getByRole('main').count(), 1, `${where}: one main landmark`);
  // String expressions: these files are typechecked without the DOM library.
  const levels = await page.evaluate<number[]>(
    "Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), (h) => Number(h.tagName.slice(1)))",
  );
  assert.equal(levels[0], 1, `${where}: the first heading is an h1`);
  levels.forEach((level, i) => {
    const previous = levels[i - 1] ?? 0;
    assert.ok(level <= previous + 1, `${where}: heading h${level} follows h${previous}`);
  });
  if (options.controlsNamed) {
    const unnamed = await page.evaluate<string[]>(`Array.from(
      document.querySelectorAll('button, a[href], input, select, textarea, [role="button"]'),
    ).filter((el) => {
      const aria = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (aria) return false;
      if (el.matches('input, select, textarea')) return !(el.labels && el.labels.length > 0);
      return (el.textContent || '').trim() === '' && !el.getAttribute('title');
    }).map((el) => el.outerHTML.slice(0, 120))`);
    assert.deepEqual(unnamed, [], `${where}: controls without an accessible name`);
  }
}

export interface ListBody<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET with the page's session cookie: what the signed-in user may read. */
export async function pageApiGet<T>(page: Page, baseUrl: string, path: string): Promise<T> {
  const response = await page.request.get(`${baseUrl}${path}`);
  assert.equal(response.status(), 200, `GET ${path} answered ${response.status()}`);
  return (await response.json()) as T;
}

/** Every item of a cursor-paged list, read with the page's session cookie. */
export async function pageListAll<T>(page: Page, baseUrl: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body: ListBody<T> = await pageApiGet<ListBody<T>>(page, baseUrl, `${path}?${query}`);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor !== null);
  return items;
}

/** GET with an API key (e.g. the demo admin's, to read answer keys). */
export async function apiGetWithKey<T>(baseUrl: string, key: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(response.status, 200, `GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(
  child: ChildProcess | null,
  url: string,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      assert.fail(
        `pathwise serve exited (${child.exitCode ?? child.signalCode}) before ready:\n${output()}`,
      );
    }
    try {
      // Generous: right after the seed the consumers catch up on the demo's events and keep the
      // embedded database busy, so a healthy server may take seconds to answer.
      const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      if (response.status === 200) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`${url} did not answer 200 within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until a process has used under 5% of a core for two seconds in a row (Linux /proc). */
async function waitUntilIdle(pid: number | undefined, timeoutMs = 300_000): Promise<void> {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) {
    return;
  }
  const cpu = async () => {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  const deadline = Date.now() + timeoutMs;
  let last = await cpu();
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await cpu();
    quiet = now - last < 0.05 ? quiet + 1 : 0;
    last = now;
  }
}
