/**
 * The hot path of one request to `POST /v1/events` (DESIGN.md): guardrail (tenant, role,
 * references, PII redaction of free text) → update and persist (mastery through the
 * knowledge-tracing model, learner features; then event log, state and outbox written
 * atomically, see `LearningStore.ingest`) → recommend. Returns
 * the updated mastery, the next steps and how long each stage took.
 */
import { AppError, invalidInput, type FieldProblem } from '../domain/errors.js';
import { validateEventBody } from '../domain/events/validate-events.js';
import type { LearningEvent } from '../domain/events/learning-event.js';
import { BktModel } from '../domain/knowledge-tracing/bkt.js';
import { roundProbability } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import {
  applyEventToFeatures,
  emptyLearnerFeatureState,
  type LearnerFeatureState,
} from '../domain/learner-features/learner-features.js';
import type { MasteryModel } from '../domain/recommendation/recommend-for-student.js';
import { NO_CONTROLS, type Recommendation } from '../domain/recommendation/recommender.js';
import type {
  AcceptedEvent,
  BusMessage,
  IngestWrites,
  LearningStore,
  MasteryRecord,
  RosterEntry,
  SectionStore,
  UserStore,
} from '../ports.js';
import {
  authorize,
  studentsOutsideScope,
  tenantActor,
  type Actor,
  type Authorizer,
  type TenantActor,
} from './access.js';
import type { AuditTrail } from './audit.js';
import type { ConsentService } from './consent-service.js';
import type { CourseCatalog, CourseCatalogCache } from './course-catalog.js';
import { loadKtState, storeKtState, type ServedModel } from './served-models.js';

/**
 * The stored learner-features document of a student in a course: the feature state, plus under
 * `kt` the served knowledge-tracing model's state of that student (`StoredKtState`), so both are
 * read and written together.
 */
type FeatureDocument = LearnerFeatureState & { kt?: unknown };
import { recommendFromCatalog } from './recommendation-service.js';

/** Replaces personal data in free text; built per course roster. */
export type TextRedactor = (text: string) => string;

export interface IngestionDeps {
  learning: LearningStore;
  catalog: CourseCatalogCache;
  users: UserStore;
  sections: SectionStore;
  authz: Authorizer;
  /** Audit entries (one per student written) go into the ingestion transaction. */
  audit: AuditTrail;
  newId: () => string;
  now: () => Date;
  /** The model served to a tenant now; read on every request so a promotion applies at once. */
  model: (tenantId: string) => ServedModel;
  /**
   * The model the recommendations stage scores with, from the mastery just computed (see
   * `RecommendationDeps.model`); null when none is available (degraded ranking).
   */
  recommendationModel: (tenantId: string) => MasteryModel | null;
  /** Builds a redactor for a course's roster; cached by the service per course. */
  createRedactor: (roster: readonly RosterEntry[]) => TextRedactor;
  /** Called after a commit that wrote outbox messages, so the relay publishes them promptly. */
  onCommitted?: () => void;
  /** COPPA data minimisation of the guardrail (docs/PRIVACY.md). */
  consent: Pick<ConsentService, 'minimise'>;
}

export interface StageTimings {
  guardrail: number;
  persist: number;
  update: number;
  recommend: number;
}

export interface IngestResult {
  accepted: number;
  /** Events not stored for lack of a COPPA consent (behavioural events of under-13 students). */
  withheld: number;
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
      // An instructor writes only the records of students in the sections they teach.
      const outside = await studentsOutsideScope(
        deps.sections,
        a,
        [...roles].filter(([, role]) => role === 'student').map(([id]) => id),
      );
      if (outside.size > 0) {
        throw new AppError({
          kind: 'NotAllowed',
          code: 'forbidden',
          message: 'An instructor may post events only for students in the sections they teach',
          problems: events.flatMap((e, i) =>
            outside.has(e.studentId)
              ? [{ path: at(i, 'studentId'), message: 'is not in a section you teach' }]
              : [],
          ),
        });
      }
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
    const served = deps.model(tenantId);
    const model = served.model;
    const mastery = new Map(before.mastery);
    const features = new Map<string, FeatureDocument>();
    const ktStates = new Map<string, unknown>();
    /**
     * BKT's state is P(known) per objective, which the mastery rows already hold: it is rebuilt
     * from them and not stored again. Other models keep their state in the features document.
     */
    const bkt = model instanceof BktModel;
    /**
     * The student's model state in the course: the stored one when it belongs to a model of the
     * same name (any version), else a new one; for BKT seeded from the stored mastery rows.
     */
    const ktStateOf = (
      studentId: string,
      fkey: string,
      doc: FeatureDocument,
      objectives: readonly string[],
    ) => {
      let state = ktStates.get(fkey);
      if (state === undefined) {
        state = (bkt ? null : loadKtState(served, doc.kt)) ?? model.createState();
        ktStates.set(fkey, state);
      }
      if (bkt) {
        const known = state as Map<string, number>;
        for (const o of objectives) {
          const m = mastery.get(`${studentId}/${o}`);
          if (m && !known.has(o)) {
            known.set(o, m.pMastery);
          }
        }
      }
      return state;
    };
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
          (before.features.get(fkey) as FeatureDocument | undefined) ?? emptyLearnerFeatureState();
        features.set(fkey, state);
      }
      applyEventToFeatures(state, event, (cid) => catalog.content.get(cid)?.type);
      const changes: { objectiveId: string; before: number | null; after: number }[] = [];
      if (event.type === 'item_attempted') {
        const objectives = objectivesOf(event, catalog);
        const kt = ktStateOf(event.studentId, fkey, state, objectives);
        model.update(kt, {
          student: event.studentId,
          item: event.itemId,
          objectives,
          correct: event.correct,
          timestamp: Date.parse(event.timestamp) / 1000,
          format: catalog.content.get(event.itemId)?.format,
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
          // Rounded as in the reply: the consumers keep these in their states (histories,
          // trajectories), which are rewritten per batch, and 17 digits cost size for nothing.
          changes.push({
            objectiveId: o,
            before: prev ? roundProbability(prev.pMastery) : null,
            after: roundProbability(next.pMastery),
          });
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
        const kt = ktStates.get(k);
        if (kt !== undefined && !bkt) {
          state.kt = storeKtState(served, kt);
        }
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
      // COPPA: an under-13 student's events keep only what running the service needs.
      const minimised = await deps.consent.minimise({
        tenantId: a.tenantId,
        events,
        isFreeTextItem: (courseId, itemId) =>
          catalogs.get(courseId)?.freeTextItems.has(itemId) ?? false,
        path: (i, field) => (batch ? `/events/${i}/${field}` : `/${field}`),
      });
      // Free text is redacted before it is stored or leaves the process.
      const cleaned: LearningEvent[] = [];
      for (const e of minimised.events) {
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
        courseMasteryOf: single
          ? { studentId: single.studentId, courseId: single.courseId }
          : undefined,
        audit: (fresh) =>
          deps.audit.entries(
            a,
            fresh.map((e) => e.event.studentId),
            'write',
            'events',
          ),
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
          model: deps.recommendationModel(a.tenantId),
          controls: { ...NO_CONTROLS, hidden: catalog.hiddenContentIds },
          now: deps.now().getTime(),
          limit: opts.recommendations,
        }).items;
      }
      const recommend = ms(t2);
      return {
        accepted: result.fresh.length,
        withheld: minimised.withheld,
        duplicates: result.duplicates,
        mastery: result.writes.mastery.map((m) => ({
          studentId: m.studentId,
          objectiveId: m.objectiveId,
          pMastery: roundProbability(m.pMastery),
        })),
        recommendations,
        timings: { guardrail, persist, update, recommend },
      };
    },
  };
}

export type IngestionService = ReturnType<typeof createIngestionService>;
