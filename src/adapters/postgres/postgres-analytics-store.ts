/**
 * The analytics agent's tables (migration 0011) and the dashboard's reads of them. Writes for a
 * learner run under a transaction-scoped advisory lock on (tenant, student, course), so the
 * consumer and a rebuild never interleave for one learner; the consumer's receipt is written in
 * the same transaction as the analytics, so every message counts once.
 */
import { sql } from 'kysely';
import { eventOf } from './postgres-learning-store.js';
import type { AnalyticsStore, AnalyticsWrites } from '../../ports.js';
import { byTenant } from './by-tenant.js';
import { bindTenant, inTenant, type Db, type Tx } from './database.js';
import { iso } from './pagination.js';

interface EventRow {
  id: string;
  client_event_id: string;
  type: string;
  student_id: string;
  course_id: string;
  section_id: string | null;
  session_id: string | null;
  occurred_at: Date | string;
  payload: Record<string, unknown>;
}

const OPEN_STATUSES = ['queued_for_review', 'applied', 'approved', 'edited', 'delivered'];

async function lockLearner(tx: Tx, tenantId: string, studentId: string, courseId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`analytics/${tenantId}/${studentId}/${courseId}`}, 0))`.execute(
    tx,
  );
}

async function writeLearner(
  tx: Tx,
  ids: { tenantId: string; studentId: string; courseId: string },
  w: AnalyticsWrites,
): Promise<void> {
  const { tenantId, studentId, courseId } = ids;
  await sql`
    insert into analytics_learners (tenant_id, student_id, course_id, state, summary, updated_at)
    values (${tenantId}::uuid, ${studentId}::uuid, ${courseId}::uuid,
            ${JSON.stringify(w.state)}::jsonb, ${JSON.stringify(w.summary)}::jsonb, now())
    on conflict (tenant_id, course_id, student_id) do update
      set state = excluded.state, summary = excluded.summary, updated_at = now()`.execute(tx);
  if (w.points.length > 0) {
    await sql`
      insert into analytics_mastery_points (tenant_id, student_id, course_id, objective_id, at, p_mastery)
      select ${tenantId}::uuid, ${studentId}::uuid, ${courseId}::uuid, o, a, p
        from unnest(${w.points.map((p) => p.objectiveId)}::uuid[],
                    ${w.points.map((p) => p.at)}::timestamptz[],
                    ${w.points.map((p) => p.pMastery)}::float8[]) as v(o, a, p)
      on conflict (tenant_id, student_id, course_id, objective_id, at) do update
        set p_mastery = excluded.p_mastery`.execute(tx);
  }
  // The last row of a window wins when one batch advances it several times.
  const windows = [...new Map(w.windows.map((x) => [`${x.key}/${x.objectiveId}`, x])).values()];
  if (windows.length > 0) {
    await sql`
      insert into analytics_content_windows (tenant_id, student_id, course_id, objective_id,
        window_key, used_at, p_start, p_end, answers)
      select ${tenantId}::uuid, ${studentId}::uuid, ${courseId}::uuid, o, k, u, ps, pe, n
        from unnest(${windows.map((x) => x.objectiveId)}::uuid[], ${windows.map((x) => x.key)}::text[],
                    ${windows.map((x) => x.usedAt)}::timestamptz[],
                    ${windows.map((x) => x.pStart)}::float8[], ${windows.map((x) => x.pEnd)}::float8[],
                    ${windows.map((x) => x.answers)}::int[]) as v(o, k, u, ps, pe, n)
      on conflict (tenant_id, course_id, student_id, objective_id, window_key) do update
        set p_start = excluded.p_start, p_end = excluded.p_end, answers = excluded.answers`.execute(
      tx,
    );
  }
}

/** The last of the items sharing a key, in first-seen order (one row per key for an upsert). */
function lastOfEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

/**
 * `writeLearner` for several learners of one tenant at once: three statements whatever their
 * number (the learners, their mastery points, their content windows).
 */
async function writeLearners(
  tx: Tx,
  tenantId: string,
  learners: readonly { studentId: string; courseId: string; writes: AnalyticsWrites }[],
): Promise<void> {
  if (learners.length === 0) {
    return;
  }
  await sql`
    insert into analytics_learners (tenant_id, student_id, course_id, state, summary, updated_at)
    select ${tenantId}::uuid, s, c, st, su, now()
      from unnest(${learners.map((l) => l.studentId)}::uuid[], ${learners.map((l) => l.courseId)}::uuid[],
                  ${learners.map((l) => JSON.stringify(l.writes.state))}::jsonb[],
                  ${learners.map((l) => JSON.stringify(l.writes.summary))}::jsonb[]) as v(s, c, st, su)
    on conflict (tenant_id, course_id, student_id) do update
      set state = excluded.state, summary = excluded.summary, updated_at = now()`.execute(tx);
  const points = learners.flatMap((l) =>
    l.writes.points.map((p) => ({ s: l.studentId, c: l.courseId, ...p })),
  );
  if (points.length > 0) {
    await sql`
      insert into analytics_mastery_points (tenant_id, student_id, course_id, objective_id, at, p_mastery)
      select ${tenantId}::uuid, s, c, o, a, p
        from unnest(${points.map((p) => p.s)}::uuid[], ${points.map((p) => p.c)}::uuid[],
                    ${points.map((p) => p.objectiveId)}::uuid[],
                    ${points.map((p) => p.at)}::timestamptz[],
                    ${points.map((p) => p.pMastery)}::float8[]) as v(s, c, o, a, p)
      on conflict (tenant_id, student_id, course_id, objective_id, at) do update
        set p_mastery = excluded.p_mastery`.execute(tx);
  }
  const windows = learners.flatMap((l) =>
    l.writes.windows.map((w) => ({ s: l.studentId, c: l.courseId, ...w })),
  );
  if (windows.length > 0) {
    await sql`
      insert into analytics_content_windows (tenant_id, student_id, course_id, objective_id,
        window_key, used_at, p_start, p_end, answers)
      select ${tenantId}::uuid, s, c, o, k, u, ps, pe, n
        from unnest(${windows.map((x) => x.s)}::uuid[], ${windows.map((x) => x.c)}::uuid[],
                    ${windows.map((x) => x.objectiveId)}::uuid[], ${windows.map((x) => x.key)}::text[],
                    ${windows.map((x) => x.usedAt)}::timestamptz[],
                    ${windows.map((x) => x.pStart)}::float8[], ${windows.map((x) => x.pEnd)}::float8[],
                    ${windows.map((x) => x.answers)}::int[]) as v(s, c, o, k, u, ps, pe, n)
      on conflict (tenant_id, course_id, student_id, objective_id, window_key) do update
        set p_start = excluded.p_start, p_end = excluded.p_end, answers = excluded.answers`.execute(
      tx,
    );
  }
}

export function createPostgresAnalyticsStore(db: Db): AnalyticsStore {
  return {
    applyMessage({ consumer, messageId, tenantId, studentId, courseId, derive }) {
      return db.transaction().execute(async (tx) => {
        await bindTenant(tx, tenantId);
        await lockLearner(tx, tenantId, studentId, courseId);
        const { rows } = await sql<{ state: unknown; seen: boolean }>`
          select (select state from analytics_learners
                   where tenant_id = ${tenantId}::uuid and course_id = ${courseId}::uuid
                     and student_id = ${studentId}::uuid) as state,
                 exists (select 1 from consumer_receipts
                          where consumer = ${consumer} and message_id = ${messageId}::uuid) as seen`.execute(
          tx,
        );
        if (rows[0]?.seen) {
          return false;
        }
        await writeLearner(tx, { tenantId, studentId, courseId }, derive(rows[0]?.state ?? null));
        await sql`insert into consumer_receipts (consumer, message_id)
                  values (${consumer}, ${messageId}::uuid)`.execute(tx);
        return true;
      });
    },

    async applyMessages(consumer, messages) {
      let applied = 0;
      // One transaction per tenant in the batch (row-level security binds one tenant).
      for (const [tenantId, list] of byTenant(messages)) {
        applied += await db.transaction().execute(async (tx) => {
          await bindTenant(tx, tenantId);
          const learners = new Map<
            string,
            { studentId: string; courseId: string; items: typeof list }
          >();
          for (const m of list) {
            const key = `${m.studentId}/${m.courseId}`;
            const learner = learners.get(key) ?? {
              studentId: m.studentId,
              courseId: m.courseId,
              items: [],
            };
            learner.items.push(m);
            learners.set(key, learner);
          }
          // The same locks as applyMessage and the rebuild, taken in one order (no deadlock
          // between two workers' batches; volatile output is computed after the sort).
          const keys = [...learners.keys()].map((k) => `analytics/${tenantId}/${k}`).sort();
          await sql`select pg_advisory_xact_lock(hashtextextended(k, 0))
                      from unnest(${keys}::text[]) as k order by k`.execute(tx);
          const all = [...learners.values()];
          const { rows } = await sql<{ student_id: string; course_id: string; state: unknown }>`
            select l.student_id, l.course_id, l.state from analytics_learners l
              join unnest(${all.map((l) => l.studentId)}::uuid[], ${all.map((l) => l.courseId)}::uuid[])
                   as w(s, c) on l.student_id = w.s and l.course_id = w.c
             where l.tenant_id = ${tenantId}::uuid`.execute(tx);
          const stored = new Map(rows.map((r) => [`${r.student_id}/${r.course_id}`, r.state]));
          const seen = new Set(
            (
              await sql<{ message_id: string }>`
                select message_id from consumer_receipts
                 where consumer = ${consumer}
                   and message_id = any(${list.map((m) => m.messageId)}::uuid[])`.execute(tx)
            ).rows.map((r) => r.message_id),
          );
          const receipts: string[] = [];
          const written: { studentId: string; courseId: string; writes: AnalyticsWrites }[] = [];
          for (const [key, learner] of learners) {
            let state: unknown = stored.get(key) ?? null;
            let last: AnalyticsWrites | null = null;
            const points: AnalyticsWrites['points'][number][] = [];
            const windows: AnalyticsWrites['windows'][number][] = [];
            for (const m of learner.items) {
              if (seen.has(m.messageId)) {
                continue;
              }
              seen.add(m.messageId);
              last = m.derive(state);
              state = last.state;
              points.push(...last.points);
              windows.push(...last.windows);
              receipts.push(m.messageId);
            }
            if (last) {
              // One row per key for each upsert: the last point of an instant, the last state of
              // a window.
              written.push({
                studentId: learner.studentId,
                courseId: learner.courseId,
                writes: {
                  state: last.state,
                  summary: last.summary,
                  points: lastOfEach(points, (p) => `${p.objectiveId}/${p.at}`),
                  windows: lastOfEach(windows, (w) => `${w.key}/${w.objectiveId}`),
                },
              });
            }
          }
          await writeLearners(tx, tenantId, written);
          if (receipts.length > 0) {
            await sql`insert into consumer_receipts (consumer, message_id)
                      select ${consumer}, unnest(${receipts}::uuid[])`.execute(tx);
          }
          return receipts.length;
        });
      }
      return applied;
    },

    learnersWithEvents(tenantId) {
      return inTenant(db, tenantId, async (tx) => {
        const { rows } = await sql<{ student_id: string; course_id: string }>`
          select distinct student_id, course_id from events
           where tenant_id = ${tenantId}::uuid order by student_id, course_id`.execute(tx);
        return rows.map((r) => ({ studentId: r.student_id, courseId: r.course_id }));
      });
    },

    rebuildLearner({ consumer, tenantId, studentId, courseId, rebuild }) {
      return db.transaction().execute(async (tx) => {
        await bindTenant(tx, tenantId);
        await lockLearner(tx, tenantId, studentId, courseId);
        const { rows } = await sql<EventRow>`
          select id, client_event_id, type, student_id, course_id, section_id, session_id,
                 occurred_at, payload
            from events
           where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid
             and course_id = ${courseId}::uuid
           order by occurred_at, id`.execute(tx);
        const writes = rebuild(rows.map((r) => ({ id: r.id, event: eventOf(r) })));
        for (const table of ['analytics_mastery_points', 'analytics_content_windows'] as const) {
          await sql`delete from ${sql.table(table)}
                     where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid
                       and course_id = ${courseId}::uuid`.execute(tx);
        }
        await writeLearner(tx, { tenantId, studentId, courseId }, writes);
        await sql`
          insert into consumer_receipts (consumer, message_id)
          select ${consumer}, e.id from unnest(${rows.map((r) => r.id)}::uuid[]) as e(id)
          on conflict do nothing`.execute(tx);
      });
    },

    learnerSummaries({ tenantId, courseId, studentIds, changedAfter }) {
      return inTenant(db, tenantId, async (tx) => {
        const { rows } = await sql<{
          student_id: string;
          summary: unknown;
          updated_at: Date | string;
        }>`
          select a.student_id, a.summary, a.updated_at
            from analytics_learners a
           where a.tenant_id = ${tenantId}::uuid and a.course_id = ${courseId}::uuid
             and a.student_id = any(${studentIds}::uuid[])
             ${changedAfter ? sql`and a.updated_at > ${changedAfter}::timestamptz` : sql``}`.execute(
          tx,
        );
        return rows.map((r) => ({
          studentId: r.student_id,
          summary: r.summary,
          updatedAt: iso(r.updated_at),
        }));
      });
    },

    openInterventions(tenantId, sectionId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
        const { rows } = await sql<{
          student_id: string;
          type: string;
          objective_id: string | null;
          confidence: number;
          created_at: Date | string;
        }>`
          select i.student_id, i.type, i.objective_id, i.confidence, i.created_at
            from interventions i
           where i.tenant_id = ${tenantId}::uuid and i.course_id = ${courseId}::uuid
             and i.status = any(${OPEN_STATUSES}::text[]) and i.outcome is null
             and i.student_id in (select e.user_id from enrollments e
                                   where e.tenant_id = ${tenantId}::uuid
                                     and e.section_id = ${sectionId}::uuid and e.role = 'student')
           order by i.created_at desc`.execute(tx);
        return rows.map((r) => ({
          studentId: r.student_id,
          type: r.type,
          objectiveId: r.objective_id,
          confidence: r.confidence,
          createdAt: iso(r.created_at),
        }));
      });
    },

    masteryPoints(tenantId, studentId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
        const { rows } = await sql<{ objective_id: string; at: Date | string; p_mastery: number }>`
          select objective_id, at, p_mastery from analytics_mastery_points
           where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid
             and course_id = ${courseId}::uuid
           order by at, objective_id`.execute(tx);
        return rows.map((r) => ({
          objectiveId: r.objective_id,
          at: iso(r.at),
          pMastery: r.p_mastery,
        }));
      });
    },

    timelineSources({ tenantId, studentId, courseId, before, limit }) {
      return inTenant(db, tenantId, async (tx) => {
        const course = courseId ? sql`and course_id = ${courseId}::uuid` : sql``;
        const upTo = (column: string) =>
          before ? sql`and ${sql.ref(column)} <= ${before}::timestamptz` : sql``;
        const ties = (column: string) =>
          before ? sql`or ${sql.ref(column)} = ${before}::timestamptz` : sql``;
        // Strictly before the cursor time up to `limit`, plus every row at that time.
        const events = await sql<EventRow>`
          (select id, client_event_id, type, student_id, course_id, section_id, session_id,
                  occurred_at, payload from events
            where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid ${course}
              ${before ? sql`and occurred_at < ${before}::timestamptz` : sql``}
            order by occurred_at desc, id desc limit ${limit})
          union all
          (select id, client_event_id, type, student_id, course_id, section_id, session_id,
                  occurred_at, payload from events
            where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid ${course}
              and (false ${ties('occurred_at')}))`.execute(tx);
        const points = await sql<{
          objective_id: string;
          course_id: string;
          at: Date | string;
          p_mastery: number;
        }>`
          select objective_id, course_id, at, p_mastery from analytics_mastery_points
           where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid ${course}
             ${upTo('at')}
           order by at desc limit ${limit + 200}`.execute(tx);
        const interventions = await sql<{
          id: string;
          type: string;
          status: string;
          objective_id: string | null;
          action: { contentId?: string | null };
          created_at: Date | string;
        }>`
          select id, type, status, objective_id, action, created_at from interventions
           where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid ${course}
             ${upTo('created_at')}
           order by created_at desc limit ${limit + 200}`.execute(tx);
        return {
          events: events.rows.map((r) => ({ id: r.id, event: eventOf(r) })),
          points: points.rows.map((r) => ({
            objectiveId: r.objective_id,
            courseId: r.course_id,
            at: iso(r.at),
            pMastery: r.p_mastery,
          })),
          interventions: interventions.rows.map((r) => ({
            id: r.id,
            type: r.type,
            status: r.status,
            objectiveId: r.objective_id,
            contentId: r.action.contentId ?? null,
            createdAt: iso(r.created_at),
          })),
        };
      });
    },

    contentGains(tenantId, courseId, studentIds) {
      return inTenant(db, tenantId, async (tx) => {
        const { rows } = await sql<{
          window_key: string;
          objective_id: string;
          n: number;
          mean: number;
          sd: number | null;
        }>`
          select w.window_key, w.objective_id, count(*)::int as n,
                 avg(w.p_end - w.p_start) as mean, stddev_samp(w.p_end - w.p_start) as sd
            from analytics_content_windows w
           where w.tenant_id = ${tenantId}::uuid and w.course_id = ${courseId}::uuid
             and w.answers > 0 and w.student_id = any(${studentIds}::uuid[])
           group by w.window_key, w.objective_id`.execute(tx);
        return rows.map((r) => ({
          key: r.window_key,
          objectiveId: r.objective_id,
          n: r.n,
          mean: Number(r.mean),
          sd: r.sd === null ? 0 : Number(r.sd),
        }));
      });
    },
  };
}
