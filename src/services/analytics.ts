/**
 * The analytics agent (docs/ANALYTICS.md): a bus consumer that keeps each learner's analytics
 * current, exactly once per message; the rebuild of those tables from the event log; and the
 * instructor reads (dashboard, at-risk list, timeline, mastery history, content effectiveness,
 * CSV export), all from the precomputed tables. Reads are audited as reads of student records.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  applyEventToAnalytics,
  emptyLearnerAnalyticsState,
  PRACTICE_WINDOW,
  summariseLearnerAnalytics,
  type AnalyticsOutput,
  type LearnerAnalyticsState,
  type LearnerSummary,
  type MasteryChange,
} from '../domain/analytics/learner-analytics.js';
import {
  buildAtRiskList,
  buildSectionDashboard,
  compareGains,
  type SectionAnalyticsInput,
  type SectionObjective,
} from '../domain/analytics/section-analytics.js';
import { invalidInput, notFound } from '../domain/errors.js';
import type { LearningEvent } from '../domain/events/learning-event.js';
import { roundProbability } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import { topologicalOrder } from '../domain/prerequisite-graph/prerequisite-graph.js';
import type {
  AnalyticsStore,
  AnalyticsWrites,
  BusConsumer,
  BusMessage,
  CourseStore,
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
import { courseEventOf, type CourseCatalog, type CourseCatalogCache } from './course-catalog.js';
import type { ServedModel } from './served-models.js';

export const ANALYTICS_CONSUMER = 'analytics';

/** Rows updated this long before the newest one a reader has seen are read again. */
const SUMMARY_MARGIN_MS = 10_000;
const MAX_CACHED_SECTIONS = 200;

/** Every event type: all of them are activity. */
export const ANALYTICS_SUBJECTS = [
  'events.item_attempted',
  'events.hint_requested',
  'events.video_started',
  'events.video_progressed',
  'events.video_completed',
  'events.content_viewed',
  'events.forum_posted',
  'events.session_started',
  'events.session_ended',
];

function contentObjectivesOf(event: LearningEvent, catalog: CourseCatalog): readonly string[] {
  if (
    event.type === 'video_started' ||
    event.type === 'video_completed' ||
    event.type === 'content_viewed'
  ) {
    const c = catalog.content.get(event.contentId);
    return c && c.type !== 'assessment_item' ? c.objectiveIds : [];
  }
  return [];
}

function loadState(stored: unknown): LearnerAnalyticsState {
  const s = stored as LearnerAnalyticsState | null;
  return s?.version === 1 ? s : emptyLearnerAnalyticsState();
}

function writesOf(state: LearnerAnalyticsState, outputs: AnalyticsOutput[]): AnalyticsWrites {
  return {
    state,
    summary: summariseLearnerAnalytics(state),
    points: outputs.flatMap((o) => o.points),
    windows: outputs.flatMap((o) => o.windows),
  };
}

/** The prior P(mastered) of an objective under the served model (a first answer's `before`). */
function priorOf(served: ServedModel, objectiveId: string): number {
  return Math.min(1, Math.max(0, served.model.mastery(served.model.createState(), objectiveId)));
}

export interface AnalyticsConsumerDeps {
  analytics: AnalyticsStore;
  catalog: CourseCatalogCache;
  model: (tenantId: string) => ServedModel;
  logger: Logger;
}

/** The bus consumer: every event of a learner, applied once, in delivery order. */
export function createAnalyticsConsumer(deps: AnalyticsConsumerDeps): BusConsumer {
  /** What applying one message takes; null when its course no longer exists. */
  async function inputOf(message: BusMessage) {
    const found = await courseEventOf(message, deps.catalog, deps.logger);
    if (!found) {
      return null;
    }
    const { payload, catalog } = found;
    const event = payload.event;
    const served = deps.model(message.tenantId);
    const mastery: MasteryChange[] = (payload.mastery ?? []).map((m) => ({
      objectiveId: m.objectiveId,
      before: m.before ?? roundProbability(priorOf(served, m.objectiveId)),
      after: m.after,
    }));
    return {
      messageId: message.id,
      tenantId: message.tenantId,
      studentId: event.studentId,
      courseId: event.courseId,
      derive: (stored: unknown) => {
        const state = loadState(stored);
        const out = applyEventToAnalytics(state, {
          event,
          mastery,
          contentObjectives: contentObjectivesOf(event, catalog),
          threshold: catalog.course.masteryThreshold,
        });
        return writesOf(state, [out]);
      },
    };
  }

  return {
    name: ANALYTICS_CONSUMER,
    subjects: ANALYTICS_SUBJECTS,
    async perform(message) {
      const input = await inputOf(message);
      if (!input) {
        return;
      }
      try {
        await deps.analytics.applyMessage({ consumer: ANALYTICS_CONSUMER, ...input });
      } catch (error) {
        if (error instanceof Error && 'kind' in error && error.kind === 'InvalidInput') {
          // The student or course was deleted since: nothing left to keep analytics for.
          deps.logger.warn(
            { messageId: message.id, err: error },
            'event refers to deleted records; skipped',
          );
          return;
        }
        throw error;
      }
    },
    async performBatch(messages) {
      // One transaction per tenant; if it fails, the bus performs the messages one by one.
      const inputs = [];
      for (const message of messages) {
        const input = await inputOf(message);
        if (input) {
          inputs.push(input);
        }
      }
      await deps.analytics.applyMessages(ANALYTICS_CONSUMER, inputs);
    },
  };
}

/**
 * Folds a learner's stored events (chronological) into their analytics, replaying the served
 * knowledge-tracing model from an empty state for the mastery changes, as ingestion does.
 */
export function foldLearnerEvents(
  events: readonly { event: LearningEvent }[],
  catalog: CourseCatalog,
  served: ServedModel,
): AnalyticsWrites {
  const state = emptyLearnerAnalyticsState();
  const kt = served.model.createState();
  const outputs: AnalyticsOutput[] = [];
  for (const { event } of events) {
    const mastery: MasteryChange[] = [];
    if (event.type === 'item_attempted') {
      const objectives = catalog.content.get(event.itemId)?.objectiveIds ?? [];
      // Rounded as the hot path's bus messages carry them (roundProbability).
      const before = objectives.map((o) =>
        roundProbability(Math.min(1, Math.max(0, served.model.mastery(kt, o)))),
      );
      served.model.update(kt, {
        student: event.studentId,
        item: event.itemId,
        objectives,
        correct: event.correct,
        timestamp: Date.parse(event.timestamp) / 1000,
        format: catalog.content.get(event.itemId)?.format,
      });
      objectives.forEach((o, i) =>
        mastery.push({
          objectiveId: o,
          before: before[i] as number,
          after: roundProbability(Math.min(1, Math.max(0, served.model.mastery(kt, o)))),
        }),
      );
    }
    outputs.push(
      applyEventToAnalytics(state, {
        event,
        mastery,
        contentObjectives: contentObjectivesOf(event, catalog),
        threshold: catalog.course.masteryThreshold,
      }),
    );
  }
  return writesOf(state, outputs);
}

export interface AnalyticsServiceDeps {
  analytics: AnalyticsStore;
  sections: SectionStore;
  courses: Pick<CourseStore, 'listObjectives'>;
  users: Pick<UserStore, 'get'>;
  catalog: CourseCatalogCache;
  authz: Authorizer;
  audit: AuditTrail;
  model: (tenantId: string) => ServedModel;
  now: () => Date;
  /** How long a section's roster (names) and a course's objectives are reused; default 10 s. */
  cacheMs?: number;
}

const TIMELINE_RANK = { event: 0, mastery: 1, intervention: 2 } as const;

export interface TimelineItem {
  at: string;
  kind: 'event' | 'mastery' | 'intervention';
  type: string;
  text: string;
  objectiveId: string | null;
  contentId: string | null;
  correct: boolean | null;
  pMastery: number | null;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

function describeEvent(event: LearningEvent, catalog: CourseCatalog | null): TimelineItem {
  const item = describeEventText(event, catalog);
  // The (first) objective the item or content is tagged with.
  const objectiveId =
    item.contentId === null
      ? null
      : (catalog?.content.get(item.contentId)?.objectiveIds[0] ?? null);
  return { ...item, objectiveId };
}

function describeEventText(event: LearningEvent, catalog: CourseCatalog | null): TimelineItem {
  const title = (id: string) => `“${catalog?.content.get(id)?.title ?? 'removed content'}”`;
  const base = { at: event.timestamp, kind: 'event' as const, type: event.type, objectiveId: null };
  const none = { contentId: null, correct: null, pMastery: null };
  switch (event.type) {
    case 'item_attempted':
      return {
        ...base,
        ...none,
        text: `Answered ${title(event.itemId)}: ${event.correct ? 'correct' : 'incorrect'}${event.hintsUsed > 0 ? `, ${event.hintsUsed} hint${event.hintsUsed === 1 ? '' : 's'}` : ''}.`,
        contentId: event.itemId,
        correct: event.correct,
      };
    case 'hint_requested':
      return {
        ...base,
        ...none,
        text: `Asked for hint ${event.hintIndex + 1} on ${title(event.itemId)}.`,
        contentId: event.itemId,
      };
    case 'video_started':
      return {
        ...base,
        ...none,
        text: `Started the video ${title(event.contentId)}.`,
        contentId: event.contentId,
      };
    case 'video_progressed':
      return {
        ...base,
        ...none,
        text: `Watched ${title(event.contentId)} to ${event.durationSeconds > 0 ? pct(Math.min(1, event.positionSeconds / event.durationSeconds)) : 'a point'}.`,
        contentId: event.contentId,
      };
    case 'video_completed':
      return {
        ...base,
        ...none,
        text: `Completed the video ${title(event.contentId)}.`,
        contentId: event.contentId,
      };
    case 'content_viewed':
      return {
        ...base,
        ...none,
        text: `Viewed ${title(event.contentId)} for ${Math.max(1, Math.round(event.durationMs / 60_000))} min.`,
        contentId: event.contentId,
      };
    case 'forum_posted':
      return { ...base, ...none, text: 'Posted in the forum.', contentId: event.contentId ?? null };
    case 'session_started':
      return { ...base, ...none, text: 'Started a session.' };
    case 'session_ended':
      return { ...base, ...none, text: 'Ended a session.' };
  }
}

const INTERVENTION_NAMES: Record<string, string> = {
  wheel_spinning: 'many answers without mastery',
  failure_run: 'a run of failures',
  rapid_guessing: 'rapid guessing',
  hint_abuse: 'hint abuse',
  disengagement: 'disengagement',
  declining_mastery: 'declining mastery',
};

function encodeTimelineCursor(item: TimelineItem & { id: string }): string {
  return Buffer.from(`${item.at}|${TIMELINE_RANK[item.kind]}|${item.id}`, 'utf8').toString(
    'base64url',
  );
}

function decodeTimelineCursor(cursor: string): { at: string; key: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [at, rank, id] = text.split('|');
  if (!at || !rank || !id || Number.isNaN(Date.parse(at))) {
    throw invalidInput('Invalid cursor', [
      { path: '/cursor', message: 'is not a cursor returned by this API' },
    ]);
  }
  return { at, key: text };
}

/** Sort key, newest first: time, then kind rank and id descending. */
const keyOf = (item: { at: string; kind: TimelineItem['kind']; id: string }) =>
  `${new Date(item.at).toISOString()}|${TIMELINE_RANK[item.kind]}|${item.id}`;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function createAnalyticsService(deps: AnalyticsServiceDeps) {
  const cacheMs = deps.cacheMs ?? 10_000;
  const rosters = new Map<string, { at: number; names: Promise<Map<string, string>> }>();
  const objectiveLists = new Map<string, { at: number; list: Promise<SectionObjective[]> }>();
  const summaryCaches = new Map<
    string,
    {
      courseId: string;
      newest: string | null;
      rows: Map<string, { summary: LearnerSummary; updatedAt: string }>;
      missing?: Set<string>;
    }
  >();

  async function sectionInScope(a: TenantActor, sectionId: string) {
    const [section, scope] = await Promise.all([
      deps.sections.get(a.tenantId, sectionId),
      scopedSectionIds(deps.sections, a),
    ]);
    if (!section || (scope && !scope.includes(section.id))) {
      throw notFound('Section');
    }
    return section;
  }

  /** The section's students' names (decrypted), reused for `cacheMs`. */
  function namesOf(tenantId: string, sectionId: string): Promise<Map<string, string>> {
    const key = `${tenantId}/${sectionId}`;
    const hit = rosters.get(key);
    const t = deps.now().getTime();
    if (hit && t - hit.at < cacheMs) {
      return hit.names;
    }
    const names = (async () => {
      const out = new Map<string, string>();
      let cursor: string | undefined;
      do {
        const page = await deps.sections.listEnrollments(
          tenantId,
          { sectionId },
          { limit: 1000, cursor },
        );
        for (const e of page.items) {
          if (e.role === 'student') {
            out.set(e.userId, e.user.displayName);
          }
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    })();
    names.catch(() => rosters.delete(key));
    rosters.set(key, { at: t, names });
    if (rosters.size > 500) {
      rosters.delete(rosters.keys().next().value as string);
    }
    return names;
  }

  /** The course's objectives in topological order (position breaks ties), with keys. */
  function objectivesOf(tenantId: string, catalog: CourseCatalog): Promise<SectionObjective[]> {
    const key = `${tenantId}/${catalog.course.id}`;
    const hit = objectiveLists.get(key);
    const t = deps.now().getTime();
    if (hit && t - hit.at < cacheMs) {
      return hit.list;
    }
    const list = (async () => {
      const keys = new Map<string, string>();
      let cursor: string | undefined;
      do {
        const page = await deps.courses.listObjectives(tenantId, catalog.course.id, {
          limit: 1000,
          cursor,
        });
        page.items.forEach((o) => keys.set(o.id, o.key));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const byPosition = [...catalog.objectives].sort((x, y) => x.position - y.position);
      const edges = byPosition.flatMap((o) =>
        o.prerequisiteIds.map((p) => ({ objectiveId: o.id, prerequisiteId: p })),
      );
      const sorted = topologicalOrder(
        byPosition.map((o) => o.id),
        edges,
      );
      const order = 'order' in sorted ? sorted.order : byPosition.map((o) => o.id);
      const byId = new Map(catalog.objectives.map((o) => [o.id, o]));
      return order.map((id) => ({ id, key: keys.get(id) ?? id, title: byId.get(id)?.title ?? '' }));
    })();
    list.catch(() => objectiveLists.delete(key));
    objectiveLists.set(key, { at: t, list });
    return list;
  }

  async function catalogOf(tenantId: string, courseId: string): Promise<CourseCatalog> {
    const catalog = await deps.catalog.get(tenantId, courseId);
    if (!catalog) {
      throw notFound('Course');
    }
    return catalog;
  }

  /**
   * The summaries of a section's students, kept per process and refreshed by asking only for
   * the rows updated since the newest one seen, less `SUMMARY_MARGIN_MS` (a write that commits
   * after a later-stamped one is still picked up). So a read of an unchanged class of 500
   * transfers no summary at all.
   */
  async function summariesOf(tenantId: string, courseId: string, sectionId: string, ids: string[]) {
    const key = `${tenantId}/${sectionId}`;
    let cache = summaryCaches.get(key);
    if (!cache || cache.courseId !== courseId) {
      cache = { courseId, newest: null, rows: new Map() };
      summaryCaches.set(key, cache);
      if (summaryCaches.size > MAX_CACHED_SECTIONS) {
        summaryCaches.delete(summaryCaches.keys().next().value as string);
      }
    }
    const known = ids.every((id) => cache.rows.has(id) || cache.missing?.has(id));
    const changedAfter =
      cache.newest && known
        ? new Date(Date.parse(cache.newest) - SUMMARY_MARGIN_MS).toISOString()
        : null;
    const rows = await deps.analytics.learnerSummaries({
      tenantId,
      courseId,
      studentIds: ids,
      changedAfter,
    });
    if (changedAfter === null) {
      cache.rows.clear();
    }
    for (const r of rows) {
      cache.rows.set(r.studentId, { summary: r.summary as LearnerSummary, updatedAt: r.updatedAt });
      if (!cache.newest || r.updatedAt > cache.newest) {
        cache.newest = r.updatedAt;
      }
    }
    cache.missing = new Set(ids.filter((id) => !cache.rows.has(id)));
    return cache.rows;
  }

  /** The section, in the actor's scope, with its catalog and roster. */
  async function sectionContext(actor: Actor, sectionId: string) {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'class_analytics', 'read');
    const section = await sectionInScope(a, sectionId);
    const [catalog, names] = await Promise.all([
      catalogOf(a.tenantId, section.courseId),
      namesOf(a.tenantId, sectionId),
    ]);
    return { a, section, catalog, names, ids: [...names.keys()] };
  }

  /**
   * Everything the dashboard and the at-risk list are computed from, and `audit`, which records
   * the read for every student of the section (the roster the body is built from): called once
   * the body is sent, not for a 304, which discloses nothing (a live dashboard polls every 5 s).
   * Without `conditional` (no If-None-Match: the body goes out) the entries are written in
   * parallel with the reads.
   */
  async function sectionInput(
    actor: Actor,
    sectionId: string,
    resource: string,
    conditional = false,
  ) {
    const { a, section, catalog, names, ids } = await sectionContext(actor, sectionId);
    const record = () => deps.audit.record(a, ids, 'read', resource);
    const early = conditional ? null : record();
    const [objectives, summaries, interventions] = await Promise.all([
      objectivesOf(a.tenantId, catalog),
      summariesOf(a.tenantId, section.courseId, sectionId, ids),
      deps.analytics.openInterventions(a.tenantId, sectionId, section.courseId),
      early,
    ]);
    const audit = () => early ?? record();
    let updatedAt = section.createdAt;
    const students = ids
      .map((id) => {
        const row = summaries.get(id);
        if (row && Date.parse(row.updatedAt) > Date.parse(updatedAt)) {
          updatedAt = row.updatedAt;
        }
        return { id, name: names.get(id) ?? '', summary: row?.summary ?? null };
      })
      .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
    const input: SectionAnalyticsInput = {
      objectives,
      students,
      interventions,
      threshold: catalog.course.masteryThreshold,
      now: deps.now(),
    };
    return { a, section, catalog, input, updatedAt, audit };
  }

  const etagOf = (body: unknown) =>
    `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;

  /**
   * The body with its ETag, or only the ETag when `ifNoneMatch` (the request's If-None-Match)
   * names it; the read is audited only when the body goes out.
   */
  async function conditional<T>(
    body: T,
    audit: () => Promise<void>,
    ifNoneMatch: string | undefined,
  ): Promise<{ etag: string; body: T | null }> {
    const etag = etagOf(body);
    if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return { etag, body: null };
    }
    await audit();
    return { etag, body };
  }

  async function studentInScope(actor: Actor, studentId: string, courseId: string | undefined) {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'class_analytics', 'read');
    await assertStudentInScope({ users: deps.users, sections: deps.sections }, a, studentId);
    const catalog = courseId ? await catalogOf(a.tenantId, courseId) : null;
    return { a, catalog };
  }

  return {
    /** The class heatmap and summary; `etag` hashes the body; `body` null: not modified. */
    async dashboard(actor: Actor, sectionId: string, ifNoneMatch?: string) {
      const { section, input, updatedAt, audit } = await sectionInput(
        actor,
        sectionId,
        'class_analytics',
        ifNoneMatch !== undefined,
      );
      const body = {
        sectionId,
        courseId: section.courseId,
        updatedAt,
        ...buildSectionDashboard(input),
      };
      return conditional(body, audit, ifNoneMatch);
    },

    async atRisk(actor: Actor, sectionId: string, ifNoneMatch?: string) {
      const { input, updatedAt, audit } = await sectionInput(
        actor,
        sectionId,
        'at_risk',
        ifNoneMatch !== undefined,
      );
      const body = { sectionId, updatedAt, students: buildAtRiskList(input) };
      return conditional(body, audit, ifNoneMatch);
    },

    /** CSV (RFC 4180) of the heatmap or the at-risk list. */
    async exportCsv(actor: Actor, sectionId: string, view: 'heatmap' | 'at-risk') {
      const { input, audit } = await sectionInput(
        actor,
        sectionId,
        view === 'heatmap' ? 'class_analytics' : 'at_risk',
      );
      await audit();
      const lines: (string | number | boolean | null)[][] = [];
      if (view === 'heatmap') {
        const d = buildSectionDashboard(input);
        lines.push([
          'student_id',
          'name',
          'last_active_at',
          'mastered_count',
          'at_risk',
          ...d.objectives.map((o) => o.key),
        ]);
        for (const s of d.students) {
          lines.push([s.id, s.name, s.lastActiveAt, s.masteredCount, s.atRisk, ...s.mastery]);
        }
      } else {
        lines.push(['student_id', 'name', 'risk', 'last_active_at', 'reasons']);
        for (const s of buildAtRiskList(input)) {
          lines.push([
            s.studentId,
            s.name,
            s.risk,
            s.lastActiveAt,
            s.reasons.map((r) => r.text).join('\n'),
          ]);
        }
      }
      return lines.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
    },

    /** A student's activity, mastery points and interventions, newest first. */
    async timeline(
      actor: Actor,
      studentId: string,
      query: { courseId?: string | undefined; limit: number; cursor?: string | undefined },
    ) {
      const { a } = await studentInScope(actor, studentId, query.courseId);
      const after = query.cursor ? decodeTimelineCursor(query.cursor) : null;
      const sources = await deps.analytics.timelineSources({
        tenantId: a.tenantId,
        studentId,
        courseId: query.courseId,
        before: after ? after.at : null,
        limit: query.limit + 1,
      });
      const catalogs = new Map<string, CourseCatalog | null>();
      const catalogFor = async (courseId: string) => {
        if (!catalogs.has(courseId)) {
          catalogs.set(courseId, await deps.catalog.get(a.tenantId, courseId));
        }
        return catalogs.get(courseId) ?? null;
      };
      const items: (TimelineItem & { id: string })[] = [];
      for (const e of sources.events) {
        items.push({ ...describeEvent(e.event, await catalogFor(e.event.courseId)), id: e.id });
      }
      for (const p of sources.points) {
        const title =
          (await catalogFor(p.courseId))?.objectives.find((o) => o.id === p.objectiveId)?.title ??
          'an objective';
        items.push({
          id: p.objectiveId,
          at: p.at,
          kind: 'mastery',
          type: 'mastery_point',
          text: `Mastery of ${title}: ${pct(p.pMastery)}.`,
          objectiveId: p.objectiveId,
          contentId: null,
          correct: null,
          pMastery: p.pMastery,
        });
      }
      for (const i of sources.interventions) {
        items.push({
          id: i.id,
          at: i.createdAt,
          kind: 'intervention',
          type: i.type,
          text: `Intervention for ${INTERVENTION_NAMES[i.type] ?? i.type}: ${i.status.replaceAll('_', ' ')}.`,
          objectiveId: i.objectiveId,
          contentId: i.contentId,
          correct: null,
          pMastery: null,
        });
      }
      const sorted = items
        .map((item) => ({ item, key: keyOf(item) }))
        .filter((x) => !after || x.key < normaliseKey(after.key))
        .sort((x, y) => (x.key < y.key ? 1 : x.key > y.key ? -1 : 0));
      const page = sorted.slice(0, query.limit);
      const last = page[page.length - 1];
      await deps.audit.record(a, [studentId], 'read', 'timeline');
      return {
        items: page.map(({ item: { id: _id, ...rest } }) => rest),
        nextCursor: sorted.length > query.limit && last ? encodeTimelineCursor(last.item) : null,
      };
    },

    /** The trajectory points of every objective of a course, oldest first. */
    async masteryHistory(actor: Actor, studentId: string, courseId: string) {
      const { a, catalog } = await studentInScope(actor, studentId, courseId);
      const objectives = await objectivesOf(a.tenantId, catalog as CourseCatalog);
      const points = await deps.analytics.masteryPoints(a.tenantId, studentId, courseId);
      await deps.audit.record(a, [studentId], 'read', 'mastery_history');
      return { courseId, objectives, points };
    },

    /** Learning gain after each content item against the practice baseline (docs/ANALYTICS.md). */
    async contentEffectiveness(actor: Actor, sectionId: string) {
      const { a, section, catalog, ids } = await sectionContext(actor, sectionId);
      const [gains, summaries] = await Promise.all([
        deps.analytics.contentGains(a.tenantId, section.courseId, ids),
        summariesOf(a.tenantId, section.courseId, sectionId, ids),
        deps.audit.record(a, ids, 'read', 'content_gains'),
      ]);
      let updatedAt = section.createdAt;
      for (const row of summaries.values()) {
        if (Date.parse(row.updatedAt) > Date.parse(updatedAt)) {
          updatedAt = row.updatedAt;
        }
      }
      const baseline = new Map(
        gains.filter((g) => g.key === PRACTICE_WINDOW).map((g) => [g.objectiveId, g]),
      );
      const items = gains
        .filter((g) => g.key !== PRACTICE_WINDOW && catalog.content.has(g.key))
        .map((g) => {
          const c = catalog.content.get(g.key);
          return {
            contentId: g.key,
            title: c?.title ?? '',
            type: c?.type ?? 'reading',
            objectiveId: g.objectiveId,
            learners: g.n,
            ...compareGains(g, baseline.get(g.objectiveId) ?? null),
          };
        })
        .sort((x, y) => y.meanGain - x.meanGain || x.contentId.localeCompare(y.contentId));
      return { sectionId, updatedAt, items };
    },
  };
}

function normaliseKey(key: string): string {
  const [at, rank, id] = key.split('|');
  return `${new Date(at as string).toISOString()}|${rank}|${id}`;
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;

/**
 * `pathwise analytics rebuild`: every learner of a tenant, from the event log, `concurrency`
 * learners at a time (each in its own transaction under the learner's lock).
 */
export async function rebuildAnalytics(deps: {
  analytics: AnalyticsStore;
  catalog: CourseCatalogCache;
  model: (tenantId: string) => ServedModel;
  tenantId: string;
  concurrency?: number;
  logger?: Logger;
}): Promise<{ learners: number; events: number }> {
  const learners = await deps.analytics.learnersWithEvents(deps.tenantId);
  let events = 0;
  let next = 0;
  const worker = async () => {
    while (next < learners.length) {
      const l = learners[next++] as { studentId: string; courseId: string };
      const catalog = await deps.catalog.get(deps.tenantId, l.courseId);
      if (!catalog) {
        continue;
      }
      await deps.analytics.rebuildLearner({
        consumer: ANALYTICS_CONSUMER,
        tenantId: deps.tenantId,
        studentId: l.studentId,
        courseId: l.courseId,
        rebuild: (rows) => {
          events += rows.length;
          return foldLearnerEvents(rows, catalog, deps.model(deps.tenantId));
        },
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 1) }, worker));
  deps.logger?.info(
    { tenantId: deps.tenantId, learners: learners.length, events },
    'analytics rebuilt',
  );
  return { learners: learners.length, events };
}
