/**
 * The audit log: one row per read or write of a student's record, hash-chained per tenant.
 * Requests insert rows (with an arrival `seq`, no hash); the sealer links unsealed rows into the
 * tenant's chain in `seq` order, setting `chain_index`, `prev_hash` and `hash`, and moves the
 * chain head in `audit_chains`. Pruning keeps an anchor (the hash of the last pruned entry) there.
 *
 * Defence in depth: the app role may only insert (the entry columns, not the chain columns) and
 * select; it cannot update or delete entries, and cannot touch `audit_chains` at all. The sealer
 * and retention run as the owner role.
 */
const entryColumns =
  'tenant_id, id, at, actor_kind, actor_id, role, purpose, subject_id, action, resource, request_id';

export const statements = [
  // No foreign key to tenants: its check would share-lock the tenant's row on every append, a
  // per-tenant hot spot on the event path. A trigger removes a deleted tenant's entries instead.
  `create table audit_log (
    tenant_id uuid not null,
    seq bigint generated always as identity,
    id uuid not null,
    at timestamptz not null,
    actor_kind text not null check (actor_kind in ('user', 'service_key', 'operator', 'system')),
    actor_id text,
    role text not null,
    purpose text not null,
    subject_id uuid not null,
    action text not null check (action in ('read', 'write')),
    resource text not null,
    request_id text,
    chain_index bigint,
    prev_hash text,
    hash text,
    primary key (tenant_id, seq),
    check ((chain_index is null) = (hash is null))
  )`,
  `create unique index audit_log_chain on audit_log (tenant_id, chain_index) where chain_index is not null`,
  `create index audit_log_unsealed on audit_log (tenant_id, seq) where chain_index is null`,
  // Exports page by seq: the tenant's through the primary key, a student's through this index.
  `create index audit_log_subject on audit_log (tenant_id, subject_id, seq)`,
  `create table audit_chains (
    tenant_id uuid primary key references tenants (id) on delete cascade,
    head_index bigint not null default 0,
    head_hash text,
    anchor_index bigint not null default 0,
    anchor_hash text,
    pruned bigint not null default 0,
    sealed_at timestamptz,
    pruned_at timestamptz
  )`,
  `create function pathwise_delete_tenant_audit() returns trigger
   language plpgsql security definer set search_path = public as $$
   begin
     delete from audit_log where tenant_id = old.id;
     return old;
   end $$`,
  `create trigger tenants_delete_audit after delete on tenants
     for each row execute function pathwise_delete_tenant_audit()`,
  // The append, in PL/pgSQL so its plan is cached: one call per request, as the caller's role.
  `create function pathwise_audit_append(p_tenant uuid, p_entries jsonb) returns integer
   language plpgsql as $$
   declare
     n integer;
   begin
     insert into audit_log (${entryColumns})
     select p_tenant, e.id, e.at, e.actor_kind, e.actor_id, e.role, e.purpose, e.subject_id,
            e.action, e.resource, e.request_id
       from jsonb_to_recordset(p_entries) as e(id uuid, at timestamptz, actor_kind text,
            actor_id text, role text, purpose text, subject_id uuid, action text, resource text,
            request_id text);
     get diagnostics n = row_count;
     return n;
   end $$`,
  // 0004 granted the app role everything on new tables by default: take it back.
  `revoke all on audit_log, audit_chains from pathwise_app`,
  `grant select on audit_log to pathwise_app`,
  `grant insert (${entryColumns}) on audit_log to pathwise_app`,
  ...['audit_log', 'audit_chains'].flatMap((table) => [
    `alter table ${table} enable row level security`,
    `create policy tenant_isolation on ${table}
       using (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))
       with check (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))`,
  ]),
];
