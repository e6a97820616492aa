/** The HTTP API through the real app (in process): auth, errors, authoring, roles. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildCoursePackage } from '../builders.js';
import {
  bearer,
  operatorKey,
  seedTenant,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string; in?: string }[];
  cycle?: { id: string; key: string }[];
}

describe('HTTP API', () => {
  let t: TestApp;
  let a: SeededTenant;
  let opKey: string;

  after(() => t.close());
  before(async () => {
    t = await startTestApp(undefined, { PATHWISE_MEDIA_ORIGINS: 'https://media.example.edu' });
    a = await seedTenant(t.container, 'alpha');
    opKey = await operatorKey(t.container);
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    key?: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: key ? bearer(key) : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  test('a request without a key gets 401 problem+json', async () => {
    const res = await call('GET', '/v1/courses');
    assert.equal(res.statusCode, 401);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(res.json<Problem>().code, 'authentication_required');
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="pathwise"');
  });

  test('an unknown or malformed key gets 401', async () => {
    assert.equal((await call('GET', '/v1/courses', 'pw_not-a-real-key')).statusCode, 401);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/courses',
      headers: { authorization: 'Basic abc' },
    });
    assert.equal(res.statusCode, 401);
  });

  test('health and readiness answer 200; the OpenAPI document lists the API', async () => {
    assert.equal((await call('GET', '/health')).statusCode, 200);
    const ready = await call('GET', '/ready');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json<{ status: string }>().status, 'ready');
    const doc = (await call('GET', '/openapi.json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(Object.keys(doc.paths).length >= 15, `only ${Object.keys(doc.paths).length} paths`);
    assert.ok(doc.paths['/v1/courses/import']);
  });

  test('metrics expose a latency histogram per route', async () => {
    await call('GET', '/v1/courses', a.keys.admin);
    const text = (await call('GET', '/metrics')).body;
    assert.match(text, /http_request_duration_seconds_bucket\{[^}]*route="\/v1\/courses"/);
  });

  test('metrics count ingestion statements, the requests they wrote and the stale retries', async () => {
    const count = (text: string, name: string) =>
      Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    const before = (await call('GET', '/metrics')).body;
    const posted = await call('POST', '/v1/events', a.keys.admin, {
      id: `metrics-${Date.now()}`,
      type: 'session_started',
      studentId: a.users.student,
      courseId: a.courseId,
      timestamp: new Date().toISOString(),
    });
    assert.equal(posted.statusCode, 200, posted.body);
    const after = (await call('GET', '/metrics')).body;
    for (const name of ['pathwise_ingest_statements_total', 'pathwise_ingest_requests_total']) {
      assert.equal(count(after, name) - count(before, name), 1, name);
    }
    // Nothing else wrote this student's state meanwhile.
    const stale = 'pathwise_ingest_stale_retries_total';
    assert.equal(count(after, stale) - count(before, stale), 0, stale);
  });

  test('the course package JSON Schema is served', async () => {
    const res = await call('GET', '/v1/schemas/course-package.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<{ title: string }>().title, 'Pathwise course package');
  });

  test('a missing field gets 400 naming it', async () => {
    const res = await call('POST', '/v1/users', a.keys.admin, { role: 'student' });
    assert.equal(res.statusCode, 400);
    const body = res.json<Problem>();
    assert.deepEqual(
      body.errors?.map((e) => e.path),
      ['/displayName'],
    );
  });

  test('an unknown property and a bad format are both named', async () => {
    const res = await call('POST', '/v1/users', a.keys.admin, {
      role: 'student',
      displayName: 'X',
      email: 'not-an-email',
      shoeSize: 9,
    });
    assert.equal(res.statusCode, 400);
    const paths = res
      .json<Problem>()
      .errors?.map((e) => e.path)
      .sort();
    assert.deepEqual(paths, ['/email', '/shoeSize']);
  });

  test('malformed JSON gets 400, an oversized body 413, a bad id 400', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/courses',
      headers: { ...bearer(a.keys.admin), 'content-type': 'application/json' },
      payload: '{"code": ',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<Problem>().code, 'malformed_json');
    const big = await call('POST', '/v1/courses', a.keys.admin, {
      code: 'BIG',
      title: 'x'.repeat(2_000_000),
    });
    assert.equal(big.statusCode, 413);
    const id = await call('GET', '/v1/courses/not-a-uuid', a.keys.admin);
    assert.equal(id.statusCode, 400);
    assert.equal(id.json<Problem>().errors?.[0]?.path, '/id');
  });

  test('a cyclic prerequisite gets 409 naming the cycle', async () => {
    const [o0, o1] = [a.objectiveIds[0] as string, a.objectiveIds[1] as string];
    // obj-1 already requires obj-0; making obj-0 require obj-1 closes the cycle.
    const res = await call('POST', `/v1/objectives/${o0}/prerequisites`, a.keys.instructor, {
      prerequisiteId: o1,
    });
    assert.equal(res.statusCode, 409);
    const body = res.json<Problem>();
    assert.equal(body.code, 'prerequisite_cycle');
    assert.deepEqual(
      body.cycle?.map((c) => c.key),
      ['obj-1', 'obj-0', 'obj-1'],
    );
    assert.match(body.detail, /obj-1 -> obj-0 -> obj-1/);
  });

  test('a malformed course package gets 400 with the JSON path of every problem, and stores nothing', async () => {
    const pkg = buildCoursePackage({ code: 'BAD-PKG' }) as unknown as {
      objectives: { prerequisites: string[] }[];
      content: Record<string, unknown>[];
    };
    (pkg.objectives[1] as { prerequisites: string[] }).prerequisites = ['missing-objective'];
    (pkg.content[1] as Record<string, unknown>).difficulty = 3;
    (pkg.content[2] as Record<string, unknown>).type = 'podcast';
    const res = await call('POST', '/v1/courses/import', a.keys.instructor, pkg);
    assert.equal(res.statusCode, 400);
    const paths = res.json<Problem>().errors?.map((e) => e.path) ?? [];
    assert.ok(paths.includes('/content/1/difficulty'), paths.join());
    assert.ok(paths.includes('/content/2/type'), paths.join());
    const semantic = await call('POST', '/v1/courses/import', a.keys.instructor, {
      ...buildCoursePackage({ code: 'BAD-REF' }),
      objectives: [{ key: 'a', title: 'A', prerequisites: ['zzz'] }],
    });
    assert.equal(semantic.statusCode, 400);
    assert.ok(
      semantic.json<Problem>().errors?.some((e) => e.path === '/objectives/0/prerequisites/0'),
    );
    const list = (await call('GET', '/v1/courses', a.keys.admin)).json<{
      items: { code: string }[];
    }>();
    assert.ok(!list.items.some((c) => c.code.startsWith('BAD')));
  });

  test('a valid package imports; importing the same course code again is a 409', async () => {
    const pkg = buildCoursePackage({ code: 'IMPORTED', objectives: 5, itemsPerObjective: 4 });
    const res = await call('POST', '/v1/courses/import', a.keys.instructor, pkg);
    assert.equal(res.statusCode, 201);
    const summary = res.json<{ course: { id: string }; objectives: number; items: number }>();
    assert.equal(summary.objectives, 5);
    assert.equal(summary.items, 20);
    assert.equal(
      (await call('POST', '/v1/courses/import', a.keys.instructor, pkg)).statusCode,
      409,
    );
  });

  test('students see items without answers or hints; instructors see both', async () => {
    const asStudent = (
      await call('GET', `/v1/courses/${a.courseId}/content?type=assessment_item`, a.keys.student)
    ).json<{ items: { item: Record<string, unknown>; hints?: string[] }[] }>();
    assert.ok(asStudent.items.length > 0);
    for (const c of asStudent.items) {
      assert.equal('answer' in c.item, false);
      assert.equal(c.hints, undefined);
      assert.ok(!JSON.stringify(c.item).includes('"correct"'));
    }
    const asInstructor = (
      await call('GET', `/v1/courses/${a.courseId}/content?type=assessment_item`, a.keys.instructor)
    ).json<{ items: { item: Record<string, unknown>; hints: string[] }[] }>();
    assert.ok(asInstructor.items.every((c) => 'answer' in c.item && c.hints.length === 2));
  });

  test('a student sees only themself; an instructor only the students of their sections', async () => {
    const mine = (await call('GET', '/v1/users', a.keys.student)).json<{
      items: { id: string }[];
    }>();
    assert.deepEqual(
      mine.items.map((u) => u.id),
      [a.users.student],
    );
    assert.equal(
      (await call('GET', `/v1/users/${a.users.otherStudent}`, a.keys.student)).statusCode,
      404,
    );
    const roster = (await call('GET', '/v1/users?role=student', a.keys.instructor)).json<{
      items: { id: string }[];
    }>();
    assert.deepEqual(
      roster.items.map((u) => u.id),
      [a.users.student],
    );
    assert.equal(
      (await call('GET', `/v1/users/${a.users.otherStudent}`, a.keys.instructor)).statusCode,
      404,
    );
    assert.equal(
      (await call('GET', `/v1/sections/${a.sectionIds[1]}/enrollments`, a.keys.instructor))
        .statusCode,
      404,
    );
    assert.equal(
      (await call('GET', `/v1/users/${a.users.otherStudent}`, a.keys.admin)).statusCode,
      200,
    );
  });

  test('roles are enforced: students cannot author, operators cannot read student records, admins cannot manage tenants', async () => {
    assert.equal(
      (await call('POST', '/v1/courses', a.keys.student, { code: 'NOPE', title: 'Nope' }))
        .statusCode,
      403,
    );
    assert.equal((await call('GET', '/v1/users', opKey)).statusCode, 403);
    assert.equal((await call('GET', '/v1/tenants', a.keys.admin)).statusCode, 403);
    assert.equal((await call('GET', '/v1/tenants', opKey)).statusCode, 200);
  });

  test('lists page through with cursors', async () => {
    const seen: string[] = [];
    let url = `/v1/courses/${a.courseId}/content?limit=3`;
    for (;;) {
      const page = (await call('GET', url, a.keys.admin)).json<{
        items: { id: string }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) {
        break;
      }
      url = `/v1/courses/${a.courseId}/content?limit=3&cursor=${page.nextCursor}`;
    }
    assert.deepEqual([...seen].sort(), [...a.contentIds].sort());
    assert.equal(
      (await call('GET', `/v1/courses/${a.courseId}/content?cursor=garbage`, a.keys.admin))
        .statusCode,
      400,
    );
  });

  test('content added through the API is checked like a package item, naming the field', async () => {
    const base = {
      key: 'api-item',
      type: 'assessment_item',
      title: 'API item',
      objectiveIds: [a.objectiveIds[0]],
    };
    const badKey = await call('POST', `/v1/courses/${a.courseId}/content`, a.keys.instructor, {
      ...base,
      item: {
        format: 'multiple_choice',
        prompt: 'Pick',
        choices: [
          { id: 'a', text: '1' },
          { id: 'b', text: '2' },
        ],
        answer: { correct: ['z'] },
      },
    });
    assert.equal(badKey.statusCode, 400);
    assert.equal(badKey.json<Problem>().errors?.[0]?.path, '/item/answer/correct/0');
    const badExpression = await call(
      'POST',
      `/v1/courses/${a.courseId}/content`,
      a.keys.instructor,
      {
        ...base,
        item: {
          format: 'numeric',
          prompt: 'What is {{x}} + 1?',
          parameters: { x: { min: 1, max: 3 } },
          answer: { expression: 'x + y' },
        },
      },
    );
    assert.equal(badExpression.statusCode, 400);
    assert.equal(badExpression.json<Problem>().errors?.[0]?.path, '/item/answer/expression');
    const readingWithItem = await call(
      'POST',
      `/v1/courses/${a.courseId}/content`,
      a.keys.instructor,
      {
        ...base,
        type: 'reading',
        item: { format: 'short_text', prompt: 'p', answer: { accepted: ['x'] } },
      },
    );
    assert.equal(readingWithItem.statusCode, 400);
    assert.equal(readingWithItem.json<Problem>().errors?.[0]?.path, '/item');
    const good = await call('POST', `/v1/courses/${a.courseId}/content`, a.keys.instructor, {
      ...base,
      item: {
        format: 'numeric',
        prompt: 'What is {{x}} + 1?',
        parameters: { x: { min: 1, max: 3 } },
        answer: { expression: 'x + 1' },
      },
    });
    assert.equal(good.statusCode, 201, good.body);
  });

  test('CRUD round trip on a section and its enrollments', async () => {
    const created = await call('POST', `/v1/courses/${a.courseId}/sections`, a.keys.admin, {
      code: 'S9',
      name: 'Section 9',
      goalObjectiveId: a.objectiveIds[2],
    });
    assert.equal(created.statusCode, 201);
    const section = created.json<{ id: string }>();
    const enrolled = await call('POST', `/v1/sections/${section.id}/enrollments`, a.keys.admin, {
      userId: a.users.student,
    });
    assert.equal(enrolled.statusCode, 201);
    const enrollment = enrolled.json<{ id: string; role: string }>();
    assert.equal(enrollment.role, 'student');
    assert.equal(
      (await call('PATCH', `/v1/sections/${section.id}`, a.keys.admin, { name: 'Renamed' })).json<{
        name: string;
      }>().name,
      'Renamed',
    );
    assert.equal(
      (await call('DELETE', `/v1/enrollments/${enrollment.id}`, a.keys.admin)).statusCode,
      204,
    );
    assert.equal(
      (await call('DELETE', `/v1/sections/${section.id}`, a.keys.admin)).statusCode,
      204,
    );
    assert.equal((await call('GET', `/v1/sections/${section.id}`, a.keys.admin)).statusCode, 404);
  });

  test('web sign-in sets an HttpOnly cookie that authenticates /v1 calls until sign-out', async () => {
    const hash = await t.container.services.auth.hashPassword('correct horse');
    await t.container.stores.users.create(a.tenantId, {
      id: t.container.newId(),
      role: 'instructor',
      displayName: 'Web User',
      email: 'web@alpha.example',
      passwordHash: hash,
    });
    const wrong = await call('POST', '/auth/login', undefined, {
      email: 'web@alpha.example',
      password: 'nope',
    });
    assert.equal(wrong.statusCode, 401);
    const login = await call('POST', '/auth/login', undefined, {
      email: 'WEB@alpha.example',
      password: 'correct horse',
    });
    assert.equal(login.statusCode, 200);
    const cookie = login.cookies.find((c) => c.name === 'pathwise_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie.sameSite, 'Strict');
    const headers = { cookie: `pathwise_session=${cookie.value}` };
    const session = await t.app.inject({ method: 'GET', url: '/auth/session', headers });
    assert.equal(
      session.json<{ user: { role: string }; tenant: { slug: string } }>().tenant.slug,
      'alpha',
    );
    // The web app plays media only from where the CSP lets it: it learns where from the session.
    assert.deepEqual(session.json<{ mediaOrigins: string[] }>().mediaOrigins, [
      'https://media.example.edu',
    ]);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/v1/courses', headers })).statusCode,
      200,
    );
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/auth/logout', headers })).statusCode,
      204,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/v1/courses', headers })).statusCode,
      401,
    );
  });

  test('responses carry security headers and a request id', async () => {
    const res = await call('GET', '/health');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    // Video and audio from this origin and the ones the operator allowed, nowhere else.
    assert.match(csp, /media-src 'self' https:\/\/media\.example\.edu(;|$)/);
    assert.ok(res.headers['x-request-id']);
  });
});
