/**
 * End-to-end test of the web shell in Chromium against the real server (`pathwise serve` on a
 * fresh data directory with its demo data). Build the web app first (`npm run build:web`).
 *
 * Run: node --import tsx --test test/browser/web-shell.test.ts
 * Needs /usr/bin/chromium; without it the suite is skipped, unless PATHWISE_REQUIRE_SERVICES=1,
 * when it fails. Screenshots of every main page go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const READY_TIMEOUT_MS = 120_000;
const UI_TIMEOUT_MS = 15_000;
const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 820, height: 1180 };

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const screenshotDir = join(repoRoot, 'test-output', 'screenshots');

const hasChromium = existsSync(CHROMIUM_PATH);
const requireServices = process.env['PATHWISE_REQUIRE_SERVICES'] === '1';
const skipReason = hasChromium || requireServices ? false : 'skipped: chromium not installed';

/** The file `pathwise serve` writes into its data directory on first start. */
interface DemoCredentials {
  url: string;
  tenant: { id: string; slug: string; name: string };
  password: string;
  accounts: {
    role: 'operator' | 'admin' | 'instructor' | 'student';
    email: string;
    userId: string;
  }[];
  apiKeys: { role: string; key: string; userId: string; tenantId: string }[];
}

interface SessionBody {
  user: { displayName: string; role: string };
  sections: { id: string; name: string; courseId: string; courseTitle: string; role: string }[];
}

interface ListBody<T> {
  items: T[];
  nextCursor: string | null;
}

void describe('web shell', { skip: skipReason }, () => {
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let dataDir = '';
  let baseUrl = '';
  let credentials: DemoCredentials;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const screenshots: string[] = [];

  before(
    async () => {
      assert.ok(hasChromium, `PATHWISE_REQUIRE_SERVICES=1 but ${CHROMIUM_PATH} does not exist`);
      assert.ok(
        existsSync(join(repoRoot, 'web', 'dist', 'index.html')),
        'web/dist/index.html is missing: run `npm run build:web` first',
      );
      await mkdir(screenshotDir, { recursive: true });
      dataDir = await mkdtemp(join(tmpdir(), 'pathwise-web-shell-'));
      const port = await findFreePort();
      baseUrl = `http://localhost:${port}`;
      server = spawn(process.execPath, ['bin/pathwise.js', 'serve'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          PORT: String(port),
          PATHWISE_DATA_DIR: dataDir,
          PATHWISE_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => {
        serverOutput = (serverOutput + chunk.toString()).slice(-20_000);
      };
      server.stdout?.on('data', keep);
      server.stderr?.on('data', keep);
      await waitUntilReady(server, `${baseUrl}/ready`, () => serverOutput);

      credentials = JSON.parse(
        await readFile(join(dataDir, 'demo-credentials.json'), 'utf8'),
      ) as DemoCredentials;

      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      context = await browser.newContext({ viewport: LAPTOP });
      context.setDefaultTimeout(UI_TIMEOUT_MS);
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && /content security policy/i.test(message.text())) {
          cspViolations.push(message.text());
        }
      });
    },
    { timeout: READY_TIMEOUT_MS + 30_000 },
  );

  after(async () => {
    await browser?.close();
    await stopServer(server);
    if (dataDir) {
      await rm(dataDir, { recursive: true, force: true });
    }
    for (const path of screenshots) {
      console.log(`screenshot: ${path}`);
    }
  });

  async function screenshot(name: string): Promise<void> {
    const path = join(screenshotDir, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    screenshots.push(path);
  }

  function account(role: DemoCredentials['accounts'][number]['role']) {
    const found = credentials.accounts.find((a) => a.role === role);
    assert.ok(found, `demo-credentials.json has no ${role} account`);
    return found;
  }

  async function signIn(props: { email: string; password: string; tenant?: string }) {
    await page.getByLabel('Email').fill(props.email);
    await page.getByLabel('Password').fill(props.password);
    await page.getByLabel('Institution').fill(props.tenant ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Asks the API, with the page's session cookie, what the page should be showing. */
  async function apiGet<T>(path: string): Promise<T> {
    const response = await page.request.get(`${baseUrl}${path}`);
    assert.equal(response.status(), 200, `GET ${path} answered ${response.status()}`);
    return (await response.json()) as T;
  }

  async function listAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body: ListBody<T> = await apiGet<ListBody<T>>(`${path}?${query}`);
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor !== null);
    return items;
  }

  async function assertAccessibleBasics(where: string): Promise<void> {
    assert.equal(await page.getByRole('main').count(), 1, `${where}: one main landmark`);
    // A string expression: this file is typechecked without the DOM library.
    const levels = await page.evaluate<number[]>(
      "Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), (h) => Number(h.tagName.slice(1)))",
    );
    assert.equal(levels[0], 1, `${where}: the first heading is an h1`);
    levels.forEach((level, i) => {
      const previous = levels[i - 1] ?? 0;
      assert.ok(level <= previous + 1, `${where}: heading h${level} follows h${previous}`);
    });
  }

  void test('labels the sign-in fields and shows the server error for a wrong password', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Email').waitFor();
    assert.equal(await page.getByLabel('Password').getAttribute('type'), 'password');
    assert.equal(await page.getByLabel('Institution').count(), 1);
    assert.match(
      await page.locator('body').innerText(),
      /Demo sign-in is printed by npm start and saved in data\/demo-credentials\.json/,
    );
    await assertAccessibleBasics('sign-in');
    await screenshot('sign-in');

    await signIn({
      email: account('instructor').email,
      password: `${credentials.password}-wrong`,
      tenant: credentials.tenant.slug,
    });

    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.notEqual((await alert.innerText()).trim(), '');
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).isEnabled(), true);
    await screenshot('sign-in-error');
  });

  void test('shows the instructor a section roster and the objective graph, then signs out', async () => {
    await signIn({
      email: account('instructor').email,
      password: credentials.password,
      tenant: credentials.tenant.slug,
    });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const session = await apiGet<SessionBody>('/auth/session');
    const taught = session.sections.filter((s) => s.role === 'instructor');
    assert.ok(taught.length > 0, 'the demo instructor teaches a section');

    const nav = page.getByRole('navigation', { name: 'Sections you teach' });
    for (const section of taught) {
      await nav.getByRole('link', { name: new RegExp(escapeRegExp(section.name)) }).waitFor();
    }
    const heading = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    const shown = taught.find((s) => s.name === heading);
    assert.ok(shown, `the page heading "${heading}" names a taught section`);

    const roster = page.getByRole('table', { name: `Students in ${shown.name}` });
    await roster.waitFor();
    const enrollments = await listAll<{
      role: string;
      user: { displayName: string; email: string | null };
    }>(`/v1/sections/${shown.id}/enrollments`);
    const students = enrollments.filter((e) => e.role === 'student');
    assert.ok(students.length > 0, 'the demo section has students');
    const rosterText = await roster.innerText();
    for (const student of students) {
      assert.ok(
        rosterText.includes(student.user.displayName),
        `roster lists ${student.user.displayName}`,
      );
      if (student.user.email !== null) {
        assert.ok(rosterText.includes(student.user.email), `roster lists ${student.user.email}`);
      }
    }

    const objectives = await listAll<{ id: string; title: string }>(
      `/v1/courses/${shown.courseId}/objectives`,
    );
    assert.ok(objectives.length > 0, 'the demo course has objectives');
    const graph = page.getByRole('group', { name: /^Objective map/ });
    await graph.waitFor();
    const nodes = graph.getByRole('button');
    assert.equal(await nodes.count(), objectives.length);
    for (const objective of objectives) {
      assert.equal(
        await graph.locator(`[data-objective-id="${objective.id}"]`).count(),
        1,
        `the graph draws ${objective.title}`,
      );
    }
    const lastNode = nodes.last();
    await lastNode.focus();
    await page.keyboard.press('Enter');
    assert.equal(await lastNode.getAttribute('aria-pressed'), 'true', 'Enter selects an objective');

    await assertAccessibleBasics('instructor');
    await page.getByRole('heading', { level: 1 }).click(); // move focus off the graph
    await screenshot('instructor');

    const other = taught.find((s) => s.id !== shown.id);
    if (other) {
      await nav.getByRole('link', { name: new RegExp(escapeRegExp(other.name)) }).click();
      await page.getByRole('heading', { level: 1, name: other.name }).waitFor();
      assert.match(page.url(), new RegExp(`#/sections/${other.id}$`));
    }

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    const afterSignOut = await page.request.get(`${baseUrl}/auth/session`);
    assert.equal(afterSignOut.status(), 401, 'the session is gone after signing out');
  });

  void test('shows the student their course and its objectives on a tablet', async () => {
    await page.setViewportSize(TABLET);
    const student = account('student');
    await signIn({
      email: student.email,
      password: credentials.password,
      tenant: credentials.tenant.slug,
    });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const session = await apiGet<SessionBody>('/auth/session');
    assert.equal(session.user.role, 'student');
    assert.ok(
      (await page.getByRole('banner').innerText()).includes(session.user.displayName),
      'the header names the student',
    );
    const courses = session.sections.filter((s) => s.role === 'student');
    assert.ok(courses.length > 0, 'the demo student is enrolled in a course');

    const nav = page.getByRole('navigation', { name: 'Your courses' });
    for (const course of courses) {
      await nav.getByRole('link', { name: new RegExp(escapeRegExp(course.courseTitle)) }).waitFor();
    }
    const heading = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    const shown = courses.find((c) => c.courseTitle === heading);
    assert.ok(shown, `the page heading "${heading}" names an enrolled course`);

    const objectives = await listAll<{ id: string; title: string }>(
      `/v1/courses/${shown.courseId}/objectives`,
    );
    const graph = page.getByRole('group', { name: /^Objective map/ });
    await graph.waitFor();
    assert.equal(await graph.getByRole('button').count(), objectives.length);
    const materials = page.getByRole('region', { name: 'Objectives and materials' });
    const objectiveHeadings = await materials.getByRole('heading', { level: 3 }).allInnerTexts();
    assert.deepEqual(
      [...objectiveHeadings].map((t) => t.trim()).sort(),
      objectives.map((o) => o.title.trim()).sort(),
    );
    await page.getByRole('region', { name: 'Your next steps' }).waitFor();
    await page.getByRole('region', { name: 'Your mastery' }).waitFor();

    await assertAccessibleBasics('student');
    await screenshot('student-tablet');

    await page.setViewportSize(LAPTOP);
    await screenshot('student');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
  });

  void test('shows the operator the list of tenants', async () => {
    await signIn({ email: account('operator').email, password: credentials.password });
    await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    const table = page.getByRole('table');
    await table.getByRole('cell', { name: credentials.tenant.slug, exact: true }).waitFor();
    await assertAccessibleBasics('operator');
    await screenshot('operator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
  });

  void test('shows the admin every section of the institution', async () => {
    await signIn({
      email: account('admin').email,
      password: credentials.password,
      tenant: credentials.tenant.slug,
    });
    const nav = page.getByRole('navigation', { name: 'All sections' });
    await nav.waitFor();
    await page.getByRole('group', { name: /^Objective map/ }).waitFor();
    assert.ok((await nav.getByRole('link').count()) > 0, 'the admin sees sections');
    await assertAccessibleBasics('admin');
    await screenshot('admin');
  });

  void test('raises no script errors or content-security-policy violations', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });

  // Last: Swagger UI sets one inline style that the strict policy blocks, harmlessly.
  void test('serves the API docs page generated from the route schemas', async () => {
    await page.goto(`${baseUrl}/docs`);
    await page.getByRole('heading', { name: /Pathwise API/ }).waitFor();
    await page.getByText('/v1/courses/import').first().waitFor();
    await screenshot('api-docs');
  });
});

async function findFreePort(): Promise<number> {
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
  child: ChildProcess,
  url: string,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      assert.fail(
        `pathwise serve exited (${child.exitCode ?? child.signalCode}) before ready:\n${output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
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

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
