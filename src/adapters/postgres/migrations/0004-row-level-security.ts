/**
 * Tenant isolation in the database itself. Every tenant table gets a row-level security policy
 * that admits only rows of the tenant named by `pathwise.tenant_id`; tenant-scoped transactions
 * run as `pathwise_app`, a role without BYPASSRLS (see `inTenant`), so a query that forgets its
 * tenant filter still sees nothing of another tenant. Platform tables (tenants, operators, keys,
 * sessions, the outbox, consumer receipts) stay outside: they are read before a tenant is known.
 */
const tenantTables = [
  'users',
  'courses',
  'objectives',
  'sections',
  'enrollments',
  'prerequisites',
  'content',
  'content_objectives',
  'events',
  'event_keys',
  'mastery',
  'learner_features',
  'class_aggregates',
];

export const statements = [
  `do $$ begin
     if not exists (select 1 from pg_roles where rolname = 'pathwise_app') then
       create role pathwise_app nologin nobypassrls;
     end if;
   end $$`,
  // The connecting role must be able to switch to pathwise_app.
  `do $$ begin execute format('grant pathwise_app to %I', current_user); end $$`,
  `grant usage on schema public to pathwise_app`,
  `grant select, insert, update, delete on all tables in schema public to pathwise_app`,
  `alter default privileges in schema public grant select, insert, update, delete on tables to pathwise_app`,
  // Monthly partitions are created on demand by the hot path: as the owner, not the app role.
  `create or replace function pathwise_ensure_event_partition(ts timestamptz) returns void
   language plpgsql security definer set search_path = public as $$
   declare
     month_start timestamptz := date_trunc('month', ts at time zone 'UTC') at time zone 'UTC';
     name text := 'events_' || to_char(month_start at time zone 'UTC', 'YYYY_MM');
   begin
     if to_regclass(name) is null then
       execute format(
         'create table if not exists %I partition of events for values from (%L) to (%L)',
         name, month_start, month_start + interval '1 month');
       execute format('grant select, insert, update, delete on %I to pathwise_app', name);
     end if;
   exception when duplicate_table then
     null;
   end $$`,
  `grant execute on function pathwise_ensure_event_partition(timestamptz) to pathwise_app`,
  `do $$ declare p record; begin
     for p in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
              where i.inhparent = 'events'::regclass loop
       execute format('grant select, insert, update, delete on %I to pathwise_app', p.relname);
     end loop;
   end $$`,
  ...tenantTables.flatMap((table) => [
    `alter table ${table} enable row level security`,
    // The setting is read in a sub-select so PostgreSQL evaluates it once per statement, not per row.
    `create policy tenant_isolation on ${table}
       using (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))
       with check (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))`,
  ]),
];
