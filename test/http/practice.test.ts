/**
 * Server-checked practice: no answer key or hint leaks before the attempt, hints one at a time
 * through the event hot path, the answer checked on the server and recorded through the same
 * ingestion as POST /v1/events, forged / foreign / replayed tokens refused naming `/token`, and
 * only the student themself may practise, in their own enrolled course.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { ItemSpec } from '../../src/domain/course-package/course-package-schema.js';
import {
  bearer,
  seedTenant,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Started {
  token: string;
  itemId: string;
  item: { format: string; prompt: string; choices?: { id: string; text: string }[] };
  hintCount: number;
}

describe('practice API', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  /** Items of A's course with their full keys, read from the store. */
  let items: { id: string; item: ItemSpec; hints: string[]; objectiveIds: string[] }[];

  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'practice-a');
    b = await seedTenant(t.container, 'practice-b');
    const listed = await t.container.stores.courses.listContent(
      a.tenantId,
      a.courseId,
      { type: 'assessment_item' },
      { limit: 100 },
    );
    items = listed.items.map((c) => ({
      id: c.id,
      item: c.item as ItemSpec,
      hints: c.hints,
      objectiveIds: c.objectiveIds,
    }));
  });

  const itemOfFormat = (format: ItemSpec['format']) => {
    const found = items.find((i) => i.item.format === format);
    assert.ok(found, `the seeded course has a ${format} item`);
    return found;
  };

  const post = (key: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: bearer(key), payload });

  async function start(itemId: string, key = a.keys.student, studentId = a.users.student) {
    const res = await post(key, `/v1/students/${studentId}/practice`, {
      courseId: a.courseId,
      itemId,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Started>();
  }

  /** The correct response for a started attempt, computed here from the full key. */
  function rightAnswer(started: Started): string | number | string[] {
    const spec = items.find((i) => i.id === started.itemId)?.item as ItemSpec;
    switch (spec.format) {
      case 'multiple_choice':
        return spec.answer.correct;
      case 'short_text':
        return spec.answer.accepted[0] as string;
      case 'numeric': {
        // The seeded numeric items ask "What is x + y?"; read the drawn values from the prompt.
        const nums = (started.item.prompt.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
        return nums.reduce((s, n) => s + n, 0);
      }
    }
  }

  const answer = (started: Started, response: unknown, key = a.keys.student) =>
    post(key, `/v1/students/${a.users.student}/practice/answers`, {
      token: started.token,
      response,
    });

  test('starting an attempt sends no answer key, hint text or choice feedback', async () => {
    for (const format of ['multiple_choice', 'numeric', 'short_text'] as const) {
      const spec = itemOfFormat(format);
      const res = await post(a.keys.student, `/v1/students/${a.users.student}/practice`, {
        courseId: a.courseId,
        itemId: spec.id,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<Started & Record<string, unknown>>();
      assert.equal(body.item.format, format);
      assert.equal(body.hintCount, spec.hints.length);
      assert.ok(!('answer' in body.item) && !('hints' in body) && !('answer' in body));
      for (const hint of spec.hints) {
        assert.ok(!res.body.includes(hint), `hint text leaked: ${hint}`);
      }
      // The token is readable by anyone: it must not carry the answer either.
      const claims = Buffer.from(body.token.split('.')[0] as string, 'base64url').toString();
      assert.ok(!/answer|correct|accepted|expression/.test(claims), claims);
      if (spec.item.format === 'short_text') {
        for (const accepted of spec.item.answer.accepted) {
          assert.ok(!res.body.toLowerCase().includes(accepted.toLowerCase()), 'accepted leaked');
        }
      }
      if (spec.item.format === 'numeric') {
        assert.doesNotMatch(body.item.prompt, /\{\{/, 'the variant is drawn on the server');
        assert.ok(!res.body.includes('x + y'), 'answer expression leaked');
      }
    }
  });

  test('hints come one at a time, are recorded as hint_requested, then run out', async () => {
    const spec = itemOfFormat('numeric');
    const started = await start(spec.id);
    for (let i = 0; i < spec.hints.length; i++) {
      const res = await post(a.keys.student, `/v1/students/${a.users.student}/practice/hints`, {
        token: started.token,
      });
      assert.equal(res.statusCode, 200, res.body);
      const hint = res.json<{ hintIndex: number; hint: string; hintsRemaining: number }>();
      assert.deepEqual(hint, {
        hintIndex: i,
        hint: spec.hints[i],
        hintsRemaining: spec.hints.length - i - 1,
      });
      // Later hints are not sent early.
      for (const later of spec.hints.slice(i + 1)) {
        assert.ok(!res.body.includes(later));
      }
    }
    const more = await post(a.keys.student, `/v1/students/${a.users.student}/practice/hints`, {
      token: started.token,
    });
    assert.equal(more.statusCode, 409);
    assert.equal(more.json<{ errors: { path: string }[] }>().errors[0]?.path, '/token');
    const events = await t.container.stores.learning.listEvents(
      a.tenantId,
      a.users.student,
      { type: 'hint_requested', courseId: a.courseId },
      { limit: 100 },
    );
    const mine = events.items.filter((e) => e.event.id.startsWith('practice:'));
    assert.equal(mine.length, spec.hints.length);

    // The answer counts the hints from the stored events, not from the browser.
    const res = await answer(started, rightAnswer(started));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ hintsUsed: number }>().hintsUsed, spec.hints.length);

    // Reading the attempt's events and writing the answer are audited under the request's id.
    const requestId = res.headers['x-request-id'] as string;
    const audit = await t.container.stores.audit.list(
      a.tenantId,
      { subjectId: a.users.student },
      { limit: 1000 },
    );
    const ofRequest = audit.items.filter((e) => e.requestId === requestId);
    assert.ok(ofRequest.some((e) => e.action === 'read' && e.resource === 'events'));
    assert.ok(ofRequest.some((e) => e.action === 'write' && e.resource === 'events'));
  });

  test('a wrong then a right answer are checked on the server, go through the hot path and move mastery', async () => {
    const spec = itemOfFormat('multiple_choice');
    const objectiveId = spec.objectiveIds[0] as string;
    const masteryOf = async () =>
      (await t.container.stores.learning.masteryOf(a.tenantId, a.users.student, a.courseId)).find(
        (m) => m.objectiveId === objectiveId,
      );
    const before = await masteryOf();

    const first = await start(spec.id);
    const wrongChoice = (first.item.choices ?? []).find(
      (c) => !(spec.item as { answer: { correct: string[] } }).answer.correct.includes(c.id),
    );
    assert.ok(wrongChoice);
    const wrong = await answer(first, [wrongChoice.id]);
    assert.equal(wrong.statusCode, 200, wrong.body);
    const w = wrong.json<{
      correct: boolean;
      feedback: string;
      correctAnswer: { choiceIds: string[] };
      mastery: { objectiveId: string; pMastery: number }[];
      recommendations: { contentId: string; reasons: unknown[] }[];
    }>();
    assert.equal(w.correct, false);
    assert.match(w.feedback, /correct answer/i);
    assert.deepEqual(w.correctAnswer.choiceIds, ['a']);
    const afterWrong = w.mastery.find((m) => m.objectiveId === objectiveId)?.pMastery;
    assert.ok(afterWrong !== undefined);
    assert.equal((await masteryOf())?.attempts, (before?.attempts ?? 0) + 1);

    const second = await start(spec.id);
    const right = await answer(second, ['a']);
    assert.equal(right.statusCode, 200, right.body);
    const r = right.json<typeof w & { attempt: number }>();
    assert.equal(r.correct, true);
    assert.equal(r.attempt, 2);
    const afterRight = r.mastery.find((m) => m.objectiveId === objectiveId)?.pMastery;
    assert.ok(afterRight !== undefined && afterRight > afterWrong, `${afterRight} > ${afterWrong}`);
    assert.ok(r.recommendations.length > 0);
    const stored = await masteryOf();
    assert.equal(stored?.attempts, (before?.attempts ?? 0) + 2);
    assert.equal(stored?.correct, (before?.correct ?? 0) + 1);

    // Stored as item_attempted like any POST /v1/events, with the verdict of the server.
    const events = await t.container.stores.learning.listEvents(
      a.tenantId,
      a.users.student,
      { type: 'item_attempted', courseId: a.courseId },
      { limit: 100 },
    );
    const answers = events.items
      .filter((e) => e.event.id.startsWith('practice:') && 'itemId' in e.event)
      .map((e) => e.event as { itemId: string; correct: boolean });
    assert.ok(answers.some((e) => e.itemId === spec.id && e.correct));
    assert.ok(answers.some((e) => e.itemId === spec.id && !e.correct));
  });

  test('a numeric variant is checked against the values drawn for that attempt', async () => {
    const spec = itemOfFormat('numeric');
    const started = await start(spec.id);
    const right = rightAnswer(started) as number;
    const res = await answer(started, right + 1);
    assert.equal(res.json<{ correct: boolean; correctAnswer: { value: number } }>().correct, false);
    assert.equal(res.json<{ correctAnswer: { value: number } }>().correctAnswer.value, right);
    const again = await start(spec.id);
    const ok = await answer(again, rightAnswer(again));
    assert.equal(ok.json<{ correct: boolean }>().correct, true);
  });

  test('a replayed token is refused with 409 naming /token, and nothing is stored twice', async () => {
    const spec = itemOfFormat('short_text');
    const started = await start(spec.id);
    assert.equal((await answer(started, 'nope')).statusCode, 200);
    const count = async () =>
      (await t.container.stores.learning.masteryOf(a.tenantId, a.users.student, a.courseId)).find(
        (m) => m.objectiveId === spec.objectiveIds[0],
      )?.attempts;
    const before = await count();
    const replay = await answer(started, rightAnswer(started));
    assert.equal(replay.statusCode, 409, replay.body);
    const problem = replay.json<{ code: string; errors: { path: string }[] }>();
    assert.equal(problem.code, 'attempt_already_answered');
    assert.equal(problem.errors[0]?.path, '/token');
    assert.equal(await count(), before);
    const hint = await post(a.keys.student, `/v1/students/${a.users.student}/practice/hints`, {
      token: started.token,
    });
    assert.equal(hint.statusCode, 409);
  });

  test('forged, tampered and foreign tokens are refused with 400 naming /token', async () => {
    const spec = itemOfFormat('multiple_choice');
    const started = await start(spec.id);
    const [body, mac] = started.token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${Buffer.from(JSON.stringify({ ...claims, seed: 1 })).toString('base64url')}.${mac}`;
    const flipped = `${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const token of [tampered, flipped, 'garbage', `${body}.`, `.${mac}`]) {
      const res = await answer({ ...started, token }, ['a']);
      assert.equal(res.statusCode, 400, `${token}: ${res.body}`);
      assert.equal(res.json<{ errors: { path: string }[] }>().errors[0]?.path, '/token');
    }
    // Another student's valid token, used by this student.
    const other = await start(spec.id, a.keys.otherStudent, a.users.otherStudent);
    const res = await answer(other, ['a']);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ code: string }>().code, 'invalid_token');
    // And the right token still works.
    assert.equal((await answer(started, ['a'])).statusCode, 200);
  });

  test('a response of the wrong shape is refused naming /response', async () => {
    const spec = itemOfFormat('numeric');
    const started = await start(spec.id);
    const res = await answer(started, ['a']);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ errors: { path: string }[] }>().errors[0]?.path, '/response');
    // The attempt is still open.
    assert.equal((await answer(started, 3)).statusCode, 200);
  });

  test('only the student themself practises, in a course they are enrolled in', async () => {
    const spec = itemOfFormat('multiple_choice');
    const url = `/v1/students/${a.users.student}/practice`;
    const body = { courseId: a.courseId, itemId: spec.id };
    assert.equal((await post(a.keys.otherStudent, url, body)).statusCode, 404);
    for (const key of [a.keys.instructor, a.keys.admin]) {
      assert.equal((await post(key, url, body)).statusCode, 403);
    }
    assert.equal((await post(b.keys.student, url, body)).statusCode, 404);
    // A course of the tenant they are not enrolled in, and another tenant's item.
    const { course } = await t.container.stores.courses.importPackage(
      a.tenantId,
      (await import('../builders.js')).buildCoursePackage({ code: 'NOT-ENROLLED' }),
      t.container.newId,
    );
    const foreignItem = await t.container.stores.courses.listContent(
      course.tenantId,
      course.id,
      { type: 'assessment_item' },
      { limit: 1 },
    );
    const notEnrolled = await post(a.keys.student, url, {
      courseId: course.id,
      itemId: foreignItem.items[0]?.id,
    });
    assert.equal(notEnrolled.statusCode, 404);
    const bItem = b.contentIds[1] as string;
    assert.equal(
      (await post(a.keys.student, url, { courseId: a.courseId, itemId: bItem })).statusCode,
      404,
    );
    // A video is not an item.
    const video = await t.container.stores.courses.listContent(
      a.tenantId,
      a.courseId,
      { type: 'video' },
      { limit: 1 },
    );
    assert.equal(
      (await post(a.keys.student, url, { courseId: a.courseId, itemId: video.items[0]?.id }))
        .statusCode,
      404,
    );
  });

  test('fuzzed bodies never answer 5xx and never leak an answer key', async () => {
    const spec = itemOfFormat('short_text');
    const accepted = (spec.item as { answer: { accepted: string[] } }).answer.accepted;
    const started = await start(spec.id);
    const json = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 40 }),
      fc.object(),
    );
    const tokens = fc.oneof(
      fc.string(),
      fc.constant(started.token),
      fc.constant(`${started.token}x`),
      fc.base64String().map((s) => `${s}.${s}`),
      json,
    );
    const routes = ['', '/hints', '/answers'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(a.keys.student, a.keys.instructor, a.keys.otherStudent),
        fc.record(
          {
            token: tokens,
            response: json,
            courseId: fc.oneof(fc.uuid(), fc.constant(a.courseId), json),
            itemId: fc.oneof(fc.uuid(), fc.constant(spec.id), json),
            sessionId: json,
            extra: json,
          },
          { requiredKeys: [] },
        ),
        async (route, key, body) => {
          const res = await post(key, `/v1/students/${a.users.student}/practice${route}`, body);
          assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body}`);
          if (res.statusCode >= 400) {
            assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
          }
          // Before an answer is checked, nothing carries the accepted answers or hints.
          if (route !== '/answers') {
            for (const text of accepted) {
              assert.ok(!res.body.toLowerCase().includes(text.toLowerCase()));
            }
          }
          if (route === '') {
            for (const hint of spec.hints) {
              assert.ok(!res.body.includes(hint));
            }
          }
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });
});
