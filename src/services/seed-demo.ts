/**
 * Seeds the demo on first start with an empty database: an institution, the Fractions course,
 * two sections of students with a synthetic learning history, staff, and an API key per role.
 * Returns the credentials for the caller to print and save.
 */
import { buildDemoCoursePackage } from '../demo/demo-course.js';
import { DEMO_STUDENT_NAMES, demoBirthDate, generateDemoHistory } from '../demo/demo-history.js';
import { loadExpressionEngine } from '../domain/course-package/numeric-item.js';
import { MAX_EVENTS_PER_REQUEST } from '../domain/events/validate-events.js';
import { createRng } from '../domain/random.js';
import type { Role } from '../domain/records.js';
import { DEMO_UNDER_13_INDICES } from '../demo/demo-students.js';
import type {
  Clock,
  ConsentStore,
  CourseStore,
  CredentialStore,
  SectionStore,
  TenantStore,
  UserStore,
} from '../ports.js';
import type { AuthService } from './auth-service.js';
import type { IngestionService } from './ingest-events.js';
import { hashPassword, newPassword } from './secrets.js';

export interface SeedDemoDeps {
  tenants: TenantStore;
  users: UserStore;
  courses: CourseStore;
  sections: SectionStore;
  ingestion: IngestionService;
  credentials: CredentialStore;
  consents: ConsentStore;
  auth: AuthService;
  clock: Clock;
  newId: () => string;
}

export interface DemoCredentials {
  url: string;
  tenant: { id: string; slug: string; name: string };
  course: { id: string; code: string; title: string };
  sections: { id: string; code: string; name: string }[];
  /** Every demo account signs in with this password. */
  password: string;
  accounts: { role: Role; email: string; userId: string; displayName: string }[];
  apiKeys: { role: Role; key: string; userId: string | null; tenantId: string | null }[];
  events: number;
}

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_STUDENTS = 36;
const DEMO_HISTORY_DAYS = 28;

/** Seeds the demo unless any tenant exists; returns null when it did nothing. */
export async function seedDemo(deps: SeedDemoDeps, url: string): Promise<DemoCredentials | null> {
  const { tenants, users, courses, sections, ingestion, credentials, auth, clock, newId } = deps;
  if ((await tenants.count()) > 0) {
    return null;
  }
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  const tenant = await tenants.create({
    id: newId(),
    slug: DEMO_TENANT_SLUG,
    name: 'Riverside Middle School (demo)',
    settings: { demo: true },
  });
  const accounts: DemoCredentials['accounts'] = [];

  const operator = await credentials.createOperator({
    id: newId(),
    email: 'operator@pathwise.local',
    displayName: 'Platform Operator',
    passwordHash,
  });
  accounts.push({
    role: 'operator',
    email: operator.email,
    userId: operator.id,
    displayName: operator.displayName,
  });

  const staff = async (
    role: 'admin' | 'instructor',
    givenName: string,
    familyName: string,
    email: string,
  ) => {
    const user = await users.create(tenant.id, {
      id: newId(),
      role,
      email,
      displayName: `${givenName} ${familyName}`,
      givenName,
      familyName,
      passwordHash,
    });
    accounts.push({ role, email, userId: user.id, displayName: user.displayName });
    return user;
  };
  const admin = await staff('admin', 'Dana', 'Okafor', 'admin@riverside.example');
  const teacher = await staff('instructor', 'Maya', 'Rivera', 'instructor@riverside.example');
  const coTeacher = await staff('instructor', 'Tom', 'Lindqvist', 'tlindqvist@riverside.example');

  const { course } = await courses.importPackage(tenant.id, buildDemoCoursePackage(), newId);
  const sectionA = await sections.create(tenant.id, course.id, {
    id: newId(),
    code: 'P1',
    name: 'Period 1',
  });
  const sectionB = await sections.create(tenant.id, course.id, {
    id: newId(),
    code: 'P3',
    name: 'Period 3',
  });
  for (const [section, instructor] of [
    [sectionA, teacher],
    [sectionB, teacher],
    [sectionB, coTeacher],
  ] as const) {
    await sections.enroll(tenant.id, {
      id: newId(),
      sectionId: section.id,
      userId: instructor.id,
      role: 'instructor',
    });
  }

  const studentIds: string[] = [];
  const sectionOf = new Map<string, string>();
  for (let i = 0; i < DEMO_STUDENTS; i++) {
    const name = DEMO_STUDENT_NAMES[i % DEMO_STUDENT_NAMES.length] as {
      givenName: string;
      familyName: string;
    };
    const email =
      `${name.givenName}.${name.familyName}`.toLowerCase().replace(/[^a-z.]/g, '') +
      `${i + 1}@students.riverside.example`;
    const student = await users.create(tenant.id, {
      id: newId(),
      role: 'student',
      email,
      displayName: `${name.givenName} ${name.familyName}`,
      givenName: name.givenName,
      familyName: name.familyName,
      externalId: `RMS-${String(1001 + i)}`,
      birthDate: demoBirthDate(i),
      passwordHash,
    });
    const section = i % 2 === 0 ? sectionA : sectionB;
    await sections.enroll(tenant.id, {
      id: newId(),
      sectionId: section.id,
      userId: student.id,
      role: 'student',
    });
    if (DEMO_UNDER_13_INDICES.includes(i)) {
      // COPPA (docs/PRIVACY.md): the school consents for its under-13 students, for the
      // educational purpose only, so their history is collected like everyone else's.
      await deps.consents.record(tenant.id, {
        id: newId(),
        studentId: student.id,
        kind: 'school',
        scope: ['educational'],
        grantedBy: 'Riverside Middle School, principal (demo)',
        evidence: 'Demo: school consent on file for the educational use of Pathwise',
        grantedAt: clock.now().toISOString(),
        recordedBy: admin.id,
      });
    }
    studentIds.push(student.id);
    sectionOf.set(student.id, section.id);
    accounts.push({ role: 'student', email, userId: student.id, displayName: student.displayName });
  }

  const contentIds = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await courses.listContent(tenant.id, course.id, {}, { limit: 1000, cursor });
    page.items.forEach((c) => contentIds.set(c.key, c.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const objectivePage = await courses.listObjectives(tenant.id, course.id, { limit: 1000 });
  objectivePage.items.forEach((o) => contentIds.set(o.key, o.id));
  await loadExpressionEngine();
  const history = generateDemoHistory({
    pkg: buildDemoCoursePackage(),
    students: studentIds,
    contentIdOf: (key) => {
      const id = contentIds.get(key);
      if (!id) {
        throw new Error(`demo history refers to unknown key ${key}`);
      }
      return id;
    },
    courseId: course.id,
    sectionOf: (id) => sectionOf.get(id) as string,
    rng: createRng(20261125),
    now: clock.now(),
    days: DEMO_HISTORY_DAYS,
  });
  // Through the hot path, so mastery, features and class aggregates exist from the start.
  const seeder = {
    kind: 'user' as const,
    tenantId: tenant.id,
    userId: admin.id,
    role: 'admin' as const,
  };
  let inserted = 0;
  for (let i = 0; i < history.length; i += MAX_EVENTS_PER_REQUEST) {
    const chunk = history.slice(i, i + MAX_EVENTS_PER_REQUEST);
    inserted += (await ingestion.ingest(seeder, { events: chunk }, { recommendations: 0 }))
      .accepted;
  }

  const firstStudent = accounts.find(
    (a) => a.role === 'student',
  ) as DemoCredentials['accounts'][number];
  const apiKeys: DemoCredentials['apiKeys'] = [];
  for (const [role, userId] of [
    ['operator', operator.id],
    ['admin', admin.id],
    ['instructor', teacher.id],
    ['student', firstStudent.userId],
  ] as const) {
    const { key, record } = await auth.createApiKey({
      role,
      userId,
      tenant: role === 'operator' ? undefined : tenant.id,
      name: `demo ${role} key`,
    });
    apiKeys.push({
      role,
      key,
      userId: record.userId ?? record.operatorId,
      tenantId: record.tenantId,
    });
  }

  return {
    url,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    course: { id: course.id, code: course.code, title: course.title },
    sections: [sectionA, sectionB].map((s) => ({ id: s.id, code: s.code, name: s.name })),
    password,
    accounts,
    apiKeys,
    events: inserted,
  };
}
