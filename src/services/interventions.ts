/**
 * The intervention agent (docs/INTERVENTIONS.md): a bus consumer that runs the detectors of
 * `src/domain/interventions` on each answered item, hint request and session start, stores the
 * interventions they raise, and follows their outcomes; and the service instructors use to work
 * the review queue (approve, edit, dismiss) and students to read what is addressed to them.
 */
import type { Logger } from 'pino';
import { AppError, conflict, invalidInput, notAllowed, notFound } from '../domain/errors.js';
import { chooseAction, type ActionKind } from '../domain/interventions/choose-action.js';
import { detectInactivity } from '../domain/interventions/inactivity.js';
import {
  emptyInterventionState,
  runInterventionAgent,
  type AgentConfig,
  type AgentEvent,
  type InterventionState,
} from '../domain/interventions/intervention-agent.js';
import type { LearnerFeatureState } from '../domain/learner-features/learner-features.js';
import type { PageRequest } from '../domain/records.js';
import type {
  BusConsumer,
  BusMessage,
  InterventionContext,
  InterventionRecord,
  InterventionWrite,
  Mailer,
  InterventionStore,
  SectionStore,
  UserStore,
} from '../ports.js';
import {
  assertStudentInScope,
  authorize,
  scopedSectionIds,
  tenantActor,
  type Actor,
  type Authorizer,
  type TenantActor,
} from './access.js';
import type { AuditTrail } from './audit.js';
import { courseEventOf, type CourseCatalogCache } from './course-catalog.js';
import type { MasteryModel } from '../domain/recommendation/recommend-for-student.js';

export const INTERVENTIONS_CONSUMER = 'interventions';

/** Statuses in which an intervention has reached (or is shown to) the student. */
export const VISIBLE_TO_STUDENT = ['applied', 'approved', 'edited', 'delivered'] as const;

/** Sends what reached a student by email; a no-op without a mailer. */
export type InterventionDelivery = (
  tenantId: string,
  interventions: readonly {
    id: string;
    studentId: string;
    status: string;
    action: Record<string, unknown>;
  }[],
) => Promise<void>;

const YEAR_MS = 365.25 * 86_400_000;

/**
 * Email delivery: an intervention addressed to the student (not an instructor alert) that reached
 * them (applied, approved, edited) is emailed to the student's address, then marked `delivered`.
 * Students under 13 (by age band or birth date) are never emailed (COPPA); a failed send is
 * logged and the intervention stays in the app.
 */
export function createInterventionDelivery(deps: {
  mailer: Mailer | undefined;
  users: UserStore;
  interventions: InterventionStore;
  now: () => Date;
  logger: Logger;
}): InterventionDelivery {
  return async (tenantId, interventions) => {
    const { mailer } = deps;
    if (!mailer) {
      return;
    }
    for (const i of interventions) {
      if (
        !['applied', 'approved', 'edited'].includes(i.status) ||
        i.action.kind === 'instructor_alert'
      ) {
        continue;
      }
      const student = await deps.users.get(tenantId, i.studentId);
      const underThirteen =
        student?.ageBand === 'under_13' ||
        (student?.birthDate
          ? deps.now().getTime() - Date.parse(student.birthDate) < 13 * YEAR_MS
          : false);
      if (!student?.email || underThirteen) {
        continue;
      }
      try {
        await mailer.send({
          to: student.email,
          subject: 'A suggestion from Pathwise',
          text: `Hello ${student.givenName ?? student.displayName},\n\n${String(i.action.message)}\n\nPathwise\n`,
        });
        await deps.interventions.markDelivered(tenantId, i.id);
      } catch (error) {
        deps.logger.warn({ err: error, interventionId: i.id }, 'intervention email not sent');
      }
    }
  };
}

export interface InterventionConsumerDeps {
  interventions: InterventionStore;
  catalog: CourseCatalogCache;
  model: () => MasteryModel;
  newId: () => string;
  now: () => Date;
  config: Partial<AgentConfig>;
  deliver: InterventionDelivery;
  logger: Logger;
}

const MAX_TRIES = 5;

/** Agent states held between batches, per tenant/student (see `performBatch`). */
const HELD_STATES = 2_000;

export function createInterventionsConsumer(deps: InterventionConsumerDeps): BusConsumer {
  /**
   * The states this process wrote last, with their versions: a batch asks the store to leave out
   * a state whose stored version is still the one held (a state is tens of KB of JSON for an
   * active student), and reads it when another process wrote since. Least recently written
   * dropped first.
   */
  const states = new Map<string, { state: unknown; version: string }>();
  const remember = (key: string, state: unknown, version: string) => {
    states.delete(key);
    states.set(key, { state, version });
    if (states.size > HELD_STATES) {
      states.delete(states.keys().next().value as string);
    }
  };
  /** What the agent needs of one message besides the stored context; null to skip it. */
  async function prepare(message: BusMessage) {
    const found = await courseEventOf(message, deps.catalog, deps.logger);
    if (!found) {
      return null;
    }
    const { payload, catalog } = found;
    const event = payload.event;
    const model = deps.model();
    let agentEvent: AgentEvent;
    if (event.type === 'item_attempted') {
      const changes = payload.mastery ?? [];
      const before = new Map<string, number>();
      for (const c of changes) {
        if (c.before !== null) {
          before.set(c.objectiveId, c.before);
        }
      }
      agentEvent = {
        type: 'item_attempted',
        at: event.timestamp,
        itemId: event.itemId,
        correct: event.correct,
        durationMs: event.durationMs,
        objectives: changes,
        pCorrect: model.predict(before, {
          student: event.studentId,
          item: event.itemId,
          objectives: changes.map((c) => c.objectiveId),
        }),
      };
    } else if (event.type === 'hint_requested') {
      agentEvent = {
        type: 'hint_requested',
        at: event.timestamp,
        itemId: event.itemId,
        objectiveIds: catalog.content.get(event.itemId)?.objectiveIds ?? [],
      };
    } else {
      agentEvent = { type: 'other', at: event.timestamp };
    }
    const itemId = 'itemId' in event ? event.itemId : null;
    return { message, event, catalog, model, agentEvent, itemId };
  }
  type Prepared = NonNullable<Awaited<ReturnType<typeof prepare>>>;

  /** Runs the agent on one message from `state` (the stored one, or the batch's latest). */
  function decide(
    p: Prepared,
    ctx: InterventionContext,
    state: unknown,
    expectVersion: string | null,
  ) {
    const { event, catalog, model } = p;
    const stored = state as InterventionState | null;
    const out = runInterventionAgent({
      state: stored?.version === 1 ? stored : emptyInterventionState(),
      event: p.agentEvent,
      courseId: event.courseId,
      course: {
        objectives: catalog.objectives,
        content: [...catalog.content.values()],
        threshold: catalog.course.masteryThreshold,
      },
      mastery: ctx.mastery,
      prior: model.mastery(new Map(), ''),
      features: ctx.features as LearnerFeatureState | null,
      itemNorm: ctx.itemNorm,
      ...(ctx.studentName ? { studentName: ctx.studentName } : {}),
      now: deps.now(),
      newId: deps.newId,
      config: deps.config,
    });
    const sectionId =
      event.sectionId && ctx.sectionIds.includes(event.sectionId)
        ? event.sectionId
        : (ctx.sectionIds[0] ?? null);
    const write: InterventionWrite = {
      studentId: event.studentId,
      expectVersion,
      version: deps.newId(),
      state: out.state,
      itemTime: out.itemTime,
      interventions: out.interventions.map((i) => ({
        id: i.id,
        courseId: event.courseId,
        sectionId,
        objectiveId: i.objectiveId,
        itemId: i.itemId,
        type: i.type,
        evidence: i.evidence,
        confidence: i.confidence,
        action: { ...i.action },
        status: i.status,
        queueReason: i.queueReason,
      })),
      outcomes: out.outcomes,
    };
    const deliver = () =>
      deps.deliver(
        p.message.tenantId,
        out.interventions.map((i) => ({
          ...i,
          studentId: event.studentId,
          action: { ...i.action },
        })),
      );
    return { write, deliver };
  }

  async function performOne(message: BusMessage): Promise<void> {
    const p = await prepare(message);
    if (!p) {
      return;
    }
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const ctx = await deps.interventions.context(message.tenantId, {
        studentId: p.event.studentId,
        courseId: p.event.courseId,
        itemId: p.itemId,
      });
      const { write, deliver } = decide(p, ctx, ctx.state, ctx.version);
      try {
        const result = await deps.interventions.apply(
          INTERVENTIONS_CONSUMER,
          message.id,
          message.tenantId,
          write,
        );
        if (result === 'ok') {
          await deliver();
        }
        if (result !== 'stale') {
          return;
        }
      } catch (error) {
        // A student, item or objective deleted since the event: retrying cannot help.
        if (error instanceof AppError && error.kind === 'InvalidInput') {
          deps.logger.warn(
            { messageId: message.id, err: error },
            'event refers to deleted records; skipped',
          );
          return;
        }
        throw error;
      }
    }
    throw new Error(`intervention state kept changing for message ${message.id}`);
  }

  return {
    name: INTERVENTIONS_CONSUMER,
    subjects: ['events.item_attempted', 'events.hint_requested', 'events.session_started'],
    perform: performOne,
    async performBatch(messages) {
      // Two statements for the batch: every message's context, then every write. A student's
      // messages run the agent one after the other in memory, each write expecting the version
      // the previous one writes, so the stored state goes through the same sequence as one by
      // one. (Contexts are read once at the start: an item's response-time norm does not yet
      // count the answers earlier in the same batch.) A write that finds the state changed by
      // someone else (stale) is done again one by one, as are those after it.
      const prepared: Prepared[] = [];
      for (const message of messages) {
        const p = await prepare(message);
        if (p) {
          prepared.push(p);
        }
      }
      const keyOf = (p: Prepared) => `${p.message.tenantId}/${p.event.studentId}`;
      const contexts = await deps.interventions.contexts(
        prepared.map((p) => ({
          tenantId: p.message.tenantId,
          studentId: p.event.studentId,
          courseId: p.event.courseId,
          itemId: p.itemId,
          knownVersion: states.get(keyOf(p))?.version ?? null,
        })),
      );
      const latest = new Map<string, { state: unknown; version: string | null }>();
      const decided = prepared.map((p, i) => {
        const ctx = contexts[i] as InterventionContext;
        const key = keyOf(p);
        const prev =
          latest.get(key) ??
          (ctx.stateKnown ? states.get(key) : { state: ctx.state, version: ctx.version });
        if (!prev) {
          throw new Error(`intervention state of ${key} left out but not held`);
        }
        const d = decide(p, ctx, prev.state, prev.version);
        latest.set(key, { state: d.write.state, version: d.write.version });
        return { p, ...d };
      });
      const results = await deps.interventions.applyAll(
        INTERVENTIONS_CONSUMER,
        decided.map((d) => ({
          messageId: d.p.message.id,
          tenantId: d.p.message.tenantId,
          write: d.write,
        })),
      );
      for (const [i, d] of decided.entries()) {
        const key = keyOf(d.p);
        if (results[i] === 'ok') {
          remember(key, d.write.state, d.write.version);
        } else {
          states.delete(key);
        }
      }
      for (const [i, d] of decided.entries()) {
        if (results[i] === 'ok') {
          await d.deliver();
        } else if (results[i] === 'stale') {
          await performOne(d.p.message);
        }
      }
    },
  };
}

const DAY = 86_400_000;

/**
 * The inactivity sweep: a periodic job of the worker (hourly) that raises a disengagement alert
 * for the instructors of every student with no event in a course for `days` days, once per
 * absence (docs/INTERVENTIONS.md). Below 0.7 confidence (under 1.4 × `days`) it is queued.
 */
export function createInactivitySweep(deps: {
  interventions: InterventionStore;
  newId: () => string;
  now: () => Date;
  days: number;
  logger: Logger;
}) {
  return {
    /**
     * Sweeps every inactive student, `limit` at a time; returns how many alerts it raised.
     * Several workers may sweep at once: each absence is alerted once (the store skips repeats).
     */
    async run(limit = 1000): Promise<number> {
      if (deps.days <= 0) {
        return 0;
      }
      const now = deps.now();
      let raised = 0;
      // A pass only returns students not alerted yet, so a full pass means more may remain.
      for (let pass = 0; pass < 1000; pass++) {
        const { rows, added } = await sweepOnce(now, limit);
        raised += added;
        if (rows < limit || added === 0) {
          break;
        }
      }
      if (raised > 0) {
        deps.logger.info({ raised }, 'inactivity alerts raised');
      }
      return raised;
    },
  };

  async function sweepOnce(now: Date, limit: number): Promise<{ rows: number; added: number }> {
    const rows = await deps.interventions.inactiveStudents(
      new Date(now.getTime() - deps.days * DAY),
      limit,
    );
    const byTenant = new Map<string, Parameters<InterventionStore['add']>[1][number][]>();
    for (const r of rows) {
      const d = detectInactivity({ lastActivityAt: r.lastActivityAt, now }, { days: deps.days });
      if (!d) {
        continue;
      }
      const action = chooseAction({
        detection: d,
        course: { objectives: [], content: [], threshold: 1 },
        mastery: new Map(),
        prior: 0,
        ...(r.studentName ? { studentName: r.studentName } : {}),
      });
      const list = byTenant.get(r.tenantId) ?? [];
      list.push({
        id: deps.newId(),
        studentId: r.studentId,
        courseId: r.courseId,
        sectionId: r.sectionId,
        objectiveId: null,
        itemId: null,
        type: d.type,
        evidence: d.evidence,
        confidence: d.confidence,
        action: { ...action },
        status: d.confidence < 0.7 ? 'queued_for_review' : 'applied',
        queueReason: d.confidence < 0.7 ? 'low_confidence' : null,
      });
      byTenant.set(r.tenantId, list);
    }
    let added = 0;
    for (const [tenantId, list] of byTenant) {
      added += await deps.interventions.add(tenantId, list);
    }
    return { rows: rows.length, added };
  }
}

export type InactivitySweep = ReturnType<typeof createInactivitySweep>;

/** An intervention as a student sees it: what to do, not which detector fired or how sure. */
export interface StudentIntervention {
  id: string;
  courseId: string;
  objectiveId: string | null;
  status: string;
  action: {
    kind: string;
    objectiveId: string | null;
    contentId: string | null;
    itemId: string | null;
    message: string;
  };
  createdAt: string;
  updatedAt: string;
}

function forStudent(r: InterventionRecord): StudentIntervention {
  const a = r.action as StudentIntervention['action'];
  return {
    id: r.id,
    courseId: r.courseId,
    objectiveId: r.objectiveId,
    status: r.status,
    action: {
      kind: a.kind,
      objectiveId: a.objectiveId ?? null,
      contentId: a.contentId ?? null,
      itemId: a.itemId ?? null,
      message: a.message,
    },
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export interface InterventionServiceDeps {
  interventions: InterventionStore;
  sections: SectionStore;
  users: UserStore;
  catalog: CourseCatalogCache;
  authz: Authorizer;
  outcomeAttempts: number;
  deliver: InterventionDelivery;
  /** Reads of interventions are reads of student records (docs/AUDIT.md). */
  audit: AuditTrail;
}

export interface InterventionEdit {
  message?: string | undefined;
  kind?: ActionKind | undefined;
  contentId?: string | null | undefined;
}

export function createInterventionService(deps: InterventionServiceDeps) {
  async function sectionInScope(a: TenantActor, sectionId: string) {
    const section = await deps.sections.get(a.tenantId, sectionId);
    const scope = await scopedSectionIds(deps.sections, a);
    if (!section || (scope && !scope.includes(section.id))) {
      throw notFound('Section');
    }
    return section;
  }

  /** The intervention, if the actor may act on it (its section is theirs); else NotFound. */
  async function ownIntervention(a: TenantActor, id: string): Promise<InterventionRecord> {
    const record = await deps.interventions.get(a.tenantId, id);
    if (!record) {
      throw notFound('Intervention');
    }
    const scope = await scopedSectionIds(deps.sections, a);
    if (scope && (!record.sectionId || !scope.includes(record.sectionId))) {
      throw notFound('Intervention');
    }
    return record;
  }

  async function decide(
    actor: Actor,
    id: string,
    status: 'approved' | 'dismissed' | 'edited',
    from: readonly string[],
    action?: Record<string, unknown>,
  ) {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'interventions', 'write');
    const record = await ownIntervention(a, id);
    const updated = await deps.interventions.decide(a.tenantId, id, {
      status,
      action,
      decidedBy: a.userId,
      from,
    });
    if (!updated) {
      throw conflict(
        'intervention_status',
        `An intervention that is ${record.status} cannot be ${status}`,
        { currentStatus: record.status },
      );
    }
    await deps.deliver(a.tenantId, [updated]);
    return (await deps.interventions.get(a.tenantId, id)) ?? updated;
  }

  return {
    /** The queue of a section: every intervention, or those of one status; newest first. */
    async listForSection(
      actor: Actor,
      sectionId: string,
      status: string | undefined,
      page: PageRequest,
    ) {
      const a = tenantActor(actor);
      authorize(deps.authz, a, 'interventions', 'read');
      await sectionInScope(a, sectionId);
      const result = await deps.interventions.list(
        a.tenantId,
        { sectionId, statuses: status ? [status] : undefined },
        page,
      );
      await deps.audit.record(
        a,
        result.items.map((i) => i.studentId),
        'read',
        'interventions',
      );
      return result;
    },

    approve: (actor: Actor, id: string) => decide(actor, id, 'approved', ['queued_for_review']),

    dismiss: (actor: Actor, id: string) =>
      decide(actor, id, 'dismissed', [
        'queued_for_review',
        'applied',
        'approved',
        'edited',
        'delivered',
      ]),

    /** Edits the message or action; the edited intervention reaches the student. */
    async edit(actor: Actor, id: string, patch: InterventionEdit) {
      const a = tenantActor(actor);
      authorize(deps.authz, a, 'interventions', 'write');
      const record = await ownIntervention(a, id);
      const action = { ...record.action };
      if (patch.message !== undefined) {
        action.message = patch.message;
      }
      if (patch.kind !== undefined) {
        action.kind = patch.kind;
      }
      if (patch.contentId !== undefined) {
        if (patch.contentId !== null) {
          const catalog = await deps.catalog.get(a.tenantId, record.courseId);
          if (!catalog?.content.has(patch.contentId)) {
            throw invalidInput('The content is not in the course', [
              { path: '/contentId', message: "is not content of the intervention's course" },
            ]);
          }
        }
        action.contentId = patch.contentId;
      }
      return decide(
        actor,
        id,
        'edited',
        ['queued_for_review', 'applied', 'approved', 'edited', 'delivered'],
        action,
      );
    },

    /**
     * A student's interventions. The student reads only those addressed to them that reached
     * them, without type, evidence or confidence; instructors (their sections) and admins read
     * every one in full.
     */
    async listForStudent(
      actor: Actor,
      studentId: string,
      page: PageRequest,
    ): Promise<{ items: (StudentIntervention | InterventionRecord)[]; nextCursor: string | null }> {
      const a = tenantActor(actor);
      authorize(deps.authz, a, 'learner_interventions', 'read');
      if (a.role === 'student') {
        if (a.userId !== studentId) {
          throw notFound('Student');
        }
        const result = await deps.interventions.list(
          a.tenantId,
          { studentId, statuses: VISIBLE_TO_STUDENT, forStudent: true },
          page,
        );
        await deps.audit.record(a, [studentId], 'read', 'interventions');
        return { items: result.items.map(forStudent), nextCursor: result.nextCursor };
      }
      if (!deps.authz.allows(a.role, 'interventions', 'read')) {
        throw notAllowed(`The ${a.role} role may not read interventions`);
      }
      await assertStudentInScope(deps, a, studentId);
      const scope = await scopedSectionIds(deps.sections, a);
      const result = await deps.interventions.list(
        a.tenantId,
        { studentId, sectionIds: scope },
        page,
      );
      await deps.audit.record(a, [studentId], 'read', 'interventions');
      return result;
    },

    /** Per type: how many, and the share whose objective was mastered within K answers. */
    async outcomes(actor: Actor, sectionId: string) {
      const a = tenantActor(actor);
      authorize(deps.authz, a, 'interventions', 'read');
      await sectionInScope(a, sectionId);
      const rows = await deps.interventions.outcomes(a.tenantId, sectionId);
      const rate = (mastered: number, resolved: number) =>
        resolved > 0 ? Number((mastered / resolved).toFixed(4)) : null;
      const types = [...new Set(rows.map((r) => r.type))];
      return {
        sectionId,
        outcomeAttempts: deps.outcomeAttempts,
        items: types.map((type) => {
          const of = rows.filter((r) => r.type === type);
          const sum = (list: typeof rows) => ({
            count: list.reduce((n, r) => n + r.count, 0),
            resolved: list.reduce((n, r) => n + r.resolved, 0),
            masteredWithinK: list.reduce((n, r) => n + r.mastered, 0),
          });
          const all = sum(of);
          const delivered = sum(of.filter((r) => r.delivered));
          return {
            type,
            ...all,
            rate: rate(all.masteredWithinK, all.resolved),
            delivered: { ...delivered, rate: rate(delivered.masteredWithinK, delivered.resolved) },
          };
        }),
      };
    },
  };
}

export type InterventionService = ReturnType<typeof createInterventionService>;
