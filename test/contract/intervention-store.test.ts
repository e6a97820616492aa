/**
 * Intervention storage contract, on embedded PGlite and (with DATABASE_URL) PostgreSQL: one
 * message is applied once, a stale state version writes nothing, outcomes are recorded, queue
 * decisions respect the allowed statuses, and row-level security keeps tenants apart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { inTenant, type SqlDatabase } from '../../src/adapters/postgres/database.js';
import { createPostgresCourseStore } from '../../src/adapters/postgres/postgres-course-store.js';
import { createPostgresInterventionStore } from '../../src/adapters/postgres/postgres-intervention-store.js';
import { createPostgresSectionStore } from '../../src/adapters/postgres/postgres-section-store.js';
import { createPostgresTenantStore } from '../../src/adapters/postgres/postgres-tenant-store.js';
import { createPostgresUserStore } from '../../src/adapters/postgres/postgres-user-store.js';
import type { InterventionWrite } from '../../src/ports.js';
import { buildCoursePackage } from '../builders.js';
import { databaseKinds, openMigrated, testFieldEncryption } from '../support/databases.js';

for (const kind of databaseKinds) {
  describe(`intervention storage on ${kind.name}`, { skip: kind.skip }, () => {
    let database: SqlDatabase;
    let store: ReturnType<typeof createPostgresInterventionStore>;
    const t: Record<
      'a' | 'b',
      {
        tenant: string;
        student: string;
        course: string;
        section: string;
        objective: string;
        item: string;
      }
    > = {} as never;

    before(async () => {
      database = await openMigrated(kind);
      const db = database.db;
      store = createPostgresInterventionStore(db);
      for (const key of ['a', 'b'] as const) {
        const tenant = (
          await createPostgresTenantStore(db).create({ id: uuidv7(), slug: `iv-${key}`, name: key })
        ).id;
        const student = (
          await createPostgresUserStore(db, testFieldEncryption()).create(tenant, {
            id: uuidv7(),
            role: 'student',
            displayName: `Student ${key}`,
          })
        ).id;
        const courses = createPostgresCourseStore(db);
        const { course } = await courses.importPackage(tenant, buildCoursePackage(), uuidv7);
        const sections = createPostgresSectionStore(db, testFieldEncryption());
        const section = await sections.create(tenant, course.id, {
          id: uuidv7(),
          code: 'S',
          name: 'S',
        });
        await sections.enroll(tenant, {
          id: uuidv7(),
          sectionId: section.id,
          userId: student,
          role: 'student',
        });
        const objective = (await courses.listObjectives(tenant, course.id, { limit: 1 })).items[0]
          ?.id as string;
        const item = (
          await courses.listContent(tenant, course.id, { type: 'assessment_item' }, { limit: 1 })
        ).items[0]?.id as string;
        t[key] = { tenant, student, course: course.id, section: section.id, objective, item };
      }
    });
    after(() => database.close());

    const write = (key: 'a' | 'b', over: Partial<InterventionWrite> = {}): InterventionWrite => ({
      studentId: t[key].student,
      expectVersion: null,
      version: uuidv7(),
      state: { version: 1, seq: 1 },
      itemTime: { itemId: t[key].item, durationMs: 20_000 },
      interventions: [
        {
          id: uuidv7(),
          courseId: t[key].course,
          sectionId: t[key].section,
          objectiveId: t[key].objective,
          itemId: t[key].item,
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
      ...over,
    });

    test('a message is applied once; a stale version writes nothing', async () => {
      const first = write('a');
      const message = uuidv7();
      assert.equal(await store.apply('interventions', message, t.a.tenant, first), 'ok');
      assert.equal(
        await store.apply('interventions', message, t.a.tenant, write('a')),
        'duplicate',
      );
      assert.equal(
        await store.apply('interventions', uuidv7(), t.a.tenant, write('a')),
        'stale',
        'expected no state',
      );
      const ctx = await store.context(t.a.tenant, {
        studentId: t.a.student,
        courseId: t.a.course,
        itemId: t.a.item,
      });
      assert.equal(ctx.version, first.version);
      assert.deepEqual(ctx.state, { version: 1, seq: 1 });
      assert.deepEqual(ctx.sectionIds, [t.a.section]);
      assert.equal(ctx.studentName, null, 'names stay encrypted, out of intervention texts');
      assert.deepEqual(ctx.itemNorm, { responses: 1, meanLogMs: Math.log(20_000) });
      const page = await store.list(t.a.tenant, { sectionId: t.a.section }, { limit: 10 });
      assert.equal(page.items.length, 1);
    });

    test('outcomes are recorded and reported per type and delivery', async () => {
      const ctx = await store.context(t.a.tenant, {
        studentId: t.a.student,
        courseId: t.a.course,
        itemId: t.a.item,
      });
      const [open] = (await store.list(t.a.tenant, { studentId: t.a.student }, { limit: 1 })).items;
      assert.ok(open);
      const next = write('a', {
        expectVersion: ctx.version,
        itemTime: { itemId: t.a.item, durationMs: 5_000 },
        interventions: [],
        outcomes: [{ id: open.id, mastered: true, attempts: 3 }],
      });
      assert.equal(await store.apply('interventions', uuidv7(), t.a.tenant, next), 'ok');
      const after = await store.get(t.a.tenant, open.id);
      assert.deepEqual([after?.outcome, after?.outcomeAttempts], ['mastered', 3]);
      const norm = (
        await store.context(t.a.tenant, {
          studentId: t.a.student,
          courseId: t.a.course,
          itemId: t.a.item,
        })
      ).itemNorm;
      assert.equal(norm?.responses, 2);
      assert.ok(Math.abs((norm?.meanLogMs ?? 0) - (Math.log(20_000) + Math.log(5_000)) / 2) < 1e-9);
      assert.deepEqual(await store.outcomes(t.a.tenant, t.a.section), [
        { type: 'wheel_spinning', delivered: false, count: 1, resolved: 1, mastered: 1 },
      ]);
    });

    test('a decision applies only from an allowed status', async () => {
      const [open] = (await store.list(t.a.tenant, { studentId: t.a.student }, { limit: 1 })).items;
      assert.ok(open);
      const approved = await store.decide(t.a.tenant, open.id, {
        status: 'approved',
        decidedBy: null,
        from: ['queued_for_review'],
      });
      assert.equal(approved?.status, 'approved');
      assert.equal(
        await store.decide(t.a.tenant, open.id, {
          status: 'approved',
          decidedBy: null,
          from: ['queued_for_review'],
        }),
        null,
      );
    });

    test('inactive students are found across tenants, once per absence', async () => {
      await inTenant(database.db, t.a.tenant, (tx) =>
        tx
          .insertInto('learner_features')
          .values({
            tenant_id: t.a.tenant,
            student_id: t.a.student,
            course_id: t.a.course,
            features: JSON.stringify({ lastActivityAt: '2026-11-01T10:00:00Z' }),
            updated_at: new Date(),
          })
          .execute(),
      );
      const found = await store.inactiveStudents(new Date('2026-11-10T00:00:00Z'), 100);
      assert.deepEqual(found, [
        {
          tenantId: t.a.tenant,
          studentId: t.a.student,
          courseId: t.a.course,
          sectionId: t.a.section,
          studentName: null,
          lastActivityAt: '2026-11-01T10:00:00Z',
        },
      ]);
      assert.deepEqual(await store.inactiveStudents(new Date('2026-10-30T00:00:00Z'), 100), []);
      await store.add(t.a.tenant, [
        {
          ...write('a').interventions[0]!,
          studentId: t.a.student,
          type: 'disengagement',
          objectiveId: null,
          evidence: { signal: 'inactivity', daysInactive: 9 },
        },
      ]);
      assert.deepEqual(await store.inactiveStudents(new Date('2026-11-10T00:00:00Z'), 100), []);
    });

    test('a batch applies in order, each message once; a chain broken by a stale version writes nothing after it', async () => {
      const q = { studentId: t.a.student, courseId: t.a.course, itemId: t.a.item };
      const [ctx, again] = await store.contexts([
        { tenantId: t.a.tenant, ...q },
        { tenantId: t.a.tenant, ...q },
      ]);
      assert.deepEqual(again, ctx);
      const one = write('a', { expectVersion: ctx!.version, state: { version: 1, seq: 'one' } });
      const two = write('a', { expectVersion: one.version, state: { version: 1, seq: 'two' } });
      const [m1, m2] = [uuidv7(), uuidv7()];
      assert.deepEqual(
        await store.applyAll('interventions', [
          { messageId: m1, tenantId: t.a.tenant, write: one },
          { messageId: m2, tenantId: t.a.tenant, write: two },
        ]),
        ['ok', 'ok'],
      );
      // Redelivered, plus a new message expecting a version that was never written.
      const three = write('a', { expectVersion: uuidv7(), state: { version: 1, seq: 'three' } });
      assert.deepEqual(
        await store.applyAll('interventions', [
          { messageId: m1, tenantId: t.a.tenant, write: one },
          { messageId: uuidv7(), tenantId: t.a.tenant, write: three },
        ]),
        ['duplicate', 'stale'],
      );
      const [now] = await store.contexts([{ tenantId: t.a.tenant, ...q }]);
      assert.equal(now!.version, two.version);
      assert.deepEqual(now!.state, { version: 1, seq: 'two' });
      assert.equal(now!.itemNorm!.responses, ctx!.itemNorm!.responses + 2);

      // A chain whose first message was applied already writes nothing and is all stale (the
      // consumer redoes it one by one); so is a chain expecting another version.
      const four = write('a', { expectVersion: two.version, state: { version: 1, seq: 'four' } });
      const five = write('a', { expectVersion: four.version, state: { version: 1, seq: 'five' } });
      const [m4, m5] = [uuidv7(), uuidv7()];
      assert.deepEqual(
        await store.applyAll('interventions', [
          { messageId: m2, tenantId: t.a.tenant, write: { ...four, expectVersion: two.version } },
          { messageId: m4, tenantId: t.a.tenant, write: { ...five, expectVersion: four.version } },
        ]),
        ['stale', 'stale'],
      );
      const six = write('a', { expectVersion: uuidv7(), state: { version: 1, seq: 'six' } });
      const seven = write('a', { expectVersion: six.version, state: { version: 1, seq: 'seven' } });
      assert.deepEqual(
        await store.applyAll('interventions', [
          { messageId: uuidv7(), tenantId: t.a.tenant, write: six },
          { messageId: uuidv7(), tenantId: t.a.tenant, write: seven },
        ]),
        ['stale', 'stale'],
      );
      const [unchanged] = await store.contexts([{ tenantId: t.a.tenant, ...q }]);
      assert.equal(unchanged!.version, two.version);
      assert.equal(unchanged!.itemNorm!.responses, now!.itemNorm!.responses);
      // Then the same chain with new messages: both ok, the last state written once.
      assert.deepEqual(
        await store.applyAll('interventions', [
          { messageId: m4, tenantId: t.a.tenant, write: four },
          { messageId: m5, tenantId: t.a.tenant, write: five },
        ]),
        ['ok', 'ok'],
      );
      const after2 = await store.contexts([
        { tenantId: t.a.tenant, ...q },
        { tenantId: t.a.tenant, ...q, itemId: null },
      ]);
      const after = after2[0];
      assert.equal(after!.version, five.version);
      assert.deepEqual(after!.state, { version: 1, seq: 'five' });
      assert.equal(after!.itemNorm!.responses, now!.itemNorm!.responses + 2);
      assert.equal(after2[1]!.itemNorm, null);
      // A caller holding the stored version is not sent the state again; one holding another is.
      const [held] = await store.contexts([
        { tenantId: t.a.tenant, ...q, knownVersion: five.version },
      ]);
      assert.equal(held!.stateKnown, true);
      assert.equal(held!.state, null);
      assert.equal(held!.version, five.version);
      const [again5] = await store.contexts([
        { tenantId: t.a.tenant, ...q, knownVersion: four.version },
      ]);
      assert.equal(again5!.stateKnown, undefined);
      assert.deepEqual(again5!.state, { version: 1, seq: 'five' });
      assert.equal(after2[1]!.version, five.version);
    });

    test("row-level security: tenant B's transaction sees none of tenant A's interventions or state", async () => {
      assert.equal(await store.apply('interventions', uuidv7(), t.b.tenant, write('b')), 'ok');
      const seen = await inTenant(database.db, t.b.tenant, async (tx) => {
        const q = (table: string) =>
          sql<{ tenant_id: string }>`select tenant_id from ${sql.table(table)}`.execute(tx);
        return [
          ...(await q('interventions')).rows,
          ...(await q('intervention_state')).rows,
          ...(await q('item_time_norms')).rows,
        ].map((r) => r.tenant_id);
      });
      assert.ok(seen.length >= 3);
      assert.ok(seen.every((id) => id === t.b.tenant));
      assert.equal(
        await store.get(
          t.b.tenant,
          (await store.list(t.a.tenant, {}, { limit: 1 })).items[0]?.id as string,
        ),
        null,
      );
    });
  });
}
