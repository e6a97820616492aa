/**
 * Knowledge-tracing history: a tenant's `item_attempted` events with the objectives their items
 * are tagged with (`content_objectives`), one chronological sequence per student and course, for
 * training; and the rebuild of one student's served-model state from that history after a
 * promotion. Read in tenant transactions, so row-level security applies.
 */
import { sql } from 'kysely';
import type { AttemptHistorySource, StoredAttempt } from '../../ports.js';
import { APP_ROLE, inTenant, type Db, type Tx } from './database.js';

async function readSequences(
  tx: Tx,
  tenantId: string,
  filter: { courseId?: string | undefined; studentId?: string | undefined },
): Promise<StoredAttempt[][]> {
  const rows = await sql<{
    student_id: string;
    course_id: string;
    item_id: string;
    correct: boolean;
    at: number;
    objectives: string[] | null;
  }>`
    select e.student_id, e.course_id, e.payload->>'itemId' as item_id,
           (e.payload->>'correct')::boolean as correct,
           extract(epoch from e.occurred_at)::float8 as at,
           (select array_agg(co.objective_id::text order by co.objective_id)
              from content_objectives co
             where co.tenant_id = e.tenant_id
               and co.content_id = (e.payload->>'itemId')::uuid) as objectives
      from events e
     where e.tenant_id = ${tenantId}::uuid and e.type = 'item_attempted'
       ${filter.courseId ? sql`and e.course_id = ${filter.courseId}::uuid` : sql``}
       ${filter.studentId ? sql`and e.student_id = ${filter.studentId}::uuid` : sql``}
     order by e.student_id, e.course_id, e.occurred_at, e.id`.execute(tx);
  const sequences: StoredAttempt[][] = [];
  let key = '';
  for (const r of rows.rows) {
    const k = `${r.student_id}/${r.course_id}`;
    if (k !== key) {
      sequences.push([]);
      key = k;
    }
    sequences[sequences.length - 1]?.push({
      student: r.student_id,
      course: r.course_id,
      item: r.item_id,
      objectives: r.objectives ?? [],
      correct: r.correct,
      timestamp: Number(r.at),
    });
  }
  return sequences;
}

export function createPostgresAttemptHistory(db: Db): AttemptHistorySource {
  return {
    attemptSequences(tenantId, courseId) {
      return inTenant(db, tenantId, (tx) => readSequences(tx, tenantId, { courseId }));
    },

    studentsWithAttempts(tenantId) {
      return inTenant(db, tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('events')
          .select('student_id')
          .distinct()
          .where('tenant_id', '=', tenantId)
          .where('type', '=', 'item_attempted')
          .orderBy('student_id')
          .execute();
        return rows.map((r) => r.student_id);
      });
    },

    rebuildStudent(tenantId, studentId, rebuild) {
      return db.transaction().execute(async (tx) => {
        // The same advisory lock key as ingestion (postgres-learning-store.ts): no event of this
        // student is applied between the read and the write.
        await sql`select set_config('pathwise.tenant_id', ${tenantId}, true),
          set_config('role', ${APP_ROLE}, true),
          pg_advisory_xact_lock(hashtextextended(${`${tenantId}/${studentId}`}, 0))`.execute(tx);
        const rebuilt = rebuild(await readSequences(tx, tenantId, { studentId }));
        for (const r of rebuilt) {
          // The state lives in the `kt` key of the features document; a new version makes every
          // process's cached learner state of this student stale (migration 0009).
          await sql`
            update learner_features
               set features = jsonb_set(features, '{kt}', ${JSON.stringify(r.ktState)}::jsonb),
                   version = gen_random_uuid(), updated_at = now()
             where tenant_id = ${tenantId}::uuid and student_id = ${studentId}::uuid
               and course_id = ${r.courseId}::uuid`.execute(tx);
          if (r.mastery.length > 0) {
            await sql`
              update mastery m set p_mastery = v.p
                from unnest(${r.mastery.map((x) => x.objectiveId)}::uuid[],
                            ${r.mastery.map((x) => x.pMastery)}::float8[]) as v(o, p)
               where m.tenant_id = ${tenantId}::uuid and m.student_id = ${studentId}::uuid
                 and m.objective_id = v.o`.execute(tx);
          }
        }
      });
    },
  };
}
