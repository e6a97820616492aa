/**
 * The real application, in process, on a fresh database, for HTTP tests through `app.inject()`.
 * `seedTenant` builds a tenant with staff, students in two sections, a course and API keys.
 */
import { loadConfig } from '../../src/config.js';
import type { App } from '../../src/http/app-types.js';
import { startConsumers } from '../../src/jobs/consumer-runner.js';
import { buildAppFor, createContainer, type Container } from '../../src/main.js';
import type { Authorizer } from '../../src/services/access.js';
import { buildCoursePackage } from '../builders.js';
import { openMigrated, silentLogger, type TestDatabaseKind, databaseKinds } from './databases.js';

export interface TestApp {
  app: App;
  container: Container;
  close(): Promise<void>;
}

/** Register `after(() => t.close())` beside the call. */
export async function startTestApp(
  kind: TestDatabaseKind = databaseKinds[0] as TestDatabaseKind,
  env: Record<string, string> = {},
  opts: { authz?: Authorizer } = {},
): Promise<TestApp> {
  const config = loadConfig({
    PATHWISE_DATA_DIR: 'memory://',
    PATHWISE_SEED_DEMO: '0',
    PATHWISE_LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    PATHWISE_WEB_DIR: '/nonexistent',
    ...env,
  });
  const database = await openMigrated(kind);
  const container = await createContainer(config, silentLogger, {
    database,
    migrate: false,
    ...opts,
  });
  const app = await buildAppFor(config, container, silentLogger);
  const consumers = await startConsumers(container.bus, container.consumers, silentLogger);
  container.relay.start();
  return {
    app,
    container,
    async close() {
      await app.close();
      await consumers.stop();
      await container.close();
    },
  };
}

export interface SeededTenant {
  tenantId: string;
  slug: string;
  courseId: string;
  sectionIds: [string, string];
  objectiveIds: string[];
  contentIds: string[];
  users: {
    admin: string;
    instructor: string;
    otherInstructor: string;
    student: string;
    otherStudent: string;
  };
  keys: {
    admin: string;
    instructor: string;
    otherInstructor: string;
    student: string;
    otherStudent: string;
  };
  enrollmentIds: string[];
}

/** A tenant with an admin, two instructors each teaching one section, a student in each, a course. */
export async function seedTenant(container: Container, slug: string): Promise<SeededTenant> {
  const { stores, services, newId } = container;
  const tenant = await stores.tenants.create({ id: newId(), slug, name: `Tenant ${slug}` });
  const mk = (role: 'admin' | 'instructor' | 'student', name: string) =>
    stores.users.create(tenant.id, {
      id: newId(),
      role,
      displayName: name,
      email: `${name.toLowerCase().replace(/ /g, '.')}@${slug}.example`,
      ...(role === 'student' ? { birthDate: '2012-05-01' } : {}),
    });
  const admin = await mk('admin', 'Ada Admin');
  const instructor = await mk('instructor', 'Ivy Instructor');
  const otherInstructor = await mk('instructor', 'Oscar Instructor');
  const student = await mk('student', 'Sam Student');
  const otherStudent = await mk('student', 'Olga Student');
  const { course } = await stores.courses.importPackage(
    tenant.id,
    buildCoursePackage({ code: `C-${slug}` }),
    newId,
  );
  const s1 = await stores.sections.create(tenant.id, course.id, {
    id: newId(),
    code: 'S1',
    name: 'Section 1',
  });
  const s2 = await stores.sections.create(tenant.id, course.id, {
    id: newId(),
    code: 'S2',
    name: 'Section 2',
  });
  const enrollmentIds: string[] = [];
  for (const [section, user, role] of [
    [s1, instructor, 'instructor'],
    [s2, otherInstructor, 'instructor'],
    [s1, student, 'student'],
    [s2, otherStudent, 'student'],
  ] as const) {
    enrollmentIds.push(
      (
        await stores.sections.enroll(tenant.id, {
          id: newId(),
          sectionId: section.id,
          userId: user.id,
          role,
        })
      ).id,
    );
  }
  const key = async (role: 'admin' | 'instructor' | 'student', userId: string) =>
    (await services.auth.createApiKey({ tenant: tenant.id, role, userId })).key;
  const objectives = await stores.courses.listObjectives(tenant.id, course.id, { limit: 100 });
  const content = await stores.courses.listContent(tenant.id, course.id, {}, { limit: 100 });
  return {
    tenantId: tenant.id,
    slug,
    courseId: course.id,
    sectionIds: [s1.id, s2.id],
    objectiveIds: objectives.items.map((o) => o.id),
    contentIds: content.items.map((c) => c.id),
    users: {
      admin: admin.id,
      instructor: instructor.id,
      otherInstructor: otherInstructor.id,
      student: student.id,
      otherStudent: otherStudent.id,
    },
    keys: {
      admin: await key('admin', admin.id),
      instructor: await key('instructor', instructor.id),
      otherInstructor: await key('instructor', otherInstructor.id),
      student: await key('student', student.id),
      otherStudent: await key('student', otherStudent.id),
    },
    enrollmentIds,
  };
}

export async function operatorKey(container: Container): Promise<string> {
  return (await container.services.auth.createApiKey({ role: 'operator' })).key;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A course entry as `GET /v1/courses/{id}/content` lists it, with the fields tests use. */
export interface ListedContent {
  id: string;
  objectiveIds: string[];
  type: string;
}

/** The first 100 content entries of the tenant's course, read through the API as its admin. */
export async function courseContentOf(t: TestApp, tenant: SeededTenant): Promise<ListedContent[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/courses/${tenant.courseId}/content?limit=100`,
    headers: bearer(tenant.keys.admin),
  });
  return res.json<{ items: ListedContent[] }>().items;
}

/**
 * Reads until two reads `quietMs` apart agree: the bus consumers work after the reply, so a
 * snapshot taken while they still apply earlier messages would change under the test.
 */
export async function stableRead(
  read: () => Promise<string>,
  { quietMs = 300, timeoutMs = 15_000 } = {},
): Promise<string> {
  const started = Date.now();
  let last = await read();
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const next = await read();
    if (next === last || Date.now() - started > timeoutMs) {
      return next;
    }
    last = next;
  }
}
