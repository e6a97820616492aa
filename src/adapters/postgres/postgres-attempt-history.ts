/**
 * Training data for knowledge tracing: a tenant's `item_attempted` events with the objectives
 * their items are tagged with (`content_objectives`), one chronological sequence per student and
 * course. Read in a tenant transaction, so row-level security applies.
 */
import { sql } from 'kysely';
import type { AttemptHistorySource } from '../../ports.js';
import { inTenant, type Db } from './database.js';

export function createPostgresAttemptHistory(db: Db): AttemptHistorySource {
  return {
    attemptSequences(tenantId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
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
             ${courseId ? sql`and e.course_id = ${courseId}::uuid` : sql``}
           order by e.student_id, e.course_id, e.occurred_at, e.id`.execute(tx);
        const sequences: Awaited<ReturnType<AttemptHistorySource['attemptSequences']>> = [];
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
      });
    },
  };
}
