/**
 * Row types of every table, for Kysely. Kept in step with `migrations/`.
 * Every table but `tenants` and `operators` carries `tenant_id`.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  settings: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OperatorsTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  role: 'student' | 'instructor' | 'admin';
  email: string | null;
  display_name: string;
  given_name: string | null;
  family_name: string | null;
  external_id: string | null;
  /** Ciphertext since migration 0006 (see `adapters/crypto`), like the other PII columns. */
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  age_band: 'under_13' | '13_17' | '18_plus' | null;
  password_hash: string | null;
  /** Blind indexes (HMAC-SHA-256 of the normalised value) for lookups and uniqueness. */
  email_index: ColumnType<string | null, string | null | undefined, string | null>;
  external_id_index: ColumnType<string | null, string | null | undefined, string | null>;
  /** True for an erased student's tombstone: the id stays as a pseudonym, no PII remains. */
  pseudonymised: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoursesTable {
  id: string;
  tenant_id: string;
  code: string;
  title: string;
  description: string | null;
  mastery_threshold: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SectionsTable {
  id: string;
  tenant_id: string;
  course_id: string;
  code: string;
  name: string;
  goal_objective_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EnrollmentsTable {
  id: string;
  tenant_id: string;
  section_id: string;
  user_id: string;
  role: 'student' | 'instructor';
  created_at: Timestamp;
}

export interface ObjectivesTable {
  id: string;
  tenant_id: string;
  course_id: string;
  key: string;
  title: string;
  description: string | null;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PrerequisitesTable {
  tenant_id: string;
  course_id: string;
  objective_id: string;
  prerequisite_id: string;
  created_at: Timestamp;
}

export interface ContentTable {
  id: string;
  tenant_id: string;
  course_id: string;
  key: string;
  type: 'video' | 'reading' | 'interactive' | 'assessment_item';
  title: string;
  description: string | null;
  media: NullableJson<Record<string, unknown>>;
  item: NullableJson<Record<string, unknown>>;
  hints: Json<string[]>;
  difficulty: number | null;
  irt: NullableJson<{ a: number; b: number; c?: number }>;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContentObjectivesTable {
  tenant_id: string;
  content_id: string;
  objective_id: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string | null;
  role: 'operator' | 'admin' | 'instructor' | 'student';
  user_id: string | null;
  operator_id: string | null;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface WebSessionsTable {
  id_hash: string;
  tenant_id: string | null;
  user_id: string | null;
  operator_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface EventsTable {
  tenant_id: string;
  id: string;
  client_event_id: string;
  type: string;
  student_id: string;
  course_id: string;
  section_id: string | null;
  session_id: string | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  payload: Json<Record<string, unknown>>;
}

export interface EventKeysTable {
  tenant_id: string;
  client_event_id: string;
  event_id: string;
  occurred_at: Timestamp;
}

export interface MasteryTable {
  tenant_id: string;
  student_id: string;
  objective_id: string;
  course_id: string;
  p_mastery: number;
  attempts: number;
  correct: number;
  updated_at: Timestamp;
}

export interface LearnerFeaturesTable {
  tenant_id: string;
  student_id: string;
  course_id: string;
  features: Json<unknown>;
  updated_at: Timestamp;
  /** Changes with every write of the student's features or mastery in the course. */
  version: Generated<string>;
}

export interface KtModelsTable {
  id: string;
  tenant_id: string | null;
  name: string;
  version: string;
  status: ColumnType<string, string | undefined, string>;
  data_hash: string;
  git_commit: string | null;
  params: Json<unknown>;
  params_sha256: string;
  metrics: Json<Record<string, unknown>>;
  training_data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  promoted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OutboxTable {
  id: string;
  tenant_id: string;
  subject: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface ClassAggregatesTable {
  tenant_id: string;
  section_id: string;
  objective_id: string;
  attempts: ColumnType<number, number | undefined, number>;
  correct: ColumnType<number, number | undefined, number>;
  mastery_histogram: ColumnType<number[], number[] | undefined, number[]>;
  mastered: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface ConsumerReceiptsTable {
  consumer: string;
  message_id: string;
  processed_at: Timestamp;
}

export interface DataKeysTable {
  id: string;
  tenant_id: string;
  master_key_id: string;
  /** The data key wrapped (encrypted) by the master key `master_key_id`. */
  wrapped_key: string;
  created_at: Timestamp;
}

export interface ConsentsTable {
  id: string;
  tenant_id: string;
  student_id: string;
  kind: 'parental' | 'school';
  scope: string[];
  /** Ciphertext: who gave the consent (a parent's name, a school official). */
  granted_by: string | null;
  /** Ciphertext: how it was obtained (form reference, note). */
  evidence: string | null;
  granted_at: Timestamp;
  recorded_by: string | null;
  recorded_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revocation_note: string | null;
}

export interface DataRightsRequestsTable {
  id: string;
  tenant_id: string;
  student_id: string;
  kind: 'export' | 'erasure';
  mode: 'delete' | 'deidentify' | null;
  status: 'pending' | 'completed' | 'failed';
  requested_by: string | null;
  reason: string | null;
  requested_at: Timestamp;
  completed_at: Timestamp | null;
  outcome: Json<Record<string, unknown>>;
}

export interface AuditLogTable {
  tenant_id: string;
  seq: ColumnType<number, never, never>;
  id: string;
  at: Timestamp;
  actor_kind: 'user' | 'service_key' | 'operator' | 'system';
  actor_id: string | null;
  role: string;
  purpose: string;
  subject_id: string;
  action: 'read' | 'write';
  resource: string;
  request_id: string | null;
  chain_index: ColumnType<number | null, never, number>;
  prev_hash: ColumnType<string | null, never, string>;
  hash: ColumnType<string | null, never, string>;
}

export interface AuditChainsTable {
  tenant_id: string;
  head_index: ColumnType<number, number | undefined, number>;
  head_hash: string | null;
  anchor_index: ColumnType<number, number | undefined, number>;
  anchor_hash: string | null;
  pruned: ColumnType<number, number | undefined, number>;
  sealed_at: Timestamp | null;
  pruned_at: Timestamp | null;
}

export interface ContentControlsTable {
  tenant_id: string;
  section_id: string;
  content_id: string;
  kind: 'pinned' | 'hidden' | 'flagged';
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface InterventionStateTable {
  tenant_id: string;
  student_id: string;
  state: Json<unknown>;
  version: string;
  updated_at: Timestamp;
}

export interface ItemTimeNormsTable {
  tenant_id: string;
  item_id: string;
  responses: number;
  mean_log_ms: number;
}

type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface InterventionsTable {
  id: string;
  tenant_id: string;
  student_id: string;
  course_id: string;
  section_id: string | null;
  objective_id: string | null;
  item_id: string | null;
  type: string;
  evidence: Json<Record<string, unknown>>;
  confidence: number;
  action: Json<Record<string, unknown>>;
  status: string;
  queue_reason: string | null;
  source_event_id: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  outcome: string | null;
  outcome_attempts: number | null;
  outcome_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AnalyticsLearnersTable {
  tenant_id: string;
  student_id: string;
  course_id: string;
  state: Json<unknown>;
  summary: Json<unknown>;
  updated_at: Timestamp;
}

export interface AnalyticsMasteryPointsTable {
  tenant_id: string;
  student_id: string;
  course_id: string;
  objective_id: string;
  at: Timestamp;
  p_mastery: number;
}

export interface AnalyticsContentWindowsTable {
  tenant_id: string;
  student_id: string;
  course_id: string;
  objective_id: string;
  window_key: string;
  used_at: Timestamp;
  p_start: number | null;
  p_end: number | null;
  answers: number;
}

export interface Database {
  tenants: TenantsTable;
  operators: OperatorsTable;
  users: UsersTable;
  courses: CoursesTable;
  sections: SectionsTable;
  enrollments: EnrollmentsTable;
  objectives: ObjectivesTable;
  prerequisites: PrerequisitesTable;
  content: ContentTable;
  content_objectives: ContentObjectivesTable;
  api_keys: ApiKeysTable;
  web_sessions: WebSessionsTable;
  events: EventsTable;
  event_keys: EventKeysTable;
  mastery: MasteryTable;
  learner_features: LearnerFeaturesTable;
  outbox: OutboxTable;
  class_aggregates: ClassAggregatesTable;
  kt_models: KtModelsTable;
  consumer_receipts: ConsumerReceiptsTable;
  data_keys: DataKeysTable;
  consents: ConsentsTable;
  data_rights_requests: DataRightsRequestsTable;
  audit_log: AuditLogTable;
  audit_chains: AuditChainsTable;
  content_controls: ContentControlsTable;
  intervention_state: InterventionStateTable;
  item_time_norms: ItemTimeNormsTable;
  interventions: InterventionsTable;
  analytics_learners: AnalyticsLearnersTable;
  analytics_mastery_points: AnalyticsMasteryPointsTable;
  analytics_content_windows: AnalyticsContentWindowsTable;
}
