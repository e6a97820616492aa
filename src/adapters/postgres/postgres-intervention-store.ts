import { sql, type Selectable } from 'kysely';
import type {
  InterventionContext,
  InterventionRecord,
  InterventionStore,
  InterventionWrite,
} from '../../ports.js';
import type { InterventionsTable } from './database-schema.js';
import { byTenant } from './by-tenant.js';
import { inTenant, type Db } from './database.js';
import { decodeCursor, encodeCursor, iso } from './pagination.js';

const DELIVERED = ['applied', 'approved', 'edited', 'delivered'];

function toRecord(r: Selectable<InterventionsTable>): InterventionRecord {
  return {
    id: r.id,
    studentId: r.student_id,
    courseId: r.course_id,
    sectionId: r.section_id,
    objectiveId: r.objective_id,
    itemId: r.item_id,
    type: r.type,
    evidence: r.evidence,
    confidence: r.confidence,
    action: r.action,
    status: r.status,
    queueReason: r.queue_reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at ? iso(r.decided_at) : null,
    outcome: r.outcome,
    outcomeAttempts: r.outcome_attempts,
    outcomeAt: r.outcome_at ? iso(r.outcome_at) : null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

interface StoredContext {
  version: string | null;
  state: unknown;
  known?: boolean;
  features: unknown;
  sections: string[];
  mastery: Record<string, number>;
  norm: { responses: number; meanLogMs: number } | null;
}

const contextDoc = (q: { studentId: string; courseId: string; itemId: string | null }) => ({
  student: q.studentId,
  course: q.courseId,
  item: q.itemId,
});

function toContext(ctx: StoredContext): InterventionContext {
  return {
    version: ctx.version,
    state: ctx.state,
    ...(ctx.known ? { stateKnown: true } : {}),
    features: ctx.features,
    // Names are encrypted at rest and never copied into interventions' texts.
    studentName: null,
    sectionIds: ctx.sections,
    mastery: new Map(Object.entries(ctx.mastery)),
    itemNorm: ctx.norm,
  };
}

/** The document `pathwise_apply_interventions` takes. */
function applyDoc(write: InterventionWrite) {
  return {
    student: write.studentId,
    expect: write.expectVersion,
    version: write.version,
    state: write.state,
    itemTime: write.itemTime,
    interventions: write.interventions.map((i) => ({
      id: i.id,
      course: i.courseId,
      section: i.sectionId,
      objective: i.objectiveId,
      item: i.itemId,
      type: i.type,
      evidence: i.evidence,
      confidence: i.confidence,
      action: i.action,
      status: i.status,
      reason: i.queueReason,
    })),
    outcomes: write.outcomes.map((o) => ({
      id: o.id,
      outcome: o.mastered ? 'mastered' : 'not_mastered',
      attempts: o.attempts,
    })),
  };
}

type ChainedWrite = { messageId: string; tenantId: string; write: InterventionWrite };

/**
 * The writes split into chains, in the order of their first write: a write joins the chain of
 * its tenant and student when it expects the version that chain's last write writes, else it
 * starts a new one.
 */
function chainsOf(writes: readonly ChainedWrite[]): ChainedWrite[][] {
  const chains: ChainedWrite[][] = [];
  const open = new Map<string, ChainedWrite[]>();
  for (const w of writes) {
    const key = `${w.tenantId}/${w.write.studentId}`;
    const chain = open.get(key);
    if (chain && chain[chain.length - 1]!.write.version === w.write.expectVersion) {
      chain.push(w);
    } else {
      const started = [w];
      chains.push(started);
      open.set(key, started);
    }
  }
  return chains;
}

/** The document `pathwise_apply_intervention_chain` takes. */
function chainDoc(chain: readonly ChainedWrite[]) {
  const first = chain[0]!.write;
  const last = chain[chain.length - 1]!.write;
  return {
    student: first.studentId,
    expect: first.expectVersion,
    version: last.version,
    state: last.state,
    messages: chain.map((w) => w.messageId),
    each: chain.map((w) => {
      const d = applyDoc(w.write);
      return {
        message: w.messageId,
        itemTime: d.itemTime,
        interventions: d.interventions,
        outcomes: d.outcomes,
      };
    }),
    // A chain of one falls back to the one-message function, which needs the whole write.
    single: chain.length === 1 ? applyDoc(first) : null,
  };
}

export function createPostgresInterventionStore(db: Db): InterventionStore {
  return {
    async context(tenantId, q) {
      // One statement (migration 0010).
      const { rows } = await sql<{
        ctx: StoredContext;
      }>`select pathwise_intervention_context(${tenantId}::uuid, ${JSON.stringify(contextDoc(q))}::jsonb) as ctx`.execute(
        db,
      );
      const ctx = rows[0]?.ctx;
      if (!ctx) {
        throw new Error('pathwise_intervention_context returned nothing');
      }
      return toContext(ctx);
    },
    async contexts(qs) {
      // One statement per tenant (migration 0016): each student and course read once, each
      // item's norm once, however many messages of the batch share them.
      const out: InterventionContext[] = new Array<InterventionContext>(qs.length);
      for (const [tenantId, entries] of byTenant(
        qs.map((q, i) => ({ q, i, tenantId: q.tenantId })),
      )) {
        const learners = new Map<string, number>();
        const known: (string | null)[] = [];
        for (const { q } of entries) {
          const key = `${q.studentId}/${q.courseId}`;
          if (!learners.has(key)) {
            learners.set(key, learners.size);
            known.push(q.knownVersion ?? null);
          }
        }
        const pairs = [...learners.keys()].map((k) => k.split('/') as [string, string]);
        const items = [...new Set(entries.flatMap(({ q }) => (q.itemId ? [q.itemId] : [])))];
        const { rows } = await sql<{
          ctx: {
            learners: (Omit<StoredContext, 'norm'> & { student: string; course: string })[];
            norms: Record<string, StoredContext['norm']>;
          };
        }>`select pathwise_intervention_contexts(${tenantId}::uuid,
             ${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::uuid[],
             ${known}::uuid[], ${items}::uuid[]) as ctx`.execute(db);
        const ctx = rows[0]?.ctx;
        if (!ctx || ctx.learners.length !== pairs.length) {
          throw new Error('pathwise_intervention_contexts returned too few learners');
        }
        for (const { q, i } of entries) {
          const learner = ctx.learners[learners.get(`${q.studentId}/${q.courseId}`) as number];
          out[i] = toContext({
            ...(learner as Omit<StoredContext, 'norm'>),
            norm: q.itemId ? (ctx.norms[q.itemId] ?? null) : null,
          });
        }
      }
      return out;
    },
    async apply(consumer, messageId, tenantId, write) {
      // One statement (migration 0010): lock, receipt, version check, then every write.
      const { rows } = await sql<{
        result: 'ok' | 'stale' | 'duplicate';
      }>`select pathwise_apply_interventions(
        ${consumer}, ${messageId}::uuid, ${tenantId}::uuid, ${JSON.stringify(applyDoc(write))}::jsonb) as result`.execute(
        db,
      );
      const result = rows[0]?.result;
      if (!result) {
        throw new Error('pathwise_apply_interventions returned nothing');
      }
      return result;
    },
    async applyAll(consumer, writes) {
      if (writes.length === 0) {
        return [];
      }
      // One statement, so all or nothing: one call per chain (migration 0016), in order. A chain
      // is a student's run of writes, each expecting the version the previous one writes; its
      // state is written once, the last one.
      const chains = chainsOf(writes);
      const { rows } = await sql<{ results: ('ok' | 'stale' | 'duplicate')[] }>`
        select pathwise_apply_intervention_chain(${consumer}, c.t, c.d) as results
          from unnest(${chains.map((c) => c[0]!.tenantId)}::uuid[],
                      ${chains.map((c) => JSON.stringify(chainDoc(c)))}::jsonb[])
               with ordinality as c(t, d, n)
         order by c.n`.execute(db);
      const results = rows.flatMap((r) => r.results);
      if (rows.length !== chains.length || results.length !== writes.length) {
        throw new Error('pathwise_apply_intervention_chain returned too few results');
      }
      // Back in the order of `writes`.
      const order = chains.flat();
      const byMessage = new Map(order.map((w, i) => [w.messageId, results[i]!]));
      return writes.map((w) => byMessage.get(w.messageId)!);
    },
    get(tenantId, id) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .selectFrom('interventions')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row ? toRecord(row) : null;
      });
    },
    list(tenantId, filter, page) {
      return inTenant(db, tenantId, async (tx) => {
        let q = tx.selectFrom('interventions').selectAll().where('tenant_id', '=', tenantId);
        if (filter.sectionId !== undefined) {
          q = q.where('section_id', '=', filter.sectionId);
        }
        if (filter.sectionIds !== undefined) {
          if (filter.sectionIds.length === 0) {
            return { items: [], nextCursor: null };
          }
          q = q.where('section_id', 'in', filter.sectionIds);
        }
        if (filter.studentId !== undefined) {
          q = q.where('student_id', '=', filter.studentId);
        }
        if (filter.statuses !== undefined) {
          if (filter.statuses.length === 0) {
            return { items: [], nextCursor: null };
          }
          q = q.where('status', 'in', filter.statuses);
        }
        if (filter.forStudent) {
          q = q.where(sql<string>`action->>'kind'`, '<>', 'instructor_alert');
        }
        if (page.cursor) {
          q = q.where('id', '<', decodeCursor(page.cursor));
        }
        const rows = await q
          .orderBy('id', 'desc')
          .limit(page.limit + 1)
          .execute();
        const more = rows.length > page.limit;
        const items = (more ? rows.slice(0, page.limit) : rows).map(toRecord);
        const last = more ? items.at(-1) : undefined;
        return { items, nextCursor: last ? encodeCursor(last.id) : null };
      });
    },
    async inactiveStudents(before, limit) {
      // Platform-wide on purpose: the owner connection is not bound to a tenant.
      const { rows } = await sql<{
        tenant_id: string;
        student_id: string;
        course_id: string;
        section_id: string | null;
        last: string;
      }>`select f.tenant_id, f.student_id, f.course_id,
                f.features->>'lastActivityAt' as last,
                (select e.section_id from enrollments e join sections s on s.id = e.section_id
                  where e.tenant_id = f.tenant_id and e.user_id = f.student_id
                    and e.role = 'student' and s.course_id = f.course_id
                  order by e.section_id limit 1) as section_id
           from learner_features f
          where (f.features->>'lastActivityAt')::timestamptz < ${before.toISOString()}::timestamptz
            and not exists (
              select 1 from interventions i
               where i.tenant_id = f.tenant_id and i.student_id = f.student_id
                 and i.course_id = f.course_id and i.type = 'disengagement'
                 and i.evidence->>'signal' = 'inactivity'
                 and i.created_at >= (f.features->>'lastActivityAt')::timestamptz)
          order by f.tenant_id, f.student_id, f.course_id
          limit ${limit}`.execute(db);
      return rows.map((r) => ({
        tenantId: r.tenant_id,
        studentId: r.student_id,
        courseId: r.course_id,
        sectionId: r.section_id,
        studentName: null,
        lastActivityAt: r.last,
      }));
    },
    async add(tenantId, interventions) {
      if (interventions.length === 0) {
        return 0;
      }
      const result = await inTenant(db, tenantId, (tx) =>
        tx
          .insertInto('interventions')
          .values(
            interventions.map((i) => ({
              id: i.id,
              tenant_id: tenantId,
              student_id: i.studentId,
              course_id: i.courseId,
              section_id: i.sectionId,
              objective_id: i.objectiveId,
              item_id: i.itemId,
              type: i.type,
              evidence: JSON.stringify(i.evidence),
              confidence: i.confidence,
              action: JSON.stringify(i.action),
              status: i.status,
              queue_reason: i.queueReason,
              source_event_id: null,
            })),
          )
          // An absence already alerted (another worker's sweep): migration 0015's unique index.
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst(),
      );
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },
    markDelivered(tenantId, id) {
      return inTenant(db, tenantId, async (tx) => {
        const result = await tx
          .updateTable('interventions')
          .set({ status: 'delivered', updated_at: sql<Date>`now()` })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .where('status', 'in', ['applied', 'approved', 'edited'])
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      });
    },
    decide(tenantId, id, change) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .updateTable('interventions')
          .set({
            status: change.status,
            ...(change.action ? { action: JSON.stringify(change.action) } : {}),
            decided_by: change.decidedBy,
            decided_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .where('status', 'in', change.from)
          .returningAll()
          .executeTakeFirst();
        return row ? toRecord(row) : null;
      });
    },
    outcomes(tenantId, sectionId) {
      return inTenant(db, tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('interventions')
          .select((eb) => [
            'type',
            eb('status', 'in', DELIVERED).as('delivered'),
            eb.fn.countAll<number>().as('count'),
            sql<number>`count(outcome)`.as('resolved'),
            sql<number>`count(*) filter (where outcome = 'mastered')`.as('mastered'),
          ])
          .where('tenant_id', '=', tenantId)
          .where('section_id', '=', sectionId)
          .groupBy(['type', 'delivered'])
          .orderBy('type')
          .execute();
        return rows.map((r) => ({
          type: r.type,
          delivered: Boolean(r.delivered),
          count: Number(r.count),
          resolved: Number(r.resolved),
          mastered: Number(r.mastered),
        }));
      });
    },
  };
}
