/**
 * Tenants, people, courses, sections, enrollments, objectives with their prerequisite DAG,
 * content tagged with objectives, API keys and web sessions.
 */
export const statements = [
  `create table tenants (
    id uuid primary key,
    slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name text not null,
    settings jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create table operators (
    id uuid primary key,
    email text not null unique,
    display_name text not null,
    password_hash text,
    created_at timestamptz not null default now()
  )`,
  `create table users (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    role text not null check (role in ('student', 'instructor', 'admin')),
    email text,
    display_name text not null,
    given_name text,
    family_name text,
    external_id text,
    birth_date date,
    age_band text check (age_band in ('under_13', '13_17', '18_plus')),
    password_hash text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, email),
    unique (tenant_id, external_id)
  )`,
  `create index users_tenant_role on users (tenant_id, role, id)`,
  `create table courses (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    code text not null,
    title text not null,
    description text,
    mastery_threshold real not null default 0.95 check (mastery_threshold > 0 and mastery_threshold < 1),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, code)
  )`,
  `create table objectives (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    key text not null,
    title text not null,
    description text,
    position integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (course_id, key)
  )`,
  `create index objectives_tenant_course on objectives (tenant_id, course_id, id)`,
  `create table sections (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    code text not null,
    name text not null,
    goal_objective_id uuid references objectives (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (course_id, code)
  )`,
  `create index sections_tenant_course on sections (tenant_id, course_id, id)`,
  `create table enrollments (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    section_id uuid not null references sections (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    role text not null check (role in ('student', 'instructor')),
    created_at timestamptz not null default now(),
    unique (section_id, user_id)
  )`,
  `create index enrollments_user on enrollments (tenant_id, user_id)`,
  `create table prerequisites (
    tenant_id uuid not null references tenants (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    objective_id uuid not null references objectives (id) on delete cascade,
    prerequisite_id uuid not null references objectives (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (objective_id, prerequisite_id),
    check (objective_id <> prerequisite_id)
  )`,
  `create index prerequisites_course on prerequisites (tenant_id, course_id)`,
  `create index prerequisites_prerequisite on prerequisites (prerequisite_id)`,
  `create table content (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    course_id uuid not null references courses (id) on delete cascade,
    key text not null,
    type text not null check (type in ('video', 'reading', 'interactive', 'assessment_item')),
    title text not null,
    description text,
    media jsonb,
    item jsonb,
    hints jsonb not null default '[]',
    difficulty real check (difficulty between 0 and 1),
    irt jsonb,
    position integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (course_id, key),
    check ((type = 'assessment_item') = (item is not null))
  )`,
  `create index content_tenant_course on content (tenant_id, course_id, id)`,
  `create table content_objectives (
    tenant_id uuid not null references tenants (id) on delete cascade,
    content_id uuid not null references content (id) on delete cascade,
    objective_id uuid not null references objectives (id) on delete cascade,
    primary key (content_id, objective_id)
  )`,
  `create index content_objectives_objective on content_objectives (objective_id)`,
  `create table api_keys (
    id uuid primary key,
    tenant_id uuid references tenants (id) on delete cascade,
    role text not null check (role in ('operator', 'admin', 'instructor', 'student')),
    user_id uuid references users (id) on delete cascade,
    operator_id uuid references operators (id) on delete cascade,
    name text not null,
    prefix text not null,
    key_hash text not null unique,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    check ((role = 'operator') = (tenant_id is null)),
    check (role <> 'student' or user_id is not null)
  )`,
  `create table web_sessions (
    id_hash text primary key,
    tenant_id uuid references tenants (id) on delete cascade,
    user_id uuid references users (id) on delete cascade,
    operator_id uuid references operators (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    check ((user_id is null) <> (operator_id is null))
  )`,
];
