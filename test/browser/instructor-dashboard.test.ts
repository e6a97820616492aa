/**
 * The instructor dashboard in Chromium against the real server (`pathwise serve` on a fresh
 * data directory with its demo data and the analytics consumer): every view, an approved, an
 * edited and a dismissed intervention, keyboard focus and labels, live refresh with
 * If-None-Match, and screenshots at laptop and tablet sizes. Build the web app first
 * (`npm run build:web`).
 *
 * Run: node --import tsx --test test/browser/instructor-dashboard.test.ts
 * To iterate against a server already running (it is changed: interventions get decided), set
 * PATHWISE_BROWSER_URL (e.g. http://localhost:3917) and PATHWISE_BROWSER_DATA_DIR (its data
 * directory, for demo-credentials.json).
 * Needs /usr/bin/chromium; without it the suite is skipped, unless PATHWISE_REQUIRE_SERVICES=1,
 * when it fails. Screenshots go to test-output/screenshots/instructor-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  apiGetWithKey,
  assertAccessibleBasics as checkAccessibleBasics,
  checkPrerequisites,
  demoAccount,
  demoApiKey,
  escapeRegExp,
  fillSignIn,
  launchBrowser,
  LAPTOP,
  openPage,
  pageApiGet,
  Screenshots,
  SETUP_TIMEOUT_MS,
  skipReason,
  startDemoServer,
  TABLET_NARROW as TABLET,
  type DemoCredentials,
  type DemoRole,
  type DemoServer,
  type ListBody,
} from './harness.js';

const UI_TIMEOUT_MS = 20_000;
/** The dashboard polls every 5 s; an update must show within two polls and some slack. */
const LIVE_TIMEOUT_MS = 20_000;

interface Dashboard {
  objectives: { id: string; key: string; title: string }[];
  students: { id: string; name: string; atRisk: boolean; mastery: (number | null)[] }[];
  updatedAt: string;
}

interface AtRisk {
  students: { studentId: string; name: string; reasons: { code: string; text: string }[] }[];
}

interface Intervention {
  id: string;
  studentId: string;
  status: string;
  action: { kind: string; message: string };
}

void describe('instructor dashboard', { skip: skipReason }, () => {
  let server: DemoServer | undefined;
  let baseUrl = '';
  let credentials: DemoCredentials;
  let browser: Browser | undefined;
  let page: Page;
  let sectionId = '';
  let sectionName = '';
  const pageErrors: string[] = [];
  const screenshots = new Screenshots();
  /** Every dashboard poll: whether it sent If-None-Match, and the status it got. */
  const dashboardPolls: { conditional: boolean; status: number }[] = [];

  before(
    async () => {
      await checkPrerequisites();
      server = await startDemoServer({ name: 'dashboard', reuseRunning: true });
      baseUrl = server.baseUrl;
      credentials = server.credentials;
      browser = await launchBrowser();
      page = (await openPage(browser, { timeoutMs: UI_TIMEOUT_MS })).page;
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('response', (response) => {
        if (/\/v1\/sections\/[^/]+\/dashboard$/.test(new URL(response.url()).pathname)) {
          dashboardPolls.push({
            conditional: response.request().headers()['if-none-match'] !== undefined,
            status: response.status(),
          });
        }
      });
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

  function apiKey(role: DemoRole): string {
    return demoApiKey(credentials, role);
  }

  async function signIn(role: DemoRole) {
    await page.goto(baseUrl);
    const signOutButton = page.getByRole('button', { name: 'Sign out' });
    const emailField = page.getByLabel('Email');
    await signOutButton.or(emailField).first().waitFor();
    if (await signOutButton.isVisible()) {
      await signOut(); // an earlier test stopped half-way
    }
    await fillSignIn(page, {
      email: account(role).email,
      password: credentials.password,
      tenant: credentials.tenant.slug,
    });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
  }

  /** GET with the page's session cookie (what the signed-in instructor may read). */
  async function apiGet<T>(path: string): Promise<T> {
    return pageApiGet<T>(page, baseUrl, path);
  }

  /** GET with an API key, e.g. as the student. */
  async function apiGetAs<T>(key: string, path: string): Promise<T> {
    return apiGetWithKey<T>(baseUrl, key, path);
  }

  async function queued(): Promise<Intervention[]> {
    const body = await apiGet<ListBody<Intervention>>(
      `/v1/sections/${sectionId}/interventions?status=queued_for_review&limit=1000`,
    );
    return body.items;
  }

  async function intervention(id: string): Promise<Intervention> {
    const body = await apiGet<ListBody<Intervention>>(
      `/v1/sections/${sectionId}/interventions?limit=1000`,
    );
    const found = body.items.find((i) => i.id === id);
    assert.ok(found, `intervention ${id} is listed`);
    return found;
  }

  async function assertAccessibleBasics(where: string): Promise<void> {
    await checkAccessibleBasics(page, where, { controlsNamed: true });
  }

  async function activeElementTag(): Promise<string> {
    return page.evaluate<string>('document.activeElement ? document.activeElement.tagName : ""');
  }

  async function activeElementText(): Promise<string> {
    return page.evaluate<string>(
      "(document.activeElement && (document.activeElement.getAttribute('aria-label') || document.activeElement.textContent || '')).trim()",
    );
  }

  function heatmap(): Locator {
    return page.getByRole('table', { name: /^Mastery of each objective by each student/ });
  }

  void test('shows the class overview: summary, students at risk with reasons, a sortable heatmap and CSV links', async () => {
    await signIn('instructor');
    const heading = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    const section = credentials.sections.find((s) => s.name === heading);
    assert.ok(section, `the first page is a demo section, not "${heading}"`);
    sectionId = section.id;
    sectionName = section.name;

    await heatmap().waitFor();
    const dashboard = await apiGet<Dashboard>(`/v1/sections/${sectionId}/dashboard`);
    assert.ok(dashboard.students.length > 0 && dashboard.objectives.length > 0);

    // A real table: one row per student, a header per objective, values in words.
    const rows = heatmap().locator('tbody tr');
    assert.equal(await rows.count(), dashboard.students.length);
    const columnHeaders = heatmap().locator('thead th[scope="col"]');
    assert.equal(await columnHeaders.count(), dashboard.objectives.length + 4);
    assert.equal(
      await heatmap().locator('tbody th[scope="row"]').count(),
      dashboard.students.length,
    );
    const student = dashboard.students.find((s) => s.mastery.some((m) => m !== null));
    assert.ok(student, 'some student has evidence');
    const index = student.mastery.findIndex((m) => m !== null);
    const expected = `${Math.round((student.mastery[index] ?? 0) * 100)}% mastery`;
    const row = rows.filter({
      has: page.getByRole('rowheader', { name: student.name, exact: true }),
    });
    const cellText = await row.locator('td.heatmap-cell').nth(index).innerText();
    assert.ok(cellText.includes(expected), `cell reads "${cellText}", expected "${expected}"`);
    await page.getByText('P(mastered), in percent').waitFor();
    assert.equal(await page.locator('.mastery-legend li').count(), 6, 'five bands and no evidence');

    // Sorting by an objective with the keyboard: aria-sort, order, focus kept, announced.
    const objective = dashboard.objectives[index];
    assert.ok(objective);
    const sortButton = heatmap().getByRole('button', { name: objective.title, exact: true });
    await sortButton.focus();
    await page.keyboard.press('Enter');
    const header = sortButton.locator('xpath=..');
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const values = (
      await rows.locator(`td:nth-of-type(${index + 4}) > span[aria-hidden="true"]`).allInnerTexts()
    )
      .map((text) => Number.parseInt(text, 10))
      .filter((n) => !Number.isNaN(n));
    assert.ok(values.length > 0);
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
      'ascending by that objective',
    );
    assert.equal(
      await activeElementText(),
      `${objective.title}▲`,
      'focus stays on the sort button',
    );
    await page.getByText(`Sorted by ${objective.title}, ascending.`).first().waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');

    // Students at risk, with the analytics' reasons, highest risk first.
    const atRisk = await apiGet<AtRisk>(`/v1/sections/${sectionId}/at-risk`);
    const riskTable = page.getByRole('table', { name: 'Students at risk, highest risk first' });
    if (atRisk.students.length > 0) {
      await riskTable.waitFor();
      const total = atRisk.students.length;
      assert.equal(await riskTable.locator('tbody tr').count(), Math.min(8, total));
      if (total > 8) {
        const showAll = page.getByRole('button', { name: `Show all ${total} students at risk` });
        await showAll.click();
        assert.equal(await riskTable.locator('tbody tr').count(), total);
        assert.equal(await activeElementTag(), 'BUTTON', 'focus stays on the toggle');
        assert.equal(await page.getByRole('button', { expanded: true }).count(), 1);
      }
      const first = atRisk.students[0];
      assert.ok(first);
      const firstRow = riskTable.locator('tbody tr').first();
      assert.equal((await firstRow.getByRole('rowheader').innerText()).trim(), first.name);
      const firstReason = first.reasons[0];
      assert.ok(firstReason, 'an at-risk student has a reason');
      assert.ok((await firstRow.innerText()).includes(firstReason.text));
    } else {
      await page.getByText('No student is flagged at risk right now.').waitFor();
    }

    // CSV export links point at the export routes, which answer CSV.
    for (const [name, view] of [
      ['Download heatmap (CSV)', 'heatmap'],
      ['Download at-risk list (CSV)', 'at-risk'],
    ] as const) {
      const link = page.getByRole('link', { name });
      const href = await link.getAttribute('href');
      assert.equal(href, `/v1/sections/${sectionId}/export.csv?view=${view}`);
      const response = await page.request.get(`${baseUrl}${href}`);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'] ?? '', /^text\/csv/);
      if (view === 'heatmap') {
        assert.match(await response.text(), /^student_id,name,/);
      }
    }

    await assertAccessibleBasics('class overview');
    await screenshot('instructor-dashboard');
    await page.setViewportSize(TABLET);
    await heatmap().waitFor();
    await screenshot('instructor-dashboard-tablet');
    await page.setViewportSize(LAPTOP);
  });

  void test('works the intervention queue: approve, edit the message, dismiss, with confirmation and focus', async () => {
    const before = await queued();
    assert.ok(before.length >= 3, `the demo queues at least 3 interventions (${before.length})`);
    await page
      .getByRole('navigation', { name: 'Section views' })
      .getByRole('link', { name: /Intervention queue/ })
      .click();
    assert.match(page.url(), new RegExp(`#/sections/${sectionId}/interventions$`));
    const list = page.locator('.queue-list');
    await list.waitFor();
    const items = list.locator('> li');
    assert.equal(await items.count(), Math.min(20, before.length));
    assert.ok(
      (await page.getByRole('link', { name: /Intervention queue/ }).innerText()).includes(
        String(before.length),
      ),
      'the view link shows how many wait',
    );
    await assertAccessibleBasics('intervention queue');
    await screenshot('instructor-queue');

    // Approve the first with the keyboard.
    const [first, second, third] = before;
    assert.ok(first && second && third);
    const approve = items.first().getByRole('button', { name: 'Approve' });
    await approve.focus();
    await page.keyboard.press('Enter');
    const confirmation = page.locator('.confirmation');
    await confirmation.filter({ hasText: /^Approved: / }).waitFor();
    assert.equal((await intervention(first.id)).status, 'approved');
    assert.equal(
      await page.evaluate<string>('document.activeElement ? document.activeElement.id : ""'),
      `intervention-${second.id}`,
      'focus moves to the next proposal',
    );

    // Edit the next one's message: the field is labelled and focused; the edit is sent.
    const edited = `Let's look at this together in class tomorrow. (${Date.now()})`;
    await items.first().getByRole('button', { name: 'Edit message' }).click();
    const field = items.first().getByRole('textbox');
    await field.waitFor();
    assert.equal(await activeElementTag(), 'TEXTAREA', 'the message field takes focus');
    // page.evaluate: the page's CSP forbids the eval that locator.evaluate(string) would need.
    const label = await page.evaluate<string>(
      "(document.activeElement && document.activeElement.labels && document.activeElement.labels[0] ? document.activeElement.labels[0].textContent : '')",
    );
    assert.match(label, /^(Message to .+|Alert text)$/);
    await field.fill(edited);
    await items.first().getByRole('button', { name: 'Save and send' }).click();
    await confirmation.filter({ hasText: /^Edited and sent: / }).waitFor();
    const afterEdit = await intervention(second.id);
    assert.equal(afterEdit.status, 'edited');
    assert.equal(afterEdit.action.message, edited);

    // Dismiss the third.
    await items.first().getByRole('button', { name: 'Dismiss' }).click();
    await confirmation.filter({ hasText: /^Dismissed: / }).waitFor();
    assert.equal((await intervention(third.id)).status, 'dismissed');
    const remaining = (await queued()).map((i) => i.id);
    for (const id of [first.id, second.id, third.id]) {
      assert.ok(!remaining.includes(id), `${id} left the queue`);
      assert.equal(await page.locator(`#intervention-${id}`).count(), 0);
    }
    await page.getByRole('heading', { name: 'Outcomes by intervention type' }).waitFor();
  });

  void test('the approved intervention reaches the student', async () => {
    const studentKey = credentials.apiKeys.find((k) => k.role === 'student');
    assert.ok(studentKey?.userId);
    // The queue covers many students; check the one the demo key belongs to, if approved above,
    // else any student's list through the instructor (who reads it in full).
    const approved = (
      await apiGet<ListBody<Intervention>>(`/v1/sections/${sectionId}/interventions?limit=1000`)
    ).items.filter((i) => i.status === 'approved' || i.status === 'edited');
    assert.ok(approved.length >= 1);
    for (const item of approved) {
      const theirs = await apiGet<ListBody<Intervention>>(
        `/v1/students/${item.studentId}/interventions?limit=1000`,
      );
      assert.ok(theirs.items.some((i) => i.id === item.id && i.status === item.status));
    }
  });

  void test('shows content effectiveness with gains, intervals and learners', async () => {
    await page
      .getByRole('navigation', { name: 'Section views' })
      .getByRole('link', { name: 'Content effectiveness' })
      .click();
    const body = await apiGet<{ items: { title: string; learners: number }[] }>(
      `/v1/sections/${sectionId}/content-effectiveness`,
    );
    if (body.items.length === 0) {
      await page.getByText('No content has been used by students of this section yet.').waitFor();
    } else {
      const table = page.getByRole('table', { name: /^Learning gain after each content item/ });
      await table.waitFor();
      assert.equal(await table.locator('tbody tr').count(), body.items.length);
      assert.equal(
        (await table.locator('tbody tr').first().getByRole('rowheader').innerText()).trim(),
        body.items[0]?.title,
      );
    }
    await assertAccessibleBasics('content effectiveness');
    await screenshot('instructor-content');
  });

  void test('drills down into a student: trajectory chart and table, recommendations as the student sees them, recent activity', async () => {
    const studentKey = apiKey('student');
    const student = account('student');
    await page
      .getByRole('navigation', { name: 'Section views' })
      .getByRole('link', { name: 'Class overview' })
      .click();
    await heatmap().waitFor();
    const dashboard = await apiGet<Dashboard>(`/v1/sections/${sectionId}/dashboard`);
    assert.ok(
      dashboard.students.some((s) => s.id === student.userId),
      'the demo student is in the first section',
    );
    await heatmap().getByRole('link', { name: student.displayName, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: student.displayName }).waitFor();
    assert.match(page.url(), new RegExp(`#/sections/${sectionId}/students/${student.userId}$`));
    assert.equal(
      await page.evaluate<string>('document.activeElement ? document.activeElement.tagName : ""'),
      'H1',
      'focus lands on the new page heading',
    );

    // Trajectory: an SVG image with a text alternative, a labelled chooser and a table.
    const history = await apiGet<{ points: { objectiveId: string }[] }>(
      `/v1/students/${student.userId}/mastery-history?courseId=${credentials.course.id}`,
    );
    assert.ok(history.points.length > 0, 'the demo student has a mastery history');
    const chart = page.getByRole('img', { name: /^P\(mastered\) of .+ over time$/ });
    await chart.waitFor();
    const chooser = page.getByLabel('Objective', { exact: true });
    const objectivesWithPoints = new Set(history.points.map((p) => p.objectiveId));
    assert.equal(await chooser.locator('option').count(), objectivesWithPoints.size);
    const chosen = await chooser.inputValue();
    await page.getByText('Show the trajectory as a table').click();
    const table = page.getByRole('table', { name: /^P\(mastered\) of .+ over time$/ });
    assert.equal(
      await table.locator('tbody tr').count(),
      history.points.filter((p) => p.objectiveId === chosen).length,
    );
    assert.equal(
      await chart.locator('circle.chart-point').count(),
      history.points.filter((p) => p.objectiveId === chosen).length,
    );

    // Recommendations exactly as the student gets them (asked with the student's own key).
    const theirs = await apiGetAs<{ items: { title: string; reasons: { text: string }[] }[] }>(
      studentKey,
      `/v1/students/${student.userId}/recommendations?courseId=${credentials.course.id}`,
    );
    const region = page.getByRole('region', {
      name: `Next steps, as ${student.displayName} sees them`,
    });
    await region.locator('.recommendation').first().waitFor();
    assert.deepEqual(
      (await region.locator('.recommendation-title').allInnerTexts()).map((t) => t.trim()),
      theirs.items.map((i) => i.title),
    );
    const reasonTexts = (await region.locator('.recommendation-reasons li').allInnerTexts()).map(
      (t) => t.trim(),
    );
    assert.deepEqual(
      reasonTexts,
      theirs.items.flatMap((i) => i.reasons.map((r) => r.text)),
    );

    // Recent activity, newest first, with paging.
    const activity = page.getByRole('region', { name: 'Recent activity' });
    await activity.locator('.timeline-item').first().waitFor();
    const shown = await activity.locator('.timeline-item').count();
    assert.ok(shown > 0 && shown <= 25);
    const older = activity.getByRole('button', { name: 'Show older activity' });
    if ((await older.count()) > 0) {
      await older.click();
      const deadline = Date.now() + UI_TIMEOUT_MS;
      while ((await activity.locator('.timeline-item').count()) <= shown) {
        assert.ok(Date.now() < deadline, 'older activity appears');
        await page.waitForTimeout(200);
      }
    }

    await assertAccessibleBasics('student drill-down');
    await screenshot('instructor-student');
    await page.setViewportSize(TABLET);
    await chart.waitFor();
    await screenshot('instructor-student-tablet');
    await page.setViewportSize(LAPTOP);
  });

  void test('refreshes live with If-None-Match, announces politely and keeps focus', async () => {
    await page
      .getByRole('link', { name: new RegExp(`${escapeRegExp(sectionName)}: class overview`) })
      .click();
    await heatmap().waitFor();
    // Let a few polls pass unchanged: they must be conditional, and answered 304.
    await page.waitForTimeout(11_000);
    assert.ok(
      dashboardPolls.some((p) => p.conditional && p.status === 304),
      `conditional polls answered 304: ${JSON.stringify(dashboardPolls.slice(-5))}`,
    );
    const sortButton = heatmap().getByRole('button', { name: 'Student', exact: true });
    await sortButton.focus();

    // The student answers an item; the dashboard shows it within a few polls.
    const student = account('student');
    const content = await apiGet<ListBody<{ id: string; type: string }>>(
      `/v1/courses/${credentials.course.id}/content?limit=1000`,
    );
    const item = content.items.find((c) => c.type === 'assessment_item');
    assert.ok(item);
    const posted = await fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey('student')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            id: `dashboard-live-${Date.now()}`,
            type: 'item_attempted',
            studentId: student.userId,
            courseId: credentials.course.id,
            sectionId,
            timestamp: new Date().toISOString(),
            itemId: item.id,
            response: '0',
            correct: false,
            durationMs: 30_000,
            hintsUsed: 0,
            attempt: 1,
          },
        ],
      }),
    });
    assert.equal(posted.status, 200, await posted.text());
    const announcement = page.locator('.live-announcement');
    await announcement
      .filter({ hasText: /^Updated at .+: / })
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    assert.equal(await announcement.getAttribute('aria-live'), 'polite');
    assert.ok(
      !(await announcement.innerText()).includes(student.displayName),
      'no names announced',
    );
    assert.equal(await activeElementText(), 'Student↕', 'focus stays where it was');
    await signOut();
  });

  void test('shows an admin the dashboard of any section', async () => {
    await signIn('admin');
    await page.getByRole('navigation', { name: 'All sections' }).waitFor();
    await heatmap().waitFor();
    await assertAccessibleBasics('admin dashboard');
    await screenshot('instructor-admin');
    await signOut();
  });

  void test('raises no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
