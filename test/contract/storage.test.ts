/**
 * Storage contract: the same suite runs on embedded PGlite and, when DATABASE_URL is set, on a
 * real PostgreSQL server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import {
  inTenant,
  migrateToLatest,
  pendingMigrations,
  serverSettingWarnings,
  warningsFor,
  type SqlDatabase,
} from '../../src/adapters/postgres/database.js';
import { createPostgresAnalyticsStore } from '../../src/adapters/postgres/postgres-analytics-store.js';
import { createPostgresClassAggregateStore } from '../../src/adapters/postgres/postgres-class-aggregate-store.js';
import { createPostgresCourseStore } from '../../src/adapters/postgres/postgres-course-store.js';
import { createPostgresCredentialStore } from '../../src/adapters/postgres/postgres-credential-store.js';
import { createPostgresLearningStore } from '../../src/adapters/postgres/postgres-learning-store.js';
import { createPostgresReceiptStore } from '../../src/adapters/postgres/postgres-receipt-store.js';
import { createPostgresSectionStore } from '../../src/adapters/postgres/postgres-section-store.js';
import { createPostgresTenantStore } from '../../src/adapters/postgres/postgres-tenant-store.js';
import { createPostgresUserStore } from '../../src/adapters/postgres/postgres-user-store.js';
import { withErrorTranslation } from '../../src/adapters/postgres/translate-errors.js';
import { AppError } from '../../src/domain/errors.js';
import { createRng } from '../../src/domain/random.js';
import type { LearningEvent } from '../../src/domain/events/learning-event.js';
import type { BusBatch } from '../../src/ports.js';
import { buildCoursePackage } from '../builders.js';
import {
  databaseKinds,
  databaseUrl,
  openMigrated,
  silentLogger,
  testFieldEncryption,
} from '../support/databases.js';

for (const kind of databaseKinds) {
  describe(`storage on ${kind.name}`, { skip: kind.skip }, () => {
    let database: SqlDatabase;
    /** Drains the outbox, `rows` at a time, as the relay does; returns the batches taken. */
    const takeOutbox = async (rows = 10) => {
      const batches: BusBatch[] = [];
      while (
        (await stores.learning.takeOutbox(rows, (taken) => {
          batches.push(...taken);
          return Promise.resolve();
        })) > 0
      ) {
        // drain
      }
      return batches;
    };
    let stores: {
      tenants: ReturnType<typeof createPostgresTenantStore>;
      users: ReturnType<typeof createPostgresUserStore>;
      courses: ReturnType<typeof createPostgresCourseStore>;
      sections: ReturnType<typeof createPostgresSectionStore>;
      credentials: ReturnType<typeof createPostgresCredentialStore>;
      learning: ReturnType<typeof createPostgresLearningStore>;
    };
    let tenantA: string;
    let tenantB: string;

    before(async () => {
      database = await openMigrated(kind);
      const db = database.db;
      const enc = testFieldEncryption();
      stores = {
        tenants: withErrorTranslation(createPostgresTenantStore(db)),
        users: withErrorTranslation(createPostgresUserStore(db, enc)),
        courses: withErrorTranslation(createPostgresCourseStore(db)),
        sections: withErrorTranslation(createPostgresSectionStore(db, enc)),
        credentials: withErrorTranslation(createPostgresCredentialStore(db, enc)),
        learning: withErrorTranslation(createPostgresLearningStore(db)),
      };
      tenantA = (await stores.tenants.create({ id: uuidv7(), slug: 'alpha', name: 'Alpha' })).id;
      tenantB = (await stores.tenants.create({ id: uuidv7(), slug: 'beta', name: 'Beta' })).id;
    });
    after(() => database.close());

    test('migrations are all applied and re-running them changes nothing', async () => {
      assert.deepEqual(await pendingMigrations(database.db), []);
      assert.deepEqual(await migrateToLatest(database.db, silentLogger), []);
    });

    test("the server's autovacuum and track_counts are read as it reports them", async () => {
      const shown = async (name: string) =>
        (
          await sql<{
            v: string;
          }>`select setting as v from pg_settings where name = ${name}`.execute(database.db)
        ).rows[0]?.v;
      const reported = {
        autovacuum: await shown('autovacuum'),
        track_counts: await shown('track_counts'),
      };
      assert.ok(reported.autovacuum && reported.track_counts, JSON.stringify(reported));
      assert.deepEqual(
        await serverSettingWarnings(database.db),
        warningsFor(reported as { autovacuum: string; track_counts: string }),
      );
    });

    test('a duplicate tenant slug is a Conflict', async () => {
      await assert.rejects(
        stores.tenants.create({ id: uuidv7(), slug: 'alpha', name: 'Again' }),
        (e: unknown) => e instanceof AppError && e.kind === 'Conflict',
      );
    });

    test('tenant lists page with cursors and visit every tenant once', async () => {
      for (let i = 0; i < 5; i++) {
        await stores.tenants.create({ id: uuidv7(), slug: `paged-${i}`, name: `Paged ${i}` });
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await stores.tenants.list({ limit: 2, cursor });
        assert.ok(page.items.length <= 2);
        seen.push(...page.items.map((t) => t.slug));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(['alpha', 'beta', 'paged-0', 'paged-4'].every((s) => seen.includes(s)));
    });

    test('a forged cursor is InvalidInput, not a crash', async () => {
      await assert.rejects(
        stores.tenants.list({ limit: 2, cursor: 'bm90LWEtdXVpZA' }),
        (e: unknown) => e instanceof AppError && e.kind === 'InvalidInput',
      );
    });

    test('users are invisible across tenants', async () => {
      const user = await stores.users.create(tenantA, {
        id: uuidv7(),
        role: 'student',
        displayName: 'Ana',
        email: 'ana@a.example',
        birthDate: '2014-02-03',
      });
      assert.equal((await stores.users.get(tenantA, user.id))?.birthDate, '2014-02-03');
      assert.equal(await stores.users.get(tenantB, user.id), null);
      assert.equal(await stores.users.update(tenantB, user.id, { displayName: 'Hacked' }), null);
      assert.equal(await stores.users.delete(tenantB, user.id), false);
      assert.equal((await stores.users.get(tenantA, user.id))?.displayName, 'Ana');
      const listB = await stores.users.list(tenantB, {}, { limit: 100 });
      assert.ok(!listB.items.some((u) => u.id === user.id));
    });

    test('a course package imports whole, with edges, content and objective tags', async () => {
      const pkg = buildCoursePackage({ code: 'IMPORT-1', objectives: 6, itemsPerObjective: 3 });
      const summary = await stores.courses.importPackage(tenantA, pkg, uuidv7);
      assert.equal(summary.objectives, 6);
      assert.equal(summary.content, pkg.content.length);
      assert.equal(summary.items, 18);
      const edges = await stores.courses.listPrerequisites(tenantA, summary.course.id, {
        limit: 1000,
      });
      assert.equal(
        edges.items.length,
        pkg.objectives.reduce((n, o) => n + (o.prerequisites?.length ?? 0), 0),
      );
      const items = await stores.courses.listContent(
        tenantA,
        summary.course.id,
        { type: 'assessment_item' },
        { limit: 1000 },
      );
      assert.equal(items.items.length, 18);
      assert.ok(
        items.items.every(
          (c) => c.objectiveIds.length === 1 && c.item !== null && c.hints.length === 2,
        ),
      );
      const mc = items.items.find((c) => c.item?.format === 'multiple_choice');
      assert.deepEqual(mc?.item && 'choices' in mc.item ? mc.item.answer : null, {
        correct: ['a'],
      });
    });

    test('an import that fails part-way leaves nothing behind', async () => {
      const pkg = buildCoursePackage({ code: 'BROKEN-1', objectives: 3 });
      // Bypass validation: a difficulty out of range fails in the database after objectives were written.
      (pkg.content[pkg.content.length - 1] as { difficulty?: number }).difficulty = 5;
      await assert.rejects(stores.courses.importPackage(tenantA, pkg, uuidv7));
      const courses = await stores.courses.list(tenantA, {}, { limit: 1000 });
      assert.ok(!courses.items.some((c) => c.code === 'BROKEN-1'));
      const orphans = await sql<{
        n: number;
      }>`select count(*)::int as n from objectives o where not exists (select 1 from courses c where c.id = o.course_id)`.execute(
        database.db,
      );
      assert.equal(orphans.rows[0]?.n, 0);
    });

    test('a prerequisite edge that would close a cycle is refused and names the cycle', async () => {
      const course = await stores.courses.create(tenantA, {
        id: uuidv7(),
        code: 'CYCLE',
        title: 'Cycle',
      });
      const [a, b, c] = await Promise.all(
        ['a', 'b', 'c'].map((key) =>
          stores.courses.createObjective(tenantA, course.id, {
            id: uuidv7(),
            key,
            title: key.toUpperCase(),
          }),
        ),
      );
      assert.ok(a && b && c);
      assert.ok(
        'added' in
          (await stores.courses.addPrerequisite(tenantA, {
            objectiveId: b.id,
            prerequisiteId: a.id,
          })),
      );
      assert.ok(
        'added' in
          (await stores.courses.addPrerequisite(tenantA, {
            objectiveId: c.id,
            prerequisiteId: b.id,
          })),
      );
      assert.ok(
        'exists' in
          (await stores.courses.addPrerequisite(tenantA, {
            objectiveId: c.id,
            prerequisiteId: b.id,
          })),
      );
      const refused = await stores.courses.addPrerequisite(tenantA, {
        objectiveId: a.id,
        prerequisiteId: c.id,
      });
      assert.deepEqual(refused, { cycle: [c.id, a.id, b.id, c.id] });
      const edges = await stores.courses.listPrerequisites(tenantA, course.id, { limit: 1 });
      assert.equal(edges.items.length, 1);
      const rest = await stores.courses.listPrerequisites(tenantA, course.id, {
        limit: 5,
        cursor: edges.nextCursor ?? undefined,
      });
      assert.equal(rest.items.length, 1);
      assert.equal(rest.nextCursor, null);
    });

    test('concurrent opposite edges never both land', async () => {
      const course = await stores.courses.create(tenantA, {
        id: uuidv7(),
        code: 'RACE',
        title: 'Race',
      });
      const x = await stores.courses.createObjective(tenantA, course.id, {
        id: uuidv7(),
        key: 'x',
        title: 'X',
      });
      const y = await stores.courses.createObjective(tenantA, course.id, {
        id: uuidv7(),
        key: 'y',
        title: 'Y',
      });
      const results = await Promise.all([
        stores.courses.addPrerequisite(tenantA, { objectiveId: x.id, prerequisiteId: y.id }),
        stores.courses.addPrerequisite(tenantA, { objectiveId: y.id, prerequisiteId: x.id }),
      ]);
      assert.equal(results.filter((r) => 'added' in r).length, 1);
      assert.equal(results.filter((r) => 'cycle' in r).length, 1);
    });

    test('sections and enrollments are tenant-scoped and list rosters with names', async () => {
      const course = await stores.courses.create(tenantA, {
        id: uuidv7(),
        code: 'SEC',
        title: 'Sections',
      });
      const section = await stores.sections.create(tenantA, course.id, {
        id: uuidv7(),
        code: 'P1',
        name: 'Period 1',
      });
      const user = await stores.users.create(tenantA, {
        id: uuidv7(),
        role: 'student',
        displayName: 'Bo',
      });
      await stores.sections.enroll(tenantA, {
        id: uuidv7(),
        sectionId: section.id,
        userId: user.id,
        role: 'student',
      });
      const roster = await stores.sections.listEnrollments(
        tenantA,
        { sectionId: section.id },
        { limit: 10 },
      );
      assert.deepEqual(
        roster.items.map((e) => e.user.displayName),
        ['Bo'],
      );
      assert.equal(await stores.sections.get(tenantB, section.id), null);
      assert.deepEqual(
        (await stores.sections.sectionsOfUser(tenantA, user.id)).map((s) => s.courseTitle),
        ['Sections'],
      );
      await assert.rejects(
        stores.sections.enroll(tenantA, {
          id: uuidv7(),
          sectionId: section.id,
          userId: user.id,
          role: 'student',
        }),
        (e: unknown) => e instanceof AppError && e.kind === 'Conflict',
      );
    });

    test('events append once per client id, across batches and within one', async () => {
      const student = uuidv7();
      const course = uuidv7();
      const event = (id: string, timestamp: string): LearningEvent => ({
        id,
        type: 'session_started',
        studentId: student,
        courseId: course,
        timestamp,
      });
      const ingest = (tenantId: string, events: LearningEvent[]) =>
        stores.learning.ingest({
          tenantId,
          events: events.map((e) => ({ id: uuidv7(), event: e })),
          derive: (fresh) => ({
            mastery: [],
            features: [],
            outbox: fresh.map((f) => ({
              id: f.id,
              tenantId,
              subject: 'events.session_started',
              payload: {},
            })),
          }),
        });
      const first = await ingest(tenantA, [
        event('e1', '2026-01-15T10:00:00Z'),
        event('e2', '2026-02-15T10:00:00Z'),
        event('e2', '2026-02-15T10:00:00Z'),
      ]);
      assert.deepEqual([first.fresh.length, first.duplicates], [2, 1]);
      const again = await ingest(tenantA, [
        event('e1', '2026-01-15T10:00:00Z'),
        event('e3', '2026-01-16T10:00:00Z'),
      ]);
      assert.deepEqual([again.fresh.length, again.duplicates], [1, 1]);
      const other = await ingest(tenantB, [event('e1', '2026-01-15T10:00:00Z')]);
      assert.deepEqual(other.fresh.length, 1, 'ids are per tenant');
      const listed = await stores.learning.listEvents(tenantA, student, {}, { limit: 2 });
      assert.deepEqual(
        listed.items.map((i) => i.event.id),
        ['e2', 'e3'],
      );
      const rest = await stores.learning.listEvents(
        tenantA,
        student,
        {},
        { limit: 2, cursor: listed.nextCursor ?? undefined },
      );
      assert.deepEqual(
        rest.items.map((i) => i.event.id),
        ['e1'],
      );
      const partitions = await sql<{
        name: string;
      }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass order by 1`.execute(
        database.db,
      );
      assert.deepEqual(
        partitions.rows.map((r) => r.name),
        ['events_2026_01', 'events_2026_02', 'events_default'],
      );
      // Each ingestion's messages travel as one batch (one outbox row), each message once.
      const batches = await takeOutbox(2);
      assert.deepEqual(
        batches.map((b) => b.messages.map((m) => [m.id, m.tenantId, m.subject])),
        [first, again, other].map((written, i) =>
          written.fresh.map((f) => [f.id, i < 2 ? tenantA : tenantB, 'events.session_started']),
        ),
      );
    });

    test('two processes ingesting for one student never lose an update: each derives from the latest state', async () => {
      // Two stores on one database stand for two API processes, each with its own state cache.
      const other = withErrorTranslation(createPostgresLearningStore(database.db));
      const student = uuidv7();
      const course = uuidv7();
      const ingest = (store: typeof stores.learning, id: string) =>
        store.ingest({
          tenantId: tenantA,
          events: [
            {
              id: uuidv7(),
              event: {
                id,
                type: 'session_started',
                studentId: student,
                courseId: course,
                timestamp: '2026-04-01T00:00:00Z',
              },
            },
          ],
          courseMasteryOf: { studentId: student, courseId: course },
          // The feature state here is a counter of the events applied to it.
          derive: (fresh, before) => {
            const n = (before.features.get(`${student}/${course}`) as { n: number } | undefined)?.n;
            return {
              mastery: [],
              features: [
                { studentId: student, courseId: course, state: { n: (n ?? 0) + fresh.length } },
              ],
              outbox: [],
            };
          },
        });
      const stores2 = [stores.learning, other];
      // Interleaved and concurrent: every write must build on the one before it.
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            ingest(stores2[i % 2] as typeof other, `cas-${round}-${i}`),
          ),
        );
      }
      assert.deepEqual(await stores.learning.featuresOf(tenantA, student, course), { n: 18 });
      const again = await ingest(other, 'cas-0-0');
      assert.deepEqual([again.fresh.length, again.duplicates], [0, 1]);
    });

    test("one process's concurrent requests of a student wait for each other: each derives once, in arrival order", async () => {
      // Without the per-student lock, requests in flight together derive from the same state and
      // all but one are refused as stale and derived again.
      const course = uuidv7();
      const [s1, s2] = [uuidv7(), uuidv7()];
      const seen: Record<string, number[]> = { [s1]: [], [s2]: [] };
      const derived: string[] = [];
      const staleBefore = stores.learning.ingestStats?.staleRetries ?? NaN;
      // Every third request is about both students, listed in either order: two such requests
      // in flight together must not wait on each other.
      const requests = Array.from<unknown, string[]>({ length: 12 }, (_, i) =>
        i % 3 === 2 ? (i % 2 === 0 ? [s1, s2] : [s2, s1]) : [i % 2 === 0 ? s1 : s2],
      );
      await Promise.all(
        requests.map((students, i) =>
          stores.learning.ingest({
            tenantId: tenantA,
            events: students.map((student) => ({
              id: uuidv7(),
              event: {
                id: `serial-${i}-${student}`,
                type: 'session_started' as const,
                studentId: student,
                courseId: course,
                timestamp: '2026-05-02T00:00:00Z',
              },
            })),
            derive: (fresh, before) => {
              derived.push(`request ${i}`);
              return {
                mastery: [],
                features: students.map((student) => {
                  const n =
                    (before.features.get(`${student}/${course}`) as { n: number } | undefined)?.n ??
                    0;
                  seen[student]?.push(n);
                  return { studentId: student, courseId: course, state: { n: n + 1 } };
                }),
                outbox: [],
              };
            },
          }),
        ),
      );
      assert.equal(stores.learning.ingestStats?.staleRetries, staleBefore, 'no stale retries');
      assert.equal(derived.length, 12, 'each request derived once');
      for (const student of [s1, s2]) {
        const count = requests.filter((r) => r.includes(student)).length;
        // Each request of the student saw the state the one before it wrote.
        assert.deepEqual(
          seen[student],
          Array.from({ length: count }, (_, k) => k),
        );
        assert.deepEqual(await stores.learning.featuresOf(tenantA, student, course), {
          n: count,
        });
      }
    });

    test('concurrent requests of many students, written in groups: each event once, each state from its own', async () => {
      // 40 requests at once on one store: those waiting for the statement in flight are written
      // together. Students repeat (a student's requests never share a statement) and two
      // requests of different students carry the same client id (only one may store it).
      const course = uuidv7();
      const students = Array.from({ length: 10 }, () => uuidv7());
      const requests = Array.from({ length: 40 }, (_, i) => ({
        student: students[i % 10] as string,
        clientId: i === 39 ? 'group-0' : `group-${i}`,
      }));
      const replies = await Promise.all(
        requests.map(({ student, clientId }) =>
          stores.learning.ingest({
            tenantId: tenantA,
            events: [
              {
                id: uuidv7(),
                event: {
                  id: clientId,
                  type: 'session_started',
                  studentId: student,
                  courseId: course,
                  timestamp: '2026-05-01T00:00:00Z',
                },
              },
            ],
            derive: (fresh, before) => {
              const n = (before.features.get(`${student}/${course}`) as { n: number } | undefined)
                ?.n;
              return {
                mastery: [],
                features: [
                  { studentId: student, courseId: course, state: { n: (n ?? 0) + fresh.length } },
                ],
                outbox: [],
              };
            },
          }),
        ),
      );
      assert.equal(
        replies.reduce((s, r) => s + r.fresh.length, 0),
        39,
      );
      assert.equal(
        replies.reduce((s, r) => s + r.duplicates, 0),
        1,
      );
      const counts = await Promise.all(
        students.map((s) => stores.learning.featuresOf(tenantA, s, course)),
      );
      // Request 39 (student 9) repeats the client id of request 0 (student 0): whichever came
      // second is a duplicate, so those two students count 7 together, every other one 4.
      const n = counts.map((c) => (c as { n: number }).n);
      assert.deepEqual(n.slice(1, 9), Array(8).fill(4));
      assert.equal((n[0] ?? 0) + (n[9] ?? 0), 7);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from event_keys where client_event_id like 'group-%'`.execute(
        database.db,
      );
      assert.equal(rows[0]?.n, 39);
    });

    test('class aggregates: an attempt counts once, moves the student between buckets, and goes to the enrolled sections', async () => {
      const aggregates = withErrorTranslation(createPostgresClassAggregateStore(database.db));
      const summary = await stores.courses.importPackage(
        tenantA,
        buildCoursePackage({ code: 'AGG-1', objectives: 2, itemsPerObjective: 1 }),
        uuidv7,
      );
      const objectives = await stores.courses.listObjectives(tenantA, summary.course.id, {
        limit: 10,
      });
      const objectiveId = (objectives.items[0] as { id: string }).id;
      const sections = await Promise.all(
        ['S1', 'S2'].map((code) =>
          stores.sections.create(tenantA, summary.course.id, { id: uuidv7(), code, name: code }),
        ),
      );
      const student = await stores.users.create(tenantA, {
        id: uuidv7(),
        role: 'student',
        displayName: 'Cy',
      });
      await stores.sections.enroll(tenantA, {
        id: uuidv7(),
        sectionId: (sections[0] as { id: string }).id,
        userId: student.id,
        role: 'student',
      });
      const attempt = (before: number | null, after: number, sectionId: string | null = null) => ({
        studentId: student.id,
        courseId: summary.course.id,
        sectionId,
        correct: true,
        objectives: [{ objectiveId, before, after }],
        threshold: 0.95,
      });
      const first = uuidv7();
      assert.equal(
        await aggregates.applyAttempt('test', first, tenantA, attempt(null, 0.35)),
        true,
      );
      assert.equal(
        await aggregates.applyAttempt('test', first, tenantA, attempt(null, 0.35)),
        false,
      );
      assert.equal(
        await aggregates.applyAttempt('test', uuidv7(), tenantA, attempt(0.35, 0.97)),
        true,
      );
      const [row] = await aggregates.list(tenantA, (sections[0] as { id: string }).id);
      assert.deepEqual(
        {
          attempts: row?.attempts,
          correct: row?.correct,
          mastered: row?.mastered,
          histogram: row?.masteryHistogram,
        },
        { attempts: 2, correct: 2, mastered: 1, histogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
      );
      assert.deepEqual(
        await aggregates.list(tenantA, (sections[1] as { id: string }).id),
        [],
        'not enrolled there',
      );
      // A section named on the event is used as it is.
      await aggregates.applyAttempt(
        'test',
        uuidv7(),
        tenantA,
        attempt(0.97, 0.5, (sections[1] as { id: string }).id),
      );
      const [named] = await aggregates.list(tenantA, (sections[1] as { id: string }).id);
      assert.deepEqual([named?.attempts, named?.mastered, named?.masteryHistogram[5]], [1, 0, 1]);
    });

    test('class aggregates in a batch: one statement, each message once, a redelivered batch changes nothing, a bad one changes nothing', async () => {
      const aggregates = withErrorTranslation(createPostgresClassAggregateStore(database.db));
      const summary = await stores.courses.importPackage(
        tenantA,
        buildCoursePackage({ code: 'AGG-B', objectives: 1, itemsPerObjective: 1 }),
        uuidv7,
      );
      const objectiveId = (
        (await stores.courses.listObjectives(tenantA, summary.course.id, { limit: 1 }))
          .items[0] as { id: string }
      ).id;
      const section = await stores.sections.create(tenantA, summary.course.id, {
        id: uuidv7(),
        code: 'B1',
        name: 'B1',
      });
      const student = await stores.users.create(tenantA, {
        id: uuidv7(),
        role: 'student',
        displayName: 'Bo',
      });
      const attempt = (before: number | null, after: number, sectionId = section.id) => ({
        studentId: student.id,
        courseId: summary.course.id,
        sectionId,
        correct: after > 0.5,
        objectives: [{ objectiveId, before, after }],
        threshold: 0.95,
      });
      const batch = [
        { messageId: uuidv7(), tenantId: tenantA, attempt: attempt(null, 0.35) },
        { messageId: uuidv7(), tenantId: tenantA, attempt: attempt(0.35, 0.62) },
        { messageId: uuidv7(), tenantId: tenantA, attempt: attempt(0.62, 0.97) },
      ];
      assert.equal(await aggregates.applyAttempts('test', batch), 3);
      // Redelivered (say after a crash before the ack), with one new message: only that counts.
      const again = [
        ...batch,
        { messageId: uuidv7(), tenantId: tenantA, attempt: attempt(0.97, 0.2) },
      ];
      assert.equal(await aggregates.applyAttempts('test', again), 1);
      // One message refers to a section that does not exist: the whole statement is undone.
      await assert.rejects(
        aggregates.applyAttempts('test', [
          { messageId: uuidv7(), tenantId: tenantA, attempt: attempt(0.2, 0.3) },
          { messageId: uuidv7(), tenantId: tenantA, attempt: attempt(0.3, 0.4, uuidv7()) },
        ]),
      );
      const [row] = await aggregates.list(tenantA, section.id);
      assert.deepEqual(
        {
          attempts: row?.attempts,
          correct: row?.correct,
          mastered: row?.mastered,
          histogram: row?.masteryHistogram,
        },
        { attempts: 4, correct: 2, mastered: 0, histogram: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0] },
      );
    });

    test('class aggregates: a batch ends where the same answers one by one end', async () => {
      const aggregates = withErrorTranslation(createPostgresClassAggregateStore(database.db));
      const summary = await stores.courses.importPackage(
        tenantA,
        buildCoursePackage({ code: 'AGG-C', objectives: 2, itemsPerObjective: 1 }),
        uuidv7,
      );
      const objectiveIds = (
        await stores.courses.listObjectives(tenantA, summary.course.id, { limit: 2 })
      ).items.map((o) => o.id);
      const [oneByOne, batched] = await Promise.all(
        ['C1', 'C2'].map((code) =>
          stores.sections.create(tenantA, summary.course.id, { id: uuidv7(), code, name: code }),
        ),
      );
      const students = await Promise.all(
        ['Cy', 'Di'].map((displayName) =>
          stores.users.create(tenantA, { id: uuidv7(), role: 'student', displayName }),
        ),
      );
      // A seeded walk: each student's P(mastered) per objective moves up and down, across the
      // threshold and between buckets, and the answers interleave.
      const rng = createRng(7);
      const p = new Map<string, number>();
      const walk = Array.from({ length: 40 }, () => {
        const student = students[Math.floor(rng() * 2)]!.id;
        const objectiveId = objectiveIds[Math.floor(rng() * 2)]!;
        const key = `${student}/${objectiveId}`;
        const before = p.get(key) ?? null;
        const after = Math.min(1, Math.max(0, (before ?? 0.3) + (rng() - 0.4) * 0.5));
        p.set(key, after);
        return { student, objectiveId, before, after, correct: rng() < 0.6 };
      });
      const attempt = (w: (typeof walk)[number], sectionId: string) => ({
        studentId: w.student,
        courseId: summary.course.id,
        sectionId,
        correct: w.correct,
        objectives: [{ objectiveId: w.objectiveId, before: w.before, after: w.after }],
        threshold: 0.9,
      });
      for (const w of walk) {
        await aggregates.applyAttempt('test', uuidv7(), tenantA, attempt(w, oneByOne!.id));
      }
      for (let i = 0; i < walk.length; i += 15) {
        const batch = walk.slice(i, i + 15).map((w) => ({
          messageId: uuidv7(),
          tenantId: tenantA,
          attempt: attempt(w, batched!.id),
        }));
        assert.equal(await aggregates.applyAttempts('test', batch), batch.length);
      }
      const rows = async (sectionId: string) =>
        (await aggregates.list(tenantA, sectionId)).map((r) => ({
          objectiveId: r.objectiveId,
          attempts: r.attempts,
          correct: r.correct,
          mastered: r.mastered,
          histogram: r.masteryHistogram,
        }));
      const expected = await rows(oneByOne!.id);
      assert.equal(expected.length, 2);
      assert.deepEqual(await rows(batched!.id), expected);
    });

    test('analytics in a batch: each learner read and written once, each message applied once in order', async () => {
      const analytics = withErrorTranslation(createPostgresAnalyticsStore(database.db));
      const summary = await stores.courses.importPackage(
        tenantA,
        buildCoursePackage({ code: 'ANA-B', objectives: 1, itemsPerObjective: 1 }),
        uuidv7,
      );
      const [s1, s2] = await Promise.all(
        ['An', 'Bea'].map((displayName) =>
          stores.users.create(tenantA, { id: uuidv7(), role: 'student', displayName }),
        ),
      );
      const courseId = summary.course.id;
      // The state is the list of messages applied to the learner, in order.
      const message = (studentId: string, messageId = uuidv7()) => ({
        messageId,
        tenantId: tenantA,
        studentId,
        courseId,
        derive: (state: unknown) => {
          const seen = [...((state as { seen?: string[] } | null)?.seen ?? []), messageId];
          return { state: { seen }, summary: { n: seen.length }, points: [], windows: [] };
        },
      });
      const batch = [message(s1!.id), message(s2!.id), message(s1!.id), message(s1!.id)];
      assert.equal(await analytics.applyMessages('test', batch), 4);
      // A redelivery of the batch with one new message, and one repeated within the batch.
      const extra = message(s2!.id);
      assert.equal(await analytics.applyMessages('test', [...batch, extra, extra]), 1);
      assert.equal(
        await analytics.applyMessage({ consumer: 'test', ...(batch[2] as (typeof batch)[number]) }),
        false,
      );
      const states = await inTenant(
        database.db,
        tenantA,
        async (tx) =>
          (
            await sql<{ student_id: string; state: { seen: string[] } }>`
            select student_id, state from analytics_learners where course_id = ${courseId}::uuid`.execute(
              tx,
            )
          ).rows,
      );
      const of = (id: string) => states.find((r) => r.student_id === id)?.state.seen;
      assert.deepEqual(
        of(s1!.id),
        [batch[0], batch[2], batch[3]].map((m) => m!.messageId),
      );
      assert.deepEqual(of(s2!.id), [batch[1]!.messageId, extra.messageId]);
    });

    test("a consumer's receipt lookup is an index search on the message ids, without table statistics", async () => {
      // Thousands of receipts of several consumers, never analyzed (as with autovacuum off):
      // the lookup every consumer makes per batch must not scan one consumer's receipts.
      await sql`insert into consumer_receipts (consumer, message_id)
                select c, gen_random_uuid() from unnest(array['plan-a', 'plan-b', 'plan-c']) c,
                     generate_series(1, 3000)`.execute(database.db);
      const ids = Array.from({ length: 20 }, () => uuidv7());
      const { rows } = await sql<{ 'QUERY PLAN': unknown }>`
        explain (format json) select message_id from consumer_receipts
         where consumer = ${'plan-b'} and message_id = any(${ids}::uuid[])`.execute(database.db);
      const plan = JSON.stringify(rows[0]?.['QUERY PLAN']);
      const conditions = [...plan.matchAll(/"Index Cond":"([^"]*)"/g)].map((m) => m[1]);
      assert.ok(
        conditions.some((c) => c?.includes('message_id')),
        `the message ids bound the index search: ${plan}`,
      );
      await sql`delete from consumer_receipts where consumer like 'plan-%'`.execute(database.db);
    });

    test('receipts past their retention are pruned in batches; newer ones stay', async () => {
      const receipts = withErrorTranslation(createPostgresReceiptStore(database.db));
      await sql`insert into consumer_receipts (consumer, message_id, processed_at)
                select 'prune-' || (g % 2), gen_random_uuid(),
                       timestamptz '2026-01-01' + (g || ' minutes')::interval
                  from generate_series(1, 250) g`.execute(database.db);
      const count = async () =>
        (
          await sql<{ n: number }>`
            select count(*)::int as n from consumer_receipts where consumer like 'prune-%'`.execute(
            database.db,
          )
        ).rows[0]?.n;
      // Before 02:00: the first 119 minutes, taken 50 at a time.
      assert.equal(await receipts.prune(new Date('2026-01-01T02:00:00Z'), 50), 119);
      assert.equal(await count(), 131);
      assert.equal(await receipts.prune(new Date('2026-01-01T02:00:00Z'), 50), 0);
      assert.equal(await receipts.prune(new Date('2026-01-02T00:00:00Z')), 131);
      assert.equal(await count(), 0);
    });

    test('outbox rows keep the messages in order: a row per run of one subject, at most 100', async () => {
      await takeOutbox(); // what earlier tests left
      const student = uuidv7();
      const course = uuidv7();
      const subjects = [
        ...Array.from({ length: 150 }, () => 'events.a'),
        'events.b',
        ...Array.from({ length: 54 }, () => 'events.a'),
      ];
      await stores.learning.ingest({
        tenantId: tenantA,
        events: subjects.map((_, n) => ({
          id: uuidv7(),
          event: {
            id: `order-${n}`,
            type: 'session_started',
            studentId: student,
            courseId: course,
            timestamp: new Date(Date.UTC(2026, 2, 1) + n * 1000).toISOString(),
          },
        })),
        derive: (fresh) => ({
          mastery: [],
          features: [],
          outbox: fresh.map((f, n) => ({
            id: f.id,
            tenantId: tenantA,
            subject: subjects[n] as string,
            payload: { n },
          })),
        }),
      });

      const batches = await takeOutbox();
      assert.deepEqual(
        batches.map((b) => [b.messages[0]?.subject, b.messages.length]),
        [
          ['events.a', 100],
          ['events.a', 50],
          ['events.b', 1],
          ['events.a', 54],
        ],
      );
      assert.deepEqual(
        batches.flatMap((b) => b.messages.map((m) => m.payload.n)),
        subjects.map((_, n) => n),
      );
    });

    test('a failed derive stores nothing: no event, no key, no outbox message', async () => {
      const e: LearningEvent = {
        id: 'boom',
        type: 'session_started',
        studentId: uuidv7(),
        courseId: uuidv7(),
        timestamp: '2026-03-01T00:00:00Z',
      };
      await assert.rejects(
        stores.learning.ingest({
          tenantId: tenantA,
          events: [{ id: uuidv7(), event: e }],
          derive: () => {
            throw new Error('derive failed');
          },
        }),
      );
      const retry = await stores.learning.ingest({
        tenantId: tenantA,
        events: [{ id: uuidv7(), event: e }],
        derive: () => ({ mastery: [], features: [], outbox: [] }),
      });
      assert.equal(retry.fresh.length, 1, 'the id was not burnt by the failed attempt');
    });

    test('row-level security: a query without its tenant filter sees only its own tenant', async () => {
      const b = await stores.users.create(tenantB, {
        id: uuidv7(),
        role: 'student',
        displayName: 'Only in B',
      });
      const leak = await inTenant(database.db, tenantA, async (tx) => {
        // Deliberately no tenant filter, on several tenant tables.
        const users = await sql<{
          id: string;
          tenant_id: string;
        }>`select id, tenant_id from users`.execute(tx);
        const write =
          await sql`update users set display_name = 'overwritten' where id = ${b.id}`.execute(tx);
        return { users: users.rows, updated: Number(write.numAffectedRows ?? 0n) };
      }).catch((error: unknown) => ({ error }));
      assert.ok(!('error' in leak), String('error' in leak ? leak.error : ''));
      if ('users' in leak) {
        assert.ok(leak.users.length > 0);
        assert.ok(
          leak.users.every((u) => u.tenant_id === tenantA),
          'rows of another tenant were visible',
        );
        assert.equal(leak.updated, 0, 'a row of another tenant was updated');
      }
      await assert.rejects(
        inTenant(database.db, tenantA, (tx) =>
          sql`insert into courses (id, tenant_id, code, title) values (${uuidv7()}, ${tenantB}, 'X', 'X')`.execute(
            tx,
          ),
        ),
        /row-level security/,
      );
      assert.equal((await stores.users.get(tenantB, b.id))?.displayName, 'Only in B');
      const role = await inTenant(database.db, tenantA, (tx) =>
        sql<{
          r: string;
          bypass: boolean;
        }>`select current_user as r, (select rolbypassrls from pg_roles where rolname = current_user) as bypass`.execute(
          tx,
        ),
      );
      assert.deepEqual(role.rows[0], { r: 'pathwise_app', bypass: false });
    });

    test(
      'a database connection killed by the server is replaced, not fatal',
      { skip: kind.name !== 'postgres' },
      async () => {
        await Promise.all([stores.tenants.count(), stores.tenants.count(), stores.tenants.count()]);
        const name = (await sql<{ d: string }>`select current_database() as d`.execute(database.db))
          .rows[0]?.d;
        const admin = new pg.Client({ connectionString: databaseUrl });
        await admin.connect();
        const killed = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1',
          [name],
        );
        await admin.end();
        assert.ok((killed.rowCount ?? 0) > 0);
        await new Promise((r) => setTimeout(r, 100));
        let count: number | undefined;
        for (let attempt = 0; attempt < 5 && count === undefined; attempt++) {
          count = await stores.tenants.count().catch(() => undefined);
        }
        assert.ok((count ?? 0) >= 2, 'the store works again on fresh connections');
      },
    );

    test(
      'a connection killed while a transaction holds it fails that transaction only, not the process',
      { skip: kind.name !== 'postgres' },
      async () => {
        // Between two statements the client is checked out and no query is active: the pool's
        // listener is off it, so without one of its own its error event would crash the process.
        let killed = 0;
        const tx = database.db.transaction().execute(async (trx) => {
          const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx))
            .rows[0]?.pid;
          const admin = new pg.Client({ connectionString: databaseUrl });
          await admin.connect();
          killed = (await admin.query('select pg_terminate_backend($1)', [pid])).rowCount ?? 0;
          await admin.end();
          await new Promise((r) => setTimeout(r, 200));
          await sql`select 1`.execute(trx);
        });
        await assert.rejects(tx);
        assert.equal(killed, 1);
        let count: number | undefined;
        for (let attempt = 0; attempt < 5 && count === undefined; attempt++) {
          count = await stores.tenants.count().catch(() => undefined);
        }
        assert.ok((count ?? 0) >= 2, 'the store works again on fresh connections');
      },
    );

    test('API keys resolve to their principal until revoked; sessions expire', async () => {
      await stores.credentials.saveApiKey({
        id: uuidv7(),
        tenantId: tenantA,
        role: 'admin',
        userId: null,
        operatorId: null,
        name: 'k',
        prefix: 'pw_x',
        keyHash: 'hash-1',
      });
      assert.deepEqual(await stores.credentials.principalForKeyHash('hash-1'), {
        kind: 'user',
        tenantId: tenantA,
        userId: null,
        role: 'admin',
      });
      assert.equal(await stores.credentials.principalForKeyHash('hash-unknown'), null);
      const user = await stores.users.create(tenantA, {
        id: uuidv7(),
        role: 'instructor',
        displayName: 'In',
      });
      const principal = {
        kind: 'user' as const,
        tenantId: tenantA,
        userId: user.id,
        role: 'instructor' as const,
      };
      const now = new Date('2026-03-01T00:00:00Z');
      await stores.credentials.createWebSession({
        idHash: 'sess-1',
        principal,
        expiresAt: new Date(now.getTime() + 1000),
      });
      assert.deepEqual(await stores.credentials.principalForWebSession('sess-1', now), principal);
      assert.equal(
        await stores.credentials.principalForWebSession('sess-1', new Date(now.getTime() + 2000)),
        null,
      );
    });
  });
}
