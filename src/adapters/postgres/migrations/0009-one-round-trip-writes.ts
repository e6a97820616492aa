/**
 * The two busiest writes in one round trip each: ingesting events, and applying an answered item
 * to the class aggregates.
 *
 * Ingestion. Each learner-features row (one per student and course) gets a
 * version that changes with every write of that student's features or mastery in the course, so
 * an API process may keep the learner state in memory and derive the writes from it before it
 * talks to the database. Two functions do the database's part, each one statement (so one round
 * trip, atomic, with plans cached by PL/pgSQL):
 *
 * - `pathwise_learner_state(tenant, doc)` reads the versions, features and course mastery of
 *   some (student, course) pairs and which client event ids are already stored.
 * - `pathwise_ingest(tenant, doc)` takes the per-student locks, checks that every pair still has
 *   the version the caller derived from and that no event id is stored yet, and only then writes
 *   events, keys, mastery, features (with their new versions) and outbox messages. Otherwise it
 *   writes nothing and answers `stale` with the current state, or `duplicates` with the ids
 *   already stored, so the caller derives again.
 *
 * Class aggregates: `pathwise_apply_attempt(consumer, message, tenant, doc)` records the
 * consumer's receipt for the message and, only if it is new, adds the attempt to the aggregates of
 * the event's section (or of each section of the course the student is enrolled in).
 *
 * Each binds its statement to the tenant and runs as `pathwise_app`, so row-level security
 * applies.
 */
export const statements = [
  `alter table learner_features add column version uuid not null default gen_random_uuid()`,

  `create or replace function pathwise_learner_state(p_tenant uuid, p_doc jsonb) returns jsonb
   language plpgsql as $$
   declare
     result jsonb;
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     select jsonb_build_object(
       'states', coalesce((
         select jsonb_agg(jsonb_build_object(
           'student', p.student, 'course', p.course,
           'version', f.version, 'features', f.features,
           'mastery', coalesce((
             select jsonb_agg(jsonb_build_object(
               'objective', m.objective_id, 'p', m.p_mastery, 'attempts', m.attempts,
               'correct', m.correct, 'at', m.updated_at))
               from mastery m
              where m.tenant_id = p_tenant and m.student_id = p.student
                and m.course_id = p.course), '[]'::jsonb)))
           from jsonb_to_recordset(p_doc->'pairs') as p(student uuid, course uuid)
           left join learner_features f
             on f.tenant_id = p_tenant and f.student_id = p.student and f.course_id = p.course),
         '[]'::jsonb),
       'stored', coalesce((
         select jsonb_agg(k.client_event_id) from event_keys k
          where k.tenant_id = p_tenant
            and k.client_event_id = any(array(select jsonb_array_elements_text(p_doc->'ids')))),
         '[]'::jsonb))
       into result;
     return result;
   end $$`,

  `create or replace function pathwise_ingest(p_tenant uuid, p_doc jsonb) returns jsonb
   language plpgsql as $$
   declare
     stale jsonb;
     stored jsonb;
     month timestamptz;
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     -- The same per-student locks, in the same order, as the transactional path.
     perform pg_advisory_xact_lock(hashtextextended(k, 0))
        from (select distinct p_tenant::text || '/' || p.student as k
                from jsonb_to_recordset(p_doc->'pairs') as p(student text)
               order by 1) keys;

     select jsonb_agg(jsonb_build_object('student', p.student, 'course', p.course))
       into stale
       from jsonb_to_recordset(p_doc->'pairs') as p(student uuid, course uuid, expect uuid)
       left join learner_features f
         on f.tenant_id = p_tenant and f.student_id = p.student and f.course_id = p.course
      where f.version is distinct from p.expect;
     if stale is not null then
       return jsonb_build_object('status', 'stale', 'states',
         pathwise_learner_state(p_tenant, jsonb_build_object('pairs', stale))->'states');
     end if;

     select jsonb_agg(k.client_event_id) into stored from event_keys k
      where k.tenant_id = p_tenant
        and k.client_event_id = any(array(select e.c from jsonb_to_recordset(p_doc->'events') as e(c text)));
     if stored is not null then
       return jsonb_build_object('status', 'duplicates', 'stored', stored);
     end if;

     -- The months the caller has not seen a partition for yet.
     for month in select m::timestamptz from jsonb_array_elements_text(p_doc->'months') as m loop
       perform pathwise_ensure_event_partition(month);
     end loop;

     insert into event_keys (tenant_id, client_event_id, event_id, occurred_at)
     select p_tenant, e.c, e.i, e.at
       from jsonb_to_recordset(p_doc->'events') as e(c text, i uuid, at timestamptz);

     insert into events (tenant_id, id, client_event_id, type, student_id, course_id,
                         section_id, session_id, occurred_at, payload)
     select p_tenant, e.i, e.c, e.t, e.s, e.co, e.se, e.ss, e.at, e.p
       from jsonb_to_recordset(p_doc->'events')
            as e(i uuid, c text, t text, s uuid, co uuid, se uuid, ss text, at timestamptz, p jsonb);

     insert into mastery (tenant_id, student_id, objective_id, course_id, p_mastery, attempts,
                          correct, updated_at)
     select p_tenant, m.s, m.o, m.co, m.p, m.n, m.k, m.at
       from jsonb_to_recordset(p_doc->'mastery')
            as m(s uuid, o uuid, co uuid, p float8, n int, k int, at timestamptz)
     on conflict (tenant_id, student_id, objective_id) do update set
       p_mastery = excluded.p_mastery, attempts = excluded.attempts,
       correct = excluded.correct, updated_at = excluded.updated_at;

     insert into learner_features (tenant_id, student_id, course_id, features, updated_at, version)
     select p_tenant, f.s, f.co, f.f, now(), f.v
       from jsonb_to_recordset(p_doc->'features') as f(s uuid, co uuid, f jsonb, v uuid)
     on conflict (tenant_id, student_id, course_id) do update set
       features = excluded.features, updated_at = excluded.updated_at, version = excluded.version;

     insert into outbox (id, tenant_id, subject, payload)
     select o.i, p_tenant, o.sub, o.p
       from jsonb_to_recordset(p_doc->'outbox') as o(i uuid, sub text, p jsonb);

     return jsonb_build_object('status', 'ok');
   end $$`,

  `create or replace function pathwise_apply_attempt(
     p_consumer text, p_message uuid, p_tenant uuid, p_doc jsonb) returns boolean
   language plpgsql as $$
   declare
     target uuid[];
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     insert into consumer_receipts (consumer, message_id) values (p_consumer, p_message)
     on conflict do nothing;
     if not found then
       return false;
     end if;
     if p_doc->>'section' is not null then
       target := array[(p_doc->>'section')::uuid];
     else
       target := array(
         select s.id from enrollments e join sections s on s.id = e.section_id
          where e.tenant_id = p_tenant and e.user_id = (p_doc->>'student')::uuid
            and s.course_id = (p_doc->>'course')::uuid);
     end if;
     -- Per objective: 'enter' is the histogram of a new row, 'delta' moves the student between
     -- buckets of an existing one; 'mastered' / 'masteredDelta' likewise for the mastered count.
     insert into class_aggregates as a (tenant_id, section_id, objective_id, attempts, correct,
                                        mastery_histogram, mastered)
     select p_tenant, t.section, o.objective, 1, (p_doc->>'correct')::int, o.enter, o.mastered
       from unnest(target) as t(section)
      cross join jsonb_to_recordset(p_doc->'objectives')
            as o(objective uuid, enter int[], mastered int)
     on conflict (section_id, objective_id) do update set
       attempts = a.attempts + 1,
       correct = a.correct + (p_doc->>'correct')::int,
       mastery_histogram = (
         select array_agg(greatest(0, h + d) order by i)
           from unnest(a.mastery_histogram, (
                  select array(select jsonb_array_elements_text(o.value->'delta')::int)
                    from jsonb_array_elements(p_doc->'objectives') o
                   where (o.value->>'objective')::uuid = excluded.objective_id))
                with ordinality as u(h, d, i)),
       mastered = greatest(0, a.mastered + (
         select (o.value->>'masteredDelta')::int from jsonb_array_elements(p_doc->'objectives') o
          where (o.value->>'objective')::uuid = excluded.objective_id)),
       updated_at = now();
     return true;
   end $$`,
];
