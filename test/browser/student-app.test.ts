/**
 * End-to-end test of the student app in Chromium against the real server (`pathwise serve` on a
 * fresh data directory with its demo data): a demo student answers items (wrong, then with
 * hints, then right), sees the recommendations change, watches a video and reads a reading
 * (events stored), and sees their mastery map and an intervention addressed to them. Build the
 * web app first (`npm run build:web`).
 *
 * Run: node --import tsx --test test/browser/student-app.test.ts
 * Needs /usr/bin/chromium; without it the suite is skipped, unless PATHWISE_REQUIRE_SERVICES=1,
 * when it fails. Screenshots of every main page go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  assertAccessibleBasics as checkAccessibleBasics,
  checkPrerequisites,
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
  type DemoServer,
  type PageProblems,
} from './harness.js';

const UI_TIMEOUT_MS = 30_000;

interface SessionBody {
  user: { displayName: string; role: string };
  sections: { id: string; name: string; courseId: string; courseTitle: string; role: string }[];
}

void describe('student app', { skip: skipReason }, () => {
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
      server = await startDemoServer({ name: 'student-app' });
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

  interface ItemContent {
    id: string;
    type: string;
    title: string;
    objectiveIds: string[];
    hints?: string[];
    item: {
      format: string;
      answer?: { correct?: string[] };
      choices?: { id: string; text: string }[];
    } | null;
    media: { durationSeconds?: number } | null;
  }

  /** Calls the API as the demo admin (API key): answer keys, and approving interventions. */
  async function adminApi<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const key = credentials.apiKeys.find((k) => k.role === 'admin')?.key;
    assert.ok(key, 'the demo has an admin API key');
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    assert.equal(response.status, 200, `${method} ${path}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  }

  /** The next steps as the page shows them: content id and reason text, in order. */
  async function shownNextSteps(): Promise<string[]> {
    const region = page.getByRole('region', { name: 'Your next steps' });
    await region.waitFor();
    const list = region.getByRole('list', { name: 'Recommended next steps' });
    try {
      await list.or(region.getByText('Nothing to suggest')).waitFor();
    } catch (error) {
      await screenshot('student-app-next-steps-missing');
      throw new Error(`no next steps shown: ${await region.innerText()}`, { cause: error });
    }
    // A string expression: this file is typechecked without the DOM library.
    return page.evaluate<string[]>(
      `Array.from(document.querySelectorAll('[aria-label="Recommended next steps"] > li[data-content-id]'), (li) => li.getAttribute('data-content-id') + ': ' + li.textContent)`,
    );
  }

  /** The student's stored events of one type (the listing is flat: the event's own fields). */
  async function eventsOf(id: string, type: string) {
    const all = await listAll<{ id: string; type: string } & Record<string, unknown>>(
      `/v1/students/${id}/events`,
    );
    return all.filter((e) => e.type === type);
  }

  let studentId = '';
  let courseId = '';
  let content: ItemContent[] = [];

  void test('signs in a demo student and shows next steps, mastery map and messages', async () => {
    // A demo student with three next steps, so practising visibly changes them.
    const students = credentials.accounts.filter((a) => a.role === 'student');
    let student = students[0];
    for (const candidate of students) {
      const recs = await adminApi<{ items: { type: string }[] }>(
        'GET',
        `/v1/students/${candidate.userId}/recommendations?limit=3`,
      );
      if (recs.items.length === 3 && recs.items.some((r) => r.type === 'assessment_item')) {
        student = candidate;
        break;
      }
    }
    assert.ok(student, 'the demo has students');
    studentId = student.userId;
    await page.goto(baseUrl);
    await signIn({
      email: student.email,
      password: credentials.password,
      tenant: credentials.tenant.slug,
    });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const session = await apiGet<SessionBody>('/auth/session');
    const enrolled = session.sections.find((s) => s.role === 'student');
    assert.ok(enrolled, 'the demo student is enrolled');
    courseId = enrolled.courseId;
    content = await adminApi<{ items: ItemContent[] }>(
      'GET',
      `/v1/courses/${courseId}/content?limit=1000`,
    ).then((r) => r.items);
    const steps = await shownNextSteps();
    assert.ok(steps.length > 0 && steps.length <= 3, `3 next steps at most, got ${steps.length}`);
    const api = await apiGet<{ items: { contentId: string; reasons: unknown[] }[] }>(
      `/v1/students/${studentId}/recommendations?courseId=${courseId}&limit=3`,
    );
    assert.deepEqual(
      steps.map((s) => s.split(':')[0]),
      api.items.map((i) => i.contentId),
      'the page shows the recommendations of the API, in order',
    );
    const reasons = page.getByRole('list', { name: /^Why / });
    assert.ok((await reasons.count()) > 0, 'each next step shows its reasons');
    const graph = page.getByRole('group', { name: /^Objective map/ });
    await graph.waitFor();
    const labels = await page.evaluate<string[]>(
      "Array.from(document.querySelectorAll('.objective-graph [data-objective-id]'), (n) => n.getAttribute('aria-label') || '')",
    );
    assert.ok(
      labels.some((l) => /\d+% · (mastered|learning|needs practice)/.test(l)),
      `the map states mastery in words: ${labels.join(' | ')}`,
    );
    await page.getByRole('region', { name: 'Messages for you' }).waitFor();
    await assertAccessibleBasics('student course');
    await screenshot('student-app-course-laptop');
  });

  void test('answers an item wrong, then with hints, then right; the server checks it and the next steps change', async () => {
    const before = await shownNextSteps();
    // A multiple-choice item with a fixed key and a wrong choice; read its key as the admin.
    const candidates = content.filter(
      (c) => c.type === 'assessment_item' && c.item?.format === 'multiple_choice',
    );
    assert.ok(candidates.length > 0, 'the demo course has multiple-choice items');
    const recommended = before.map((s) => s.split(':')[0]);
    const item = candidates.find((c) => recommended.includes(c.id)) ?? candidates[0];
    assert.ok(item);
    const full = await adminApi<ItemContent>('GET', `/v1/content/${item.id}`);
    const key = full.item?.answer?.correct ?? [];
    const choices = full.item?.choices ?? [];
    const wrong = choices.find((c) => !key.includes(c.id));
    assert.ok(wrong && key.length > 0);

    await page.goto(`${baseUrl}/#/courses/${courseId}/practice/${item.id}`);
    await page.getByRole('heading', { level: 1, name: /^Practice:/ }).waitFor();
    // Nothing on the page or in the DOM carries the key before the answer.
    const html = await page.content();
    for (const hint of full.hints ?? []) {
      assert.ok(!html.includes(hint), 'no hint text before it is asked for');
    }
    await page.getByRole('checkbox', { name: wrong.text, exact: true }).check();
    await page.getByRole('button', { name: 'Check answer' }).click();
    const status = page.getByRole('status').filter({ hasText: /Not quite|Correct/ });
    await status.getByText('Not quite.').waitFor();
    await status.getByText(/Correct answer:/).waitFor();
    await screenshot('student-app-practice-wrong');

    await page.getByRole('button', { name: 'Try another question like this' }).click();
    await page.getByRole('button', { name: 'Check answer' }).waitFor();
    const hints = full.hints ?? [];
    for (let i = 0; i < hints.length; i++) {
      await page.getByRole('button', { name: /^Show a hint/ }).click();
      await page
        .getByRole('region', { name: 'Hints' })
        .getByText(hints[i] as string)
        .waitFor();
    }
    for (const id of key) {
      const text = choices.find((c) => c.id === id)?.text as string;
      await page.getByRole('checkbox', { name: text, exact: true }).check();
    }
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.getByRole('status').getByText('Correct!').waitFor();
    await page.getByRole('region', { name: 'Your next steps' }).waitFor();
    await assertAccessibleBasics('practice');
    await screenshot('student-app-practice-right');

    const attempts = (await eventsOf(studentId, 'item_attempted')).filter((e) =>
      e.id.startsWith('practice:'),
    );
    assert.deepEqual(
      attempts.map((e) => e['correct']).sort(),
      [false, true],
      'both answers were stored with the verdict of the server',
    );
    const hintEvents = (await eventsOf(studentId, 'hint_requested')).filter((e) =>
      e.id.startsWith('practice:'),
    );
    assert.equal(hintEvents.length, hints.length);

    // Keep practising the item (right answers) until the next steps on the course page change.
    let after = before;
    for (let round = 0; round < 8 && after.join('\n') === before.join('\n'); round++) {
      await page.goto(`${baseUrl}/#/courses/${courseId}`);
      after = await shownNextSteps();
      if (after.join('\n') !== before.join('\n')) {
        break;
      }
      await page.goto(`${baseUrl}/#/courses/${courseId}/practice/${item.id}`);
      await page.getByRole('button', { name: 'Check answer' }).waitFor();
      for (const id of key) {
        const text = choices.find((c) => c.id === id)?.text as string;
        await page.getByRole('checkbox', { name: text, exact: true }).check();
      }
      await page.getByRole('button', { name: 'Check answer' }).click();
      await page.getByRole('status').getByText('Correct!').waitFor();
    }
    assert.notDeepEqual(after, before, 'the recommendations changed after practising');
  });

  void test('a video page posts video_started, video_progressed and video_completed with positions', async () => {
    // The demo history has older views of the same video: count this visit's only.
    const since = Date.now();
    const video = content.find((c) => c.type === 'video' && (c.media?.durationSeconds ?? 0) > 0);
    assert.ok(video, 'the demo course has a video');
    const duration = video.media?.durationSeconds as number;
    await page.goto(`${baseUrl}/#/courses/${courseId}/watch/${video.id}`);
    await page.getByRole('heading', { level: 1, name: video.title }).waitFor();
    await page.getByRole('button', { name: 'Play' }).click();
    await page
      .getByRole('status')
      .getByText(/Recorded: started at 0:00/)
      .waitFor();
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('slider', { name: 'Position' }).fill(String(duration));
    await page
      .getByRole('status')
      .getByText(/completed at/)
      .waitFor();
    await assertAccessibleBasics('video');
    await screenshot('student-app-video');
    const mine = async (type: string) =>
      (await eventsOf(studentId, type)).filter(
        (e) => e['contentId'] === video.id && Date.parse(String(e['timestamp'])) >= since - 5_000,
      );
    const started = await mine('video_started');
    const progressed = await mine('video_progressed');
    const completed = await mine('video_completed');
    assert.equal(started.length, 1);
    assert.ok(progressed.length >= 1);
    assert.equal(completed.length, 1);
    assert.equal(completed[0]?.['positionSeconds'], duration);
    assert.equal(completed[0]?.['durationSeconds'], duration);
    assert.ok(typeof started[0]?.['sessionId'] === 'string', 'events carry the session');
  });

  void test('a reading page posts content_viewed with the time spent', async () => {
    const since = Date.now();
    const reading = content.find((c) => c.type === 'reading');
    assert.ok(reading, 'the demo course has a reading');
    await page.goto(`${baseUrl}/#/courses/${courseId}/read/${reading.id}`);
    await page.getByRole('heading', { level: 1, name: reading.title }).waitFor();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'I have finished reading' }).click();
    await page
      .getByRole('status')
      .getByText(/Recorded \d+ s of reading/)
      .waitFor();
    await assertAccessibleBasics('reading');
    await screenshot('student-app-reading');
    const viewed = (await eventsOf(studentId, 'content_viewed')).filter(
      (e) => e['contentId'] === reading.id && Date.parse(String(e['timestamp'])) >= since - 5_000,
    );
    assert.equal(viewed.length, 1);
    assert.ok((viewed[0]?.['durationMs'] as number) >= 1000, 'durationMs counts the visit');
  });

  void test('shows an intervention addressed to the student, and reads well on a tablet', async () => {
    // Ten wrong answers on one item raise wheel-spinning; the admin approves what waits.
    const item = content.find((c) => c.type === 'assessment_item') as ItemContent;
    for (let i = 0; i < 10; i++) {
      const response = await page.request.post(`${baseUrl}/v1/events`, {
        data: {
          id: `browser-wrong-${i}`,
          type: 'item_attempted',
          studentId,
          courseId,
          timestamp: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
          itemId: item.id,
          response: 'x',
          correct: false,
          durationMs: 30_000,
          hintsUsed: 0,
          attempt: i + 1,
        },
      });
      assert.equal(response.status(), 200, await response.text());
    }
    const session = await apiGet<SessionBody>('/auth/session');
    const sectionIds = session.sections.filter((s) => s.courseId === courseId).map((s) => s.id);
    const deadline = Date.now() + 20_000;
    let visible: { id: string }[] = [];
    while (visible.length === 0 && Date.now() < deadline) {
      for (const sectionId of sectionIds) {
        const queued = await adminApi<{ items: { id: string; studentId: string }[] }>(
          'GET',
          `/v1/sections/${sectionId}/interventions?status=queued_for_review&limit=1000`,
        );
        for (const q of queued.items.filter((q) => q.studentId === studentId)) {
          await adminApi('POST', `/v1/interventions/${q.id}/approve`);
        }
      }
      visible = (
        await apiGet<{ items: { id: string }[] }>(`/v1/students/${studentId}/interventions`)
      ).items;
      if (visible.length === 0) {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    assert.ok(visible.length > 0, 'an intervention reached the student');
    await page.setViewportSize(TABLET);
    await page.goto(`${baseUrl}/#/courses/${courseId}`);
    const messages = page.getByRole('list', { name: 'Messages for you' });
    await messages.waitFor();
    await messages.locator(`[data-intervention-id="${visible[0]?.id}"]`).waitFor();
    await assertAccessibleBasics('student course, tablet');
    await screenshot('student-app-course-tablet');
    await page.goto(`${baseUrl}/#/courses/${courseId}/practice/${item.id}`);
    await page.getByRole('button', { name: 'Check answer' }).waitFor();
    await screenshot('student-app-practice-tablet');
    await page.setViewportSize(LAPTOP);
  });

  void test('raises no script errors or content-security-policy violations', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});
