/**
 * Property-based fuzzing of every public endpoint: random path parameters, query strings and
 * JSON bodies, sent with an admin key, a student key and no key. Nothing may answer 5xx, and
 * every error must be application/problem+json.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import {
  bearer,
  operatorKey,
  seedTenant,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describe('fuzzing every endpoint', () => {
  let t: TestApp;
  let a: SeededTenant;
  let routes: { method: Method; path: string }[];
  let keys: (string | null)[];

  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'fuzz');
    keys = [a.keys.admin, a.keys.instructor, a.keys.student, await operatorKey(t.container), null];
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase() as Method, path })),
    );
  });

  const realIds = () => [
    a.tenantId,
    a.courseId,
    ...a.sectionIds,
    ...a.objectiveIds,
    ...a.contentIds,
    ...Object.values(a.users),
    ...a.enrollmentIds,
  ];
  const nasty = [
    '',
    ' ',
    '0',
    '-1',
    'null',
    '%00',
    'a'.repeat(300),
    '../../etc/passwd',
    "' or 1=1 --",
    '\u0000',
    '😀',
    '00000000-0000-0000-0000-000000000000',
  ];

  const jsonValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(
        null,
        true,
        false,
        0,
        -1,
        1e308,
        -1e-308,
        0.5,
        '',
        '\u0000',
        'x'.repeat(5000),
        '2026-13-45',
        'not-a-uuid',
      ),
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5 }),
    ),
  })).value;

  /** Bodies that look like the real ones, with some fields perturbed. */
  const plausibleBody = () =>
    fc.record(
      {
        code: fc.oneof(fc.string(), fc.constant('FUZZ-1')),
        title: fc.oneof(fc.string(), fc.constant('Fuzz')),
        name: fc.string(),
        slug: fc.oneof(fc.string(), fc.constant('fuzz-school')),
        key: fc.oneof(fc.string(), fc.constant('fuzz.key')),
        role: fc.constantFrom('student', 'instructor', 'admin', 'operator', 'x'),
        displayName: fc.string(),
        email: fc.oneof(fc.emailAddress(), fc.string()),
        birthDate: fc.oneof(fc.constant('2014-02-30'), fc.constant('2014-02-03'), fc.string()),
        type: fc.constantFrom('video', 'reading', 'interactive', 'assessment_item', 'podcast'),
        objectiveIds: fc.array(fc.oneof(fc.constantFrom(...realIds()), fc.uuid()), {
          maxLength: 3,
        }),
        prerequisiteId: fc.oneof(fc.constantFrom(...realIds()), fc.uuid()),
        userId: fc.oneof(fc.constantFrom(...realIds()), fc.uuid()),
        goalObjectiveId: fc.oneof(fc.constantFrom(...realIds()), fc.constant(null)),
        masteryThreshold: fc.double(),
        difficulty: fc.double(),
        item: jsonValue,
        media: jsonValue,
        format: fc.constantFrom('pathwise-course', 'x'),
        version: fc.constantFrom(1, 2),
        course: jsonValue,
        objectives: fc.array(jsonValue, { maxLength: 3 }),
        content: fc.array(jsonValue, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );

  test('no request gets a 5xx, and every error is problem+json', async () => {
    const param = fc.oneof(
      fc.constantFrom(...realIds()),
      fc.uuid(),
      fc.constantFrom(...nasty),
      fc.string({ maxLength: 40 }),
    );
    const query = fc.dictionary(
      fc.constantFrom('limit', 'cursor', 'type', 'role', 'objectiveId', 'x'),
      fc.oneof(fc.string(), fc.constantFrom('0', '5', '1001', '-3', 'abc', 'video')),
      { maxKeys: 3 },
    );
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 10_000 }),
        fc.nat({ max: 4 }),
        param,
        param,
        query,
        fc.oneof(plausibleBody(), jsonValue),
        async (routeIndex, keyIndex, p1, p2, q, body) => {
          const route = routes[routeIndex % routes.length] as { method: Method; path: string };
          let n = 0;
          const url = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(n++ === 0 ? p1 : p2));
          const search = new URLSearchParams(q).toString();
          const key = keys[keyIndex];
          const res = await t.app.inject({
            method: route.method,
            url: search ? `${url}?${search}` : url,
            headers: {
              ...(key ? bearer(key) : {}),
              ...(route.method === 'GET' || route.method === 'DELETE'
                ? {}
                : { 'content-type': 'application/json' }),
            },
            ...(route.method === 'GET' || route.method === 'DELETE'
              ? {}
              : { payload: JSON.stringify(body) }),
          });
          requests++;
          assert.ok(
            res.statusCode < 500,
            `${route.method} ${url}?${search} -> ${res.statusCode} ${res.body}`,
          );
          if (res.statusCode >= 400) {
            assert.match(
              String(res.headers['content-type']),
              /application\/problem\+json/,
              `${route.method} ${url}`,
            );
          }
        },
      ),
      { numRuns: 1500, seed: 20261125 },
    );
    assert.ok(requests >= 1500);
  });

  test('raw garbage bodies never get a 5xx', async () => {
    const posts = routes.filter(
      (r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.oneof(
          fc.string(),
          fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        async (i, raw, type) => {
          const route = posts[i % posts.length] as { method: Method; path: string };
          const url = route.path.replace(/\{\w+\}/g, a.courseId);
          const res = await t.app.inject({
            method: route.method,
            url,
            headers: { ...bearer(a.keys.admin), ...(type ? { 'content-type': type } : {}) },
            payload: raw,
          });
          assert.ok(
            res.statusCode < 500,
            `${route.method} ${url} ${type} -> ${res.statusCode} ${res.body}`,
          );
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });
});

describe('text the database cannot store', () => {
  let t: TestApp;
  let a: SeededTenant;
  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'nul');
  });

  test('a NUL character anywhere in a body gets 400 naming its path', async () => {
    for (const [url, payload, path] of [
      ['/v1/courses', { code: 'NUL', title: 'a\u0000b' }, '/title'],
      ['/v1/users', { role: 'student', displayName: 'x\u0000' }, '/displayName'],
      [
        `/v1/courses/${a.courseId}/objectives`,
        { key: 'k', title: 'T', description: 'd\u0000' },
        '/description',
      ],
      [
        '/v1/courses/import',
        { format: 'pathwise-course', objectives: [{ key: 'a', title: 'A\u0000' }] },
        '/objectives/0/title',
      ],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: bearer(a.keys.admin),
        payload,
      });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json<{ errors: { path: string }[] }>().errors[0]?.path, path);
    }
  });
});

describe('fuzzing POST /v1/events', () => {
  let t: TestApp;
  let a: SeededTenant;
  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'fuzz-events');
  });

  test('never a 5xx; a rejected request stores nothing; an accepted one stores each new event once', async () => {
    const count = async () =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from events`.execute(
            t.container.database.db,
          )
        ).rows[0]?.n,
      );
    const item = a.contentIds.find((_, i) => i % 3 === 1) as string;
    let seq = 0;
    const validEvent = () => ({
      id: `fz-${++seq}`,
      type: 'item_attempted',
      studentId: a.users.student,
      courseId: a.courseId,
      timestamp: '2026-11-20T10:00:00Z',
      itemId: item,
      response: 'a',
      correct: true,
      durationMs: 1000,
      hintsUsed: 0,
      attempt: 1,
    });
    const mutation = fc.oneof(
      fc.constant((e: Record<string, unknown>) => e),
      fc
        .constantFrom(
          'type',
          'studentId',
          'courseId',
          'timestamp',
          'itemId',
          'correct',
          'durationMs',
          'attempt',
        )
        .chain((field) =>
          fc
            .oneof(fc.constant(undefined), fc.string(), fc.integer(), fc.constant(null), fc.uuid())
            .map((v) => (e: Record<string, unknown>) => {
              const copy = { ...e };
              if (v === undefined) {
                delete copy[field];
              } else {
                copy[field] = v;
              }
              return copy;
            }),
        ),
      fc.constant((e: Record<string, unknown>) => ({ ...e, extra: 1 })),
      fc.constant((e: Record<string, unknown>) => ({ ...e, id: 'fz-1' })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (mutations, asBatch) => {
          const events = mutations.map((m) => m(validEvent()));
          const before = await count();
          const res = await t.app.inject({
            method: 'POST',
            url: '/v1/events',
            headers: bearer(a.keys.student),
            payload: asBatch || events.length > 1 ? { events } : events[0],
          });
          assert.ok(res.statusCode < 500, res.body);
          const after = await count();
          if (res.statusCode !== 200) {
            assert.equal(after, before, `a ${res.statusCode} stored ${after - before} events`);
          } else {
            assert.equal(after - before, res.json<{ accepted: number }>().accepted);
          }
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
