/**
 * A key of tenant A can never read or write tenant B: every /v1 route in the OpenAPI document is
 * called with tenant A's keys (admin, instructor, student) and tenant B's ids, and tenant B's
 * data is compared before and after. A route missing from the table below fails the test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildCoursePackage } from '../builders.js';
import {
  bearer,
  seedTenant,
  stableRead,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An intervention of tenant B, raised by the agent from B's events in `before`. */
let bIntervention = '';
/** An attempt token of tenant B's student, issued in `before`. */
let bPracticeToken = '';

interface Case {
  /** Path parameters, filled with tenant B's ids. */
  params: (b: SeededTenant) => Record<string, string>;
  query?: (b: SeededTenant) => string;
  body?: (b: SeededTenant) => unknown;
}

/** Routes addressing one of B's records by id: A must get 404 (or 403 where the role may not act at all). */
const byId: Record<string, Case> = {
  'GET /v1/tenants/{id}': { params: (b) => ({ id: b.tenantId }) },
  'PATCH /v1/tenants/{id}': {
    params: (b) => ({ id: b.tenantId }),
    body: () => ({ name: 'Taken' }),
  },
  'DELETE /v1/tenants/{id}': { params: (b) => ({ id: b.tenantId }) },
  'GET /v1/users/{id}': { params: (b) => ({ id: b.users.student }) },
  'PATCH /v1/users/{id}': {
    params: (b) => ({ id: b.users.student }),
    body: () => ({ displayName: 'Taken' }),
  },
  'DELETE /v1/users/{id}': { params: (b) => ({ id: b.users.student }) },
  'GET /v1/courses/{id}': { params: (b) => ({ id: b.courseId }) },
  'PATCH /v1/courses/{id}': {
    params: (b) => ({ id: b.courseId }),
    body: () => ({ title: 'Taken' }),
  },
  'DELETE /v1/courses/{id}': { params: (b) => ({ id: b.courseId }) },
  'GET /v1/courses/{id}/objectives': { params: (b) => ({ id: b.courseId }) },
  'POST /v1/courses/{id}/objectives': {
    params: (b) => ({ id: b.courseId }),
    body: () => ({ key: 'planted', title: 'Planted' }),
  },
  'GET /v1/objectives/{id}': { params: (b) => ({ id: b.objectiveIds[0] as string }) },
  'PATCH /v1/objectives/{id}': {
    params: (b) => ({ id: b.objectiveIds[0] as string }),
    body: () => ({ title: 'Taken' }),
  },
  'DELETE /v1/objectives/{id}': { params: (b) => ({ id: b.objectiveIds[0] as string }) },
  'GET /v1/courses/{id}/prerequisites': { params: (b) => ({ id: b.courseId }) },
  'POST /v1/objectives/{id}/prerequisites': {
    params: (b) => ({ id: b.objectiveIds[3] as string }),
    body: (b) => ({ prerequisiteId: b.objectiveIds[0] as string }),
  },
  'DELETE /v1/objectives/{id}/prerequisites/{prerequisiteId}': {
    params: (b) => ({
      id: b.objectiveIds[1] as string,
      prerequisiteId: b.objectiveIds[0] as string,
    }),
  },
  'GET /v1/courses/{id}/content': { params: (b) => ({ id: b.courseId }) },
  'POST /v1/courses/{id}/content': {
    params: (b) => ({ id: b.courseId }),
    body: (b) => ({
      key: 'planted',
      type: 'reading',
      title: 'Planted',
      objectiveIds: [b.objectiveIds[0]],
    }),
  },
  'GET /v1/content/{id}': { params: (b) => ({ id: b.contentIds[0] as string }) },
  'PATCH /v1/content/{id}': {
    params: (b) => ({ id: b.contentIds[0] as string }),
    body: () => ({ title: 'Taken' }),
  },
  'DELETE /v1/content/{id}': { params: (b) => ({ id: b.contentIds[0] as string }) },
  'GET /v1/courses/{id}/sections': { params: (b) => ({ id: b.courseId }) },
  'POST /v1/courses/{id}/sections': {
    params: (b) => ({ id: b.courseId }),
    body: () => ({ code: 'PL', name: 'Planted' }),
  },
  'GET /v1/sections/{id}': { params: (b) => ({ id: b.sectionIds[0] }) },
  'PATCH /v1/sections/{id}': {
    params: (b) => ({ id: b.sectionIds[0] }),
    body: () => ({ name: 'Taken' }),
  },
  'DELETE /v1/sections/{id}': { params: (b) => ({ id: b.sectionIds[0] }) },
  'GET /v1/sections/{id}/enrollments': { params: (b) => ({ id: b.sectionIds[0] }) },
  'POST /v1/sections/{id}/enrollments': {
    params: (b) => ({ id: b.sectionIds[0] }),
    body: (b) => ({ userId: b.users.otherStudent }),
  },
  'GET /v1/enrollments/{id}': { params: (b) => ({ id: b.enrollmentIds[0] as string }) },
  'PATCH /v1/enrollments/{id}': {
    params: (b) => ({ id: b.enrollmentIds[0] as string }),
    body: () => ({ role: 'student' }),
  },
  'DELETE /v1/enrollments/{id}': { params: (b) => ({ id: b.enrollmentIds[0] as string }) },
  'GET /v1/sections/{id}/aggregates': { params: (b) => ({ id: b.sectionIds[0] }) },
  'GET /v1/sections/{id}/dashboard': { params: (b) => ({ id: b.sectionIds[0] }) },
  'GET /v1/sections/{id}/at-risk': { params: (b) => ({ id: b.sectionIds[0] }) },
  'GET /v1/sections/{id}/content-effectiveness': { params: (b) => ({ id: b.sectionIds[0] }) },
  'GET /v1/sections/{id}/export.csv': { params: (b) => ({ id: b.sectionIds[0] }) },
  'GET /v1/students/{id}/timeline': { params: (b) => ({ id: b.users.student }) },
  'GET /v1/students/{id}/mastery-history': {
    params: (b) => ({ id: b.users.student }),
    query: (b) => `courseId=${b.courseId}`,
  },
  'GET /v1/sections/{id}/interventions': { params: (b) => ({ id: b.sectionIds[0] }) },
  'GET /v1/sections/{id}/interventions/outcomes': { params: (b) => ({ id: b.sectionIds[0] }) },
  'POST /v1/interventions/{id}/approve': { params: () => ({ id: bIntervention }) },
  'POST /v1/interventions/{id}/dismiss': { params: () => ({ id: bIntervention }) },
  'PATCH /v1/interventions/{id}': {
    params: () => ({ id: bIntervention }),
    body: () => ({ message: 'Taken' }),
  },
  'GET /v1/students/{id}/interventions': { params: (b) => ({ id: b.users.student }) },
  'GET /v1/students/{id}/events': { params: (b) => ({ id: b.users.student }) },
  'GET /v1/students/{id}/mastery': { params: (b) => ({ id: b.users.student }) },
  'GET /v1/students/{id}/features': {
    params: (b) => ({ id: b.users.student }),
    query: (b) => `courseId=${b.courseId}`,
  },
  // The model registry is for operators: every tenant role is refused.
  'GET /v1/models': { params: () => ({}), query: (b) => `tenantId=${b.tenantId}` },
  'POST /v1/models/{name}/versions/{version}/promote': {
    params: () => ({ name: 'best-lr', version: '1.0.0' }),
    body: (b) => ({ tenantId: b.tenantId }),
  },
  'POST /v1/models/{name}/rollback': {
    params: () => ({ name: 'best-lr' }),
    body: (b) => ({ tenantId: b.tenantId }),
  },
  'GET /v1/students/{id}/consents': { params: (b) => ({ id: b.users.student }) },
  'POST /v1/students/{id}/consents': {
    params: (b) => ({ id: b.users.student }),
    body: () => ({ kind: 'school', scope: ['educational'] }),
  },
  'POST /v1/students/{id}/consents/{consentId}/revoke': {
    params: (b) => ({ id: b.users.student, consentId: b.courseId }),
    body: () => ({}),
  },
  'GET /v1/students/{id}/export': { params: (b) => ({ id: b.users.student }) },
  'POST /v1/students/{id}/erasure': {
    params: (b) => ({ id: b.users.student }),
    body: () => ({ mode: 'delete' }),
  },
  'GET /v1/students/{id}/recommendations': { params: (b) => ({ id: b.users.student }) },
  'GET /v1/students/{id}/path': {
    params: (b) => ({ id: b.users.student }),
    query: (b) => `goal=${b.objectiveIds[3] as string}`,
  },
  'POST /v1/students/{id}/practice': {
    params: (b) => ({ id: b.users.student }),
    body: (b) => ({ courseId: b.courseId, itemId: b.contentIds[1] as string }),
  },
  'POST /v1/students/{id}/practice/hints': {
    params: (b) => ({ id: b.users.student }),
    body: () => ({ token: bPracticeToken }),
  },
  'POST /v1/students/{id}/practice/answers': {
    params: (b) => ({ id: b.users.student }),
    body: () => ({ token: bPracticeToken, response: 'x' }),
  },
  'GET /v1/sections/{id}/controls': { params: (b) => ({ id: b.sectionIds[0] }) },
  'PUT /v1/sections/{id}/controls/content/{contentId}': {
    params: (b) => ({ id: b.sectionIds[0], contentId: b.contentIds[0] as string }),
    body: () => ({ kind: 'hidden' }),
  },
  'DELETE /v1/sections/{id}/controls/content/{contentId}': {
    params: (b) => ({ id: b.sectionIds[0], contentId: b.contentIds[0] as string }),
  },
  'PUT /v1/sections/{id}/goal': {
    params: (b) => ({ id: b.sectionIds[0] }),
    body: (b) => ({ goalObjectiveId: b.objectiveIds[1] as string }),
  },
};

/** Routes without B's id in the path: lists must not show B's records, creates must land in A. */
const collections = [
  'GET /v1/tenants',
  'POST /v1/tenants',
  'GET /v1/users',
  'POST /v1/users',
  'GET /v1/courses',
  'POST /v1/courses',
  'POST /v1/courses/import',
  'POST /v1/events',
  'GET /v1/data-rights-requests',
  'GET /v1/audit',
];
const publicRoutes = ['GET /v1/schemas/course-package.json'];

/** Ten wrong answers by B's student: the agent raises wheel-spinning (and more) in B. */
async function raiseIntervention(t: TestApp, b: SeededTenant): Promise<string> {
  const item = (
    await t.container.stores.courses.listContent(
      b.tenantId,
      b.courseId,
      { type: 'assessment_item', objectiveId: b.objectiveIds[0] },
      { limit: 1 },
    )
  ).items[0] as { id: string };
  for (let i = 0; i < 10; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(b.keys.student),
      payload: {
        id: `b-${i}`,
        type: 'item_attempted',
        studentId: b.users.student,
        courseId: b.courseId,
        timestamp: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
        itemId: item.id,
        response: 'x',
        correct: false,
        durationMs: 20_000,
        hintsUsed: 0,
        attempt: 1,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  await t.container.relay.flush();
  const start = Date.now();
  for (;;) {
    const page = await t.container.stores.interventions.list(
      b.tenantId,
      { sectionId: b.sectionIds[0] },
      { limit: 1 },
    );
    if (page.items[0]) {
      return page.items[0].id;
    }
    assert.ok(Date.now() - start < 10_000, 'the agent raised no intervention in tenant B');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('tenant isolation on every route', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let routes: string[];

  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'alpha');
    b = await seedTenant(t.container, 'beta');
    bIntervention = await raiseIntervention(t, b);
    bPracticeToken = (
      await t.container.services.practice.start(
        { kind: 'user', tenantId: b.tenantId, userId: b.users.student, role: 'student' },
        b.users.student,
        { courseId: b.courseId, itemId: b.contentIds[1] as string },
      )
    ).token;
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== 'head')
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
  });

  /** Everything tenant B has, read with B's own admin key. */
  async function snapshotB(): Promise<string> {
    const get = async (url: string) =>
      (await t.app.inject({ method: 'GET', url, headers: bearer(b.keys.admin) })).body;
    const parts = [
      get('/v1/users?limit=1000'),
      get('/v1/courses?limit=1000'),
      get(`/v1/courses/${b.courseId}/objectives?limit=1000`),
      get(`/v1/courses/${b.courseId}/prerequisites?limit=1000`),
      get(`/v1/courses/${b.courseId}/content?limit=1000`),
      get(`/v1/courses/${b.courseId}/sections?limit=1000`),
      ...b.sectionIds.map((s) => get(`/v1/sections/${s}/enrollments?limit=1000`)),
      ...b.sectionIds.map((s) => get(`/v1/sections/${s}/controls`)),
      ...b.sectionIds.map((s) => get(`/v1/sections/${s}/interventions?limit=1000`)),
    ];
    return (await Promise.all(parts)).join('\n');
  }

  test('every /v1 route is covered by this test', () => {
    const covered = new Set([...Object.keys(byId), ...collections, ...publicRoutes]);
    const missing = routes.filter((r) => !covered.has(r));
    assert.deepEqual(missing, [], `add these routes to the isolation table: ${missing.join(', ')}`);
    assert.ok(routes.length >= 30);
  });

  for (const role of ['admin', 'instructor', 'student'] as const) {
    test(`tenant A's ${role} key gets 404 or 403 for each of tenant B's records, and B is unchanged`, async () => {
      const before = await stableRead(snapshotB);
      const decisions: string[] = [];
      for (const [route, c] of Object.entries(byId)) {
        const [method, template] = route.split(' ') as [Method, string];
        const params = c.params(b);
        const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] as string);
        const url = c.query ? `${path}?${c.query(b)}` : path;
        const res = await t.app.inject({
          method,
          url,
          headers: bearer(a.keys[role]),
          ...(c.body ? { payload: c.body(b) as object } : {}),
        });
        decisions.push(`${route} ${res.statusCode}`);
        assert.ok(
          [403, 404].includes(res.statusCode),
          `${role} ${route} answered ${res.statusCode}: ${res.body}`,
        );
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      }
      assert.equal(decisions.length, Object.keys(byId).length);
      assert.equal(await snapshotB(), before);
    });
  }

  test("collection routes never show tenant B's records and create only in tenant A", async () => {
    const bIds = [b.tenantId, b.courseId, ...Object.values(b.users), ...b.sectionIds];
    for (const role of ['admin', 'instructor', 'student'] as const) {
      for (const url of ['/v1/users?limit=1000', '/v1/courses?limit=1000']) {
        const body = (await t.app.inject({ method: 'GET', url, headers: bearer(a.keys[role]) }))
          .body;
        assert.ok(!bIds.some((id) => body.includes(id)), `${role} ${url} leaked tenant B`);
      }
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/v1/tenants', headers: bearer(a.keys[role]) }))
          .statusCode,
        403,
      );
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: '/v1/tenants',
            headers: bearer(a.keys[role]),
            payload: { slug: 'gamma', name: 'G' },
          })
        ).statusCode,
        403,
      );
    }
    const user = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: bearer(a.keys.admin),
      payload: { role: 'student', displayName: 'New' },
    });
    assert.equal(user.json<{ tenantId: string }>().tenantId, a.tenantId);
    const course = await t.app.inject({
      method: 'POST',
      url: '/v1/courses',
      headers: bearer(a.keys.admin),
      payload: { code: 'NEW', title: 'New' },
    });
    assert.equal(course.json<{ tenantId: string }>().tenantId, a.tenantId);
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/courses/import',
      headers: bearer(a.keys.admin),
      payload: buildCoursePackage({ code: 'NEW-IMPORT' }),
    });
    assert.equal(imported.json<{ course: { tenantId: string } }>().course.tenantId, a.tenantId);
  });

  test("references to tenant B's records inside tenant A's writes are refused", async () => {
    const before = await stableRead(snapshotB);
    const h = bearer(a.keys.admin);
    const enroll = await t.app.inject({
      method: 'POST',
      url: `/v1/sections/${a.sectionIds[0]}/enrollments`,
      headers: h,
      payload: { userId: b.users.student },
    });
    assert.equal(enroll.statusCode, 400);
    const content = await t.app.inject({
      method: 'POST',
      url: `/v1/courses/${a.courseId}/content`,
      headers: h,
      payload: { key: 'x', type: 'reading', title: 'X', objectiveIds: [b.objectiveIds[0]] },
    });
    assert.equal(content.statusCode, 400);
    const edge = await t.app.inject({
      method: 'POST',
      url: `/v1/objectives/${a.objectiveIds[3]}/prerequisites`,
      headers: h,
      payload: { prerequisiteId: b.objectiveIds[0] },
    });
    assert.equal(edge.statusCode, 400);
    const goal = await t.app.inject({
      method: 'PATCH',
      url: `/v1/sections/${a.sectionIds[0]}`,
      headers: h,
      payload: { goalObjectiveId: b.objectiveIds[0] },
    });
    assert.equal(goal.statusCode, 400);
    assert.equal(await snapshotB(), before);
  });
});
