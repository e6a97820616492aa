/**
 * End-to-end test of the web shell in Chromium against the real server (`pathwise serve` on a
 * fresh data directory with its demo data). Build the web app first (`npm run build:web`).
 *
 * Run: node --import tsx --test test/browser/web-shell.test.ts
 * Needs /usr/bin/chromium; without it the suite is skipped, unless PATHWISE_REQUIRE_SERVICES=1,
 * when it fails. Screenshots of every main page go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  assertAccessibleBasics as checkAccessibleBasics,
  checkPrerequisites,
  demoAccount,
  escapeRegExp,
  fillSignIn,
  launchBrowser,
  LAPTOP,
  openPage,
  pageApiGet,
  pageListAll,
  Screenshots,
  SETUP_TIMEOUT_MS,
  skipReason,
  startDemoServer,
  TABLET,
  type DemoCredentials,
  type DemoRole,
  type DemoServer,
  type PageProblems,
} from './harness.js';

const UI_TIMEOUT_MS = 15_000;

interface SessionBody {
  user: { displayName: string; role: string };
  sections: { id: string; name: string; courseId: string; courseTitle: string; role: string }[];
}

void describe('web shell', { skip: skipReason }, () => {
  let server: DemoServer | undefined;
  let baseUrl = '';
  let credentials: DemoCredentials;
  let browser: Browser | undefined;
  let page: Page;
  const problems: PageProblems = { pageErrors: [], cspViolations: [] };
  const { pageErrors, cspViolations } = problems;
  const screenshots = new Screenshots();

  before(
    async () => {
      await checkPrerequisites();
      server = await startDemoServer({ name: 'web-shell' });
      baseUrl = server.baseUrl;
      credentials = server.credentials;
      browser = await launchBrowser();
      page = (await openPage(browser, { timeoutMs: UI_TIMEOUT_MS, problems })).page;
    },
    { timeout: SETUP_TIMEOUT_MS },
  );

  after(async () => {
    await browser?.close();
    await server?.stop();
    screenshots.print();
  });

  async function screenshot(name: string): Promise<void> {
    await screenshots.take(page, name);
  }

  function account(role: DemoRole) {
    return demoAccount(credentials, role);
  }

  async function signIn(props: { email: string; password: string; tenant?: string }) {
    await fillSignIn(page, props);
  }

  /** Asks the API, with the page's session cookie, what the page should be showing. */
  async function apiGet<T>(path: string): Promise<T> {
    return pageApiGet<T>(page, baseUrl, path);
  }

  async function listAll<T>(path: string): Promise<T[]> {
    return pageListAll<T>(page, baseUrl, path);
  }

  async function assertAccessibleBasics(where: string): Promise<void> {
    await checkAccessibleBasics(page, where);
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
