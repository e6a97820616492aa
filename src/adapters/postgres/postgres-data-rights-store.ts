/**
 * Data-rights requests and erasure (docs/PRIVACY.md). An erasure runs in one transaction: the
 * student's id stays as a pseudonym on a tombstone row, so events, class aggregates and audit
 * entries keep holding, while everything that ties the id to a person is deleted.
 */
import { sql, type Selectable } from 'kysely';
import type { DataRightsRequest, DataRightsStore, ErasureOutcome } from '../../ports.js';
import { inTenant, type Db } from './database.js';
import type { DataRightsRequestsTable } from './database-schema.js';
import type { FieldEncryption } from './field-encryption.js';
import { iso, paginate } from './pagination.js';

/** What a tombstone shows where the name was. */
export const ERASED_DISPLAY_NAME = 'Erased student';

const toRequest = (r: Selectable<DataRightsRequestsTable>): DataRightsRequest => ({
  id: r.id,
  tenantId: r.tenant_id,
  studentId: r.student_id,
  kind: r.kind,
  mode: r.mode,
  status: r.status,
  requestedBy: r.requested_by,
  reason: r.reason,
  requestedAt: iso(r.requested_at),
  completedAt: r.completed_at ? iso(r.completed_at) : null,
  outcome: r.outcome,
});

export function createPostgresDataRightsStore(db: Db, enc: FieldEncryption): DataRightsStore {
  return {
    erase(tenantId, request, at) {
      return inTenant(db, tenantId, async (tx) => {
        const student = await tx
          .selectFrom('users')
          .select(['id', 'pseudonymised'])
          .where('tenant_id', '=', tenantId)
          .where('id', '=', request.studentId)
          .where('role', '=', 'student')
          .forUpdate()
          .executeTakeFirstOrThrow();
        const c = await enc.forTenant(tx, tenantId, { encrypt: true });
        const id = student.id;
        await tx
          .updateTable('users')
          .set({
            email: null,
            email_index: null,
            display_name: c.encrypt(ERASED_DISPLAY_NAME, 'users.display_name', id),
            given_name: null,
            family_name: null,
            external_id: null,
            external_id_index: null,
            birth_date: null,
            age_band: null,
            password_hash: null,
            pseudonymised: true,
            updated_at: at,
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .execute();
        const apiKeys = await tx
          .deleteFrom('api_keys')
          .where('user_id', '=', id)
          .executeTakeFirst();
        const sessions = await tx
          .deleteFrom('web_sessions')
          .where('user_id', '=', id)
          .executeTakeFirst();
        const consents = await tx
          .updateTable('consents')
          .set((eb) => ({
            granted_by: null,
            evidence: null,
            revocation_note: null,
            revoked_at: eb.fn.coalesce('revoked_at', sql<Date>`${at}::timestamptz`),
          }))
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', id)
          .executeTakeFirst();
        // Free text the student wrote, blanked in place: forum posts and short-text answers.
        const events = await sql`
          update events e set payload = case
              when e.type = 'forum_posted' then jsonb_set(e.payload, '{text}', '""'::jsonb)
              else jsonb_set(e.payload, '{response}', '""'::jsonb) end
            where e.tenant_id = ${tenantId} and e.student_id = ${id}
              and ((e.type = 'forum_posted' and e.payload->>'text' <> '')
                or (e.type = 'item_attempted' and jsonb_typeof(e.payload->'response') = 'string'
                    and e.payload->>'response' <> ''
                    and exists (select 1 from content c where c.tenant_id = e.tenant_id
                      and c.id = (e.payload->>'itemId')::uuid and c.item->>'format' = 'short_text')))`.execute(
          tx,
        );
        // The same in the outbox: in rows written before batches (one message each) and in
        // each message of a batch row (migration-free: the row's payload is {"batch": […]}).
        const outboxSingles = await sql`
          update outbox o set payload = case
              when o.payload->'event'->>'type' = 'forum_posted'
                then jsonb_set(o.payload, '{event,text}', '""'::jsonb)
              else jsonb_set(o.payload, '{event,response}', '""'::jsonb) end
            where o.tenant_id = ${tenantId} and o.payload->'event'->>'studentId' = ${id}
              and ((o.payload->'event'->>'type' = 'forum_posted' and o.payload->'event'->>'text' <> '')
                or (o.payload->'event'->>'type' = 'item_attempted'
                    and jsonb_typeof(o.payload->'event'->'response') = 'string'
                    and o.payload->'event'->>'response' <> ''
                    and exists (select 1 from content c where c.tenant_id = o.tenant_id
                      and c.id = (o.payload->'event'->>'itemId')::uuid and c.item->>'format' = 'short_text')))`.execute(
          tx,
        );
        const outboxBatches = await sql<{ blanked: number }>`
          with messages as (
            select o.id, x.n, x.m, x.m->'payload'->'event' as e
              from outbox o
              cross join lateral jsonb_array_elements(o.payload->'batch') with ordinality as x(m, n)
             where o.tenant_id = ${tenantId} and jsonb_typeof(o.payload->'batch') = 'array'
          ), marked as (
            select id, n, m, e->>'type' as type,
                   coalesce(e->>'studentId' = ${id}
                     and ((e->>'type' = 'forum_posted' and e->>'text' <> '')
                       or (e->>'type' = 'item_attempted'
                           and jsonb_typeof(e->'response') = 'string' and e->>'response' <> ''
                           and exists (select 1 from content c where c.tenant_id = ${tenantId}
                             and c.id = (e->>'itemId')::uuid and c.item->>'format' = 'short_text'))),
                     false) as hit
              from messages
          ), rewritten as (
            select id,
                   jsonb_agg(case when not hit then m
                                  when type = 'forum_posted'
                                    then jsonb_set(m, '{payload,event,text}', '""'::jsonb)
                                  else jsonb_set(m, '{payload,event,response}', '""'::jsonb) end
                             order by n) as batch,
                   count(*) filter (where hit)::int as blanked
              from marked group by id having bool_or(hit)
          )
          update outbox o set payload = jsonb_build_object('batch', r.batch)
            from rewritten r where o.id = r.id
          returning r.blanked`.execute(tx);
        let mastery = 0;
        let features = 0;
        if (request.mode === 'delete') {
          mastery = Number(
            (
              await tx
                .deleteFrom('mastery')
                .where('tenant_id', '=', tenantId)
                .where('student_id', '=', id)
                .executeTakeFirst()
            ).numDeletedRows,
          );
          features = Number(
            (
              await tx
                .deleteFrom('learner_features')
                .where('tenant_id', '=', tenantId)
                .where('student_id', '=', id)
                .executeTakeFirst()
            ).numDeletedRows,
          );
        }
        const outcome: ErasureOutcome = {
          alreadyErased: student.pseudonymised,
          apiKeys: Number(apiKeys.numDeletedRows),
          webSessions: Number(sessions.numDeletedRows),
          consents: Number(consents.numUpdatedRows),
          eventsBlanked: Number(events.numAffectedRows ?? 0n),
          outboxBlanked:
            Number(outboxSingles.numAffectedRows ?? 0n) +
            outboxBatches.rows.reduce((n, r) => n + r.blanked, 0),
          mastery,
          features,
        };
        const row = await tx
          .insertInto('data_rights_requests')
          .values({
            id: request.id,
            tenant_id: tenantId,
            student_id: id,
            kind: 'erasure',
            mode: request.mode,
            status: 'completed',
            requested_by: request.requestedBy,
            reason: request.reason,
            requested_at: request.requestedAt,
            completed_at: at,
            outcome: JSON.stringify(outcome),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { request: toRequest(row), outcome };
      });
    },
    recordRequest(tenantId, request) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .insertInto('data_rights_requests')
          .values({
            id: request.id,
            tenant_id: tenantId,
            student_id: request.studentId,
            kind: request.kind,
            mode: request.mode,
            status: request.status,
            requested_by: request.requestedBy,
            reason: request.reason,
            requested_at: request.requestedAt,
            completed_at: request.completedAt,
            outcome: JSON.stringify(request.outcome),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRequest(row);
      });
    },
    listRequests(tenantId, filter, page) {
      return inTenant(db, tenantId, (tx) => {
        let q = tx.selectFrom('data_rights_requests').selectAll().where('tenant_id', '=', tenantId);
        if (filter.studentId) {
          q = q.where('student_id', '=', filter.studentId);
        }
        return paginate(q, 'id', page, toRequest);
      });
    },
  };
}
