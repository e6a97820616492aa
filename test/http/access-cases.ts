/**
 * The access expectations of every route, written from the policy (policy/policy.csv and the
 * scopes in docs/AUDIT.md), not read from the services: who may do what to which records.
 *
 * Roles: a student (own records only), an instructor (the students of the sections they teach),
 * a tenant admin (their tenant), an operator (tenants; no student records). Targets: `own` (the
 * actor's own record / section / enrolled course), `other` (another section or course of the same
 * tenant), `foreign` (another tenant). Used by the access matrix and the fail-closed tests.
 */
import type { Container } from '../../src/main.js';
import { AppError } from '../../src/domain/errors.js';
import { createTrainer } from '../../src/domain/knowledge-tracing/kt-models.js';
import { createRng } from '../../src/domain/random.js';
import { buildCoursePackage } from '../builders.js';
import { operatorKey, seedTenant, type SeededTenant } from '../support/test-app.js';

export const ROLES = ['student', 'instructor', 'admin', 'operator'] as const;
export type ActorRole = (typeof ROLES)[number];
export const TARGETS = ['own', 'other', 'foreign'] as const;
export type Target = (typeof TARGETS)[number];

export interface World {
  container: Container;
  a: SeededTenant;
  b: SeededTenant;
  /** A second course of tenant A that nobody is enrolled in. */
  otherCourse: { id: string; objectiveIds: string[]; contentIds: string[] };
  items: { a: string; b: string };
  operator: string;
  unique: () => string;
}

export async function buildWorld(container: Container): Promise<World> {
  const a = await seedTenant(container, 'mx-a');
  const b = await seedTenant(container, 'mx-b');
  const { course } = await container.stores.courses.importPackage(
    a.tenantId,
    buildCoursePackage({ code: 'OTHER' }),
    container.newId,
  );
  const objectives = await container.stores.courses.listObjectives(a.tenantId, course.id, {
    limit: 100,
  });
  const content = await container.stores.courses.listContent(
    a.tenantId,
    course.id,
    {},
    {
      limit: 100,
    },
  );
  const itemOf = async (t: SeededTenant) =>
    (
      (
        await container.stores.courses.listContent(
          t.tenantId,
          t.courseId,
          { type: 'assessment_item' },
          { limit: 1 },
        )
      ).items[0] as { id: string }
    ).id;
  let n = 0;
  return {
    container,
    a,
    b,
    otherCourse: {
      id: course.id,
      objectiveIds: objectives.items.map((o) => o.id),
      contentIds: content.items.map((c) => c.id),
    },
    items: { a: await itemOf(a), b: await itemOf(b) },
    operator: await operatorKey(container),
    unique: () => `u${Date.now().toString(36)}${(++n).toString(36)}`,
  };
}

export const keyOf = (w: World, role: ActorRole) =>
  role === 'operator' ? w.operator : w.a.keys[role];

// The target's records.
const tenantOfTarget = (w: World, t: Target) => (t === 'foreign' ? w.b : w.a);
export const studentOf = (w: World, t: Target) =>
  t === 'own' ? w.a.users.student : t === 'other' ? w.a.users.otherStudent : w.b.users.student;
export const sectionOf = (w: World, t: Target) =>
  t === 'own' ? w.a.sectionIds[0] : t === 'other' ? w.a.sectionIds[1] : w.b.sectionIds[0];
export const courseOf = (w: World, t: Target) =>
  t === 'own' ? w.a.courseId : t === 'other' ? w.otherCourse.id : w.b.courseId;
const objectivesOf = (w: World, t: Target) =>
  t === 'own' ? w.a.objectiveIds : t === 'other' ? w.otherCourse.objectiveIds : w.b.objectiveIds;
const contentOf = (w: World, t: Target) =>
  (t === 'own' ? w.a.contentIds : t === 'other' ? w.otherCourse.contentIds : w.b.contentIds)[0];
const enrollmentOf = (w: World, t: Target) =>
  (t === 'foreign' ? w.b.enrollmentIds : w.a.enrollmentIds)[t === 'other' ? 3 : 2];
export const tenantOf = (w: World, t: Target) => tenantOfTarget(w, t).tenantId;

// Fresh records for writes that would otherwise destroy the fixtures.
async function freshStudent(w: World, t: Target, enroll = true) {
  const { stores, newId } = w.container;
  const tenant = tenantOfTarget(w, t);
  const user = await stores.users.create(tenant.tenantId, {
    id: newId(),
    role: 'student',
    displayName: `Fresh ${w.unique()}`,
  });
  const enrollment = enroll
    ? await stores.sections.enroll(tenant.tenantId, {
        id: newId(),
        sectionId: sectionOf(w, t),
        userId: user.id,
        role: 'student',
      })
    : null;
  return { userId: user.id, enrollmentId: enrollment?.id ?? '' };
}

async function freshObjective(w: World, t: Target): Promise<string> {
  const o = await w.container.stores.courses.createObjective(tenantOf(w, t), courseOf(w, t), {
    id: w.container.newId(),
    key: w.unique(),
    title: 'Fresh',
  });
  return o.id;
}

/** An intervention waiting for review, raised for a fresh student of the target's section. */
async function queuedIntervention(w: World, t: Target): Promise<string> {
  const tenant = tenantOfTarget(w, t);
  const { userId } = await freshStudent(w, t);
  const id = w.container.newId();
  await w.container.stores.interventions.apply(
    'access-matrix',
    w.container.newId(),
    tenant.tenantId,
    {
      studentId: userId,
      expectVersion: null,
      version: w.container.newId(),
      state: { version: 1, seq: 1 },
      itemTime: null,
      interventions: [
        {
          id,
          courseId: tenant.courseId,
          sectionId: sectionOf(w, t),
          objectiveId: tenant.objectiveIds[0] ?? null,
          itemId: null,
          type: 'wheel_spinning',
          evidence: { attempts: 10 },
          confidence: 0.64,
          action: {
            kind: 'instructor_alert',
            message: 'm',
            objectiveId: null,
            contentId: null,
            itemId: null,
          },
          status: 'queued_for_review',
          queueReason: 'low_confidence',
        },
      ],
      outcomes: [],
    },
  );
  return id;
}

/** An attempt at an item, started by the target's student for themself (practice routes). */
async function practiceAttempt(w: World, t: Target) {
  const tenant = tenantOfTarget(w, t);
  const studentId = studentOf(w, t);
  const started = await w.container.services.practice
    .start(
      { kind: 'user', tenantId: tenant.tenantId, userId: studentId, role: 'student' },
      studentId,
      { courseId: tenant.courseId, itemId: t === 'foreign' ? w.items.b : w.items.a },
    )
    .catch((error: unknown) => {
      // Under the fail-closed tests the authorizer refuses this setup too: the request then
      // carries a token never issued, and must still be refused.
      if (error instanceof AppError && error.kind === 'NotAllowed') {
        return {
          token: 'not-issued',
          item: { format: 'short_text' as const, prompt: '' },
        };
      }
      throw error;
    });
  const view = started.item;
  const response =
    view.format === 'multiple_choice' ? [view.choices[0]?.id] : view.format === 'numeric' ? 0 : 'x';
  return { studentId, token: started.token, response };
}

let modelVersions = 0;
/** A new version of a BKT model registered (as a candidate) for the target's tenant. */
async function registeredModel(w: World, t: Target): Promise<{ name: string; version: string }> {
  const history = Array.from({ length: 4 }, (_, s) =>
    Array.from({ length: 6 }, (_, i) => ({
      student: `s${s}`,
      item: `i${i % 3}`,
      objectives: ['o'],
      correct: (s + i) % 3 !== 0,
    })),
  );
  const model = (createTrainer('bkt') as NonNullable<ReturnType<typeof createTrainer>>).fit(
    history,
    { rng: createRng(1), validationFraction: 0 },
  );
  const name = 'bkt';
  const version = `1.${++modelVersions}.0`;
  await w.container.stores.models.register({
    id: w.container.newId(),
    tenantId: tenantOf(w, t),
    name,
    version,
    dataHash: 'a'.repeat(64),
    gitCommit: null,
    paramsSha256: 'b'.repeat(64),
    metrics: {},
    trainingData: {},
    params: model.serialize(),
  });
  return { name, version };
}

/** A course where (for `own`) the student and the instructor are enrolled. */
async function freshCourse(w: World, t: Target): Promise<string> {
  const { stores, newId } = w.container;
  const tenantId = tenantOf(w, t);
  const course = await stores.courses.create(tenantId, {
    id: newId(),
    code: w.unique(),
    title: 'F',
  });
  if (t === 'own') {
    const section = await stores.sections.create(tenantId, course.id, {
      id: newId(),
      code: 'F',
      name: 'F',
    });
    for (const [userId, role] of [
      [w.a.users.student, 'student'],
      [w.a.users.instructor, 'instructor'],
    ] as const) {
      await stores.sections.enroll(tenantId, { id: newId(), sectionId: section.id, userId, role });
    }
  }
  return course.id;
}

export interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** For lists: the id that must appear in the reply for the access to count as allowed. */
  visible?: string;
}

export interface RouteCase {
  targets: readonly Target[];
  /** Whether the policy allows this role this access to this target. */
  allowed: (role: ActorRole, target: Target) => boolean;
  request: (
    w: World,
    target: Target,
    role: ActorRole,
  ) => Omit<Request, 'method'> | Promise<Omit<Request, 'method'>>;
}

// Expectations, from the policy.
const inTenant = (t: Target) => t !== 'foreign';
const staff = (r: ActorRole) => r === 'instructor' || r === 'admin';
const operatorOnly = (r: ActorRole) => r === 'operator';
const adminOnly = (r: ActorRole, t: Target) => r === 'admin' && inTenant(t);
/** Courses and their content are authored by instructors and admins of the tenant. */
const author = (r: ActorRole, t: Target) => staff(r) && inTenant(t);
/** Courses and sections: students their own (enrolled), staff any of the tenant. */
const learnerOrStaff = (r: ActorRole, t: Target) =>
  r === 'student' ? t === 'own' : staff(r) && inTenant(t);
/** Student records: the student themself, instructors of their section, admins of the tenant. */
const studentRecord = (r: ActorRole, t: Target) =>
  r === 'student' || r === 'instructor' ? t === 'own' : r === 'admin' && inTenant(t);
/** Class aggregates: instructors of the section, admins. */
const classView = (r: ActorRole, t: Target) =>
  r === 'instructor' ? t === 'own' : r === 'admin' && inTenant(t);
/** Practice: only the student themself. */
const selfOnly = (r: ActorRole, t: Target) => r === 'student' && t === 'own';
const anyone = () => true;

const ALL = TARGETS;
const ONE = ['own'] as const;
const TENANTS = ['own', 'foreign'] as const;
const c = (
  targets: readonly Target[],
  allowed: RouteCase['allowed'],
  request: RouteCase['request'],
): RouteCase => ({ targets, allowed, request });
const get = (url: string, visible?: string) => ({ url, ...(visible ? { visible } : {}) });

/** Every route an API key can call, by `METHOD /url` as fastify registers it. */
export const ROUTE_CASES: Record<string, RouteCase> = {
  'GET /auth/session': c(ONE, anyone, () => get('/auth/session')),
  'GET /v1/schemas/course-package.json': c(ONE, anyone, () =>
    get('/v1/schemas/course-package.json'),
  ),

  'GET /v1/tenants': c(TENANTS, operatorOnly, (w, t) =>
    get('/v1/tenants?limit=1000', tenantOf(w, t)),
  ),
  'POST /v1/tenants': c(ONE, operatorOnly, (w) => ({
    url: '/v1/tenants',
    body: { slug: w.unique(), name: 'Fresh' },
  })),
  'GET /v1/tenants/:id': c(TENANTS, operatorOnly, (w, t) => get(`/v1/tenants/${tenantOf(w, t)}`)),
  'PATCH /v1/tenants/:id': c(TENANTS, operatorOnly, (w, t) => ({
    url: `/v1/tenants/${tenantOf(w, t)}`,
    body: { name: `Renamed ${t}` },
  })),
  'DELETE /v1/tenants/:id': c(TENANTS, operatorOnly, async (w, t, role) => {
    if (role !== 'operator') {
      return { url: `/v1/tenants/${tenantOf(w, t)}` };
    }
    const id = w.container.newId();
    await w.container.stores.tenants.create({ id, slug: w.unique(), name: 'Doomed' });
    return { url: `/v1/tenants/${id}` };
  }),

  'GET /v1/users': c(ALL, studentRecord, (w, t) => get('/v1/users?limit=1000', studentOf(w, t))),
  'POST /v1/users': c(ONE, adminOnly, () => ({
    url: '/v1/users',
    body: { role: 'student', displayName: 'New Student' },
  })),
  'GET /v1/users/:id': c(ALL, studentRecord, (w, t) => get(`/v1/users/${studentOf(w, t)}`)),
  'PATCH /v1/users/:id': c(ALL, adminOnly, (w, t) => ({
    url: `/v1/users/${studentOf(w, t)}`,
    body: { givenName: 'Renamed' },
  })),
  'DELETE /v1/users/:id': c(ALL, adminOnly, async (w, t) => ({
    url: `/v1/users/${(await freshStudent(w, t)).userId}`,
  })),

  'GET /v1/courses': c(ALL, learnerOrStaff, (w, t) =>
    get('/v1/courses?limit=1000', courseOf(w, t)),
  ),
  'POST /v1/courses': c(ONE, author, (w) => ({
    url: '/v1/courses',
    body: { code: w.unique(), title: 'New' },
  })),
  'POST /v1/courses/import': c(ONE, author, (w) => ({
    url: '/v1/courses/import',
    body: buildCoursePackage({ code: w.unique(), objectives: 2, itemsPerObjective: 1 }),
  })),
  'GET /v1/courses/:id': c(ALL, learnerOrStaff, (w, t) => get(`/v1/courses/${courseOf(w, t)}`)),
  'PATCH /v1/courses/:id': c(ALL, author, (w, t) => ({
    url: `/v1/courses/${courseOf(w, t)}`,
    body: { description: 'Edited' },
  })),
  'DELETE /v1/courses/:id': c(ALL, author, async (w, t) => ({
    url: `/v1/courses/${await freshCourse(w, t)}`,
  })),

  'GET /v1/courses/:id/objectives': c(ALL, learnerOrStaff, (w, t) =>
    get(`/v1/courses/${courseOf(w, t)}/objectives`),
  ),
  'POST /v1/courses/:id/objectives': c(ALL, author, (w, t) => ({
    url: `/v1/courses/${courseOf(w, t)}/objectives`,
    body: { key: w.unique(), title: 'New' },
  })),
  'GET /v1/objectives/:id': c(ALL, learnerOrStaff, (w, t) =>
    get(`/v1/objectives/${objectivesOf(w, t)[0]}`),
  ),
  'PATCH /v1/objectives/:id': c(ALL, author, (w, t) => ({
    url: `/v1/objectives/${objectivesOf(w, t)[0]}`,
    body: { description: 'Edited' },
  })),
  'DELETE /v1/objectives/:id': c(ALL, author, async (w, t) => ({
    url: `/v1/objectives/${await freshObjective(w, t)}`,
  })),

  'GET /v1/courses/:id/prerequisites': c(ALL, learnerOrStaff, (w, t) =>
    get(`/v1/courses/${courseOf(w, t)}/prerequisites`),
  ),
  'POST /v1/objectives/:id/prerequisites': c(ALL, author, async (w, t) => {
    const [before, after] = [await freshObjective(w, t), await freshObjective(w, t)];
    return { url: `/v1/objectives/${after}/prerequisites`, body: { prerequisiteId: before } };
  }),
  'DELETE /v1/objectives/:id/prerequisites/:prerequisiteId': c(ALL, author, async (w, t) => {
    const [before, after] = [await freshObjective(w, t), await freshObjective(w, t)];
    await w.container.stores.courses.addPrerequisite(tenantOf(w, t), {
      objectiveId: after,
      prerequisiteId: before,
    });
    return { url: `/v1/objectives/${after}/prerequisites/${before}` };
  }),

  'GET /v1/courses/:id/content': c(ALL, learnerOrStaff, (w, t) =>
    get(`/v1/courses/${courseOf(w, t)}/content`),
  ),
  'POST /v1/courses/:id/content': c(ALL, author, (w, t) => ({
    url: `/v1/courses/${courseOf(w, t)}/content`,
    body: { key: w.unique(), type: 'reading', title: 'New', objectiveIds: [objectivesOf(w, t)[0]] },
  })),
  'GET /v1/content/:id': c(ALL, learnerOrStaff, (w, t) => get(`/v1/content/${contentOf(w, t)}`)),
  'PATCH /v1/content/:id': c(ALL, author, (w, t) => ({
    url: `/v1/content/${contentOf(w, t)}`,
    body: { description: 'Edited' },
  })),
  'DELETE /v1/content/:id': c(ALL, author, async (w, t) => {
    const content = await w.container.stores.courses.createContent(tenantOf(w, t), courseOf(w, t), {
      id: w.container.newId(),
      key: w.unique(),
      type: 'reading',
      title: 'Doomed',
      objectiveIds: [objectivesOf(w, t)[0] as string],
    });
    return { url: `/v1/content/${content.id}` };
  }),

  'GET /v1/courses/:id/sections': c(ALL, learnerOrStaff, (w, t) =>
    get(`/v1/courses/${courseOf(w, t)}/sections`),
  ),
  'POST /v1/courses/:id/sections': c(ALL, adminOnly, (w, t) => ({
    url: `/v1/courses/${courseOf(w, t)}/sections`,
    body: { code: w.unique(), name: 'New' },
  })),
  'GET /v1/sections/:id': c(ALL, learnerOrStaff, (w, t) => get(`/v1/sections/${sectionOf(w, t)}`)),
  'PATCH /v1/sections/:id': c(ALL, adminOnly, (w, t) => ({
    url: `/v1/sections/${sectionOf(w, t)}`,
    body: { name: `Renamed ${t}` },
  })),
  'DELETE /v1/sections/:id': c(ALL, adminOnly, async (w, t) => {
    const section = await w.container.stores.sections.create(tenantOf(w, t), courseOf(w, t), {
      id: w.container.newId(),
      code: w.unique(),
      name: 'Doomed',
    });
    return { url: `/v1/sections/${section.id}` };
  }),
  'GET /v1/sections/:id/aggregates': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/aggregates`),
  ),
  'GET /v1/sections/:id/dashboard': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/dashboard`),
  ),
  'GET /v1/sections/:id/at-risk': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/at-risk`),
  ),
  'GET /v1/sections/:id/content-effectiveness': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/content-effectiveness`),
  ),
  'GET /v1/sections/:id/export.csv': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/export.csv?view=at-risk`),
  ),
  'GET /v1/students/:id/timeline': c(ALL, classView, (w, t) =>
    get(`/v1/students/${studentOf(w, t)}/timeline`),
  ),
  'GET /v1/students/:id/mastery-history': c(ALL, classView, (w, t) =>
    get(
      `/v1/students/${studentOf(w, t)}/mastery-history?courseId=${t === 'foreign' ? w.b.courseId : w.a.courseId}`,
    ),
  ),
  'GET /v1/sections/:id/enrollments': c(ALL, studentRecord, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/enrollments`),
  ),
  'POST /v1/sections/:id/enrollments': c(ALL, adminOnly, async (w, t) => ({
    url: `/v1/sections/${sectionOf(w, t)}/enrollments`,
    body: { userId: (await freshStudent(w, t === 'foreign' ? 'own' : t, false)).userId },
  })),
  'GET /v1/enrollments/:id': c(ALL, studentRecord, (w, t) =>
    get(`/v1/enrollments/${enrollmentOf(w, t)}`),
  ),
  'PATCH /v1/enrollments/:id': c(ALL, adminOnly, (w, t) => ({
    url: `/v1/enrollments/${enrollmentOf(w, t)}`,
    body: { role: 'student' },
  })),
  'DELETE /v1/enrollments/:id': c(ALL, adminOnly, async (w, t) => ({
    url: `/v1/enrollments/${(await freshStudent(w, t)).enrollmentId}`,
  })),

  'POST /v1/events': c(ALL, studentRecord, (w, t) => ({
    url: '/v1/events?recommendations=0',
    body: {
      id: w.unique(),
      type: 'item_attempted',
      studentId: studentOf(w, t),
      courseId: t === 'foreign' ? w.b.courseId : w.a.courseId,
      timestamp: '2026-11-20T10:00:00.000Z',
      itemId: t === 'foreign' ? w.items.b : w.items.a,
      response: 'a',
      correct: true,
      durationMs: 4000,
      hintsUsed: 0,
      attempt: 1,
    },
  })),
  'GET /v1/students/:id/events': c(ALL, studentRecord, (w, t) =>
    get(`/v1/students/${studentOf(w, t)}/events`),
  ),
  'GET /v1/students/:id/mastery': c(ALL, studentRecord, (w, t) =>
    get(`/v1/students/${studentOf(w, t)}/mastery`),
  ),
  'GET /v1/students/:id/features': c(ALL, studentRecord, (w, t) =>
    get(
      `/v1/students/${studentOf(w, t)}/features?courseId=${t === 'foreign' ? w.b.courseId : w.a.courseId}`,
    ),
  ),
  'GET /v1/audit': c(ALL, adminOnly, (w, t) => get(`/v1/audit?studentId=${studentOf(w, t)}`)),
  // Consents and data rights: tenant admins only (docs/PRIVACY.md).
  'GET /v1/students/:id/consents': c(ALL, adminOnly, (w, t) =>
    get(`/v1/students/${studentOf(w, t)}/consents`),
  ),
  'POST /v1/students/:id/consents': c(ALL, adminOnly, (w, t) => ({
    url: `/v1/students/${studentOf(w, t)}/consents`,
    body: { kind: 'parental', scope: ['educational'] },
  })),
  'POST /v1/students/:id/consents/:consentId/revoke': c(ALL, adminOnly, async (w, t) => {
    const { userId } = await freshStudent(w, t);
    const consent = await w.container.stores.consents.record(tenantOf(w, t), {
      id: w.container.newId(),
      studentId: userId,
      kind: 'school',
      scope: ['educational'],
      grantedBy: null,
      evidence: null,
      grantedAt: new Date().toISOString(),
      recordedBy: null,
    });
    return { url: `/v1/students/${userId}/consents/${consent.id}/revoke`, body: {} };
  }),
  'GET /v1/students/:id/export': c(ALL, adminOnly, (w, t) =>
    get(`/v1/students/${studentOf(w, t)}/export`),
  ),
  'POST /v1/students/:id/erasure': c(ALL, adminOnly, async (w, t) => ({
    url: `/v1/students/${(await freshStudent(w, t)).userId}/erasure`,
    body: { mode: 'deidentify' },
  })),
  'GET /v1/data-rights-requests': c(
    ONE,
    (r) => r === 'admin',
    () => get('/v1/data-rights-requests'),
  ),
  // Recommendations and paths are student records; section controls are the section's teaching.
  'GET /v1/students/:id/recommendations': c(ALL, studentRecord, (w, t) =>
    get(`/v1/students/${studentOf(w, t)}/recommendations`),
  ),
  'GET /v1/students/:id/path': c(ALL, studentRecord, (w, t) => {
    const tenant = t === 'foreign' ? w.b : w.a;
    return get(
      `/v1/students/${studentOf(w, t)}/path?courseId=${tenant.courseId}&goal=${tenant.objectiveIds[3] as string}`,
    );
  }),
  'GET /v1/sections/:id/controls': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/controls`),
  ),
  'PUT /v1/sections/:id/controls/content/:contentId': c(ALL, classView, (w, t) => ({
    url: `/v1/sections/${sectionOf(w, t)}/controls/content/${(t === 'foreign' ? w.b : w.a).contentIds.at(-1) as string}`,
    body: { kind: 'flagged' },
  })),
  'DELETE /v1/sections/:id/controls/content/:contentId': c(ALL, classView, async (w, t) => {
    const tenant = t === 'foreign' ? w.b : w.a;
    const contentId = tenant.contentIds.at(-2) as string;
    await w.container.stores.sectionControls.set(tenant.tenantId, {
      sectionId: sectionOf(w, t),
      contentId,
      kind: 'pinned',
      note: null,
      createdBy: null,
    });
    return { url: `/v1/sections/${sectionOf(w, t)}/controls/content/${contentId}` };
  }),
  'PUT /v1/sections/:id/goal': c(ALL, classView, (w, t) => ({
    url: `/v1/sections/${sectionOf(w, t)}/goal`,
    body: { goalObjectiveId: (t === 'foreign' ? w.b : w.a).objectiveIds[1] as string },
  })),
  // Interventions: the section's instructors and the tenant's admins work the queue; a student
  // sees what was addressed to them.
  'GET /v1/sections/:id/interventions': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/interventions`),
  ),
  'GET /v1/sections/:id/interventions/outcomes': c(ALL, classView, (w, t) =>
    get(`/v1/sections/${sectionOf(w, t)}/interventions/outcomes`),
  ),
  'POST /v1/interventions/:id/approve': c(ALL, classView, async (w, t) => ({
    url: `/v1/interventions/${await queuedIntervention(w, t)}/approve`,
    body: {},
  })),
  'POST /v1/interventions/:id/dismiss': c(ALL, classView, async (w, t) => ({
    url: `/v1/interventions/${await queuedIntervention(w, t)}/dismiss`,
    body: {},
  })),
  'PATCH /v1/interventions/:id': c(ALL, classView, async (w, t) => ({
    url: `/v1/interventions/${await queuedIntervention(w, t)}`,
    body: { message: 'Let us look at this together.' },
  })),
  'GET /v1/students/:id/interventions': c(ALL, studentRecord, (w, t) =>
    get(`/v1/students/${studentOf(w, t)}/interventions`),
  ),
  // Practice: the student themself, in their enrolled course (others 403 by policy, 404 by scope).
  'POST /v1/students/:id/practice': c(ALL, selfOnly, (w, t) => ({
    url: `/v1/students/${studentOf(w, t)}/practice`,
    body: {
      courseId: tenantOfTarget(w, t).courseId,
      itemId: t === 'foreign' ? w.items.b : w.items.a,
    },
  })),
  'POST /v1/students/:id/practice/hints': c(ALL, selfOnly, async (w, t) => {
    const { studentId, token } = await practiceAttempt(w, t);
    return { url: `/v1/students/${studentId}/practice/hints`, body: { token } };
  }),
  'POST /v1/students/:id/practice/answers': c(ALL, selfOnly, async (w, t) => {
    const { studentId, token, response } = await practiceAttempt(w, t);
    return { url: `/v1/students/${studentId}/practice/answers`, body: { token, response } };
  }),
  // The model registry: operators only, for any tenant's scope (DESIGN.md: operators train,
  // promote and roll back models).
  'GET /v1/models': c(TENANTS, operatorOnly, (w, t) =>
    get(`/v1/models?tenantId=${tenantOf(w, t)}`),
  ),
  'POST /v1/models/:name/versions/:version/promote': c(TENANTS, operatorOnly, async (w, t) => {
    const { name, version } = await registeredModel(w, t);
    return {
      url: `/v1/models/${name}/versions/${version}/promote`,
      body: { tenantId: tenantOf(w, t) },
    };
  }),
  'POST /v1/models/:name/rollback': c(TENANTS, operatorOnly, async (w, t) => {
    const { name, version } = await registeredModel(w, t);
    await w.container.stores.models.promote(tenantOf(w, t), name, version, new Date());
    return { url: `/v1/models/${name}/rollback`, body: { tenantId: tenantOf(w, t) } };
  }),
};

/** Routes that need no key, called anonymously, with the statuses that mean they work. */
export const PUBLIC_ROUTES: Record<string, { request: Request; statuses: number[] }> = {
  'GET /': { request: { method: 'GET', url: '/' }, statuses: [200] },
  'GET /health': { request: { method: 'GET', url: '/health' }, statuses: [200] },
  'GET /ready': { request: { method: 'GET', url: '/ready' }, statuses: [200] },
  'GET /metrics': { request: { method: 'GET', url: '/metrics' }, statuses: [200] },
  'GET /openapi.json': { request: { method: 'GET', url: '/openapi.json' }, statuses: [200] },
  'GET /docs': { request: { method: 'GET', url: '/docs' }, statuses: [200, 302] },
  'GET /docs/json': { request: { method: 'GET', url: '/docs/json' }, statuses: [200] },
  'GET /docs/yaml': { request: { method: 'GET', url: '/docs/yaml' }, statuses: [200] },
  'GET /docs/static/index.html': {
    request: { method: 'GET', url: '/docs/static/index.html' },
    statuses: [200, 302],
  },
  'GET /docs/static/swagger-initializer.js': {
    request: { method: 'GET', url: '/docs/static/swagger-initializer.js' },
    statuses: [200],
  },
  'GET /docs/static/*': {
    request: { method: 'GET', url: '/docs/static/swagger-ui.css' },
    statuses: [200],
  },
  // Sign-in with a wrong password is refused; sign-out without a session is a no-op.
  'POST /auth/login': {
    request: {
      method: 'POST',
      url: '/auth/login',
      body: { email: 'ada.admin@mx-a.example', password: 'wrong' },
    },
    statuses: [401],
  },
  'POST /auth/logout': { request: { method: 'POST', url: '/auth/logout' }, statuses: [204] },
};

export type Decision = 'allowed' | 'denied' | 'error';

/**
 * Allowed: 2xx (for lists: and the target is in the reply). Denied: 403 or 404, a list that
 * does not show the target, or 400 `invalid_reference` when the body names a record the caller
 * cannot see. Anything else (401, 500, other 400s) is an error, always wrong.
 */
export function decide(status: number, body: string, visible: string | undefined): Decision {
  if (status >= 200 && status < 300) {
    return visible === undefined || body.includes(visible) ? 'allowed' : 'denied';
  }
  if (status === 403 || status === 404) {
    return 'denied';
  }
  if (status === 400 && body.includes('"invalid_reference"')) {
    return 'denied';
  }
  return 'error';
}
