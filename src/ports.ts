/**
 * The interfaces services need from the outside world. Adapters in `src/adapters` implement
 * them; only `src/main.ts` chooses which. Every tenant-scoped call takes the tenant id first and
 * never sees another tenant's rows.
 */
import type { CoursePackage, ContentEntry } from './domain/course-package/course-package-schema.js';
import type { LearningEvent } from './domain/events/learning-event.js';
import type {
  ActiveConsent,
  ConsentKind,
  ConsentPurpose,
} from './domain/privacy/consent-policy.js';
import type {
  AgeBand,
  Content,
  Course,
  Enrollment,
  Objective,
  Page,
  PageRequest,
  Prerequisite,
  Role,
  Section,
  Tenant,
  TenantRole,
  User,
} from './domain/records.js';

export interface Clock {
  now(): Date;
}

export interface TenantInput {
  slug: string;
  name: string;
  settings?: Record<string, unknown> | undefined;
}

export interface TenantStore {
  create(input: TenantInput & { id: string }): Promise<Tenant>;
  get(id: string): Promise<Tenant | null>;
  getBySlug(slug: string): Promise<Tenant | null>;
  list(page: PageRequest): Promise<Page<Tenant>>;
  update(id: string, patch: Partial<TenantInput>): Promise<Tenant | null>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface UserInput {
  role: TenantRole;
  email?: string | null | undefined;
  displayName: string;
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  externalId?: string | null | undefined;
  birthDate?: string | null | undefined;
  ageBand?: AgeBand | null | undefined;
}

export interface UserFilter {
  role?: TenantRole | undefined;
  /** Only users enrolled in one of these sections (any role). */
  inSections?: readonly string[] | undefined;
}

export interface UserStore {
  create(
    tenantId: string,
    input: UserInput & { id: string; passwordHash?: string | null },
  ): Promise<User>;
  get(tenantId: string, id: string): Promise<User | null>;
  list(tenantId: string, filter: UserFilter, page: PageRequest): Promise<Page<User>>;
  update(tenantId: string, id: string, patch: Partial<UserInput>): Promise<User | null>;
  delete(tenantId: string, id: string): Promise<boolean>;
  /** The roles of those of `ids` that are users of the tenant. */
  rolesOf(tenantId: string, ids: readonly string[]): Promise<Map<string, TenantRole>>;
  /** Names and ids of everyone enrolled in a course's sections, for PII redaction. */
  rosterOfCourse(tenantId: string, courseId: string): Promise<RosterEntry[]>;
}

export interface RosterEntry {
  givenName: string | null;
  familyName: string | null;
  displayName: string;
  email: string | null;
  externalId: string | null;
}

export interface CourseInput {
  code: string;
  title: string;
  description?: string | null | undefined;
  masteryThreshold?: number | undefined;
}

export interface ObjectiveInput {
  key: string;
  title: string;
  description?: string | null | undefined;
  position?: number | undefined;
}
export type ContentInput = ContentEntry & { position?: number | undefined };

/** What an import created. */
export interface ImportSummary {
  course: Course;
  objectives: number;
  prerequisites: number;
  content: number;
  items: number;
}

export interface ContentFilter {
  type?: Content['type'] | undefined;
  objectiveId?: string | undefined;
}

export interface CourseStore {
  create(tenantId: string, input: CourseInput & { id: string }): Promise<Course>;
  get(tenantId: string, id: string): Promise<Course | null>;
  list(
    tenantId: string,
    filter: { ids?: readonly string[] | undefined },
    page: PageRequest,
  ): Promise<Page<Course>>;
  update(tenantId: string, id: string, patch: Partial<CourseInput>): Promise<Course | null>;
  delete(tenantId: string, id: string): Promise<boolean>;
  /** Creates a whole course from a validated package in one transaction: all of it or nothing. */
  importPackage(tenantId: string, pkg: CoursePackage, newId: () => string): Promise<ImportSummary>;

  createObjective(
    tenantId: string,
    courseId: string,
    input: ObjectiveInput & { id: string },
  ): Promise<Objective>;
  getObjective(tenantId: string, id: string): Promise<Objective | null>;
  listObjectives(tenantId: string, courseId: string, page: PageRequest): Promise<Page<Objective>>;
  updateObjective(
    tenantId: string,
    id: string,
    patch: Partial<ObjectiveInput>,
  ): Promise<Objective | null>;
  deleteObjective(tenantId: string, id: string): Promise<boolean>;

  listPrerequisites(
    tenantId: string,
    courseId: string,
    page: PageRequest,
  ): Promise<Page<Prerequisite>>;
  /**
   * Adds the edge unless it would close a cycle; checks and inserts under a per-course lock so
   * two concurrent additions cannot together form a cycle.
   */
  addPrerequisite(
    tenantId: string,
    edge: { objectiveId: string; prerequisiteId: string },
  ): Promise<{ added: Prerequisite } | { cycle: string[] } | { exists: Prerequisite }>;
  removePrerequisite(
    tenantId: string,
    edge: { objectiveId: string; prerequisiteId: string },
  ): Promise<boolean>;

  createContent(
    tenantId: string,
    courseId: string,
    input: Omit<ContentInput, 'objectives'> & { id: string; objectiveIds: string[] },
  ): Promise<Content>;
  getContent(tenantId: string, id: string): Promise<Content | null>;
  listContent(
    tenantId: string,
    courseId: string,
    filter: ContentFilter,
    page: PageRequest,
  ): Promise<Page<Content>>;
  updateContent(
    tenantId: string,
    id: string,
    patch: Partial<Omit<ContentInput, 'objectives' | 'key'>> & {
      objectiveIds?: string[] | undefined;
    },
  ): Promise<Content | null>;
  deleteContent(tenantId: string, id: string): Promise<boolean>;
}

export interface SectionInput {
  code: string;
  name: string;
  goalObjectiveId?: string | null | undefined;
}

export interface SectionStore {
  create(
    tenantId: string,
    courseId: string,
    input: SectionInput & { id: string },
  ): Promise<Section>;
  get(tenantId: string, id: string): Promise<Section | null>;
  list(
    tenantId: string,
    filter: { courseId?: string; ids?: readonly string[] },
    page: PageRequest,
  ): Promise<Page<Section>>;
  update(tenantId: string, id: string, patch: Partial<SectionInput>): Promise<Section | null>;
  delete(tenantId: string, id: string): Promise<boolean>;

  enroll(
    tenantId: string,
    input: { id: string; sectionId: string; userId: string; role: Enrollment['role'] },
  ): Promise<Enrollment>;
  getEnrollment(tenantId: string, id: string): Promise<Enrollment | null>;
  listEnrollments(
    tenantId: string,
    filter: { sectionId?: string; userId?: string },
    page: PageRequest,
  ): Promise<Page<Enrollment>>;
  updateEnrollment(
    tenantId: string,
    id: string,
    patch: { role: Enrollment['role'] },
  ): Promise<Enrollment | null>;
  deleteEnrollment(tenantId: string, id: string): Promise<boolean>;
  /** The sections a user is enrolled in, with their role there and the course title. */
  sectionsOfUser(
    tenantId: string,
    userId: string,
  ): Promise<
    {
      id: string;
      code: string;
      name: string;
      courseId: string;
      courseTitle: string;
      role: Enrollment['role'];
    }[]
  >;
}

/** Who a credential belongs to. */
export type Principal =
  | { kind: 'user'; tenantId: string; userId: string | null; role: TenantRole }
  | { kind: 'operator'; operatorId: string; role: 'operator' };

export interface ApiKeyRecord {
  id: string;
  tenantId: string | null;
  role: Role;
  userId: string | null;
  operatorId: string | null;
  name: string;
  prefix: string;
  createdAt: string;
}

export interface Operator {
  id: string;
  email: string;
  displayName: string;
}

export interface CredentialStore {
  createOperator(input: {
    id: string;
    email: string;
    displayName: string;
    passwordHash: string | null;
  }): Promise<Operator>;
  getOperator(id: string): Promise<Operator | null>;
  saveApiKey(record: Omit<ApiKeyRecord, 'createdAt'> & { keyHash: string }): Promise<ApiKeyRecord>;
  /** The principal of a live (not revoked) key with this hash. */
  principalForKeyHash(keyHash: string): Promise<Principal | null>;
  /** Sign-in candidates for an email: tenant users (optionally in one tenant) and operators. */
  signInCandidates(
    email: string,
    tenantSlug: string | undefined,
  ): Promise<{ principal: Principal; passwordHash: string }[]>;
  createWebSession(input: { idHash: string; principal: Principal; expiresAt: Date }): Promise<void>;
  principalForWebSession(idHash: string, now: Date): Promise<Principal | null>;
  deleteWebSession(idHash: string): Promise<void>;
}

export interface DatabaseHealth {
  /** Whether the database answers and which migrations are pending. */
  check(): Promise<{ reachable: boolean; pendingMigrations: string[]; error?: string }>;
}

/** A message on the event bus: one accepted learning event and what the hot path derived. */
export interface BusMessage {
  /** Unique and stable: the stored event's id. Consumers use it to stay idempotent. */
  id: string;
  tenantId: string;
  /** Routing subject, e.g. `events.item_attempted`. */
  subject: string;
  payload: Record<string, unknown>;
}

/**
 * A consumer of bus messages. `perform` must be idempotent: a message may be delivered more
 * than once (after a crash, a missed ack or a redelivery).
 */
/**
 * Messages that travel as one unit: published, stored and delivered together, so a unit of a
 * hundred messages costs the bus about what one message costs. All on one subject. A unit holds
 * one ingestion statement's messages (an outbox row).
 */
export interface BusBatch {
  /**
   * Unique and stable (the outbox row's id): a batch published again within the bus's duplicate
   * window is not delivered twice. A batch of one travels as its message, under the message's id.
   */
  id: string;
  messages: readonly BusMessage[];
}

export interface BusConsumer {
  /** Durable name: deliveries resume where this consumer left off after a restart. */
  name: string;
  /** Subjects it handles; `events.>` for all. */
  subjects: readonly string[];
  perform(message: BusMessage): Promise<void>;
  /**
   * Optional: performs several messages that were waiting together (in delivery order), with
   * the effect of `perform` on each, typically in one transaction. Must be idempotent per
   * message like `perform`. If it throws, the bus performs those messages one by one with
   * `perform` (and its usual retries), so a bad message cannot hold up the others.
   */
  performBatch?(messages: readonly BusMessage[]): Promise<void>;
  /** Called when a message has failed `maxDeliveries` times and is given up on. */
  onFailed?(message: BusMessage, error: unknown): Promise<void>;
  /** Deliveries before giving up; default 5. */
  maxDeliveries?: number;
}

export interface BusSubscription {
  /** Stops delivering to this consumer; pending work finishes first. */
  stop(): Promise<void>;
}

/**
 * The event bus: in-process by default, NATS JetStream when NATS_URL is set. `publish`
 * resolves once the bus has durably accepted every message (JetStream ack); a message id seen
 * again within the bus's duplicate window is accepted but not delivered twice.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'nats';
  publish(messages: readonly BusMessage[]): Promise<void>;
  /**
   * Publishes each batch as one unit (see BusBatch); consumers still get each message, and
   * `performBatch` gets a unit's messages together. Refuses every batch if one is invalid (an
   * empty batch, mixed subjects, an invalid message).
   */
  publishBatches(batches: readonly BusBatch[]): Promise<void>;
  subscribe(consumer: BusConsumer): Promise<BusSubscription>;
  /** Reachability, for /ready. */
  check(): Promise<{ ok: boolean; error?: string }>;
  /**
   * A bus that keeps its messages only in memory (in-process): resolves true once nothing is
   * queued, awaiting a retry or being performed, or false after `timeoutMs`. Shutdown calls it
   * before stopping the consumers, so a stop does not drop what was published. A durable bus
   * (NATS) has no need of it.
   */
  settle?(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** A learning event with the id the server gave it. */
export interface AcceptedEvent {
  id: string;
  event: LearningEvent;
}

/** Stored mastery of one student on one objective. */
export interface MasteryRecord {
  studentId: string;
  objectiveId: string;
  courseId: string;
  pMastery: number;
  attempts: number;
  correct: number;
  updatedAt: string;
}

/** The learner state an ingestion needs, loaded inside its transaction. */
export interface LearnerStateSnapshot {
  /** Keyed by `${studentId}/${objectiveId}`. */
  mastery: Map<string, MasteryRecord>;
  /** Keyed by `${studentId}/${courseId}`; the stored feature state (JSON). */
  features: Map<string, unknown>;
}

/** What an ingestion writes besides the events themselves. */
export interface IngestWrites {
  mastery: MasteryRecord[];
  features: { studentId: string; courseId: string; state: unknown }[];
  outbox: BusMessage[];
}

export interface IngestProps {
  tenantId: string;
  events: readonly AcceptedEvent[];
  /** Derives the writes from the events that are new and the state before them. Pure. */
  derive: (fresh: readonly AcceptedEvent[], before: LearnerStateSnapshot) => IngestWrites;
  /**
   * When every event is about this one student and course: return all of their mastery in the
   * course (not only what the events touch), updated, for recommending.
   */
  courseMasteryOf?: { studentId: string; courseId: string } | undefined;
  /** Audit entries for the events that are new, written atomically with them (same statement). */
  audit?: ((fresh: readonly AcceptedEvent[]) => readonly AuditEntryInput[]) | undefined;
}

/** Durable ingestion of learning events and the state derived from them. */
export interface LearningStore {
  /**
   * Atomically: skips events whose client id was seen before, appends the rest, and writes what
   * `derive` returns (mastery, features, outbox) from the state of each student in each course
   * before them; each student's events are serialised. `derive` may be called more than once
   * (when another request changed the state first); only its last result is written. Durable
   * when the promise resolves; all or nothing.
   */
  ingest(props: IngestProps): Promise<{
    fresh: AcceptedEvent[];
    duplicates: number;
    writes: IngestWrites;
    /** The student's mastery in the course after the events, when `courseMasteryOf` was given. */
    courseMastery: MasteryRecord[];
  }>;
  masteryOf(tenantId: string, studentId: string, courseId?: string): Promise<MasteryRecord[]>;
  featuresOf(tenantId: string, studentId: string, courseId: string): Promise<unknown>;
  listEvents(
    tenantId: string,
    studentId: string,
    filter: {
      type?: string | undefined;
      courseId?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
    page: PageRequest,
  ): Promise<Page<AcceptedEvent & { receivedAt: string }>>;
  /**
   * The oldest outbox rows (up to `limit`; a row holds one ingestion statement's messages on one
   * subject, as a batch), locked for this caller (others skip them) and deleted once `publish`
   * resolves. Returns how many rows it took.
   */
  takeOutbox(limit: number, publish: (batches: BusBatch[]) => Promise<void>): Promise<number>;
  /**
   * Ingestion statements sent and requests written by them since start (group commit: more
   * requests than statements under load), kept current; for metrics. (A value, not a method:
   * the store's methods are wrapped as async.)
   */
  readonly ingestStats?: IngestStats;
}

/** See `LearningStore.ingestStats`. */
export interface IngestStats {
  readonly statements: number;
  readonly requests: number;
  /**
   * Requests derived and written again because a learner state they were derived from had
   * changed meanwhile (another process, a rebuild, or a request grouped with such a one).
   */
  readonly staleRetries: number;
}

/** One student's attempt as the class aggregates see it. */
export interface AttemptForAggregates {
  studentId: string;
  courseId: string;
  /** The section named on the event, if any; otherwise the student's sections in the course. */
  sectionId: string | null;
  correct: boolean;
  objectives: { objectiveId: string; before: number | null; after: number }[];
  threshold: number;
}

export interface ClassAggregateRow {
  sectionId: string;
  objectiveId: string;
  attempts: number;
  correct: number;
  /** Students per tenth of P(mastered): [0,0.1), [0.1,0.2), …, [0.9,1]. */
  masteryHistogram: number[];
  mastered: number;
  updatedAt: string;
}

/** Live class aggregates per section and objective, kept by a bus consumer. */
export interface ClassAggregateStore {
  /**
   * Applies one attempt once: returns false (and changes nothing) if this consumer already
   * processed the message id.
   */
  applyAttempt(
    consumer: string,
    messageId: string,
    tenantId: string,
    attempt: AttemptForAggregates,
  ): Promise<boolean>;
  /**
   * `applyAttempt` for several messages in one statement (all or nothing); returns how many
   * were new.
   */
  applyAttempts(
    consumer: string,
    attempts: readonly { messageId: string; tenantId: string; attempt: AttemptForAggregates }[],
  ): Promise<number>;
  list(tenantId: string, sectionId: string): Promise<ClassAggregateRow[]>;
}

/** Where a registered model stands: fitted, served (one per scope) or retired. */
export type ModelStatus = 'candidate' | 'promoted' | 'retired';

/** One fit in the model registry (without its parameters). */
export interface ModelRecord {
  id: string;
  /** Null for a platform-wide model; else the tenant whose events trained it. */
  tenantId: string | null;
  name: string;
  /** Semantic version, e.g. `1.2.0`. */
  version: string;
  status: ModelStatus;
  /** SHA-256 of the training attempts in a canonical form. */
  dataHash: string;
  /** The source commit the fit was made with, when known. */
  gitCommit: string | null;
  /** SHA-256 of the serialized parameters. */
  paramsSha256: string;
  /** Held-out metrics (auc, rmse, logloss, ece, …). */
  metrics: Record<string, unknown>;
  /** What it was trained on (source, students, attempts, …). */
  trainingData: Record<string, unknown>;
  createdAt: string;
  /** When it was last promoted (null if never, or rolled back). */
  promotedAt: string | null;
}

export type ModelInput = Omit<ModelRecord, 'status' | 'createdAt' | 'promotedAt'> & {
  /** The serialized model (`KnowledgeTracingModel.serialize()`). */
  params: unknown;
};

/** The promoted model of one scope, as polled by serving processes. */
export interface PromotedModelRef {
  id: string;
  tenantId: string | null;
  name: string;
  version: string;
}

/** The model registry (a platform table; `tenantId` null is the platform scope). */
export interface ModelRegistryStore {
  /** Adds a candidate; Conflict when the scope already has this name and version. */
  register(input: ModelInput): Promise<ModelRecord>;
  /** Newest first; `tenantId` undefined lists every scope. */
  list(filter: { tenantId?: string | null; name?: string }): Promise<ModelRecord[]>;
  /** The versions of `name` in the scope (any status). */
  versionsOf(tenantId: string | null, name: string): Promise<ModelRecord[]>;
  /** The serialized parameters of a registered model, or null. */
  paramsOf(id: string): Promise<unknown>;
  /**
   * Makes this version the scope's served model, in one transaction: the scope's promoted model
   * (if any) is retired. NotFound for an unknown version.
   */
  promote(tenantId: string | null, name: string, version: string, at: Date): Promise<ModelRecord>;
  /**
   * Retires the scope's promoted version of `name` and promotes again the version of `name`
   * promoted before it (null when there is none: the scope then serves its fallback). Conflict
   * when `name` is not the scope's promoted model.
   */
  rollback(
    tenantId: string | null,
    name: string,
  ): Promise<{ retired: ModelRecord; promoted: ModelRecord | null }>;
  /** Every scope's promoted model: cheap, polled by serving processes. */
  promoted(): Promise<PromotedModelRef[]>;
}

/** One student's model state in one course, recomputed from their history. */
export interface RebuiltLearnerState {
  courseId: string;
  /** The stored form (the `kt` key of `learner_features.features`). */
  ktState: unknown;
  /** P(mastered) per objective the student has practised in the course. */
  mastery: { objectiveId: string; pMastery: number }[];
}

/** A stored item attempt with its course and objectives. */
export interface StoredAttempt {
  student: string;
  course: string;
  item: string;
  objectives: string[];
  correct: boolean;
  /** Unix seconds. */
  timestamp: number;
}

/** Item attempts of a tenant as training sequences (one per student and course). */
export interface AttemptHistorySource {
  /** Students of the tenant with at least one answered item. */
  studentsWithAttempts(tenantId: string): Promise<string[]>;
  /**
   * In one transaction holding the student's ingestion lock (so no event of theirs is applied
   * meanwhile): reads the student's attempts per course, and stores what `rebuild` derives from
   * them as their model state and mastery.
   */
  rebuildStudent(
    tenantId: string,
    studentId: string,
    rebuild: (sequences: StoredAttempt[][]) => RebuiltLearnerState[],
  ): Promise<void>;
  attemptSequences(tenantId: string, courseId?: string): Promise<StoredAttempt[][]>;
}

/**
 * A KMS-style holder of master keys, which never leave it: it wraps (encrypts) and unwraps data
 * keys, naming the master key by id. The local adapter keeps master keys from config; AWS KMS or
 * Vault Transit can implement the same port.
 */
export interface KeyProvider {
  /** The master key new data keys are wrapped with. */
  currentKeyId(): string;
  /** Every master key it can unwrap with, the current one first (older ones during a rotation). */
  keyIds(): readonly string[];
  /** Wraps a data key under the current master key; `context` is bound as associated data. */
  wrapKey(dataKey: Uint8Array, context: string): Promise<{ keyId: string; wrapped: string }>;
  /** Unwraps a data key; fails (kind Internal) if the key id is unknown or the wrap was altered. */
  unwrapKey(keyId: string, wrapped: string, context: string): Promise<Uint8Array>;
  /** A 32-byte secret derived from master key `keyId` for one purpose (e.g. blind indexes). */
  deriveSecret(keyId: string, purpose: string): Promise<Uint8Array>;
}

/** A recorded COPPA consent for one student (docs/PRIVACY.md). */
export interface ConsentRecord {
  id: string;
  tenantId: string;
  studentId: string;
  kind: ConsentKind;
  scope: ConsentPurpose[];
  /** Who gave it (a parent's name, a school official); null once erased. */
  grantedBy: string | null;
  /** How it was obtained (signed form reference, note); null once erased. */
  evidence: string | null;
  grantedAt: string;
  recordedBy: string | null;
  recordedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revocationNote: string | null;
}

/** What the COPPA guardrail needs to know of a student. */
export interface StudentPrivacyFacts {
  birthDate: string | null;
  ageBand: AgeBand | null;
  /** Consents recorded and not revoked. */
  consents: ActiveConsent[];
  /** The student was erased (a pseudonymous tombstone): nothing more is collected. */
  erased: boolean;
}

export interface ConsentStore {
  record(
    tenantId: string,
    input: Omit<
      ConsentRecord,
      'tenantId' | 'recordedAt' | 'revokedAt' | 'revokedBy' | 'revocationNote'
    >,
  ): Promise<ConsentRecord>;
  list(tenantId: string, studentId: string): Promise<ConsentRecord[]>;
  /** Revokes a consent in force; null if there is no such consent of the student. */
  revoke(
    tenantId: string,
    studentId: string,
    id: string,
    by: { userId: string | null; at: Date; note: string | null },
  ): Promise<ConsentRecord | null>;
  /** Age facts and consents in force of the students among `ids`. */
  factsOf(tenantId: string, ids: readonly string[]): Promise<Map<string, StudentPrivacyFacts>>;
}

export type ErasureMode = 'delete' | 'deidentify';

/** A data-rights request (export or erasure) and what came of it. */
export interface DataRightsRequest {
  id: string;
  tenantId: string;
  studentId: string;
  kind: 'export' | 'erasure';
  mode: ErasureMode | null;
  status: 'pending' | 'completed' | 'failed';
  requestedBy: string | null;
  reason: string | null;
  requestedAt: string;
  completedAt: string | null;
  outcome: Record<string, unknown>;
}

/** Counts of what an erasure changed. */
export interface ErasureOutcome {
  alreadyErased: boolean;
  apiKeys: number;
  webSessions: number;
  consents: number;
  eventsBlanked: number;
  outboxBlanked: number;
  mastery: number;
  features: number;
}

export interface DataRightsStore {
  /**
   * In one transaction: turns the student's user row into a tombstone (no PII, pseudonymised),
   * deletes their credentials, blanks the free text they wrote (forum posts, short-text
   * answers) in events and the outbox, erases consents' personal details, in `delete` mode
   * deletes mastery and features, and records the completed request. All or nothing.
   */
  erase(
    tenantId: string,
    request: Omit<DataRightsRequest, 'tenantId' | 'kind' | 'status' | 'completedAt' | 'outcome'> & {
      mode: ErasureMode;
    },
    at: Date,
  ): Promise<{ request: DataRightsRequest; outcome: ErasureOutcome }>;
  /** Records a request that is already done (an export) or failed. */
  recordRequest(
    tenantId: string,
    request: Omit<DataRightsRequest, 'tenantId'>,
  ): Promise<DataRightsRequest>;
  listRequests(
    tenantId: string,
    filter: { studentId?: string | undefined },
    page: PageRequest,
  ): Promise<Page<DataRightsRequest>>;
}

/**
 * One more part of a student's export, e.g. their audit entries. The lead wires extra sources in
 * `src/main.ts`; each adds one key to the export document.
 */
export interface StudentDataSource {
  /** The key in the export document, e.g. `auditEntries`. */
  name: string;
  collect(tenantId: string, studentId: string): Promise<unknown>;
}

/** Who touched which student's record, how and why: one audit entry as a request writes it. */
export interface AuditEntryInput {
  id: string;
  /** ISO 8601 instant. */
  at: string;
  /** A user, a tenant key without a user, an operator, or the system (CLI, jobs). */
  actorKind: 'user' | 'service_key' | 'operator' | 'system';
  actorId: string | null;
  role: string;
  purpose: string;
  /** The student whose record was read or written. */
  subjectId: string;
  action: 'read' | 'write';
  /** What was touched, e.g. `users`, `events`, `mastery`, `enrollments`. */
  resource: string;
  requestId: string | null;
}

/** A stored audit entry; the chain fields are null until the sealer links it. */
export interface AuditEntry extends AuditEntryInput {
  tenantId: string;
  /** Arrival order within the database (global, gaps allowed). */
  seq: number;
  /** Position in the tenant's hash chain, from 1; null while unsealed. */
  chainIndex: number | null;
  prevHash: string | null;
  hash: string | null;
}

/** The tenant's chain: its head, and the anchor left by pruning (index 0 and null: none). */
export interface AuditChainState {
  headIndex: number;
  headHash: string | null;
  anchorIndex: number;
  anchorHash: string | null;
  pruned: number;
}

export interface AuditLink {
  seq: number;
  chainIndex: number;
  prevHash: string;
  hash: string;
}

/** The audit log. Appends are lock-free; sealing and pruning take a per-tenant lock. */
export interface AuditStore {
  append(tenantId: string, entries: readonly AuditEntryInput[]): Promise<void>;
  /**
   * Under the tenant's sealer lock: hands the chain head and up to `limit` unsealed entries (in
   * arrival order) to `link`, stores the links it returns and moves the head. Returns the count.
   */
  seal(
    tenantId: string,
    limit: number,
    link: (head: { index: number; hash: string | null }, pending: AuditEntry[]) => AuditLink[],
  ): Promise<number>;
  /** Tenants with unsealed entries. */
  tenantsWithPending(): Promise<string[]>;
  chainState(tenantId: string): Promise<AuditChainState | null>;
  /** Sealed entries with `chainIndex > afterIndex`, in chain order. */
  readChain(tenantId: string, afterIndex: number, limit: number): Promise<AuditEntry[]>;
  countUnsealed(tenantId: string): Promise<number>;
  list(
    tenantId: string,
    filter: { subjectId?: string | undefined },
    page: PageRequest,
  ): Promise<Page<AuditEntry>>;
  /**
   * Deletes the longest prefix of sealed entries older than `before`, keeping the hash of the
   * last one deleted as the chain's anchor.
   */
  prune(tenantId: string, before: Date): Promise<{ pruned: number; anchorIndex: number }>;
}

/**
 * The last recommendations served per request key, to answer when the database is slow. Never
 * the only copy of anything: a miss just means no fallback.
 */
export interface RecommendationCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** An instructor's control of one content entry in one section. */
export interface ContentControl {
  sectionId: string;
  contentId: string;
  /** pinned: recommended first when allowed; hidden or flagged: never recommended. */
  kind: 'pinned' | 'hidden' | 'flagged';
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface SectionControlStore {
  list(tenantId: string, sectionId: string): Promise<ContentControl[]>;
  /** Content hidden or flagged in any section of the course. */
  hiddenInCourse(tenantId: string, courseId: string): Promise<string[]>;
  /** Creates or replaces the control of the content in the section. */
  set(tenantId: string, control: Omit<ContentControl, 'createdAt'>): Promise<ContentControl>;
  remove(tenantId: string, sectionId: string, contentId: string): Promise<boolean>;
}

/** Sends email; only present when SMTP is configured. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** What the intervention agent reads about one student before deciding on one message. */
export interface InterventionContext {
  /** The stored state's version; null before the student's first message. */
  version: string | null;
  /** The stored detector state (JSON), or null; null too when `stateKnown`. */
  state: unknown;
  /** The caller holds this version's state already (`knownVersion`), so it was not read. */
  stateKnown?: boolean;
  /** The student's learner feature state in the course (JSON), or null. */
  features: unknown;
  studentName: string | null;
  /** The sections of the course the student is enrolled in. */
  sectionIds: string[];
  /** P(mastered) per objective of the course. */
  mastery: Map<string, number>;
  /** The item's response-time norm, when an item was named. */
  itemNorm: { responses: number; meanLogMs: number } | null;
}

/** One intervention as stored. */
export interface InterventionRecord {
  id: string;
  studentId: string;
  courseId: string;
  sectionId: string | null;
  objectiveId: string | null;
  itemId: string | null;
  type: string;
  evidence: Record<string, unknown>;
  confidence: number;
  action: Record<string, unknown>;
  status: string;
  queueReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  outcome: string | null;
  outcomeAttempts: number | null;
  outcomeAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewIntervention = Omit<
  InterventionRecord,
  | 'studentId'
  | 'decidedBy'
  | 'decidedAt'
  | 'outcome'
  | 'outcomeAttempts'
  | 'outcomeAt'
  | 'createdAt'
  | 'updatedAt'
>;

/** What the agent writes for one message, atomically. */
export interface InterventionWrite {
  studentId: string;
  /** The version the state was derived from (null: none stored yet). */
  expectVersion: string | null;
  /** The new version. */
  version: string;
  state: unknown;
  /** A response to add to an item's time norm. */
  itemTime: { itemId: string; durationMs: number } | null;
  /** New interventions of this student: a record without what is decided or learned later. */
  interventions: NewIntervention[];
  outcomes: { id: string; mastered: boolean; attempts: number }[];
}

export interface InterventionOutcomeRow {
  type: string;
  /** Whether the intervention reached the student (applied, approved, edited, delivered). */
  delivered: boolean;
  count: number;
  /** Those whose outcome is known. */
  resolved: number;
  mastered: number;
}

/** What one message (or a rebuild) writes for one learner's analytics (docs/ANALYTICS.md). */
export interface AnalyticsWrites {
  /** The consumer's state, stored as JSON. */
  state: unknown;
  /** The compact summary the dashboard reads. */
  summary: unknown;
  points: readonly { objectiveId: string; at: string; pMastery: number }[];
  windows: readonly {
    key: string;
    objectiveId: string;
    usedAt: string;
    pStart: number | null;
    pEnd: number | null;
    answers: number;
  }[];
}

/** A stored event as the analytics rebuild and the timeline read it. */
export interface AnalyticsEventRow {
  id: string;
  event: LearningEvent;
}

/** The analytics agent's precomputed tables and the reads of the instructor dashboard. */
export interface AnalyticsStore {
  /**
   * Applies one message to one learner exactly once: under the learner's lock, unless
   * `consumer` already recorded `messageId`, derives the writes from the stored state (null
   * when none) and stores them with the receipt. False for a message already applied.
   */
  applyMessage(props: {
    consumer: string;
    messageId: string;
    tenantId: string;
    studentId: string;
    courseId: string;
    derive: (state: unknown) => AnalyticsWrites;
  }): Promise<boolean>;
  /**
   * `applyMessage` for several messages in one transaction: each learner is locked once, read
   * once and written once, every `derive` of a learner's messages (in the given order) taking
   * the state the previous one returned; messages already applied are skipped. Returns how many
   * were applied.
   */
  applyMessages(
    consumer: string,
    messages: readonly {
      messageId: string;
      tenantId: string;
      studentId: string;
      courseId: string;
      derive: (state: unknown) => AnalyticsWrites;
    }[],
  ): Promise<number>;
  /** The learners (student, course) of a tenant with at least one stored event. */
  learnersWithEvents(tenantId: string): Promise<{ studentId: string; courseId: string }[]>;
  /**
   * Replaces a learner's analytics with `rebuild` of their stored events (chronological), under
   * the same lock, and records a receipt for each of those events so the consumer does not
   * apply them again.
   */
  rebuildLearner(props: {
    consumer: string;
    tenantId: string;
    studentId: string;
    courseId: string;
    rebuild: (events: readonly AnalyticsEventRow[]) => AnalyticsWrites;
  }): Promise<void>;
  /**
   * The summaries in a course of these students (those without analytics are absent), only of
   * those updated after `changedAfter` when it is given (a reader's cache asks for the changes).
   */
  learnerSummaries(props: {
    tenantId: string;
    courseId: string;
    studentIds: readonly string[];
    changedAfter: string | null;
  }): Promise<{ studentId: string; summary: unknown; updatedAt: string }[]>;
  /** Interventions of a section's students in its course still open (not dismissed, no outcome). */
  openInterventions(
    tenantId: string,
    sectionId: string,
    courseId: string,
  ): Promise<
    {
      studentId: string;
      type: string;
      objectiveId: string | null;
      confidence: number;
      createdAt: string;
    }[]
  >;
  /** A learner's trajectory points, oldest first. */
  masteryPoints(
    tenantId: string,
    studentId: string,
    courseId: string,
  ): Promise<{ objectiveId: string; at: string; pMastery: number }[]>;
  /**
   * A student's timeline sources, newest first, each at or before `before` (all when null) and
   * at most `limit` of them strictly before it plus all at it.
   */
  timelineSources(props: {
    tenantId: string;
    studentId: string;
    courseId: string | undefined;
    before: string | null;
    limit: number;
  }): Promise<{
    events: AnalyticsEventRow[];
    points: { objectiveId: string; courseId: string; at: string; pMastery: number }[];
    interventions: {
      id: string;
      type: string;
      status: string;
      objectiveId: string | null;
      contentId: string | null;
      createdAt: string;
    }[];
  }>;
  /**
   * Per window key (content id or `practice`) and objective, over these students: the
   * windows with at least one answer, their mean gain (P after − P before) and its sample
   * standard deviation.
   */
  contentGains(
    tenantId: string,
    courseId: string,
    studentIds: readonly string[],
  ): Promise<{ key: string; objectiveId: string; n: number; mean: number; sd: number }[]>;
}

/** Interventions and the agent's state. */
export interface InterventionStore {
  context(
    tenantId: string,
    q: { studentId: string; courseId: string; itemId: string | null },
  ): Promise<InterventionContext>;
  /**
   * Writes one message's result once: `duplicate` if this consumer already applied the message,
   * `stale` (nothing written) if the state changed since `expectVersion`.
   */
  apply(
    consumer: string,
    messageId: string,
    tenantId: string,
    write: InterventionWrite,
  ): Promise<'ok' | 'stale' | 'duplicate'>;
  /**
   * `context` of several messages, one statement per tenant (each as of its start); a state
   * whose version is `knownVersion` is not read again (`stateKnown`).
   */
  contexts(
    qs: readonly {
      tenantId: string;
      studentId: string;
      courseId: string;
      itemId: string | null;
      knownVersion?: string | null;
    }[],
  ): Promise<InterventionContext[]>;
  /**
   * `apply` of several messages in one statement, in the given order (a later write of a
   * student may expect the version an earlier one writes); the result of each.
   */
  applyAll(
    consumer: string,
    writes: readonly { messageId: string; tenantId: string; write: InterventionWrite }[],
  ): Promise<('ok' | 'stale' | 'duplicate')[]>;
  get(tenantId: string, id: string): Promise<InterventionRecord | null>;
  /** Newest first. */
  list(
    tenantId: string,
    filter: {
      sectionId?: string | undefined;
      /** Only these sections (an instructor's scope). */
      sectionIds?: readonly string[] | undefined;
      studentId?: string | undefined;
      statuses?: readonly string[] | undefined;
      /** Only those addressed to the student (no instructor alerts). */
      forStudent?: boolean | undefined;
    },
    page: PageRequest,
  ): Promise<Page<InterventionRecord>>;
  /**
   * Across tenants (a platform job): students whose last activity in a course is before `before`
   * and who have had no inactivity alert in that course since.
   */
  inactiveStudents(
    before: Date,
    limit: number,
  ): Promise<
    {
      tenantId: string;
      studentId: string;
      courseId: string;
      sectionId: string | null;
      /** Always null: names are encrypted at rest and not copied into interventions' texts. */
      studentName: string | null;
      lastActivityAt: string;
    }[]
  >;
  /**
   * Adds interventions raised outside the bus consumer (the inactivity sweep); an inactivity
   * alert for an absence already alerted is skipped. Returns how many were added.
   */
  add(
    tenantId: string,
    interventions: readonly (NewIntervention & { studentId: string })[],
  ): Promise<number>;
  /** Marks an intervention delivered outside the app (email) if it is applied, approved or edited. */
  markDelivered(tenantId: string, id: string): Promise<boolean>;
  /** Changes the status (and optionally the action) if the current status is one of `from`. */
  decide(
    tenantId: string,
    id: string,
    change: {
      status: string;
      action?: Record<string, unknown> | undefined;
      decidedBy: string | null;
      from: readonly string[];
    },
  ): Promise<InterventionRecord | null>;
  outcomes(tenantId: string, sectionId: string): Promise<InterventionOutcomeRow[]>;
}

/**
 * Signs and verifies short opaque tokens (practice attempts): `sign` returns the payload with a
 * MAC, `verify` returns the payload when the MAC is right and null otherwise (never throws).
 */
export interface TokenSigner {
  sign(payload: string): string;
  verify(token: string): string | null;
}
