/**
 * Instructor controls per section: content pinned (recommended first when its prerequisites are
 * met), hidden or flagged (never recommended). Tenant table with row-level security, like 0004.
 */
export const statements = [
  `create table content_controls (
    tenant_id uuid not null references tenants (id) on delete cascade,
    section_id uuid not null references sections (id) on delete cascade,
    content_id uuid not null references content (id) on delete cascade,
    kind text not null check (kind in ('pinned', 'hidden', 'flagged')),
    note text,
    created_by uuid,
    created_at timestamptz not null default now(),
    primary key (tenant_id, section_id, content_id)
  )`,
  `grant select, insert, update, delete on content_controls to pathwise_app`,
  `alter table content_controls enable row level security`,
  `create policy tenant_isolation on content_controls
     using (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))
     with check (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))`,
];
