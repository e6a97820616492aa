/**
 * Durable ingestion: dedupe by client event id, append to the partitioned event log, write the
 * mastery, features and outbox messages derived from the learner state — atomically, in one
 * statement per request (see migration 0009), from learner state kept in memory and checked by
 * version. Also the read side of events, mastery and features, and the outbox relay's queue.
 */
import { sql } from 'kysely';
import type { LearningEvent } from '../../domain/events/learning-event.js';
import type {
  AuditEntryInput,
  BusBatch,
  IngestWrites,
  LearnerStateSnapshot,
  LearningStore,
  MasteryRecord,
} from '../../ports.js';
import { randomUUID } from 'node:crypto';
import AsyncLock from 'async-lock';
import { LRUCache } from 'lru-cache';
import { uuidv7 } from 'uuidv7';
import { unavailable } from '../../domain/errors.js';
import { inTenant, type Db } from './database.js';
import { decodeTimeCursor, encodeTimeCursor, iso } from './pagination.js';
import { createGroupCommit, type IngestDocument } from './ingest-group-commit.js';
import { appendAuditEntries } from './postgres-audit-store.js';

/** An outbox message as the ingestion document carries it (id, subject, payload). */
interface OutboxMessage {
  i: string;
  sub: string;
  p: Record<string, unknown>;
}

/** Most messages in one outbox row: one unit on the bus, one `performBatch` for a consumer. */
const OUTBOX_ROW_MESSAGES = 100;

/**
 * A statement's outbox messages as outbox rows, in order: each run of messages on one subject,
 * up to OUTBOX_ROW_MESSAGES a row, as `{"batch": [{id, payload}, …]}`. The row ids are
 * time-ordered, so the relay (by commit time, then id) keeps the messages' order, which
 * consumers rely on (a video's window counts the answers after it). A row's id is its batch's
 * id on the bus; each message keeps its event's id.
 */
function outboxRows(messages: readonly OutboxMessage[]): OutboxMessage[] {
  const rows: OutboxMessage[] = [];
  let batch: { id: string; payload: Record<string, unknown> }[] = [];
  let subject = '';
  for (const m of messages) {
    if (batch.length === OUTBOX_ROW_MESSAGES || (batch.length > 0 && m.sub !== subject)) {
      rows.push({ i: uuidv7(), sub: subject, p: { batch } });
      batch = [];
    }
    subject = m.sub;
    batch.push({ id: m.i, payload: m.p });
  }
  if (batch.length > 0) {
    rows.push({ i: uuidv7(), sub: subject, p: { batch } });
  }
  return rows;
}

/** An outbox row as the batch it is on the bus (a row written before batches: one message). */
function outboxBatch(row: {
  id: string;
  tenant_id: string;
  subject: string;
  payload: Record<string, unknown>;
}): BusBatch {
  const message = (id: string, payload: Record<string, unknown>) => ({
    id,
    tenantId: row.tenant_id,
    subject: row.subject,
    payload,
  });
  const batch = row.payload.batch as { id: string; payload: Record<string, unknown> }[] | undefined;
  return {
    id: row.id,
    messages: Array.isArray(batch)
      ? batch.map((m) => message(m.id, m.payload))
      : [message(row.id, row.payload)],
  };
}

/** Splits an event into its indexed columns and its type-specific payload. */
function payloadOf(e: LearningEvent): Record<string, unknown> {
  const {
    id: _i,
    type: _t,
    studentId: _s,
    courseId: _c,
    sectionId: _x,
    sessionId: _y,
    timestamp: _ts,
    ...payload
  } = e;
  return payload;
}

/** A stored event row as the learning event it was posted as. */
export function eventOf(row: {
  client_event_id: string;
  type: string;
  student_id: string;
  course_id: string;
  section_id: string | null;
  session_id: string | null;
  occurred_at: Date | string;
  payload: Record<string, unknown>;
}): LearningEvent {
  return {
    ...row.payload,
    id: row.client_event_id,
    type: row.type,
    studentId: row.student_id,
    courseId: row.course_id,
    ...(row.section_id ? { sectionId: row.section_id } : {}),
    ...(row.session_id ? { sessionId: row.session_id } : {}),
    timestamp: iso(row.occurred_at),
  } as LearningEvent;
}

interface MasteryRow {
  student_id: string;
  objective_id: string;
  course_id: string;
  p_mastery: number;
  attempts: number;
  correct: number;
  updated_at: Date | string;
}

const toMastery = (r: MasteryRow): MasteryRecord => ({
  studentId: r.student_id,
  objectiveId: r.objective_id,
  courseId: r.course_id,
  pMastery: r.p_mastery,
  attempts: r.attempts,
  correct: r.correct,
  updatedAt: iso(r.updated_at),
});

/** What an API process remembers of one student in one course, as of `version`. */
interface CachedLearnerState {
  /** `learner_features.version`; null when the student has no state in the course yet. */
  version: string | null;
  features: unknown;
  /** Keyed by objective id. */
  mastery: Map<string, MasteryRecord>;
}

interface StoredState {
  student: string;
  course: string;
  version: string | null;
  features: unknown;
  mastery: { objective: string; p: number; attempts: number; correct: number; at: string }[];
}

type IngestReply =
  | { status: 'ok' }
  | { status: 'stale'; states: StoredState[] }
  | { status: 'duplicates'; stored: string[] };

export interface LearningStoreOptions {
  /** How many (student, course) learner states an API process keeps in memory; default 50,000. */
  cachedStates?: number;
}

type IngestRequest = Parameters<LearningStore['ingest']>[0];
type IngestResult = Awaited<ReturnType<LearningStore['ingest']>>;

/** Attempts at deriving and writing before giving up: a contended student is re-read each time. */
const MAX_ATTEMPTS = 20;

export function createPostgresLearningStore(
  db: Db,
  options: LearningStoreOptions = {},
): LearningStore {
  // The learner state this process last wrote or read, checked against the stored version on
  // every write (`pathwise_ingest`), so a stale entry costs a retry, never a wrong update.
  const states = new LRUCache<string, CachedLearnerState>({ max: options.cachedStates ?? 50_000 });
  // One ingestion at a time per student in this process, in arrival order: a request derives its
  // writes from the state its student's previous request wrote, instead of from the same state
  // as a request still in flight, which the version check would refuse as stale (a retry that
  // re-reads the state; under load, most of a group's statements). Other processes are still
  // caught by the version check. Keys are taken in sorted order, so two requests of several
  // students cannot wait on each other; admission control bounds the waiting.
  const studentLocks = new AsyncLock({ maxPending: Infinity });
  // Requests derived again because a state they were derived from had changed (for metrics).
  let staleRetries = 0;
  // UTC months ('YYYY-MM') whose event partition this process has made sure of.
  const partitioned = new Set<string>();
  const stateKey = (tenantId: string, studentId: string, courseId: string) =>
    `${tenantId}/${studentId}/${courseId}`;

  function remember(tenantId: string, stored: readonly StoredState[]): void {
    for (const s of stored) {
      states.set(stateKey(tenantId, s.student, s.course), {
        version: s.version,
        features: s.features,
        mastery: new Map(
          s.mastery.map((m) => [
            m.objective,
            {
              studentId: s.student,
              objectiveId: m.objective,
              courseId: s.course,
              pMastery: m.p,
              attempts: m.attempts,
              correct: m.correct,
              updatedAt: iso(m.at),
            },
          ]),
        ),
      });
    }
  }

  async function call<T>(
    fn: 'pathwise_learner_state' | 'pathwise_ingest',
    tenantId: string,
    doc: unknown,
    audit: readonly AuditEntryInput[] = [],
  ) {
    const call = sql`${sql.raw(fn)}(${tenantId}::uuid, ${JSON.stringify(doc)}::jsonb)`;
    // Audit entries ride in the same statement, appended only if the ingestion wrote (the
    // sub-select runs first, once: a volatile function keeps it from being flattened). Still one
    // round trip, atomic with the events, and no lock (the sealer chains them later).
    const { rows } = await (
      audit.length === 0
        ? sql<{ r: T }>`select ${call} as r`
        : sql<{ r: T }>`
            select w.r, case when w.r->>'status' = 'ok' then ${appendAuditEntries(tenantId, audit)} end as audited
              from (select ${call} as r) w`
    ).execute(db);
    return (rows[0] as { r: T }).r;
  }

  // Requests of a tenant that arrive while two of its ingestion statements are in flight are
  // written together in the next one (ingest-group-commit.ts).
  // The statement's outbox messages go as rows of up to 100 on one subject (outboxRows).
  const writer = createGroupCommit<IngestDocument, AuditEntryInput, IngestReply>(
    (tenantId, doc, audit) =>
      call<IngestReply>(
        'pathwise_ingest',
        tenantId,
        { ...doc, outbox: outboxRows(doc.outbox as OutboxMessage[]) },
        audit,
      ),
  );

  async function ingestNow({
    tenantId,
    events,
    derive,
    courseMasteryOf,
    audit,
  }: IngestRequest): Promise<IngestResult> {
    // One round trip when this process knows the students' state (two when it must read it
    // first); the write is one statement, so all or nothing. See migration 0009.
    const pairs = [
      ...new Map(
        events.map((e) => [
          stateKey(tenantId, e.event.studentId, e.event.courseId),
          { student: e.event.studentId, course: e.event.courseId },
        ]),
      ).entries(),
    ];
    let stored = new Set<string>();
    let readIds = false;
    for (let attempt = 1; ; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw unavailable('The learner state kept changing under this request; try again');
      }
      const unknown = pairs.filter(([key]) => !states.has(key)).map(([, p]) => p);
      if (unknown.length > 0 || readIds) {
        readIds = false;
        const read = await call<{ states: StoredState[]; stored: string[] }>(
          'pathwise_learner_state',
          tenantId,
          { pairs: unknown, ids: events.map((e) => e.event.id) },
        );
        remember(tenantId, read.states);
        stored = new Set(read.stored);
      }
      // The first of each client id not stored yet; a repeat within the request is a duplicate.
      const seen = new Set(stored);
      const fresh = events.filter((e) => !seen.has(e.event.id) && seen.add(e.event.id));
      const cached = pairs.map(([key, p]) => ({
        ...p,
        state: states.get(key) as CachedLearnerState,
      }));
      if (cached.some((c) => !c.state)) {
        continue; // evicted meanwhile by other requests
      }
      const before: LearnerStateSnapshot = { mastery: new Map(), features: new Map() };
      for (const { student, course, state } of cached) {
        for (const m of state.mastery.values()) {
          before.mastery.set(`${student}/${m.objectiveId}`, m);
        }
        if (state.features !== null && state.features !== undefined) {
          // derive() updates feature states in place: give it copies, the cache stays as stored.
          before.features.set(`${student}/${course}`, structuredClone(state.features));
        }
      }
      const writes: IngestWrites =
        fresh.length > 0 ? derive(fresh, before) : { mastery: [], features: [], outbox: [] };
      const next = new Map(cached.map((c) => [`${c.student}/${c.course}`, randomUUID()]));
      if (fresh.length > 0) {
        // UTC months, as the partitions are cut.
        const months = [
          ...new Set(fresh.map((e) => new Date(e.event.timestamp).toISOString().slice(0, 7))),
        ];
        let reply: IngestReply;
        try {
          reply = await writer.write(
            tenantId,
            {
              months: months.filter((m) => !partitioned.has(m)).map((m) => `${m}-01T00:00:00Z`),
              pairs: cached.map((c) => ({
                student: c.student,
                course: c.course,
                expect: c.state.version,
              })),
              events: fresh.map(({ id, event: e }) => ({
                i: id,
                c: e.id,
                t: e.type,
                s: e.studentId,
                co: e.courseId,
                se: e.sectionId ?? null,
                ss: e.sessionId ?? null,
                at: e.timestamp,
                p: payloadOf(e),
              })),
              mastery: writes.mastery.map((m) => ({
                s: m.studentId,
                o: m.objectiveId,
                co: m.courseId,
                p: m.pMastery,
                n: m.attempts,
                k: m.correct,
                at: m.updatedAt,
              })),
              features: writes.features.map((f) => ({
                s: f.studentId,
                co: f.courseId,
                f: f.state,
                v: next.get(`${f.studentId}/${f.courseId}`),
              })),
              outbox: writes.outbox.map((m) => ({ i: m.id, sub: m.subject, p: m.payload })),
            },
            audit?.(fresh) ?? [],
          );
        } catch (error) {
          // Another student's request stored the same client id at the same moment.
          if ((error as { code?: string }).code === '23505') {
            readIds = true;
            continue;
          }
          throw error;
        }
        if (reply.status === 'ok') {
          months.forEach((m) => partitioned.add(m));
        }
        if (reply.status === 'stale') {
          staleRetries++;
          remember(tenantId, reply.states);
          continue;
        }
        if (reply.status === 'duplicates') {
          stored = new Set([...stored, ...reply.stored]);
          continue;
        }
        for (const c of cached) {
          const written = writes.features.find(
            (f) => f.studentId === c.student && f.courseId === c.course,
          );
          const mastery = new Map(c.state.mastery);
          for (const m of writes.mastery) {
            if (m.studentId === c.student && m.courseId === c.course) {
              mastery.set(m.objectiveId, m);
            }
          }
          states.set(stateKey(tenantId, c.student, c.course), {
            version: written ? (next.get(`${c.student}/${c.course}`) as string) : c.state.version,
            features: written ? written.state : c.state.features,
            mastery,
          });
        }
      }
      const course = courseMasteryOf
        ? states.get(stateKey(tenantId, courseMasteryOf.studentId, courseMasteryOf.courseId))
        : undefined;
      return {
        fresh,
        duplicates: events.length - fresh.length,
        writes,
        courseMastery: course ? [...course.mastery.values()] : [],
      };
    }
  }

  return {
    ingest(request) {
      const students = [...new Set(request.events.map((e) => e.event.studentId))].sort();
      return studentLocks.acquire(
        students.map((s) => `${request.tenantId}/${s}`),
        () => ingestNow(request),
      );
    },

    masteryOf(tenantId, studentId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
        let q = tx
          .selectFrom('mastery')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId);
        if (courseId) {
          q = q.where('course_id', '=', courseId);
        }
        return (await q.orderBy('objective_id').execute()).map(toMastery);
      });
    },

    featuresOf(tenantId, studentId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .selectFrom('learner_features')
          .select('features')
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId)
          .where('course_id', '=', courseId)
          .executeTakeFirst();
        return row?.features ?? null;
      });
    },

    listEvents(tenantId, studentId, filter, page) {
      // Newest first; the cursor is the last row's (occurred_at, id).
      return inTenant(db, tenantId, async (tx) => {
        let q = tx
          .selectFrom('events')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId);
        if (filter.type) {
          q = q.where('type', '=', filter.type);
        }
        if (filter.courseId) {
          q = q.where('course_id', '=', filter.courseId);
        }
        if (filter.from) {
          q = q.where('occurred_at', '>=', new Date(filter.from));
        }
        if (filter.to) {
          q = q.where('occurred_at', '<', new Date(filter.to));
        }
        if (page.cursor) {
          const { at, id } = decodeTimeCursor(page.cursor);
          q = q.where(sql<boolean>`(occurred_at, id) < (${at}::timestamptz, ${id}::uuid)`);
        }
        const rows = await q
          .orderBy('occurred_at', 'desc')
          .orderBy('id', 'desc')
          .limit(page.limit + 1)
          .execute();
        const more = rows.length > page.limit;
        const items = rows
          .slice(0, page.limit)
          .map((r) => ({ id: r.id, event: eventOf(r), receivedAt: iso(r.received_at) }));
        const last = rows[page.limit - 1];
        return {
          items,
          nextCursor: more && last ? encodeTimeCursor(iso(last.occurred_at), last.id) : null,
        };
      });
    },

    ingestStats: {
      get statements() {
        return writer.stats.statements;
      },
      get requests() {
        return writer.stats.requests;
      },
      get staleRetries() {
        return staleRetries;
      },
    },

    async takeOutbox(limit, publish) {
      // Taken (deleted, locked) and published in one transaction: if publishing fails, the
      // rollback puts them back; other relays skip the locked rows.
      return db.transaction().execute(async (tx) => {
        const { rows } = await sql<{
          id: string;
          tenant_id: string;
          subject: string;
          payload: Record<string, unknown>;
          created_at: Date;
        }>`delete from outbox where id in (
             select id from outbox order by created_at, id limit ${limit} for update skip locked)
           returning id, tenant_id, subject, payload, created_at`.execute(tx);
        if (rows.length === 0) {
          return 0;
        }
        rows.sort(
          (x, y) => x.created_at.getTime() - y.created_at.getTime() || (x.id < y.id ? -1 : 1),
        );
        await publish(rows.map(outboxBatch));
        return rows.length;
      });
    },
  };
}
