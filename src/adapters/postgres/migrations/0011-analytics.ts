/**
 * The analytics agent's precomputed tables (docs/ANALYTICS.md), all tenant tables under
 * row-level security like 0004/0010:
 *
 * - `analytics_learners`: one row per student and course, the consumer's state (`state`) and
 *   the compact `summary` the dashboard and at-risk list read;
 * - `analytics_mastery_points`: the bounded mastery trajectory per student and objective;
 * - `analytics_content_windows`: per student, objective and content item first used (or
 *   `practice`), P(mastered) before the next answers and after up to 5 of them, for content
 *   effectiveness.
 */
const tables = ['analytics_learners', 'analytics_mastery_points', 'analytics_content_windows'];

export const statements = [
  `create table analytics_learners (
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null references users (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    state jsonb not null,
    summary jsonb not null,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, course_id, student_id)
  )`,
  `create index analytics_learners_student on analytics_learners (tenant_id, student_id)`,
  // A reader's cache asks for the rows of a course updated since the newest it has seen.
  `create index analytics_learners_updated on analytics_learners (tenant_id, course_id, updated_at)`,
  `create table analytics_mastery_points (
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null references users (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    objective_id uuid not null,
    at timestamptz not null,
    p_mastery double precision not null,
    primary key (tenant_id, student_id, course_id, objective_id, at)
  )`,
  `create index analytics_mastery_points_time on analytics_mastery_points (tenant_id, student_id, at)`,
  `create table analytics_content_windows (
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null references users (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    objective_id uuid not null,
    window_key text not null,
    used_at timestamptz not null,
    p_start double precision,
    p_end double precision,
    answers integer not null,
    primary key (tenant_id, course_id, student_id, objective_id, window_key)
  )`,
  ...tables.flatMap((table) => [
    `grant select, insert, update, delete on ${table} to pathwise_app`,
    `alter table ${table} enable row level security`,
    `create policy tenant_isolation on ${table}
       using (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))
       with check (tenant_id = (select nullif(current_setting('pathwise.tenant_id', true), '')::uuid))`,
  ]),
];
