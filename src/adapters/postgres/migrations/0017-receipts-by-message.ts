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
 *   as a set.
 * - `pathwise_intervention_effects` runs the insert of interventions and the update of outcomes
 *   only when the message carries some: most answers raise nothing and close nothing, and each
 *   empty statement still cost a plan execution per message.
 */
export const statements = [
  `alter table consumer_receipts drop constraint consumer_receipts_pkey`,
  `alter table consumer_receipts add primary key (message_id, consumer)`,
  `create or replace function pathwise_intervention_effects(
     p_tenant uuid, p_student uuid, p_message uuid, p_doc jsonb) returns void
   language plpgsql as $$
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
       update interventions v set
         outcome = o.outcome, outcome_attempts = o.attempts, outcome_at = now()
         from jsonb_to_recordset(p_doc->'outcomes') as o(id uuid, outcome text, attempts int)
        where v.tenant_id = p_tenant and v.id = o.id;
     end if;
   end $$`,
];
