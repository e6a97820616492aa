/** POST /v1/events and reading the records back, through the real app. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  bearer,
  courseContentOf,
  seedTenant,
  startTestApp,
  type ListedContent,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Reply {
  accepted: number;
  duplicates: number;
  mastery: { studentId: string; objectiveId: string; pMastery: number }[];
  recommendations: {
    contentId: string;
    objectiveId: string;
    reasons: { code: string; text: string }[];
  }[];
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe('learning events', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let items: ListedContent[];
  let seq = 0;
  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'ev-a');
    b = await seedTenant(t.container, 'ev-b');
    items = await courseContentOf(t, a);
  });

  const itemOf = (objectiveIndex: number) =>
    items.find(
      (c) =>
        c.type === 'assessment_item' &&
        c.objectiveIds.includes(a.objectiveIds[objectiveIndex] as string),
    ) as { id: string; objectiveIds: string[] };
  const attempt = (over: Record<string, unknown> = {}) => ({
    id: `ev-${++seq}`,
    type: 'item_attempted',
    studentId: a.users.student,
    courseId: a.courseId,
    timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, seq)).toISOString(),
    itemId: itemOf(0).id,
    response: 'a',
    correct: true,
    durationMs: 12000,
    hintsUsed: 0,
    attempt: 1,
    ...over,
  });
  const post = (key: string, payload: unknown, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/v1/events${query}`,
      headers: bearer(key),
      payload: payload as object,
    });

  test('one answered item moves mastery up, returns next steps with reasons, and times each stage', async () => {
    const res = await post(a.keys.student, attempt());
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Reply>();
    assert.equal(body.accepted, 1);
    assert.equal(body.duplicates, 0);
    const m = body.mastery.find((x) => x.objectiveId === a.objectiveIds[0]);
    assert.ok(m && m.pMastery > 0.2, 'a correct answer raises P(mastered) above the prior');
    assert.ok(body.recommendations.length > 0 && body.recommendations.length <= 3);
    assert.ok(
      body.recommendations.every(
        (r) => r.reasons.length > 0 && r.reasons.every((x) => x.text.length > 10),
      ),
    );
    assert.match(
      String(res.headers['server-timing']),
      /guardrail;dur=[\d.]+, persist;dur=[\d.]+, update;dur=[\d.]+, recommend;dur=[\d.]+/,
    );
  });

  test('a repeated id is acknowledged as a duplicate and not applied twice', async () => {
    const e = attempt({ correct: false });
    const first = (await post(a.keys.student, e)).json<Reply>();
    const again = (await post(a.keys.student, e)).json<Reply>();
    assert.deepEqual([first.accepted, first.duplicates], [1, 0]);
    assert.deepEqual([again.accepted, again.duplicates, again.mastery.length], [0, 1, 0]);
    const events = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/students/${a.users.student}/events?limit=1000`,
        headers: bearer(a.keys.student),
      })
    ).json<{ items: { id: string }[] }>();
    assert.equal(events.items.filter((x) => x.id === e.id).length, 1);
  });

  test('a bad batch is refused whole, naming each problem by index and field, and stores nothing', async () => {
    const good = attempt();
    const res = await post(a.keys.admin, {
      events: [
        good,
        attempt({ correct: 'yes' }),
        { ...attempt(), type: 'teleported' },
        attempt({ itemId: b.contentIds[1] }),
      ],
    });
    assert.equal(res.statusCode, 400);
    const paths = res.json<Problem>().errors?.map((e) => e.path);
    assert.deepEqual(paths, ['/events/1/correct', '/events/2/type']);
    assert.match(res.json<Problem>().errors?.[1]?.message ?? '', /unknown event type "teleported"/);
    const refs = await post(a.keys.admin, { events: [good, attempt({ itemId: b.contentIds[1] })] });
    assert.equal(refs.statusCode, 400);
    assert.deepEqual(
      refs.json<Problem>().errors?.map((e) => e.path),
      ['/events/1/itemId'],
    );
    const stored = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/students/${a.users.student}/events?limit=1000`,
        headers: bearer(a.keys.admin),
      })
    ).json<{ items: { id: string }[] }>();
    assert.ok(!stored.items.some((x) => x.id === good.id));
  });

  test('a student key may post only its own events; instructors for the students they teach; staff for students of the tenant only', async () => {
    const other = await post(a.keys.student, attempt({ studentId: a.users.otherStudent }));
    assert.equal(other.statusCode, 403);
    assert.equal(
      (await post(a.keys.otherInstructor, attempt({ studentId: a.users.otherStudent }))).statusCode,
      200,
    );
    const untaught = await post(a.keys.instructor, attempt({ studentId: a.users.otherStudent }));
    assert.equal(untaught.statusCode, 403);
    assert.equal(untaught.json<Problem>().errors?.[0]?.path, '/studentId');
    const foreign = await post(a.keys.admin, attempt({ studentId: b.users.student }));
    assert.equal(foreign.statusCode, 400);
    assert.equal(foreign.json<Problem>().errors?.[0]?.path, '/studentId');
    const course = await post(a.keys.admin, attempt({ courseId: b.courseId }));
    assert.equal(course.statusCode, 400);
  });

  test('a body over the size limit gets 413; more than 1000 events gets 400', async () => {
    const huge = await post(a.keys.admin, {
      events: [attempt({ type: 'forum_posted', text: 'x'.repeat(20000) })].concat(
        Array.from({ length: 80 }, () => attempt({ response: 'y'.repeat(2000) }) as never),
      ),
    });
    assert.ok([400, 413].includes(huge.statusCode));
    const big = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer(a.keys.admin), 'content-type': 'application/json' },
      payload: JSON.stringify({ events: [attempt({ response: 'z'.repeat(1_100_000) })] }),
    });
    assert.equal(big.statusCode, 413);
    const many = await post(a.keys.admin, {
      events: Array.from({ length: 1001 }, () => attempt()),
    });
    assert.equal(many.statusCode, 400);
    assert.equal(many.json<Problem>().errors?.[0]?.path, '/events');
  });

  test('forum text is stored with roster names and contact details redacted', async () => {
    const text = 'Sam Student, email me at sam.s@example.com or call 555-123-4567 about 3/4 + 1/4';
    const res = await post(a.keys.student, {
      id: `forum-${++seq}`,
      type: 'forum_posted',
      studentId: a.users.student,
      courseId: a.courseId,
      timestamp: new Date().toISOString(),
      text,
    });
    assert.equal(res.statusCode, 200, res.body);
    const events = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/students/${a.users.student}/events?type=forum_posted`,
        headers: bearer(a.keys.student),
      })
    ).json<{ items: { text: string }[] }>();
    const stored = events.items[0]?.text ?? '';
    assert.ok(
      !stored.includes('Sam Student') &&
        !stored.includes('sam.s@example.com') &&
        !stored.includes('555-123-4567'),
      stored,
    );
    assert.ok(stored.includes('3/4 + 1/4'));
  });

  test('mastery and features read back; instructors only for their sections', async () => {
    const mastery = await t.app.inject({
      method: 'GET',
      url: `/v1/students/${a.users.student}/mastery`,
      headers: bearer(a.keys.instructor),
    });
    assert.equal(mastery.statusCode, 200);
    assert.ok(mastery.json<{ items: { attempts: number }[] }>().items.some((m) => m.attempts > 0));
    const features = await t.app.inject({
      method: 'GET',
      url: `/v1/students/${a.users.student}/features?courseId=${a.courseId}`,
      headers: bearer(a.keys.student),
    });
    assert.equal(features.statusCode, 200);
    const f = features.json<{ attempts: number; recentAccuracy: number; forumPosts: number }>();
    assert.equal(f.attempts, 2);
    assert.equal(f.forumPosts, 1);
    assert.equal(
      (
        await t.app.inject({
          method: 'GET',
          url: `/v1/students/${a.users.student}/mastery`,
          headers: bearer(a.keys.otherInstructor),
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'GET',
          url: `/v1/students/${a.users.otherStudent}/mastery`,
          headers: bearer(a.keys.student),
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'GET',
          url: `/v1/students/${a.users.student}/mastery`,
          headers: bearer(b.keys.admin),
        })
      ).statusCode,
      404,
    );
  });

  test('answered items reach the class aggregates through the outbox and the bus', async () => {
    const before = Date.now();
    await post(a.keys.student, attempt({ sectionId: a.sectionIds[0] }));
    await t.container.relay.flush();
    let row: { attempts: number; masteryHistogram: number[] } | undefined;
    while (Date.now() - before < 5000) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/sections/${a.sectionIds[0]}/aggregates`,
        headers: bearer(a.keys.instructor),
      });
      row = res
        .json<{ items: { objectiveId: string; attempts: number; masteryHistogram: number[] }[] }>()
        .items.find((r) => r.objectiveId === a.objectiveIds[0]);
      if (row && row.attempts >= 3) {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(row && row.attempts === 3, JSON.stringify(row));
    assert.equal(
      row.masteryHistogram.reduce((n, v) => n + v, 0),
      1,
      'one student is counted once in the distribution',
    );
    assert.equal(
      (
        await t.app.inject({
          method: 'GET',
          url: `/v1/sections/${a.sectionIds[0]}/aggregates`,
          headers: bearer(a.keys.otherInstructor),
        })
      ).statusCode,
      404,
    );
  });

  test('a correct numeric answer moves mastery more than a correct two-choice answer (item formats)', async () => {
    // A tenant of its own, so both students start from the prior (textbook BKT: 0.2). The reply
    // rounds P(mastered) to 6 decimals.
    const f = await seedTenant(t.container, 'ev-fmt');
    const listed = await t.container.stores.courses.listContent(
      f.tenantId,
      f.courseId,
      {},
      { limit: 100 },
    );
    const first = f.objectiveIds[0] as string;
    const itemOfFormat = (format: string) =>
      listed.items.find((c) => c.objectiveIds[0] === first && c.item?.format === format);
    const numeric = itemOfFormat('numeric');
    const twoChoice = itemOfFormat('multiple_choice');
    assert.ok(numeric && twoChoice);
    assert.equal(twoChoice.item?.format === 'multiple_choice' && twoChoice.item.choices.length, 2);
    const masteryAfter = async (studentId: string, itemId: string) => {
      const res = await post(f.keys.admin, {
        ...attempt({ studentId, itemId, response: '1' }),
        courseId: f.courseId,
      });
      assert.equal(res.statusCode, 200, res.body);
      const m = res.json<Reply>().mastery.find((x) => x.objectiveId === first);
      assert.ok(m);
      return m.pMastery;
    };
    const afterNumeric = await masteryAfter(f.users.student, numeric.id);
    const afterTwoChoice = await masteryAfter(f.users.otherStudent, twoChoice.id);
    // Guess 0.05: 0.18 / (0.18 + 0.8 × 0.05) = 9/11, then learning 0.15: 9/11 + (2/11) × 0.15.
    assert.ok(Math.abs(afterNumeric - (9 / 11 + (2 / 11) * 0.15)) < 1e-6, String(afterNumeric));
    // Guess 1/2: 0.18 / (0.18 + 0.8 × 0.5) = 9/29, then 9/29 + (20/29) × 0.15.
    assert.ok(
      Math.abs(afterTwoChoice - (9 / 29 + (20 / 29) * 0.15)) < 1e-6,
      String(afterTwoChoice),
    );
    assert.ok(afterNumeric > afterTwoChoice + 0.4);
  });
});

describe('admission control on POST /v1/events', () => {
  test('past PATHWISE_EVENTS_MAX_IN_FLIGHT requests being ingested, one more gets 503 with Retry-After and stores nothing; a slot frees with each reply', async () => {
    const t = await startTestApp(undefined, { PATHWISE_EVENTS_MAX_IN_FLIGHT: '2' });
    try {
      const a = await seedTenant(t.container, 'adm-a');
      const item = (await courseContentOf(t, a)).find((c) => c.type === 'assessment_item');
      assert.ok(item);
      const event = (id: string) => ({
        id,
        type: 'item_attempted',
        studentId: a.users.student,
        courseId: a.courseId,
        timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, 0)).toISOString(),
        itemId: item.id,
        response: 'a',
        correct: true,
        durationMs: 1000,
        hintsUsed: 0,
        attempt: 1,
      });
      const post = (id: string) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/events',
          headers: bearer(a.keys.admin),
          payload: event(id),
        });
      // Two requests held inside ingestion until released.
      const ingestion = t.container.services.ingestion;
      const original = ingestion.ingest.bind(ingestion);
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let bothIn = () => {};
      const entered = new Promise<void>((resolve) => (bothIn = resolve));
      let count = 0;
      ingestion.ingest = async (...args) => {
        if (++count <= 2) {
          if (count === 2) {
            bothIn();
          }
          await gate;
        }
        return original(...args);
      };
      const held = [post('adm-1'), post('adm-2')];
      await entered;
      const refused = await post('adm-3');
      assert.equal(refused.statusCode, 503, refused.body);
      assert.equal(refused.headers['retry-after'], '1');
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      assert.equal(refused.json<Problem>().code, 'overloaded');
      assert.equal(count, 2, 'the refused request never reached ingestion');
      release();
      for (const res of await Promise.all(held)) {
        assert.equal(res.statusCode, 200, res.body);
      }
      ingestion.ingest = original;
      // The refused event was not stored: posted again, it is new.
      const retried = await post('adm-3');
      assert.equal(retried.statusCode, 200, retried.body);
      assert.deepEqual([retried.json<Reply>().accepted, retried.json<Reply>().duplicates], [1, 0]);
    } finally {
      await t.close();
    }
  });
});
