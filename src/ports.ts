/**
 * The interfaces services need from the outside world. Adapters in `src/adapters` implement
 * them; only `src/main.ts` chooses which. Every tenant-scoped call takes the tenant id first and
 * never sees another tenant's rows.
 */
import type { CoursePackage, ContentEntry } from './domain/course-package/course-package-schema.js';
import type { LearningEvent } from './domain/events/learning-event.js';
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
export interface BusConsumer {
  /** Durable name: deliveries resume where this consumer left off after a restart. */
  name: string;
  /** Subjects it handles; `events.>` for all. */
  subjects: readonly string[];
  perform(message: BusMessage): Promise<void>;
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
  subscribe(consumer: BusConsumer): Promise<BusSubscription>;
  /** Reachability, for /ready. */
  check(): Promise<{ ok: boolean; error?: string }>;
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
  /** Oldest outbox messages, locked for this caller (others skip them). */
  takeOutbox(limit: number, publish: (messages: BusMessage[]) => Promise<void>): Promise<number>;
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
  list(tenantId: string, sectionId: string): Promise<ClassAggregateRow[]>;
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
  /** The stored detector state (JSON), or null. */
  state: unknown;
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
  interventions: {
    id: string;
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
  }[];
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
      studentName: string;
      lastActivityAt: string;
    }[]
  >;
  /** Adds interventions raised outside the bus consumer (the inactivity sweep). */
  add(
    tenantId: string,
    interventions: readonly (InterventionWrite['interventions'][number] & { studentId: string })[],
  ): Promise<void>;
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
