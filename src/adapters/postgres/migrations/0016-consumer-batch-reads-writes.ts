/**
 * Cheaper consumer batches and hot rows (docs/EVENTS.md "Performance").
 *
 * - `mastery_course` also keys on the student: the per-student reads of a course's mastery (the
 *   hot path's state, the intervention context) filter on tenant, student and course, and with
 *   the old (tenant, course, objective) index a planner without fresh statistics (autovacuum
 *   off, or a table that grew since its last analyze) scanned every student of the course.
 * - Rows rewritten on every event (mastery, features, class aggregates, agent and analytics
 *   states) leave room on their page (fillfactor 80), so an update can stay on the page
 *   (a HOT update: no new index entries) and dead versions are pruned as pages are read.
 * - Large JSON states are compressed with lz4 where the server has it (much cheaper than pglz
 *   on every rewrite); without lz4 (an embedded build) they keep the default.
 * - `pathwise_intervention_contexts(tenant, students, courses, known, items)`: the
 *   intervention context of several messages of one tenant, each student and course read once
 *   and each item's norm once, whatever the number of messages; a student's state is left out
 *   (`known`) when its version is the one the caller says it holds already.
 * - `pathwise_apply_attempts(consumer, tenant, messages, docs)`: the class aggregates of a
 *   batch of one tenant's answers, set-based: the receipts of the messages not applied yet, then
 *   one update (or insert) per section and objective with the sums of their changes, instead of
 *   one per message. A row's first answer enters its histogram as `pathwise_apply_attempt`
 *   does; the only difference from one by one is that a bucket is floored at zero once, after the
 *   sum, not after every answer (it matters only for counts that were already inconsistent).
 * - `pathwise_apply_intervention_chain(consumer, tenant, doc)`: the writes of one student's
 *   messages of a batch, each expecting the version the previous one writes. With no receipt
 *   yet and the expected version in place, it takes the student's lock once, records every
 *   receipt, writes the state once (the last one), then each message's item norm,
 *   interventions and outcomes in order. Otherwise a chain of one message is applied by
 *   `pathwise_apply_interventions` (its answer: duplicate or stale), and a longer chain writes
 *   nothing and answers stale for each message, which the consumer then redoes one by one.
 *   What each message adds besides the state (its item norm, interventions and outcomes) is
 *   `pathwise_intervention_effects`, which `pathwise_apply_interventions` now calls as well.
 */
const hotTables = [
  'mastery',
  'learner_features',
  'class_aggregates',
  'intervention_state',
  'analytics_learners',
];

export const statements = [
  `drop index mastery_course`,
  `create index mastery_course on mastery (tenant_id, course_id, student_id, objective_id)`,
  ...hotTables.map((t) => `alter table ${t} set (fillfactor = 80)`),
  `do $$
   begin
     if exists (select 1 from pg_settings
                 where name = 'default_toast_compression' and 'lz4' = any(enumvals)) then
       alter table intervention_state alter column state set compression lz4;
       alter table analytics_learners alter column state set compression lz4;
       alter table learner_features alter column features set compression lz4;
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
           from item_time_norms n
          where n.tenant_id = p_tenant and n.item_id = any(p_items)), '{}'::jsonb))
       into result;
     return result;
   end $$`,

  `create or replace function pathwise_apply_attempts(
     p_consumer text, p_tenant uuid, p_messages uuid[], p_docs jsonb[]) returns integer
   language plpgsql as $$
   declare
     v_fresh uuid[];
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     with fresh as (
       insert into consumer_receipts (consumer, message_id)
       select p_consumer, unnest(p_messages)
       on conflict do nothing
       returning message_id
     )
     select coalesce(array_agg(message_id), '{}') into v_fresh from fresh;

     -- Per section and objective: the sums for an existing row, and for a new row the same with
     -- its first answer entering (enter, mastered) instead of moving (delta, masteredDelta).
     with docs as (
       select d.doc, d.n
         from unnest(p_messages, p_docs) with ordinality as d(m, doc, n)
        where d.m = any(v_fresh)
     ), targets as (
       select docs.n, docs.doc, (docs.doc->>'section')::uuid as section
         from docs where docs.doc->>'section' is not null
       union all
       select docs.n, docs.doc, s.id
         from docs
         join enrollments e on e.tenant_id = p_tenant
                           and e.user_id = (docs.doc->>'student')::uuid
         join sections s on s.id = e.section_id and s.course_id = (docs.doc->>'course')::uuid
        where docs.doc->>'section' is null
     ), changes as (
       select t.section, (o->>'objective')::uuid as objective, t.n,
              (t.doc->>'correct')::int as correct,
              array(select jsonb_array_elements_text(o->'delta')::int) as delta,
              array(select jsonb_array_elements_text(o->'enter')::int) as enter,
              (o->>'masteredDelta')::int as mastered_delta, (o->>'mastered')::int as mastered,
              row_number() over (partition by t.section, (o->>'objective')::uuid
                                 order by t.n) as k
         from targets t cross join lateral jsonb_array_elements(t.doc->'objectives') as o
     ), buckets as (
       select c.section, c.objective, u.i,
              sum(u.d)::int as d,
              sum(case when c.k = 1 then u.e else u.d end)::int as e
         from changes c cross join lateral unnest(c.delta, c.enter) with ordinality as u(d, e, i)
        group by 1, 2, 3
     ), summed as (
       select c.section, c.objective, count(*)::int as attempts, sum(c.correct)::int as correct,
              sum(c.mastered_delta)::int as mastered_delta,
              sum(case when c.k = 1 then c.mastered else c.mastered_delta end)::int as mastered,
              (select array_agg(b.d order by b.i) from buckets b
                where b.section = c.section and b.objective = c.objective) as delta,
              (select array_agg(greatest(0, b.e) order by b.i) from buckets b
                where b.section = c.section and b.objective = c.objective) as histogram
         from changes c
        group by c.section, c.objective
     ), moved as (
       update class_aggregates a set
         attempts = a.attempts + s.attempts,
         correct = a.correct + s.correct,
         mastery_histogram = (
           select array_agg(greatest(0, h + d) order by i)
             from unnest(a.mastery_histogram, s.delta) with ordinality as u(h, d, i)),
         mastered = greatest(0, a.mastered + s.mastered_delta),
         updated_at = now()
         from summed s
        where a.section_id = s.section and a.objective_id = s.objective
        returning a.section_id, a.objective_id
     )
     insert into class_aggregates as a (tenant_id, section_id, objective_id, attempts, correct,
                                        mastery_histogram, mastered)
     select p_tenant, s.section, s.objective, s.attempts, s.correct, s.histogram,
            greatest(0, s.mastered)
       from summed s
      where not exists (select 1 from moved m
                         where m.section_id = s.section and m.objective_id = s.objective)
     -- Another process inserted the row meanwhile: add this batch to it.
     on conflict (section_id, objective_id) do update set
       attempts = a.attempts + excluded.attempts,
       correct = a.correct + excluded.correct,
       mastery_histogram = (
         select array_agg(h + d order by i)
           from unnest(a.mastery_histogram, excluded.mastery_histogram)
                with ordinality as u(h, d, i)),
       mastered = a.mastered + excluded.mastered,
       updated_at = now();
     return coalesce(array_length(v_fresh, 1), 0);
   end $$`,

  // What a message adds besides the state: its item's response-time norm, its interventions and
  // the outcomes it settles. The one-message function (0010) is redefined to call it too.
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
     insert into interventions (id, tenant_id, student_id, course_id, section_id, objective_id,
                                item_id, type, evidence, confidence, action, status, queue_reason,
                                source_event_id)
     select i.id, p_tenant, p_student, i.course, i.section, i.objective, i.item, i.type,
            i.evidence, i.confidence, i.action, i.status, i.reason, p_message
       from jsonb_to_recordset(p_doc->'interventions')
            as i(id uuid, course uuid, section uuid, objective uuid, item uuid, type text,
                 evidence jsonb, confidence float8, action jsonb, status text, reason text);
     update interventions v set
       outcome = o.outcome, outcome_attempts = o.attempts, outcome_at = now()
       from jsonb_to_recordset(p_doc->'outcomes') as o(id uuid, outcome text, attempts int)
      where v.tenant_id = p_tenant and v.id = o.id;
   end $$`,

  `create or replace function pathwise_apply_interventions(
     p_consumer text, p_message uuid, p_tenant uuid, p_doc jsonb) returns text
   language plpgsql as $$
   declare
     v_student uuid := (p_doc->>'student')::uuid;
     v_current uuid;
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     perform pg_advisory_xact_lock(hashtextextended('interventions/' || p_tenant || '/' || v_student, 0));
     if exists (select 1 from consumer_receipts
                 where consumer = p_consumer and message_id = p_message) then
       return 'duplicate';
     end if;
     select s.version into v_current from intervention_state s
      where s.tenant_id = p_tenant and s.student_id = v_student;
     if v_current is distinct from (p_doc->>'expect')::uuid then
       return 'stale';
     end if;
     insert into consumer_receipts (consumer, message_id) values (p_consumer, p_message);
     insert into intervention_state (tenant_id, student_id, state, version, updated_at)
     values (p_tenant, v_student, p_doc->'state', (p_doc->>'version')::uuid, now())
     on conflict (tenant_id, student_id) do update set
       state = excluded.state, version = excluded.version, updated_at = excluded.updated_at;
     perform pathwise_intervention_effects(p_tenant, v_student, p_message, p_doc);
     return 'ok';
   end $$`,

  `create or replace function pathwise_apply_intervention_chain(
     p_consumer text, p_tenant uuid, p_doc jsonb) returns text[]
   language plpgsql as $$
   declare
     v_student uuid := (p_doc->>'student')::uuid;
     v_messages uuid[] := array(select jsonb_array_elements_text(p_doc->'messages')::uuid);
     v_current uuid;
     v_results text[] := '{}';
     m jsonb;
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     perform pg_advisory_xact_lock(hashtextextended('interventions/' || p_tenant || '/' || v_student, 0));
     select s.version into v_current from intervention_state s
      where s.tenant_id = p_tenant and s.student_id = v_student;
     if exists (select 1 from consumer_receipts
                 where consumer = p_consumer and message_id = any(v_messages))
        or v_current is distinct from (p_doc->>'expect')::uuid then
       if jsonb_array_length(p_doc->'each') = 1 then
         return array[pathwise_apply_interventions(
           p_consumer, v_messages[1], p_tenant, p_doc->'single')];
       end if;
       return array_fill('stale'::text, array[jsonb_array_length(p_doc->'each')]);
     end if;

     insert into consumer_receipts (consumer, message_id)
     select p_consumer, unnest(v_messages);
     insert into intervention_state (tenant_id, student_id, state, version, updated_at)
     values (p_tenant, v_student, p_doc->'state', (p_doc->>'version')::uuid, now())
     on conflict (tenant_id, student_id) do update set
       state = excluded.state, version = excluded.version, updated_at = excluded.updated_at;

     for m in select value from jsonb_array_elements(p_doc->'each') loop
       perform pathwise_intervention_effects(p_tenant, v_student, (m->>'message')::uuid, m);
       v_results := v_results || 'ok'::text;
     end loop;
     return v_results;
   end $$`,
];
