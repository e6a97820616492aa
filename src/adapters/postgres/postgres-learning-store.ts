/**
 * Durable ingestion: dedupe by client event id, append to the partitioned event log, lock and
 * load the learner state the events touch, write the derived mastery, features and outbox
 * messages — all in one transaction per request.
 */
import { sql } from 'kysely';
import type { LearningEvent } from '../../domain/events/learning-event.js';
import type {
  AcceptedEvent,
  LearnerStateSnapshot,
  LearningStore,
  MasteryRecord,
} from '../../ports.js';
import { invalidInput } from '../../domain/errors.js';
import { inTenant, type Db, type Tx } from './database.js';
import { decodeCursor, encodeCursor, iso } from './pagination.js';

/** Splits an event into its indexed columns and its type-specific payload. */
function payloadOf(e: LearningEvent): Record<string, unknown> {
  const {
    id: _i,
    type: _t,
    studentId: _s,
    courseId: _c,
    sectionId: _x,
    sessionId: _y,
    timestamp: _ts,
    ...payload
  } = e;
  return payload;
}

function eventOf(row: {
  client_event_id: string;
  type: string;
  student_id: string;
  course_id: string;
  section_id: string | null;
  session_id: string | null;
  occurred_at: Date | string;
  payload: Record<string, unknown>;
}): LearningEvent {
  return {
    ...row.payload,
    id: row.client_event_id,
    type: row.type,
    studentId: row.student_id,
    courseId: row.course_id,
    ...(row.section_id ? { sectionId: row.section_id } : {}),
    ...(row.session_id ? { sessionId: row.session_id } : {}),
    timestamp: iso(row.occurred_at),
  } as LearningEvent;
}

const toMastery = (r: {
  student_id: string;
  objective_id: string;
  course_id: string;
  p_mastery: number;
  attempts: number;
  correct: number;
  updated_at: Date | string;
}): MasteryRecord => ({
  studentId: r.student_id,
  objectiveId: r.objective_id,
  courseId: r.course_id,
  pMastery: r.p_mastery,
  attempts: r.attempts,
  correct: r.correct,
  updatedAt: iso(r.updated_at),
});

export function createPostgresLearningStore(db: Db): LearningStore {
  const ensuredMonths = new Set<string>();

  async function ensurePartitions(tx: Tx, events: readonly AcceptedEvent[]): Promise<void> {
    const months = new Map<string, string>();
    for (const { event } of events) {
      const month = event.timestamp.slice(0, 7);
      if (!ensuredMonths.has(month)) {
        months.set(month, event.timestamp);
      }
    }
    for (const [month, ts] of months) {
      await sql`select pathwise_ensure_event_partition(${ts}::timestamptz)`.execute(tx);
      ensuredMonths.add(month);
    }
  }

  return {
    ingest({ tenantId, events, derive, objectivesOf }) {
      return inTenant(db, tenantId, async (tx) => {
        const empty = { mastery: [], features: [], outbox: [] };
        if (events.length === 0) {
          return { fresh: [], duplicates: 0, writes: empty };
        }
        // One student's events are applied in order: serialize per student, in a fixed order.
        const students = [...new Set(events.map((e) => e.event.studentId))].sort();
        for (const s of students) {
          await sql`select pg_advisory_xact_lock(hashtextextended(${`${tenantId}/${s}`}, 0))`.execute(
            tx,
          );
        }
        await ensurePartitions(tx, events);
        const keyed = await tx
          .insertInto('event_keys')
          .values(
            events.map(({ id, event }) => ({
              tenant_id: tenantId,
              client_event_id: event.id,
              event_id: id,
              occurred_at: event.timestamp,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .returning('event_id')
          .execute();
        const freshIds = new Set(keyed.map((r) => r.event_id));
        const fresh = events.filter((e) => freshIds.has(e.id));
        if (fresh.length === 0) {
          return { fresh, duplicates: events.length, writes: empty };
        }
        for (let i = 0; i < fresh.length; i += 500) {
          await tx
            .insertInto('events')
            .values(
              fresh.slice(i, i + 500).map(({ id, event }) => ({
                tenant_id: tenantId,
                id,
                client_event_id: event.id,
                type: event.type,
                student_id: event.studentId,
                course_id: event.courseId,
                section_id: event.sectionId ?? null,
                session_id: event.sessionId ?? null,
                occurred_at: event.timestamp,
                payload: JSON.stringify(payloadOf(event)),
              })),
            )
            .execute();
        }

        const freshStudents = [...new Set(fresh.map((e) => e.event.studentId))];
        const objectives = [...new Set(fresh.flatMap((e) => objectivesOf(e.event)))];
        const courses = [...new Set(fresh.map((e) => e.event.courseId))];
        const before: LearnerStateSnapshot = { mastery: new Map(), features: new Map() };
        if (objectives.length > 0) {
          const rows = await tx
            .selectFrom('mastery')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('student_id', 'in', freshStudents)
            .where('objective_id', 'in', objectives)
            .execute();
          for (const r of rows) {
            before.mastery.set(`${r.student_id}/${r.objective_id}`, toMastery(r));
          }
        }
        const featureRows = await tx
          .selectFrom('learner_features')
          .select(['student_id', 'course_id', 'features'])
          .where('tenant_id', '=', tenantId)
          .where('student_id', 'in', freshStudents)
          .where('course_id', 'in', courses)
          .execute();
        for (const r of featureRows) {
          before.features.set(`${r.student_id}/${r.course_id}`, r.features);
        }

        const writes = derive(fresh, before);
        for (let i = 0; i < writes.mastery.length; i += 1000) {
          await tx
            .insertInto('mastery')
            .values(
              writes.mastery.slice(i, i + 1000).map((m) => ({
                tenant_id: tenantId,
                student_id: m.studentId,
                objective_id: m.objectiveId,
                course_id: m.courseId,
                p_mastery: m.pMastery,
                attempts: m.attempts,
                correct: m.correct,
                updated_at: m.updatedAt,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['tenant_id', 'student_id', 'objective_id']).doUpdateSet((eb) => ({
                p_mastery: eb.ref('excluded.p_mastery'),
                attempts: eb.ref('excluded.attempts'),
                correct: eb.ref('excluded.correct'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
        }
        if (writes.features.length > 0) {
          await tx
            .insertInto('learner_features')
            .values(
              writes.features.map((f) => ({
                tenant_id: tenantId,
                student_id: f.studentId,
                course_id: f.courseId,
                features: JSON.stringify(f.state),
                updated_at: new Date(),
              })),
            )
            .onConflict((oc) =>
              oc.columns(['tenant_id', 'student_id', 'course_id']).doUpdateSet((eb) => ({
                features: eb.ref('excluded.features'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
        }
        for (let i = 0; i < writes.outbox.length; i += 500) {
          await tx
            .insertInto('outbox')
            .values(
              writes.outbox.slice(i, i + 500).map((m) => ({
                id: m.id,
                tenant_id: m.tenantId,
                subject: m.subject,
                payload: JSON.stringify(m.payload),
              })),
            )
            .execute();
        }
        return { fresh, duplicates: events.length - fresh.length, writes };
      });
    },

    masteryOf(tenantId, studentId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
        let q = tx
          .selectFrom('mastery')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId);
        if (courseId) {
          q = q.where('course_id', '=', courseId);
        }
        return (await q.orderBy('objective_id').execute()).map(toMastery);
      });
    },

    featuresOf(tenantId, studentId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .selectFrom('learner_features')
          .select('features')
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId)
          .where('course_id', '=', courseId)
          .executeTakeFirst();
        return row?.features ?? null;
      });
    },

    listEvents(tenantId, studentId, filter, page) {
      // Newest first; the cursor is the last row's (occurred_at, id).
      return inTenant(db, tenantId, async (tx) => {
        let q = tx
          .selectFrom('events')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId);
        if (filter.type) {
          q = q.where('type', '=', filter.type);
        }
        if (filter.courseId) {
          q = q.where('course_id', '=', filter.courseId);
        }
        if (filter.from) {
          q = q.where('occurred_at', '>=', new Date(filter.from));
        }
        if (filter.to) {
          q = q.where('occurred_at', '<', new Date(filter.to));
        }
        if (page.cursor) {
          const [at, id] = Buffer.from(page.cursor, 'base64url').toString('utf8').split('|');
          if (!at || Number.isNaN(Date.parse(at)) || !id) {
            throw invalidInput('Invalid cursor', [
              { path: '/cursor', message: 'is not a cursor returned by this API' },
            ]);
          }
          decodeCursor(encodeCursor(id)); // throws the same problem unless id is a UUID
          q = q.where(sql<boolean>`(occurred_at, id) < (${at}::timestamptz, ${id}::uuid)`);
        }
        const rows = await q
          .orderBy('occurred_at', 'desc')
          .orderBy('id', 'desc')
          .limit(page.limit + 1)
          .execute();
        const more = rows.length > page.limit;
        const items = rows
          .slice(0, page.limit)
          .map((r) => ({ id: r.id, event: eventOf(r), receivedAt: iso(r.received_at) }));
        const last = rows[page.limit - 1];
        return {
          items,
          nextCursor:
            more && last
              ? Buffer.from(`${iso(last.occurred_at)}|${last.id}`).toString('base64url')
              : null,
        };
      });
    },

    async takeOutbox(limit, publish) {
      return db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('outbox')
          .selectAll()
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) {
          return 0;
        }
        await publish(
          rows.map((r) => ({
            id: r.id,
            tenantId: r.tenant_id,
            subject: r.subject,
            payload: r.payload,
          })),
        );
        await tx
          .deleteFrom('outbox')
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        return rows.length;
      });
    },
  };
}
