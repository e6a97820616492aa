/**
 * Durable ingestion: dedupe by client event id, append to the partitioned event log, lock and
 * load the learner state the events touch, write the derived mastery, features and outbox
 * messages — all in one transaction per request.
 */
import { sql } from 'kysely';
import type { LearningEvent } from '../../domain/events/learning-event.js';
import type {
  AcceptedEvent,
  IngestWrites,
  LearnerStateSnapshot,
  LearningStore,
  MasteryRecord,
} from '../../ports.js';
import { APP_ROLE, inTenant, type Db, type Tx } from './database.js';
import { decodeTimeCursor, encodeTimeCursor, iso } from './pagination.js';

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

interface MasteryRow {
  student_id: string;
  objective_id: string;
  course_id: string;
  p_mastery: number;
  attempts: number;
  correct: number;
  updated_at: Date | string;
}

const toMastery = (r: MasteryRow): MasteryRecord => ({
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
    ingest({ tenantId, events, derive, objectivesOf, courseMasteryOf }) {
      // Five round trips whatever the batch size: lock, keys, state, writes, commit.
      return db.transaction().execute(async (tx) => {
        if (events.length === 0) {
          return {
            fresh: [],
            duplicates: 0,
            writes: { mastery: [], features: [], outbox: [] },
            courseMastery: [],
          };
        }
        // Bind the transaction to the tenant (for row-level security) and serialize each
        // student's events, taking the per-student locks in a fixed order.
        const lockKeys = [...new Set(events.map((e) => `${tenantId}/${e.event.studentId}`))].sort();
        await sql`select set_config('pathwise.tenant_id', ${tenantId}, true),
          set_config('role', ${APP_ROLE}, true),
          (select count(pg_advisory_xact_lock(hashtextextended(k, 0)))
             from (select unnest(${lockKeys}::text[]) as k order by 1) keys)`.execute(tx);
        await ensurePartitions(tx, events);

        const keyed = await sql<{ event_id: string }>`
          insert into event_keys (tenant_id, client_event_id, event_id, occurred_at)
          select ${tenantId}::uuid, c, i, o
            from unnest(${events.map((e) => e.event.id)}::text[], ${events.map((e) => e.id)}::uuid[],
                        ${events.map((e) => e.event.timestamp)}::timestamptz[]) as t(c, i, o)
          on conflict do nothing
          returning event_id`.execute(tx);
        const freshIds = new Set(keyed.rows.map((r) => r.event_id));
        const fresh = events.filter((e) => freshIds.has(e.id));

        // The learner state these events touch (or the student's whole course), in one query.
        const students = [...new Set(fresh.map((e) => e.event.studentId))];
        const objectives = [...new Set(fresh.flatMap((e) => objectivesOf(e.event)))];
        const courses = [...new Set(fresh.map((e) => e.event.courseId))];
        const masteryWhere = courseMasteryOf
          ? sql`m.student_id = ${courseMasteryOf.studentId}::uuid and m.course_id = ${courseMasteryOf.courseId}::uuid`
          : sql`m.student_id = any(${students}::uuid[]) and m.objective_id = any(${objectives}::uuid[])`;
        const state = await sql<{
          mastery: MasteryRow[];
          features: {
            student_id: string;
            course_id: string;
            features: unknown;
            kt_state: unknown;
          }[];
        }>`
          select
            (select coalesce(json_agg(m), '[]'::json) from mastery m where m.tenant_id = ${tenantId}::uuid and ${masteryWhere}) as mastery,
            (select coalesce(json_agg(json_build_object('student_id', f.student_id, 'course_id', f.course_id, 'features', f.features, 'kt_state', f.kt_state)), '[]'::json)
               from learner_features f
              where f.tenant_id = ${tenantId}::uuid and f.student_id = any(${students}::uuid[]) and f.course_id = any(${courses}::uuid[])) as features`.execute(
          tx,
        );
        const loaded = state.rows[0] ?? { mastery: [], features: [] };
        const before: LearnerStateSnapshot = {
          mastery: new Map(),
          features: new Map(),
          ktStates: new Map(),
        };
        const loadedMastery = loaded.mastery.map(toMastery);
        for (const m of loadedMastery) {
          before.mastery.set(`${m.studentId}/${m.objectiveId}`, m);
        }
        for (const f of loaded.features) {
          before.features.set(`${f.student_id}/${f.course_id}`, f.features);
          if (f.kt_state !== null) {
            before.ktStates.set(`${f.student_id}/${f.course_id}`, f.kt_state);
          }
        }
        const writes: IngestWrites =
          fresh.length > 0 ? derive(fresh, before) : { mastery: [], features: [], outbox: [] };

        if (fresh.length > 0) {
          const ev = fresh.map((e) => e.event);
          const { mastery, features, outbox } = writes;
          await sql`
            with ev as (
              insert into events (tenant_id, id, client_event_id, type, student_id, course_id, section_id, session_id, occurred_at, payload)
              select ${tenantId}::uuid, * from unnest(
                ${fresh.map((e) => e.id)}::uuid[], ${ev.map((e) => e.id)}::text[], ${ev.map((e) => e.type)}::text[],
                ${ev.map((e) => e.studentId)}::uuid[], ${ev.map((e) => e.courseId)}::uuid[],
                ${ev.map((e) => e.sectionId ?? null)}::uuid[], ${ev.map((e) => e.sessionId ?? null)}::text[],
                ${ev.map((e) => e.timestamp)}::timestamptz[], ${ev.map((e) => JSON.stringify(payloadOf(e)))}::jsonb[])
              returning 1
            ), ms as (
              insert into mastery (tenant_id, student_id, objective_id, course_id, p_mastery, attempts, correct, updated_at)
              select ${tenantId}::uuid, * from unnest(
                ${mastery.map((m) => m.studentId)}::uuid[], ${mastery.map((m) => m.objectiveId)}::uuid[],
                ${mastery.map((m) => m.courseId)}::uuid[], ${mastery.map((m) => m.pMastery)}::float8[],
                ${mastery.map((m) => m.attempts)}::int[], ${mastery.map((m) => m.correct)}::int[],
                ${mastery.map((m) => m.updatedAt)}::timestamptz[])
              on conflict (tenant_id, student_id, objective_id) do update set
                p_mastery = excluded.p_mastery, attempts = excluded.attempts,
                correct = excluded.correct, updated_at = excluded.updated_at
              returning 1
            ), fs as (
              insert into learner_features (tenant_id, student_id, course_id, features, kt_state, updated_at)
              select ${tenantId}::uuid, s, c, f, k, now() from unnest(
                ${features.map((f) => f.studentId)}::uuid[], ${features.map((f) => f.courseId)}::uuid[],
                ${features.map((f) => JSON.stringify(f.state))}::jsonb[],
                ${features.map((f) => (f.ktState === undefined ? null : JSON.stringify(f.ktState)))}::jsonb[]) as t(s, c, f, k)
              on conflict (tenant_id, student_id, course_id) do update set
                features = excluded.features,
                kt_state = coalesce(excluded.kt_state, learner_features.kt_state),
                updated_at = excluded.updated_at
              returning 1
            ), ob as (
              insert into outbox (id, tenant_id, subject, payload)
              select * from unnest(
                ${outbox.map((m) => m.id)}::uuid[], ${outbox.map((m) => m.tenantId)}::uuid[],
                ${outbox.map((m) => m.subject)}::text[], ${outbox.map((m) => JSON.stringify(m.payload))}::jsonb[])
              returning 1
            )
            select (select count(*) from ev) + (select count(*) from ms) + (select count(*) from fs) + (select count(*) from ob) as written`.execute(
            tx,
          );
        }

        let courseMastery: MasteryRecord[] = [];
        if (courseMasteryOf) {
          const updated = new Map(loadedMastery.map((m) => [m.objectiveId, m]));
          for (const m of writes.mastery) {
            updated.set(m.objectiveId, m);
          }
          courseMastery = [...updated.values()];
        }
        return { fresh, duplicates: events.length - fresh.length, writes, courseMastery };
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
          const { at, id } = decodeTimeCursor(page.cursor);
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
          nextCursor: more && last ? encodeTimeCursor(iso(last.occurred_at), last.id) : null,
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
