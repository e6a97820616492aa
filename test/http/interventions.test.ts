/**
 * The intervention agent end to end: events posted through POST /v1/events reach the agent over
 * the outbox and the bus; the interventions it raises are read, approved, edited and dismissed
 * through the API, with the roles that may.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createInactivitySweep } from '../../src/services/interventions.js';
import { silentLogger } from '../support/databases.js';
import {
  bearer,
  courseContentOf,
  seedTenant,
  startTestApp,
  type ListedContent,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Intervention {
  id: string;
  studentId: string;
  sectionId: string | null;
  objectiveId: string | null;
  type: string;
  evidence: Record<string, unknown>;
  confidence: number;
  action: { kind: string; message: string; contentId: string | null };
  status: string;
  queueReason: string | null;
  outcome: string | null;
  outcomeAttempts: number | null;
}

describe('interventions', () => {
  let t: TestApp;
  let a: SeededTenant;
  let items: ListedContent[];
  let seq = 0;
  after(() => t.close());
  before(async () => {
    t = await startTestApp(undefined, { PATHWISE_INTERVENTIONS_PER_HOUR: '2' });
    a = await seedTenant(t.container, 'iv-a');
    items = await courseContentOf(t, a);
  });

  const itemsOf = (objectiveIndex: number) =>
    items.filter(
      (c) =>
        c.type === 'assessment_item' &&
        c.objectiveIds.includes(a.objectiveIds[objectiveIndex] as string),
    );
  const answers = (
    student: 'student' | 'otherStudent',
    objectiveIndex: number,
    n: number,
    over: { correct?: boolean; durationMs?: number } = {},
  ) =>
    Array.from({ length: n }, (_, i) => {
      const item = itemsOf(objectiveIndex)[i % itemsOf(objectiveIndex).length] as { id: string };
      seq++;
      return {
        id: `iv-${seq}`,
        type: 'item_attempted',
        studentId: a.users[student],
        courseId: a.courseId,
        timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, 0) + seq * 30_000).toISOString(),
        itemId: item.id,
        response: 'x',
        correct: over.correct ?? false,
        durationMs: over.durationMs ?? 20_000,
        hintsUsed: 0,
        attempt: 1,
      };
    });
  async function post(events: object[]) {
    // One request per event, as a student's app would send them, in order.
    for (const e of events) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(a.keys.admin),
        payload: e,
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    await t.container.relay.flush();
  }
  const get = (url: string, key: string) =>
    t.app.inject({ method: 'GET', url, headers: bearer(key) });
  const list = async (studentKey = a.keys.instructor, student = a.users.student) =>
    (await get(`/v1/students/${student}/interventions?limit=1000`, studentKey)).json<{
      items: Intervention[];
    }>().items;
  /** Polls (the agent runs asynchronously) until `found` returns a value; fails after 10 s. */
  async function waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
    const start = Date.now();
    for (;;) {
      const value = await read();
      if (value !== undefined) {
        return value;
      }
      if (Date.now() - start > 10_000) {
        assert.fail(`timed out waiting for ${what}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('ten wrong answers on one objective raise wheel-spinning, queued for review below 0.7', async () => {
    await post(answers('student', 0, 10));
    const ws = await waitFor(async () => {
      const res = await get(
        `/v1/sections/${a.sectionIds[0]}/interventions?status=queued_for_review`,
        a.keys.instructor,
      );
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: Intervention[] }>().items.find((x) => x.type === 'wheel_spinning');
    }, 'wheel-spinning');
    assert.equal(ws.studentId, a.users.student);
    assert.equal(ws.objectiveId, a.objectiveIds[0]);
    assert.equal(ws.sectionId, a.sectionIds[0]);
    assert.equal(ws.evidence.attempts, 10);
    assert.ok(ws.confidence < 0.7);
    assert.equal(ws.queueReason, 'low_confidence');
    assert.equal(ws.action.kind, 'alternate_explanation', 'objective 0 has no prerequisites');
    assert.ok(items.some((c) => c.id === ws.action.contentId && c.type === 'video'));
    // The student does not see what waits for review.
    const own = await list(a.keys.student);
    assert.ok(!own.some((x) => x.id === ws.id));
  });

  test('very fast answers raise rapid guessing, applied, and the student sees only the advice', async () => {
    await post(answers('student', 1, 5, { durationMs: 300 }));
    const rapid = await waitFor(
      async () => (await list()).find((x) => x.type === 'rapid_guessing' && x.status === 'applied'),
      'applied rapid guessing',
    );
    assert.ok(rapid.confidence >= 0.7);
    assert.equal(rapid.evidence.rapidAnswers, 5);
    assert.equal(rapid.action.kind, 'student_message');
    const own = await list(a.keys.student);
    const seen = own.find((x) => x.id === rapid.id) as unknown as Record<string, unknown>;
    assert.ok(seen, 'the student sees the applied intervention');
    assert.deepEqual(Object.keys(seen).sort(), [
      'action',
      'courseId',
      'createdAt',
      'id',
      'objectiveId',
      'status',
      'updatedAt',
    ]);
    assert.ok(own.every((x) => ['applied', 'approved', 'edited', 'delivered'].includes(x.status)));
  });

  test('at most PATHWISE_INTERVENTIONS_PER_HOUR are applied; the rest wait for review', async () => {
    await post(answers('student', 0, 10));
    await waitFor(
      async () => (await list()).find((x) => x.queueReason === 'rate_limit'),
      'a rate-limited intervention',
    );
    const all = await list();
    assert.equal(all.filter((x) => x.status === 'applied').length, 2);
    assert.ok(all.filter((x) => x.queueReason === 'rate_limit').every((x) => x.confidence >= 0.7));
  });

  test('instructors of the section and admins approve, edit and dismiss; others may not', async () => {
    const queued = (await list()).filter((x) => x.status === 'queued_for_review');
    assert.ok(queued.length >= 3);
    const [first, second, third] = queued as [Intervention, Intervention, Intervention];
    const act = (key: string, method: 'POST' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

    assert.equal(
      (await act(a.keys.student, 'POST', `/v1/interventions/${first.id}/approve`)).statusCode,
      403,
    );
    assert.equal(
      (await act(a.keys.otherInstructor, 'POST', `/v1/interventions/${first.id}/approve`))
        .statusCode,
      404,
    );
    const approved = await act(a.keys.instructor, 'POST', `/v1/interventions/${first.id}/approve`);
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json<Intervention>().status, 'approved');
    const again = await act(a.keys.instructor, 'POST', `/v1/interventions/${first.id}/approve`);
    assert.equal(again.statusCode, 409);
    assert.match(again.headers['content-type'] as string, /application\/problem\+json/);

    const edited = await act(a.keys.instructor, 'PATCH', `/v1/interventions/${second.id}`, {
      message: 'Come and see me after class about halves.',
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json<Intervention>().status, 'edited');
    assert.equal(
      edited.json<Intervention>().action.message,
      'Come and see me after class about halves.',
    );
    const bad = await act(a.keys.instructor, 'PATCH', `/v1/interventions/${second.id}`, {
      colour: 'red',
    });
    assert.equal(bad.statusCode, 400);
    const foreign = await act(a.keys.instructor, 'PATCH', `/v1/interventions/${second.id}`, {
      contentId: a.users.student,
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /contentId/);

    const dismissed = await act(a.keys.admin, 'POST', `/v1/interventions/${third.id}/dismiss`);
    assert.equal(dismissed.statusCode, 200, dismissed.body);
    assert.equal(dismissed.json<Intervention>().status, 'dismissed');

    const own = (await list(a.keys.student)).map((x) => x.id);
    const studentAlerts = [first, second].filter((x) => x.action.kind !== 'instructor_alert');
    assert.ok(
      studentAlerts.every((x) => own.includes(x.id)),
      'approved and edited reach the student',
    );
    assert.ok(!own.includes(third.id), 'dismissed does not');
    assert.equal(
      (await get(`/v1/students/${a.users.student}/interventions`, a.keys.otherStudent)).statusCode,
      404,
    );
    assert.equal(
      (await get(`/v1/sections/${a.sectionIds[0]}/interventions`, a.keys.student)).statusCode,
      403,
    );
    assert.equal(
      (await get(`/v1/sections/${a.sectionIds[0]}/interventions`, a.keys.otherInstructor))
        .statusCode,
      404,
    );
  });

  test('the inactivity sweep alerts instructors once per absence of 7 days', async () => {
    // Every event above is on 2026-11-20; a week and a half later both students are away.
    const sweep = createInactivitySweep({
      interventions: t.container.stores.interventions,
      newId: t.container.newId,
      now: () => new Date('2026-12-01T12:00:00Z'),
      days: 7,
      logger: silentLogger,
    });
    // Two workers sweeping at the same moment raise the alert once between them.
    const [first, second] = await Promise.all([sweep.run(), sweep.run()]);
    assert.equal(first + second, 1, 'only the student with events so far, once');
    assert.equal(await sweep.run(), 0, 'once per absence');
    assert.equal(
      (await list()).filter((x) => x.type === 'disengagement' && x.evidence.signal === 'inactivity')
        .length,
      1,
    );
    const alert = (await list()).find(
      (x) => x.type === 'disengagement' && x.evidence.signal === 'inactivity',
    );
    assert.ok(alert);
    assert.equal(alert.action.kind, 'instructor_alert');
    assert.equal(alert.sectionId, a.sectionIds[0]);
    // Names are encrypted at rest; an intervention's text never carries one.
    assert.match(alert.action.message, /^A student has not been active for 11 days/);
    assert.doesNotMatch(alert.action.message, /Sam/);
    assert.equal(alert.status, 'applied', '11 of 7 days: confidence 0.79');
    const early = createInactivitySweep({
      interventions: t.container.stores.interventions,
      newId: t.container.newId,
      now: () => new Date('2026-11-25T12:00:00Z'),
      days: 7,
      logger: silentLogger,
    });
    assert.equal(await early.run(), 0, 'five days away is not enough');
  });

  test('outcomes: mastered within K answers after the intervention, reported per type', async () => {
    await post(answers('otherStudent', 0, 10));
    await post(answers('otherStudent', 0, 4, { correct: true }));
    const ws = await waitFor(
      async () =>
        (await list(a.keys.otherInstructor, a.users.otherStudent)).find(
          (x) => x.type === 'wheel_spinning' && x.outcome !== null,
        ),
      'an outcome',
    );
    assert.equal(ws.outcome, 'mastered');
    assert.ok((ws.outcomeAttempts ?? 99) <= 5);
    const res = await get(
      `/v1/sections/${a.sectionIds[1]}/interventions/outcomes`,
      a.keys.otherInstructor,
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{
      outcomeAttempts: number;
      items: {
        type: string;
        count: number;
        resolved: number;
        masteredWithinK: number;
        rate: number | null;
      }[];
    }>();
    assert.equal(body.outcomeAttempts, 5);
    const row = body.items.find((x) => x.type === 'wheel_spinning');
    assert.deepEqual(row && [row.count, row.resolved, row.masteredWithinK, row.rate], [1, 1, 1, 1]);
    assert.equal(
      (await get(`/v1/sections/${a.sectionIds[1]}/interventions/outcomes`, a.keys.instructor))
        .statusCode,
      404,
    );
  });
});
