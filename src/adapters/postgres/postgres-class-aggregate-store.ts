import { sql } from 'kysely';
import type { AttemptForAggregates, ClassAggregateStore } from '../../ports.js';
import { byTenant } from './by-tenant.js';
import { inTenant, type Db } from './database.js';
import { iso } from './pagination.js';

const bucket = (p: number) => Math.min(9, Math.max(0, Math.floor(p * 10)));

/** The document `pathwise_apply_attempt` takes for one attempt. */
function docOf(attempt: AttemptForAggregates) {
  const objectives = attempt.objectives.map((o) => {
    // A student enters the histogram on their first attempt and moves between buckets after.
    const from = o.before === null ? null : bucket(o.before);
    const to = bucket(o.after);
    const wasMastered = o.before !== null && o.before >= attempt.threshold ? 1 : 0;
    const isMastered = o.after >= attempt.threshold ? 1 : 0;
    const delta = Array.from({ length: 10 }, (_, i) => (i === to ? 1 : 0) - (i === from ? 1 : 0));
    return {
      objective: o.objectiveId,
      enter: delta.map((v) => Math.max(0, v)),
      delta,
      mastered: isMastered,
      masteredDelta: isMastered - wasMastered,
    };
  });
  return {
    section: attempt.sectionId,
    student: attempt.studentId,
    course: attempt.courseId,
    correct: attempt.correct ? 1 : 0,
    objectives,
  };
}

export function createPostgresClassAggregateStore(db: Db): ClassAggregateStore {
  return {
    async applyAttempt(consumer, messageId, tenantId, attempt) {
      // One statement (migration 0009): the receipt, then the aggregates only if it is new.
      const { rows } = await sql<{ applied: boolean }>`select pathwise_apply_attempt(
        ${consumer}, ${messageId}::uuid, ${tenantId}::uuid, ${JSON.stringify(docOf(attempt))}::jsonb) as applied`.execute(
        db,
      );
      return rows[0]?.applied === true;
    },
    async applyAttempts(consumer, attempts) {
      if (attempts.length === 0) {
        return 0;
      }
      // Still one statement, so one round trip and all or nothing for the whole batch: one
      // set-based call per tenant (migration 0016), which binds its tenant (row-level security)
      // and writes each row of a section and objective once.
      const calls = [...byTenant(attempts)].map(
        ([tenantId, list]) =>
          sql`(${tenantId}::uuid, ${list.map((a) => a.messageId)}::uuid[],
               ${list.map((a) => JSON.stringify(docOf(a.attempt)))}::jsonb[])`,
      );
      const { rows } = await sql<{ applied: number }>`
        select coalesce(sum(pathwise_apply_attempts(${consumer}, c.t, c.m, c.d)), 0)::int as applied
          from (values ${sql.join(calls)}) as c(t, m, d)`.execute(db);
      return rows[0]?.applied ?? 0;
    },
    list(tenantId, sectionId) {
      return inTenant(db, tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('class_aggregates')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('section_id', '=', sectionId)
          .orderBy('objective_id')
          .execute();
        return rows.map((r) => ({
          sectionId: r.section_id,
          objectiveId: r.objective_id,
          attempts: r.attempts,
          correct: r.correct,
          masteryHistogram: r.mastery_histogram,
          mastered: r.mastered,
          updatedAt: iso(r.updated_at),
        }));
      });
    },
  };
}
