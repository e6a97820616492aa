/**
 * Cheaper receipts and intervention effects (docs/EVENTS.md "Performance").
 *
 * - Consumer receipts are keyed by message first: primary key (message_id, consumer) instead of
 *   (consumer, message_id). Every consumer asks "which of these messages have I applied?" as
 *   `consumer = $1 and message_id = any($2)`. With the consumer first, a planner without
 *   statistics on the table (autovacuum off, or a table that grew since its last analyze)
 *   estimated a handful of rows per consumer and used the index for the consumer alone,
 *   filtering every receipt that consumer ever wrote: a cost growing with the table, measured at
 *   2 to 12 ms per call after a few thousand events. A message id (UUIDv7) is nearly unique, so
 *   with it first `message_id = any($2)` is the index condition under any plan.
 *   `on conflict (consumer, message_id)` still infers the key: inference compares the columns
 *   as a set. A BRIN index on `processed_at` finds the receipts past their retention
 *   (`PATHWISE_RECEIPT_RETENTION_DAYS`, postgres-receipt-store.ts).
 * - `pathwise_intervention_effects` runs the insert of interventions and the update of outcomes
 *   only when the message carries some: most answers raise nothing and close nothing, and each
 *   empty statement still cost a plan execution per message. An outcome updates its
 *   intervention by primary key: the joined update was planned, without statistics, as a scan of
 *   every intervention of the tenant.
 * - `pathwise_intervention_contexts` reads each item's time norm by primary key (a lateral
 *   lookup per item) instead of `item_id = any(...)`, which without statistics was planned as a
 *   scan of every norm of the tenant filtered by the list.
 */
export const statements = [
  `alter table consumer_receipts drop constraint consumer_receipts_pkey`,
  `alter table consumer_receipts add primary key (message_id, consumer)`,
  `create index consumer_receipts_processed on consumer_receipts using brin (processed_at)`,
  `create or replace function pathwise_intervention_effects(
     p_tenant uuid, p_student uuid, p_message uuid, p_doc jsonb) returns void
   language plpgsql as $$
   declare
     o record;
   begin
     if jsonb_typeof(p_doc->'itemTime') = 'object' then
       insert into item_time_norms as n (tenant_id, item_id, responses, mean_log_ms)
       values (p_tenant, (p_doc->'itemTime'->>'itemId')::uuid, 1,
               ln(greatest(1, (p_doc->'itemTime'->>'durationMs')::float8)))
       on conflict (tenant_id, item_id) do update set
         responses = n.responses + 1,
         mean_log_ms = n.mean_log_ms + (excluded.mean_log_ms - n.mean_log_ms) / (n.responses + 1);
     end if;
     if jsonb_typeof(p_doc->'interventions') = 'array'
        and jsonb_array_length(p_doc->'interventions') > 0 then
       insert into interventions (id, tenant_id, student_id, course_id, section_id, objective_id,
                                  item_id, type, evidence, confidence, action, status, queue_reason,
                                  source_event_id)
       select i.id, p_tenant, p_student, i.course, i.section, i.objective, i.item, i.type,
              i.evidence, i.confidence, i.action, i.status, i.reason, p_message
         from jsonb_to_recordset(p_doc->'interventions')
              as i(id uuid, course uuid, section uuid, objective uuid, item uuid, type text,
                   evidence jsonb, confidence float8, action jsonb, status text, reason text);
     end if;
     if jsonb_typeof(p_doc->'outcomes') = 'array'
        and jsonb_array_length(p_doc->'outcomes') > 0 then
       for o in select * from jsonb_to_recordset(p_doc->'outcomes')
                  as x(id uuid, outcome text, attempts int) loop
         update interventions set
           outcome = o.outcome, outcome_attempts = o.attempts, outcome_at = now()
          where id = o.id and tenant_id = p_tenant;
       end loop;
     end if;
   end $$`,

  `create or replace function pathwise_intervention_contexts(
     p_tenant uuid, p_students uuid[], p_courses uuid[], p_known uuid[], p_items uuid[])
     returns jsonb
   language plpgsql as $$
   declare
     result jsonb;
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     select jsonb_build_object(
       'learners', coalesce((
         select jsonb_agg(jsonb_build_object(
           'student', q.s, 'course', q.c, 'version', st.version,
           'known', coalesce(st.version = q.k, false),
           'state', case when st.version = q.k then null else st.state end,
           'features', (select f.features from learner_features f
                         where f.tenant_id = p_tenant and f.student_id = q.s
                           and f.course_id = q.c),
           'sections', coalesce((select jsonb_agg(s.id order by s.id) from enrollments e
                                   join sections s on s.id = e.section_id
                                  where e.tenant_id = p_tenant and e.user_id = q.s
                                    and e.role = 'student' and s.course_id = q.c), '[]'::jsonb),
           'mastery', coalesce((select jsonb_object_agg(m.objective_id, m.p_mastery) from mastery m
                                 where m.tenant_id = p_tenant and m.course_id = q.c
                                   and m.student_id = q.s), '{}'::jsonb)) order by q.n)
           from unnest(p_students, p_courses, p_known) with ordinality as q(s, c, k, n)
           left join intervention_state st on st.tenant_id = p_tenant and st.student_id = q.s),
         '[]'::jsonb),
       'norms', coalesce((
         select jsonb_object_agg(n.item_id,
                  jsonb_build_object('responses', n.responses, 'meanLogMs', n.mean_log_ms))
           from (select distinct i from unnest(p_items) as i) as w
           cross join lateral (
             select x.item_id, x.responses, x.mean_log_ms from item_time_norms x
              where x.tenant_id = p_tenant and x.item_id = w.i) as n), '{}'::jsonb))
       into result;
     return result;
   end $$`,
];
