/**
 * What the hot path derives from events, kept current incrementally: mastery per student and
 * objective, learner features per student and course, the transactional outbox that feeds the
 * event bus, class aggregates per section and objective, and the consumer idempotency log.
 */
export const statements = [
  `create table mastery (
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null,
    objective_id uuid not null references objectives (id) on delete cascade,
    course_id uuid not null,
    p_mastery double precision not null check (p_mastery between 0 and 1),
    attempts integer not null default 0,
    correct integer not null default 0,
    updated_at timestamptz not null,
    primary key (tenant_id, student_id, objective_id)
  )`,
  `create index mastery_course on mastery (tenant_id, course_id, objective_id)`,
  `create table learner_features (
    tenant_id uuid not null references tenants (id) on delete cascade,
    student_id uuid not null,
    course_id uuid not null,
    features jsonb not null,
    updated_at timestamptz not null,
    primary key (tenant_id, student_id, course_id)
  )`,
  `create table outbox (
    id uuid primary key,
    tenant_id uuid not null,
    subject text not null,
    payload jsonb not null,
    created_at timestamptz not null default now()
  )`,
  `create index outbox_created on outbox (created_at, id)`,
  `create table class_aggregates (
    tenant_id uuid not null references tenants (id) on delete cascade,
    section_id uuid not null references sections (id) on delete cascade,
    objective_id uuid not null references objectives (id) on delete cascade,
    attempts integer not null default 0,
    correct integer not null default 0,
    mastery_histogram integer[] not null default array_fill(0, array[10]),
    mastered integer not null default 0,
    updated_at timestamptz not null default now(),
    primary key (section_id, objective_id)
  )`,
  `create index class_aggregates_tenant on class_aggregates (tenant_id, section_id)`,
  `create table consumer_receipts (
    consumer text not null,
    message_id uuid not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
  )`,
];
