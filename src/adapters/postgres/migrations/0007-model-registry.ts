/**
 * The knowledge-tracing model registry and the per-student model state.
 *
 * `kt_models` is a platform table (operators train, promote and roll back models): a row is one
 * fit with its name, semantic version, data hash, git commit, serialized parameters, held-out
 * metrics and training-data description. `tenant_id` is the row's scope: null for a platform-wide
 * model (trained from a file), a tenant for a model trained on that tenant's events (its
 * vocabulary is that tenant's item and objective ids). At most one row per scope is promoted; the
 * serving path uses the tenant's promoted model, else the platform's, else built-in BKT.
 * `promoted_at` records the last promotion, so a rollback returns to the version promoted before.
 *
 * (The served model's state per student and course lives in the `kt` key of
 * `learner_features.features`, so it is read and written with the feature state.)
 */
export const statements = [
  `create table kt_models (
    id uuid primary key,
    tenant_id uuid references tenants (id) on delete cascade,
    name text not null,
    version text not null,
    status text not null default 'candidate' check (status in ('candidate', 'promoted', 'retired')),
    data_hash text not null,
    git_commit text,
    params jsonb not null,
    params_sha256 text not null,
    metrics jsonb not null,
    training_data jsonb not null,
    created_at timestamptz not null default now(),
    promoted_at timestamptz
  )`,
  `create unique index kt_models_version on kt_models
     (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), name, version)`,
  `create unique index kt_models_promoted on kt_models
     (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)) where status = 'promoted'`,
];
