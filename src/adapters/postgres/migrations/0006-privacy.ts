/**
 * Privacy (docs/PRIVACY.md): COPPA consents per student, data-rights requests (export, erasure),
 * and encryption at rest of the users' PII columns. Data keys are per tenant, wrapped by a
 * master key that never reaches the database; `users` gets blind indexes for lookups by email
 * and external id (the ciphertexts are randomised, so uniqueness moves to the indexes), a text
 * birth date (it now holds ciphertext) and a `pseudonymised` flag for erased students'
 * tombstones.
 */
export const statements = [
  `create table data_keys (
    id text primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    master_key_id text not null,
    wrapped_key text not null,
    created_at timestamptz not null default now()
  )`,
  `create index data_keys_tenant on data_keys (tenant_id, created_at)`,
  `alter table users alter column birth_date type text using birth_date::text`,
  `alter table users add column email_index text`,
  `alter table users add column external_id_index text`,
  `alter table users add column pseudonymised boolean not null default false`,
  `alter table users drop constraint users_tenant_id_email_key`,
  `alter table users drop constraint users_tenant_id_external_id_key`,
  `alter table users add constraint users_tenant_email_index unique (tenant_id, email_index)`,
  `alter table users add constraint users_tenant_external_id_index unique (tenant_id, external_id_index)`,
  `create index users_email_index on users (email_index)`,
  `create table consents (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null references users (id) on delete cascade,
    kind text not null check (kind in ('parental', 'school')),
    scope text[] not null check (cardinality(scope) > 0),
    granted_by text,
    evidence text,
    granted_at timestamptz not null,
    recorded_by uuid,
    recorded_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_by uuid,
    revocation_note text
  )`,
  `create index consents_student on consents (tenant_id, student_id, id)`,
  `create table data_rights_requests (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null references users (id) on delete cascade,
    kind text not null check (kind in ('export', 'erasure')),
    mode text check (mode in ('delete', 'deidentify')),
    status text not null check (status in ('pending', 'completed', 'failed')),
    requested_by uuid,
    reason text,
    requested_at timestamptz not null,
    completed_at timestamptz,
    outcome jsonb not null default '{}'
  )`,
  `create index data_rights_requests_tenant on data_rights_requests (tenant_id, id)`,
  ...['data_keys', 'consents', 'data_rights_requests'].flatMap((table) => [
    `grant select, insert, update, delete on ${table} to pathwise_app`,
    `alter table ${table} enable row level security`,
    `create policy tenant_isolation on ${table}
       using (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))
       with check (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))`,
  ]),
];
