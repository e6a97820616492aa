/**
 * The intervention agent's storage (docs/INTERVENTIONS.md): its detector state per student, the
 * response-time norm per item (for rapid guessing), and the interventions themselves with their
 * review status and outcome. All three are tenant tables under row-level security, like 0004.
 *
 * Two functions keep the bus consumer to two statements per message, each run as `pathwise_app`:
 *
 * - `pathwise_intervention_context(tenant, doc)` reads what the agent needs: the student's state
 *   and its version, their learner features and mastery in the course, their sections in the
 *   course and the item's time norm.
 * - `pathwise_apply_interventions(consumer, message, tenant, doc)` takes a per-student lock, then
 *   answers `duplicate` if the consumer already processed the message, `stale` if the state's
 *   version is not the one the caller derived from (it reads and derives again); otherwise it
 *   records the receipt and writes the state, the item's norm, the new interventions and the
 *   outcomes now known, and answers `ok`.
 */
const tables = ['intervention_state', 'item_time_norms', 'interventions'];

export const statements = [
  `create table intervention_state (
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null references users (id) on delete cascade,
    state jsonb not null,
    version uuid not null,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, student_id)
  )`,
  `create table item_time_norms (
    tenant_id uuid not null references tenants (id) on delete cascade,
    item_id uuid not null references content (id) on delete cascade,
    responses integer not null,
    mean_log_ms double precision not null,
    primary key (tenant_id, item_id)
  )`,
  `create table interventions (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null references users (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    section_id uuid references sections (id) on delete set null,
    objective_id uuid references objectives (id) on delete set null,
    item_id uuid,
    type text not null check (type in ('wheel_spinning', 'failure_run', 'rapid_guessing',
      'hint_abuse', 'disengagement', 'declining_mastery')),
    evidence jsonb not null,
    confidence double precision not null check (confidence between 0 and 1),
    action jsonb not null,
    status text not null check (status in ('queued_for_review', 'applied', 'approved', 'edited',
      'dismissed', 'delivered')),
    queue_reason text check (queue_reason in ('low_confidence', 'rate_limit')),
    source_event_id uuid,
    decided_by uuid,
    decided_at timestamptz,
    outcome text check (outcome in ('mastered', 'not_mastered')),
    outcome_attempts integer,
    outcome_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index interventions_section on interventions (tenant_id, section_id, id)`,
  `create index interventions_student on interventions (tenant_id, student_id, id)`,
  `create index interventions_student_type on interventions (tenant_id, student_id, course_id, type)`,
  ...tables.flatMap((table) => [
    `grant select, insert, update, delete on ${table} to pathwise_app`,
    `alter table ${table} enable row level security`,
    `create policy tenant_isolation on ${table}
       using (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))
       with check (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))`,
  ]),

  `create or replace function pathwise_intervention_context(p_tenant uuid, p_doc jsonb) returns jsonb
   language plpgsql as $$
   declare
     v_student uuid := (p_doc->>'student')::uuid;
     v_course uuid := (p_doc->>'course')::uuid;
     result jsonb;
   begin
     perform set_config('pathwise.tenant_id', p_tenant::text, true);
     perform set_config('role', 'pathwise_app', true);
     select jsonb_build_object(
       'version', (select s.version from intervention_state s
                    where s.tenant_id = p_tenant and s.student_id = v_student),
       'state', (select s.state from intervention_state s
                  where s.tenant_id = p_tenant and s.student_id = v_student),
       'features', (select f.features from learner_features f
                     where f.tenant_id = p_tenant and f.student_id = v_student
                       and f.course_id = v_course),
       'sections', coalesce((select jsonb_agg(s.id order by s.id) from enrollments e
                               join sections s on s.id = e.section_id
                              where e.tenant_id = p_tenant and e.user_id = v_student
                                and e.role = 'student' and s.course_id = v_course), '[]'::jsonb),
       'mastery', coalesce((select jsonb_object_agg(m.objective_id, m.p_mastery) from mastery m
                             where m.tenant_id = p_tenant and m.student_id = v_student
                               and m.course_id = v_course), '{}'::jsonb),
       'norm', (select jsonb_build_object('responses', n.responses, 'meanLogMs', n.mean_log_ms)
                  from item_time_norms n
                 where n.tenant_id = p_tenant and n.item_id = (p_doc->>'item')::uuid))
       into result;
     return result;
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
     select i.id, p_tenant, v_student, i.course, i.section, i.objective, i.item, i.type,
            i.evidence, i.confidence, i.action, i.status, i.reason, p_message
       from jsonb_to_recordset(p_doc->'interventions')
            as i(id uuid, course uuid, section uuid, objective uuid, item uuid, type text,
                 evidence jsonb, confidence float8, action jsonb, status text, reason text);

     update interventions v set
       outcome = o.outcome, outcome_attempts = o.attempts, outcome_at = now()
       from jsonb_to_recordset(p_doc->'outcomes') as o(id uuid, outcome text, attempts int)
      where v.tenant_id = p_tenant and v.id = o.id;
     return 'ok';
   end $$`,
];
