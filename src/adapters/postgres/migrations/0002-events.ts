/**
 * The append-only learning-event log, partitioned by month of `occurred_at`, with a
 * non-partitioned key table that makes ingestion idempotent on the client's event id.
 * A default partition catches anything outside the monthly partitions, so no insert fails.
 */
export const statements = [
  `create table events (
    tenant_id uuid not null,
    id uuid not null,
    client_event_id text not null,
    type text not null,
    student_id uuid not null,
    course_id uuid not null,
    section_id uuid,
    session_id text,
    occurred_at timestamptz not null,
    received_at timestamptz not null default now(),
    payload jsonb not null,
    primary key (occurred_at, id)
  ) partition by range (occurred_at)`,
  `create table events_default partition of events default`,
  `create index events_student on events (tenant_id, student_id, occurred_at)`,
  `create index events_course on events (tenant_id, course_id, occurred_at)`,
  `create table event_keys (
    tenant_id uuid not null references tenants (id) on delete cascade,
    client_event_id text not null,
    event_id uuid not null,
    occurred_at timestamptz not null,
    primary key (tenant_id, client_event_id)
  )`,
  // Creates the monthly partition holding `ts` if it is missing; idempotent and race-safe.
  `create or replace function pathwise_ensure_event_partition(ts timestamptz) returns void
   language plpgsql as $$
   declare
     month_start timestamptz := date_trunc('month', ts at time zone 'UTC') at time zone 'UTC';
     name text := 'events_' || to_char(month_start at time zone 'UTC', 'YYYY_MM');
   begin
     if to_regclass(name) is null then
       execute format(
         'create table if not exists %I partition of events for values from (%L) to (%L)',
         name, month_start, month_start + interval '1 month');
     end if;
   exception when duplicate_table then
     null;
   end $$`,
];
