/**
 * The hot path of one request to `POST /v1/events` (DESIGN.md): guardrail (tenant, role,
 * references, PII redaction of free text) → persist and update (one transaction: event log,
 * mastery through the knowledge-tracing model, learner features, outbox) → recommend. Returns
 * the updated mastery, the next steps and how long each stage took.
 */
import { AppError, invalidInput, type FieldProblem } from '../domain/errors.js';
import { validateEventBody } from '../domain/events/validate-events.js';
import type { LearningEvent } from '../domain/events/learning-event.js';
import type { KnowledgeTracingModel } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import {
  applyEventToFeatures,
  emptyLearnerFeatureState,
  type LearnerFeatureState,
} from '../domain/learner-features/learner-features.js';
import { NO_CONTROLS, type Recommendation } from '../domain/recommendation/recommender.js';
import type {
  AcceptedEvent,
  BusMessage,
  IngestWrites,
  LearningStore,
  MasteryRecord,
  RosterEntry,
  UserStore,
} from '../ports.js';
import { authorize, tenantActor, type Actor, type Authorizer, type TenantActor } from './access.js';
import type { CourseCatalog, CourseCatalogCache } from './course-catalog.js';
import { recommendFromCatalog } from './recommendation-service.js';

/** Replaces personal data in free text; built per course roster. */
export type TextRedactor = (text: string) => string;

/** The mastery model served on the hot path; its state per student is P(mastered) per objective. */
export type ServedModel = KnowledgeTracingModel<Map<string, number>>;

export interface IngestionDeps {
  learning: LearningStore;
  catalog: CourseCatalogCache;
  users: UserStore;
  authz: Authorizer;
  newId: () => string;
  now: () => Date;
  /** The model currently served; read on every request so a promotion applies at once. */
  model: () => ServedModel;
  /** Builds a redactor for a course's roster; cached by the service per course. */
  createRedactor: (roster: readonly RosterEntry[]) => TextRedactor;
  /** Called after a commit that wrote outbox messages, so the relay publishes them promptly. */
  onCommitted?: () => void;
}

export interface StageTimings {
  guardrail: number;
  persist: number;
  update: number;
  recommend: number;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** The mastery of every objective the events moved, per student. */
  mastery: { studentId: string; objectiveId: string; pMastery: number }[];
  recommendations: Recommendation[];
  timings: StageTimings;
}

const ms = (from: number) => Number((performance.now() - from).toFixed(3));

/** Objectives an event bears on: the item's objectives for answers and hints. */
function objectivesOf(event: LearningEvent, catalog: CourseCatalog): readonly string[] {
  if (event.type === 'item_attempted') {
    return catalog.content.get(event.itemId)?.objectiveIds ?? [];
  }
  return [];
}

export function createIngestionService(deps: IngestionDeps) {
  const redactors = new Map<string, { at: number; redact: Promise<TextRedactor> }>();

  function redactorFor(tenantId: string, courseId: string): Promise<TextRedactor> {
    const key = `${tenantId}/${courseId}`;
    const hit = redactors.get(key);
    if (hit && deps.now().getTime() - hit.at < 60_000) {
      return hit.redact;
    }
    const redact = deps.users.rosterOfCourse(tenantId, courseId).then(deps.createRedactor);
    redactors.set(key, { at: deps.now().getTime(), redact });
    redact.catch(() => redactors.delete(key));
    return redact;
  }

  /** Known students, cached for a minute: roles rarely change and this is asked on every post. */
  const knownStudents = new Map<string, number>();
  async function studentRoles(
    tenantId: string,
    ids: readonly string[],
  ): Promise<Map<string, string>> {
    const now = deps.now().getTime();
    const roles = new Map<string, string>();
    const unknown = ids.filter((id) => {
      const at = knownStudents.get(`${tenantId}/${id}`);
      if (at !== undefined && now - at < 60_000) {
        roles.set(id, 'student');
        return false;
      }
      return true;
    });
    if (unknown.length > 0) {
      for (const [id, role] of await deps.users.rolesOf(tenantId, unknown)) {
        roles.set(id, role);
        if (role === 'student') {
          if (knownStudents.size > 100_000) {
            knownStudents.clear();
          }
          knownStudents.set(`${tenantId}/${id}`, now);
        }
      }
    }
    return roles;
  }

  /** Checks who may post what, and that every id refers to something of this tenant and course. */
  async function guard(
    a: TenantActor,
    events: LearningEvent[],
    batch: boolean,
  ): Promise<Map<string, CourseCatalog>> {
    authorize(deps.authz, a, 'events', 'write');
    const at = (i: number, field: string) => (batch ? `/events/${i}/${field}` : `/${field}`);
    const problems: FieldProblem[] = [];
    if (a.role === 'student') {
      events.forEach((e, i) => {
        if (e.studentId !== a.userId) {
          problems.push({
            path: at(i, 'studentId'),
            message: 'a student key may post only its own events',
          });
        }
      });
      if (problems.length > 0) {
        throw new AppError({
          kind: 'NotAllowed',
          code: 'forbidden',
          message: 'A student key may post only its own events',
          problems,
        });
      }
    } else {
      const roles = await studentRoles(a.tenantId, [...new Set(events.map((e) => e.studentId))]);
      events.forEach((e, i) => {
        if (roles.get(e.studentId) !== 'student') {
          problems.push({
            path: at(i, 'studentId'),
            message: 'is not a student of this institution',
          });
        }
      });
    }
    const catalogs = new Map<string, CourseCatalog>();
    for (const courseId of new Set(events.map((e) => e.courseId))) {
      const catalog = await deps.catalog.get(a.tenantId, courseId);
      if (catalog) {
        catalogs.set(courseId, catalog);
      }
    }
    events.forEach((e, i) => {
      const catalog = catalogs.get(e.courseId);
      if (!catalog) {
        problems.push({ path: at(i, 'courseId'), message: 'is not a course of this institution' });
        return;
      }
      const check = (
        field: 'itemId' | 'contentId',
        id: string,
        want: (t: string) => boolean,
        what: string,
      ) => {
        const c = catalog.content.get(id);
        if (!c || !want(c.type)) {
          problems.push({ path: at(i, field), message: `is not ${what} of this course` });
        }
      };
      switch (e.type) {
        case 'item_attempted':
        case 'hint_requested':
          check('itemId', e.itemId, (t) => t === 'assessment_item', 'an assessment item');
          break;
        case 'video_started':
        case 'video_progressed':
        case 'video_completed':
          check('contentId', e.contentId, (t) => t === 'video', 'a video');
          break;
        case 'content_viewed':
          check('contentId', e.contentId, () => true, 'content');
          break;
        case 'forum_posted':
          if (e.contentId) {
            check('contentId', e.contentId, () => true, 'content');
          }
          break;
        case 'session_started':
        case 'session_ended':
          break;
      }
    });
    if (problems.length > 0) {
      throw invalidInput(
        'Some events refer to records that do not exist here',
        problems.slice(0, 200),
        'invalid_reference',
      );
    }
    return catalogs;
  }

  /** The writes for the fresh events, from the state before them. Pure given the catalogs. */
  function derive(
    tenantId: string,
    catalogs: Map<string, CourseCatalog>,
    fresh: readonly AcceptedEvent[],
    before: { mastery: Map<string, MasteryRecord>; features: Map<string, unknown> },
  ): IngestWrites {
    const model = deps.model();
    const mastery = new Map(before.mastery);
    const features = new Map<string, LearnerFeatureState>();
    const outbox: BusMessage[] = [];
    // In time order (timestamps may carry different offsets, so compare instants).
    const ordered = [...fresh].sort(
      (x, y) => Date.parse(x.event.timestamp) - Date.parse(y.event.timestamp),
    );
    for (const { id, event } of ordered) {
      const catalog = catalogs.get(event.courseId) as CourseCatalog;
      const fkey = `${event.studentId}/${event.courseId}`;
      let state = features.get(fkey);
      if (!state) {
        state =
          (before.features.get(fkey) as LearnerFeatureState | undefined) ??
          emptyLearnerFeatureState();
        features.set(fkey, state);
      }
      applyEventToFeatures(state, event, (cid) => catalog.content.get(cid)?.type);
      const changes: { objectiveId: string; before: number | null; after: number }[] = [];
      if (event.type === 'item_attempted') {
        const objectives = objectivesOf(event, catalog);
        const kt = new Map<string, number>();
        for (const o of objectives) {
          const m = mastery.get(`${event.studentId}/${o}`);
          if (m) {
            kt.set(o, m.pMastery);
          }
        }
        model.update(kt, {
          student: event.studentId,
          item: event.itemId,
          objectives,
          correct: event.correct,
          timestamp: Date.parse(event.timestamp) / 1000,
        });
        for (const o of objectives) {
          const key = `${event.studentId}/${o}`;
          const prev = mastery.get(key);
          const next: MasteryRecord = {
            studentId: event.studentId,
            objectiveId: o,
            courseId: event.courseId,
            pMastery: Math.min(1, Math.max(0, model.mastery(kt, o))),
            attempts: (prev?.attempts ?? 0) + 1,
            correct: (prev?.correct ?? 0) + (event.correct ? 1 : 0),
            updatedAt: event.timestamp,
          };
          mastery.set(key, next);
          changes.push({ objectiveId: o, before: prev?.pMastery ?? null, after: next.pMastery });
        }
      }
      outbox.push({
        id,
        tenantId,
        subject: `events.${event.type}`,
        payload: { event, mastery: changes },
      });
    }
    const touched = [...mastery.entries()]
      .filter(([k, v]) => before.mastery.get(k) !== v)
      .map(([, v]) => v);
    return {
      mastery: touched,
      features: [...features.entries()].map(([k, state]) => {
        const [studentId, courseId] = k.split('/') as [string, string];
        return { studentId, courseId, state };
      }),
      outbox,
    };
  }

  return {
    /** Validates, authorizes, stores and applies a body of `POST /v1/events`. */
    async ingest(
      actor: Actor,
      body: unknown,
      opts: { recommendations: number },
    ): Promise<IngestResult> {
      const t0 = performance.now();
      const a = tenantActor(actor);
      const parsed = validateEventBody(body);
      if (!parsed.ok) {
        throw invalidInput(
          'The events are invalid; none were stored',
          parsed.error,
          'invalid_events',
        );
      }
      const { events, batch } = parsed.value;
      const catalogs = await guard(a, events, batch);
      // Free text is redacted before it is stored or leaves the process.
      const cleaned: LearningEvent[] = [];
      for (const e of events) {
        cleaned.push(
          e.type === 'forum_posted'
            ? { ...e, text: (await redactorFor(a.tenantId, e.courseId))(e.text) }
            : e,
        );
      }
      const guardrail = ms(t0);

      const t1 = performance.now();
      let update = 0;
      const students = new Set(cleaned.map((e) => `${e.studentId}/${e.courseId}`));
      const single =
        students.size === 1 && opts.recommendations > 0 ? (cleaned[0] as LearningEvent) : null;
      const accepted = cleaned.map((event) => ({ id: deps.newId(), event }));
      const result = await deps.learning.ingest({
        tenantId: a.tenantId,
        events: accepted,
        objectivesOf: (e) => objectivesOf(e, catalogs.get(e.courseId) as CourseCatalog),
        courseMasteryOf: single
          ? { studentId: single.studentId, courseId: single.courseId }
          : undefined,
        derive: (fresh, before) => {
          const u0 = performance.now();
          const writes = derive(a.tenantId, catalogs, fresh, before);
          update = ms(u0);
          return writes;
        },
      });
      const persist = Number((ms(t1) - update).toFixed(3));
      if (result.writes.outbox.length > 0) {
        deps.onCommitted?.();
      }

      const t2 = performance.now();
      let recommendations: Recommendation[] = [];
      if (single) {
        // The same code path as GET /v1/students/{id}/recommendations, on the state in memory.
        const features = result.writes.features.find(
          (f) => f.studentId === single.studentId && f.courseId === single.courseId,
        );
        const catalog = catalogs.get(single.courseId) as CourseCatalog;
        recommendations = recommendFromCatalog({
          studentId: single.studentId,
          catalog,
          mastery: result.courseMastery,
          features: (features?.state as LearnerFeatureState | undefined) ?? null,
          recentContentIds: cleaned.flatMap((e) =>
            'itemId' in e ? [e.itemId] : 'contentId' in e && e.contentId ? [e.contentId] : [],
          ),
          model: deps.model(),
          controls: { ...NO_CONTROLS, hidden: catalog.hiddenContentIds },
          now: deps.now().getTime(),
          limit: opts.recommendations,
        }).items;
      }
      const recommend = ms(t2);
      return {
        accepted: result.fresh.length,
        duplicates: result.duplicates,
        mastery: result.writes.mastery.map((m) => ({
          studentId: m.studentId,
          objectiveId: m.objectiveId,
          pMastery: Number(m.pMastery.toFixed(6)),
        })),
        recommendations,
        timings: { guardrail, persist, update, recommend },
      };
    },
  };
}

export type IngestionService = ReturnType<typeof createIngestionService>;
