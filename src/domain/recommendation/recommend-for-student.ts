/**
 * The one entry point every caller uses (the event reply, `GET /v1/students/{id}/recommendations`
 * and the simulator's adaptive policy): turns the stored per-student state (mastery records,
 * learner features, recent content) and the served knowledge model into the recommender's
 * inputs, and falls back to the degraded ranking when the model is missing or fails.
 */
import type { KnowledgeTracingModel } from '../knowledge-tracing/knowledge-tracing-model.js';
import type { LearnerFeatureState } from '../learner-features/learner-features.js';
import type { ContentType } from '../course-package/course-package-schema.js';
import type { CourseIndex } from './course-index.js';
import {
  recommendNext,
  type InstructorControls,
  type KnowledgeEstimate,
  type MasteryState,
  type RecommendResult,
} from './recommender.js';

/** A model whose student state is P(mastered) per objective (the hot path's mastery snapshot). */
export type MasteryModel = KnowledgeTracingModel<Map<string, number>>;

export interface StoredMastery {
  objectiveId: string;
  pMastery: number;
  attempts: number;
  correct: number;
  /** ISO timestamp or ms since the epoch. */
  updatedAt: string | number;
}

export interface RecommendForStudentProps {
  studentId: string;
  index: CourseIndex;
  mastery: readonly StoredMastery[];
  features: LearnerFeatureState | null;
  recentContentIds: readonly string[];
  /** The served model; null when it is unavailable. */
  model: MasteryModel | null;
  controls: InstructorControls;
  now: number;
  limit: number;
  popularity?: ReadonlyMap<string, number>;
}

/** Shares of each content type among completions, from the learner-feature state. */
export function preferenceShares(
  features: LearnerFeatureState | null,
): Partial<Record<ContentType, number>> {
  const pref = features?.preference ?? {};
  let total = 0;
  for (const v of Object.values(pref)) {
    total += v ?? 0;
  }
  const out: Partial<Record<ContentType, number>> = {};
  if (total > 0) {
    for (const [k, v] of Object.entries(pref) as [ContentType, number][]) {
      out[k] = v / total;
    }
  }
  return out;
}

export function recommendForStudent(props: RecommendForStudentProps): RecommendResult {
  const mastery = new Map<string, MasteryState>();
  const state = new Map<string, number>();
  for (const m of props.mastery) {
    mastery.set(m.objectiveId, {
      pMastery: m.pMastery,
      attempts: m.attempts,
      correct: m.correct,
      updatedAt: typeof m.updatedAt === 'number' ? m.updatedAt : Date.parse(m.updatedAt),
    });
    state.set(m.objectiveId, m.pMastery);
  }
  const learner = {
    mastery,
    contentTypePreference: preferenceShares(props.features),
    recentContentIds: props.recentContentIds,
  };
  const base = {
    index: props.index,
    learner,
    controls: props.controls,
    now: props.now,
    limit: props.limit,
    ...(props.popularity ? { popularity: props.popularity } : {}),
  };
  const model = props.model;
  if (model) {
    try {
      const estimate: KnowledgeEstimate = {
        prior: model.mastery(model.createState(), ''),
        predictCorrect: (c) =>
          model.predict(state, {
            student: props.studentId,
            item: c.id,
            objectives: c.objectiveIds,
            format: c.format,
          }),
      };
      return recommendNext({ ...base, model: estimate });
    } catch (error) {
      return recommendNext({
        ...base,
        model: null,
        unavailableReason: `the knowledge model failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return recommendNext({ ...base, model: null });
}
