import { sql } from 'kysely';
import type { ClassAggregateStore } from '../../ports.js';
import { inTenant, type Db } from './database.js';
import { iso } from './pagination.js';

const bucket = (p: number) => Math.min(9, Math.max(0, Math.floor(p * 10)));

export function createPostgresClassAggregateStore(db: Db): ClassAggregateStore {
  return {
    applyAttempt(consumer, messageId, tenantId, attempt) {
      return inTenant(db, tenantId, async (tx) => {
        const receipt = await tx
          .insertInto('consumer_receipts')
          .values({ consumer, message_id: messageId })
          .onConflict((oc) => oc.doNothing())
          .returning('message_id')
          .executeTakeFirst();
        if (!receipt) {
          return false;
        }
        let sections = attempt.sectionId ? [attempt.sectionId] : [];
        if (sections.length === 0) {
          const rows = await tx
            .selectFrom('enrollments')
            .innerJoin('sections', 'sections.id', 'enrollments.section_id')
            .select('sections.id')
            .where('enrollments.tenant_id', '=', tenantId)
            .where('enrollments.user_id', '=', attempt.studentId)
            .where('sections.course_id', '=', attempt.courseId)
            .execute();
          sections = rows.map((r) => r.id);
        }
        for (const sectionId of sections) {
          for (const o of attempt.objectives) {
            // A student enters the histogram on their first attempt and moves between buckets after.
            const from = o.before === null ? null : bucket(o.before);
            const to = bucket(o.after);
            const wasMastered = o.before !== null && o.before >= attempt.threshold ? 1 : 0;
            const isMastered = o.after >= attempt.threshold ? 1 : 0;
            const histogram = Array.from(
              { length: 10 },
              (_, i) => (i === to ? 1 : 0) - (i === from ? 1 : 0),
            );
            await tx
              .insertInto('class_aggregates')
              .values({
                tenant_id: tenantId,
                section_id: sectionId,
                objective_id: o.objectiveId,
                attempts: 1,
                correct: attempt.correct ? 1 : 0,
                mastery_histogram: histogram.map((v) => Math.max(0, v)),
                mastered: isMastered,
              })
              .onConflict((oc) =>
                oc.columns(['section_id', 'objective_id']).doUpdateSet({
                  attempts: sql`class_aggregates.attempts + 1`,
                  correct: sql`class_aggregates.correct + ${attempt.correct ? 1 : 0}`,
                  mastery_histogram: sql`(select array_agg(greatest(0, h + d) order by i) from unnest(class_aggregates.mastery_histogram, ${sql.val(histogram)}::int[]) with ordinality as t(h, d, i))`,
                  mastered: sql`greatest(0, class_aggregates.mastered + ${isMastered - wasMastered})`,
                  updated_at: new Date(),
                }),
              )
              .execute();
          }
        }
        return true;
      });
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
