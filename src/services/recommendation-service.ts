/**
 * Recommendations and learning paths for one student, read the same way everywhere: the event
 * reply and the simulator call `recommendFromCatalog` / `recommendForStudent` with the state they
 * have in memory; `GET /v1/students/{id}/recommendations` loads that state first.
 *
 * Fallbacks (DESIGN.md): the served model missing or failing → the degraded readiness ranking,
 * marked `degraded`; the database slower than `dbTimeoutMs` → the last answer for the same
 * request from the recommendation cache, marked `cached` (Unavailable when there is none).
 */
import type { AuditTrail } from './audit.js';
import { AppError, invalidInput, notFound } from '../domain/errors.js';
import { BktModel } from '../domain/knowledge-tracing/bkt.js';
import type { KnowledgeTracingModel } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import type { LearnerFeatureState } from '../domain/learner-features/learner-features.js';
import { learningPath } from '../domain/prerequisite-graph/readiness.js';
import { buildCourseIndex, type CourseIndex } from '../domain/recommendation/course-index.js';
import {
  recommendForStudent,
  type MasteryModel,
  type StoredMastery,
} from '../domain/recommendation/recommend-for-student.js';
import {
  NO_CONTROLS,
  type InstructorControls,
  type RecommendResult,
  type Recommendation,
} from '../domain/recommendation/recommender.js';
import type {
  LearningStore,
  RecommendationCache,
  SectionControlStore,
  SectionStore,
} from '../ports.js';
import type { Actor, TenantActor } from './access.js';
import type { CourseCatalog, CourseCatalogCache } from './course-catalog.js';

/** Seconds per answered item when the student has no recent timing. */
export const DEFAULT_SECONDS_PER_ITEM = 90;
/** The default model's learn rate, for path estimates when the model does not expose one. */
export const DEFAULT_LEARN_RATE = 0.15;
/** How many recent events give the recent content (novelty). */
const RECENT_EVENTS = 20;

const indexes = new WeakMap<CourseCatalog, CourseIndex>();

/**
 * The recommender's model for the model a tenant is served. The recommender predicts P(correct)
 * from the stored P(mastered) per objective, so it needs a model whose student state is exactly
 * that: a served BKT (trained by `pathwise train` and promoted, with or without forgetting) is used
 * as it is, with its own fitted prior, guess and slip per objective. The other models (Best-LR,
 * PFA, Elo) keep another state, and the mastery they store is a proxy (their P(correct) on an
 * unseen item of the objective): for them, and when nothing is promoted, `fallback` scores.
 */
export function recommendationModelOf(
  served: KnowledgeTracingModel<unknown>,
  fallback: MasteryModel,
): MasteryModel {
  return served instanceof BktModel ? served : fallback;
}

/** The course index, built once per catalog object (a course change replaces the catalog). */
export function courseIndexOf(catalog: CourseCatalog): CourseIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = buildCourseIndex({
      objectives: catalog.objectives,
      content: catalog.content.values(),
      threshold: catalog.course.masteryThreshold,
    });
    indexes.set(catalog, index);
  }
  return index;
}

export interface RecommendFromCatalogProps {
  studentId: string;
  catalog: CourseCatalog;
  mastery: readonly StoredMastery[];
  features: LearnerFeatureState | null;
  recentContentIds: readonly string[];
  model: MasteryModel | null;
  controls?: InstructorControls;
  now: number;
  limit: number;
}

export function recommendFromCatalog(props: RecommendFromCatalogProps): RecommendResult {
  return recommendForStudent({
    studentId: props.studentId,
    index: courseIndexOf(props.catalog),
    mastery: props.mastery,
    features: props.features,
    recentContentIds: props.recentContentIds,
    model: props.model,
    controls: props.controls ?? NO_CONTROLS,
    now: props.now,
    limit: props.limit,
  });
}

export interface RecommendationDeps {
  learning: LearningStore;
  sections: SectionStore;
  catalog: CourseCatalogCache;
  /** Throws NotFound unless the actor may read the student's records (learner-records scope). */
  checkStudent: (actor: Actor, studentId: string) => Promise<TenantActor>;
  /** Every answer reads the student's mastery and features: it is audited. */
  audit: AuditTrail;
  /**
   * The model the tenant is served, as the recommender uses it (`recommendationModelOf`); null or
   * a throw means unavailable.
   */
  model: (tenantId: string) => MasteryModel | null;
  cache: RecommendationCache;
  /** Instructor controls per section; none when absent. */
  controls?: SectionControlStore;
  now: () => Date;
  /** Reads slower than this serve the cached answer. */
  dbTimeoutMs: number;
}

export interface RecommendationsAnswer {
  studentId: string;
  courseId: string;
  items: Recommendation[];
  degraded: boolean;
  degradedReason?: string;
  cached: boolean;
  generatedAt: string;
}

class DeadlineExceeded extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function createRecommendationService(deps: RecommendationDeps) {
  /** The course asked for, else the course of the student's first section. */
  async function resolveCourse(
    a: TenantActor,
    studentId: string,
    courseId: string | undefined,
  ): Promise<{ catalog: CourseCatalog; goal: string | null; sectionId: string | null }> {
    const sections = (await deps.sections.sectionsOfUser(a.tenantId, studentId)).filter(
      (s) => s.role === 'student' && (!courseId || s.courseId === courseId),
    );
    const id = courseId ?? sections[0]?.courseId;
    if (!id) {
      throw invalidInput('The student has no course', [
        { path: '/courseId', message: 'is required when the student is in no section' },
      ]);
    }
    const catalog = await deps.catalog.get(a.tenantId, id);
    if (!catalog) {
      throw notFound('Course');
    }
    const section = sections[0] ? await deps.sections.get(a.tenantId, sections[0].id) : null;
    return { catalog, goal: section?.goalObjectiveId ?? null, sectionId: section?.id ?? null };
  }

  /** The section's pinned, hidden and flagged content, and its goal. */
  async function controlsOf(
    tenantId: string,
    sectionId: string | null,
    goal: string | null,
  ): Promise<InstructorControls> {
    const list = sectionId && deps.controls ? await deps.controls.list(tenantId, sectionId) : [];
    return {
      hidden: new Set(list.filter((c) => c.kind !== 'pinned').map((c) => c.contentId)),
      pinned: new Set(list.filter((c) => c.kind === 'pinned').map((c) => c.contentId)),
      goalObjectiveId: goal,
    };
  }

  function servedModel(tenantId: string): { model: MasteryModel | null; reason?: string } {
    try {
      const model = deps.model(tenantId);
      return model ? { model } : { model: null, reason: 'no knowledge model is served' };
    } catch (error) {
      return {
        model: null,
        reason: `the knowledge model is unavailable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  return {
    async recommendations(
      actor: Actor,
      studentId: string,
      query: { courseId?: string | undefined; limit: number },
    ): Promise<RecommendationsAnswer> {
      const a = await deps.checkStudent(actor, studentId);
      await deps.audit.record(a, [studentId], 'read', 'recommendations');
      const key = `${a.tenantId}/${studentId}/${query.courseId ?? ''}/${query.limit}`;
      let loaded;
      try {
        loaded = await withDeadline(
          (async () => {
            const { catalog, goal, sectionId } = await resolveCourse(a, studentId, query.courseId);
            const courseId = catalog.course.id;
            const [mastery, features, recent, controls] = await Promise.all([
              deps.learning.masteryOf(a.tenantId, studentId, courseId),
              deps.learning.featuresOf(a.tenantId, studentId, courseId),
              deps.learning.listEvents(
                a.tenantId,
                studentId,
                { courseId },
                { limit: RECENT_EVENTS },
              ),
              controlsOf(a.tenantId, sectionId, goal),
            ]);
            return { catalog, mastery, features, recent, controls };
          })(),
          deps.dbTimeoutMs,
        );
      } catch (error) {
        if (!(error instanceof DeadlineExceeded)) {
          throw error;
        }
        const hit = await deps.cache.get(key).catch(() => null);
        if (!hit) {
          throw new AppError({
            kind: 'Unavailable',
            code: 'database_slow',
            message: 'The database is slow and no earlier recommendations are cached',
          });
        }
        return { ...(hit as RecommendationsAnswer), cached: true };
      }
      const { catalog, mastery, features, recent, controls } = loaded;
      const served = servedModel(a.tenantId);
      const recentContentIds = recent.items
        .map((r) => r.event)
        .flatMap((e) =>
          'itemId' in e ? [e.itemId] : 'contentId' in e && e.contentId ? [e.contentId] : [],
        )
        .reverse();
      const now = deps.now();
      const result = recommendFromCatalog({
        studentId,
        catalog,
        mastery,
        features: (features as LearnerFeatureState | null) ?? null,
        recentContentIds,
        model: served.model,
        controls,
        now: now.getTime(),
        limit: query.limit,
      });
      const answer: RecommendationsAnswer = {
        studentId,
        courseId: catalog.course.id,
        items: result.items,
        degraded: result.degraded !== null,
        ...(result.degraded ? { degradedReason: served.reason ?? result.degraded.reason } : {}),
        cached: false,
        generatedAt: now.toISOString(),
      };
      await deps.cache.set(key, answer).catch(() => undefined);
      return answer;
    },

    async path(
      actor: Actor,
      studentId: string,
      query: { courseId?: string | undefined; goal?: string | undefined },
    ) {
      const a = await deps.checkStudent(actor, studentId);
      await deps.audit.record(a, [studentId], 'read', 'mastery');
      const { catalog, goal: sectionGoal } = await resolveCourse(a, studentId, query.courseId);
      const goal = query.goal ?? sectionGoal;
      const index = courseIndexOf(catalog);
      if (!goal) {
        throw invalidInput('No goal', [
          { path: '/goal', message: 'is required when the section sets no goal objective' },
        ]);
      }
      if (!index.byId.has(goal)) {
        throw invalidInput('Unknown goal', [
          { path: '/goal', message: 'is not an objective of this course' },
        ]);
      }
      const [mastery, features] = await Promise.all([
        deps.learning.masteryOf(a.tenantId, studentId, catalog.course.id),
        deps.learning.featuresOf(a.tenantId, studentId, catalog.course.id),
      ]);
      const served = servedModel(a.tenantId);
      const prior = (() => {
        try {
          return served.model ? served.model.mastery(served.model.createState(), '') : 0;
        } catch {
          return 0;
        }
      })();
      const p = new Map(mastery.map((m) => [m.objectiveId, m.pMastery]));
      const state = features as LearnerFeatureState | null;
      const days = state?.days ?? [];
      const answers = days.reduce((n, d) => n + d.answers, 0);
      const answerMs = days.reduce((n, d) => n + d.answerMs, 0);
      const secondsPerItem = answers > 0 ? answerMs / answers / 1000 : DEFAULT_SECONDS_PER_ITEM;
      const path = learningPath({
        topological: index.objectives,
        goal,
        pMastery: (id) => p.get(id) ?? prior,
        threshold: index.threshold,
        learnRate: () => DEFAULT_LEARN_RATE,
        secondsPerItem,
      });
      return {
        studentId,
        courseId: catalog.course.id,
        ...path,
        secondsPerItem: Number(secondsPerItem.toFixed(1)),
      };
    },
  };
}

export type RecommendationService = ReturnType<typeof createRecommendationService>;
