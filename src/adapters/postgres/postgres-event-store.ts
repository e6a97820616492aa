import { sql } from 'kysely';
import type { LearningEvent } from '../../domain/events/learning-event.js';
import type { EventStore } from '../../ports.js';
import { inTenant, type Db, type Tx } from './database.js';

/** Creates the monthly partitions the events fall in, skipping months in `ensured` ('YYYY-MM'). */
async function ensurePartitions(
  tx: Tx,
  events: readonly LearningEvent[],
  ensured: Set<string>,
): Promise<void> {
  const months = new Map<string, string>();
  for (const e of events) {
    const month = e.timestamp.slice(0, 7);
    if (!ensured.has(month) && !months.has(month)) {
      months.set(month, e.timestamp);
    }
  }
  for (const [month, ts] of months) {
    await sql`select pathwise_ensure_event_partition(${ts}::timestamptz)`.execute(tx);
    ensured.add(month);
  }
}

/** Splits an event into its indexed columns and its type-specific payload. */
function columnsOf(e: LearningEvent) {
  const {
    id: _id,
    type: _type,
    studentId: _s,
    courseId: _c,
    sectionId,
    sessionId,
    timestamp: _t,
    ...payload
  } = e;
  return { sectionId: sectionId ?? null, sessionId: sessionId ?? null, payload };
}

export function createPostgresEventStore(db: Db): EventStore {
  const ensured = new Set<string>();
  return {
    append(tenantId, events, newId) {
      return inTenant(db, tenantId, async (tx) => {
        if (events.length === 0) {
          return { inserted: 0, duplicates: 0 };
        }
        await ensurePartitions(tx, events, ensured);
        const withIds = events.map((e) => ({ e, id: newId() }));
        const fresh = new Set(
          (
            await tx
              .insertInto('event_keys')
              .values(
                withIds.map(({ e, id }) => ({
                  tenant_id: tenantId,
                  client_event_id: e.id,
                  event_id: id,
                  occurred_at: e.timestamp,
                })),
              )
              .onConflict((oc) => oc.doNothing())
              .returning('event_id')
              .execute()
          ).map((r) => r.event_id),
        );
        const rows = withIds
          .filter(({ id }) => fresh.has(id))
          .map(({ e, id }) => {
            const c = columnsOf(e);
            return {
              tenant_id: tenantId,
              id,
              client_event_id: e.id,
              type: e.type,
              student_id: e.studentId,
              course_id: e.courseId,
              section_id: c.sectionId,
              session_id: c.sessionId,
              occurred_at: e.timestamp,
              payload: JSON.stringify(c.payload),
            };
          });
        for (let i = 0; i < rows.length; i += 500) {
          await tx
            .insertInto('events')
            .values(rows.slice(i, i + 500))
            .execute();
        }
        return { inserted: rows.length, duplicates: events.length - rows.length };
      });
    },
    async countForTenant(tenantId) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow();
        return Number(row.n);
      });
    },
  };
}
