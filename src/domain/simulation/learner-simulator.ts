/**
 * A seeded population of synthetic learners, to compare recommendation policies offline
 * (DESIGN.md "Simulation"). Pure: the same course, options and seed give the same report.
 *
 * The learner (every parameter is in `SIMULATED_LEARNER` and docs/RECOMMENDATIONS.md):
 * - latent mastery: each objective is known or not; at the start each is known with
 *   probability `priorKnown` (prior knowledge), independently;
 * - learning on practice: answering an item of objective o teaches o with probability
 *   `itemLearn` × ability × affinity(item) when every prerequisite of o is known, else
 *   `learnWithoutPrerequisites` × ability; a completed lesson (video, reading, interactive)
 *   teaches with `lessonLearn` × ability × affinity(type), or `learnWithoutPrerequisites` ×
 *   ability without the prerequisites;
 * - transfer along prerequisite edges: practising o also teaches each unknown direct prerequisite
 *   of o with probability `transfer` × the learning probability above (working on harder
 *   material reinforces the basics it uses);
 * - forgetting: at the start of each study day, each known objective is forgotten with
 *   probability `forgetPerDay` / (1 + practice count on it) (practice makes memories last);
 * - guess and slip, from the item's format and difficulty d: P(correct | unknown) is a blind guess,
 *   1 / C(k, c) for a multiple-choice item with k choices of which c are correct (1/k for one)
 *   plus `choiceGuessByEase` × (0.5 − d) (distractors of easy items are easier to rule out); for
 *   a numeric or short-text answer, which must be produced rather than recognised,
 *   `freeResponseGuess` + `freeResponseGuessByEase` × (0.5 − d) (0.02–0.06); an item without a
 *   format keeps `guess` + `guessByEase` × (0.5 − d). P(wrong | known) = `slip` +
 *   `slipByDifficulty` × d for every format;
 * - content-type affinity: per learner and type, a log-normal multiplier (σ `affinitySigma`) of
 *   the learning probability; a lesson is completed with probability min(1, `completion` ×
 *   affinity), otherwise abandoned after 10 s without learning;
 * - ability: a log-normal multiplier (σ `abilitySigma`) of every learning probability;
 * - time: an item takes 60 s + 60 s × difficulty, a video its length (default 300 s), a reading
 *   or interactive its estimated minutes (default 5 and 8); a study day is `minutesPerDay`.
 *
 * Policies:
 * - adaptive: the real recommender (`recommendForStudent`, the function the API and the event
 *   reply use), with the goal as the section goal, on the state the platform would have: mastery
 *   records from the served model updated by the observed answers (never the latent truth),
 *   learner features from the generated events, and the last 20 content ids; takes the first
 *   recommendation;
 * - syllabus: the course order over the goal's objectives (itself and its ancestors): every
 *   content entry of each objective in package order, then again from the start;
 * - random: uniformly random content of the goal's objectives;
 * - oracle (a reference bound, see `Policy`): items of the first truly ready, truly unmastered goal
 *   objective, chosen on the latent truth.
 *
 * Reported per policy: steps (content entries done), practice items (answered items) and time
 * until the goal objective is latently known (learners who do not get there within the budget
 * count at the budget), the share reaching it within the budget, and recommendation precision:
 * the share of recommendations (every one shown for adaptive, the chosen content otherwise)
 * whose objective is truly not known and whose prerequisites truly are.
 */
import type { ContentType, CoursePackage } from '../course-package/course-package-schema.js';
import type { LearningEvent } from '../events/learning-event.js';
import { BktTrainer, type BktModel } from '../knowledge-tracing/bkt.js';
import type { Attempt } from '../knowledge-tracing/knowledge-tracing-model.js';
import { itemFormatInfoOf } from '../knowledge-tracing/item-format-evidence.js';
import { textbookBktModel } from '../knowledge-tracing/textbook-bkt.js';
import {
  applyEventToFeatures,
  emptyLearnerFeatureState,
  type LearnerFeatureState,
} from '../learner-features/learner-features.js';
import { ancestorsAndSelf } from '../prerequisite-graph/readiness.js';
import { createRng, randomNormal, type Rng } from '../random.js';
import type { CatalogContent, CatalogObjective } from '../recommendation/catalog.js';
import { buildCourseIndex, type CourseIndex } from '../recommendation/course-index.js';
import {
  recommendForStudent,
  type MasteryModel,
  type StoredMastery,
} from '../recommendation/recommend-for-student.js';
import { NO_CONTROLS } from '../recommendation/recommender.js';

export const SIMULATED_LEARNER = {
  priorKnown: 0.1,
  priorKnownLevel: 0.97,
  itemLearn: 0.3,
  lessonLearn: 0.25,
  prerequisiteFloor: 0.15,
  transfer: 0.3,
  forgetPerDay: 0.02,
  /** Items without a format. */
  guess: 0.2,
  guessByEase: 0.1,
  /** Multiple choice: 1 / C(k, c) plus this × (0.5 − difficulty). */
  choiceGuessByEase: 0.05,
  /** Numeric and short text. */
  freeResponseGuess: 0.04,
  freeResponseGuessByEase: 0.04,
  slip: 0.08,
  slipByDifficulty: 0.08,
  affinitySigma: 0.4,
  abilitySigma: 0.3,
  completion: 0.75,
  minutesPerDay: 45,
} as const;

/**
 * `oracle` is a reference, not a policy the platform could run: it sees the latent truth and
 * practises (items only) the first goal objective in topological order that is not mastered and
 * whose prerequisites are, so it pays nothing to find out what the learner knows. The gap between
 * it and `adaptive` is the price of evidence.
 */
export type Policy = 'adaptive' | 'syllabus' | 'random' | 'oracle';

export interface SimulationOptions {
  students: number;
  policy: Policy;
  seed: number;
  /** The served model the adaptive policy's platform state comes from. */
  model: MasteryModel;
  /** Objective key; default the capstone (`capstoneOf`). */
  goal?: string;
  /** Steps per learner before giving up; default 3 × the syllabus length of the goal. */
  budget?: number;
  /** Recommendations shown per step (adaptive). Default 3. */
  shown?: number;
  /**
   * binary (default): an objective is known or not (BKT's generative model); continuous: a
   * mastery level in [0, 1], mastered at the course threshold.
   */
  learnerModel?: 'binary' | 'continuous';
  /** Receives every simulated answer (e.g. to train a model on simulated logs). */
  onAttempt?: (attempt: Attempt) => void;
}

export interface PolicyReport {
  policy: Policy;
  seed: number;
  students: number;
  learnerModel: 'binary' | 'continuous';
  goal: string;
  goalObjectives: number;
  budget: number;
  /** Mean over learners, unreached counted at the budget. */
  meanSteps: number;
  meanPracticeItems: number;
  /** Study time (content durations), not calendar time. */
  meanHours: number;
  medianSteps: number;
  /** Mean over the learners who reached the goal. */
  meanStepsReached: number | null;
  reachedShare: number;
  precision: number;
  /** The same for the first recommendation only (the one the learner takes). */
  precisionFirst: number;
  /**
   * Adaptive: precision over the recommendations that are not reviews (a review is of a mastered
   * objective by design, so it never counts as precise).
   */
  precisionLearning: number | null;
  reviewRecommendations: number;
  recommendations: number;
  /** Why recommendations were not precise: the objective was already known, or a prerequisite not. */
  misses: { objectiveKnown: number; prerequisiteUnknown: number };
}

export interface SimContent extends CatalogContent {
  seconds: number;
  /** Ground truth: P(correct | unknown) of an item, before the difficulty term. */
  blindGuess: number | null;
  /** Ground truth: how much the difficulty term weighs in the guess. */
  guessByEase: number;
}

export interface SimCourse {
  objectives: CatalogObjective[];
  content: SimContent[];
  threshold: number;
  index: CourseIndex;
}

const CONTENT_TYPES: ContentType[] = ['video', 'reading', 'interactive', 'assessment_item'];
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 5, 16, 0, 0);
const RECENT = 20;

export interface SimCourseOptions {
  /**
   * Whether the platform knows the items' formats (default true): the served model and the
   * recommender see `format` on items and attempts, as the course catalog gives them. false hides
   * them from the platform only (the learners' guessing still depends on the format): the served
   * BKT then has one guess per objective, as before format evidence.
   */
  itemFormats?: boolean;
}

/** The course as the platform would load it, with content keys as ids. */
export function simCourseOf(pkg: CoursePackage, options: SimCourseOptions = {}): SimCourse {
  const platformKnowsFormats = options.itemFormats ?? true;
  const objectives = pkg.objectives.map((o, position) => ({
    id: o.key,
    title: o.title,
    position,
    prerequisiteIds: o.prerequisites ?? [],
  }));
  const content: SimContent[] = pkg.content.map((c) => {
    const media = (c as { media?: { durationSeconds?: number; estimatedMinutes?: number } }).media;
    const difficulty = (c as { difficulty?: number }).difficulty ?? null;
    const seconds =
      c.type === 'assessment_item'
        ? 60 + 60 * (difficulty ?? 0.5)
        : c.type === 'video'
          ? (media?.durationSeconds ?? 300)
          : (media?.estimatedMinutes ?? (c.type === 'reading' ? 5 : 8)) * 60;
    const item = c.type === 'assessment_item' ? c.item : undefined;
    let blindGuess: number | null = null;
    let guessByEase: number = SIMULATED_LEARNER.guessByEase;
    if (item?.format === 'multiple_choice') {
      const k = item.choices.length;
      const correct = Math.max(1, Math.min(item.answer.correct.length, k - 1));
      let ways = 1;
      for (let i = 1; i <= correct; i++) {
        ways = (ways * (k - correct + i)) / i;
      }
      blindGuess = 1 / ways;
      guessByEase = SIMULATED_LEARNER.choiceGuessByEase;
    } else if (item) {
      blindGuess = SIMULATED_LEARNER.freeResponseGuess;
      guessByEase = SIMULATED_LEARNER.freeResponseGuessByEase;
    }
    return {
      id: c.key,
      type: c.type,
      title: c.title,
      objectiveIds: c.objectives,
      difficulty,
      format: platformKnowsFormats ? itemFormatInfoOf(item) : undefined,
      seconds,
      blindGuess,
      guessByEase,
    };
  });
  const threshold = pkg.course.masteryThreshold ?? 0.95;
  return {
    objectives,
    content,
    threshold,
    index: buildCourseIndex({ objectives, content, threshold }),
  };
}

/**
 * The simulated learner's P(correct | unknown) on an item (ground truth, never shown to the
 * platform): the format's blind guess plus a small difficulty term (see `SIMULATED_LEARNER`).
 */
export function simulatedGuess(item: SimContent): number {
  return (
    (item.blindGuess ?? SIMULATED_LEARNER.guess) +
    item.guessByEase * (0.5 - (item.difficulty ?? 0.5))
  );
}

/** The objective that requires the most others (the last in course order on ties). */
export function capstoneOf(objectives: readonly CatalogObjective[]): string {
  const byId = new Map(objectives.map((o) => [o.id, o]));
  let best = objectives[objectives.length - 1]?.id ?? '';
  let most = -1;
  for (const o of objectives) {
    const n = ancestorsAndSelf(o.id, (id) => byId.get(id)?.prerequisiteIds ?? []).size;
    if (n >= most) {
      most = n;
      best = o.id;
    }
  }
  return best;
}

interface Learner {
  /** Latent mastery level in [0, 1] per objective. */
  level: Map<string, number>;
  practice: Map<string, number>;
  ability: number;
  affinity: Record<ContentType, number>;
}

function newLearner(course: SimCourse, rng: Rng, binary: boolean): Learner {
  const p = SIMULATED_LEARNER;
  const level = new Map<string, number>();
  for (const o of course.objectives) {
    level.set(o.id, rng() < p.priorKnown ? (binary ? 1 : p.priorKnownLevel) : 0);
  }
  const affinity = {} as Record<ContentType, number>;
  for (const t of CONTENT_TYPES) {
    affinity[t] = Math.exp(p.affinitySigma * randomNormal(rng));
  }
  return {
    level,
    practice: new Map(),
    ability: Math.exp(p.abilitySigma * randomNormal(rng)),
    affinity,
  };
}

/** The platform's view of one simulated student: what the API would have stored. */
interface PlatformState {
  mastery: Map<string, StoredMastery>;
  features: LearnerFeatureState;
  recent: string[];
}

export function simulatePolicy(course: SimCourse, options: SimulationOptions): PolicyReport {
  const p = SIMULATED_LEARNER;
  const rng = createRng(options.seed);
  const byId = new Map(course.objectives.map((o) => [o.id, o]));
  const goal = options.goal ?? capstoneOf(course.objectives);
  if (!byId.has(goal)) {
    throw new RangeError(`unknown goal objective ${goal}`);
  }
  const needed = ancestorsAndSelf(goal, (id) => byId.get(id)?.prerequisiteIds ?? []);
  const syllabus = course.content.filter((c) => needed.has(c.objectiveIds[0] ?? ''));
  const contentById = new Map(course.content.map((c) => [c.id, c]));
  const budget = options.budget ?? 3 * syllabus.length;
  const shown = options.shown ?? 3;
  const model = options.model;
  const controls = { ...NO_CONTROLS, goalObjectiveId: goal };

  const steps: number[] = [];
  const items: number[] = [];
  const hours: number[] = [];
  const reachedSteps: number[] = [];
  let good = 0;
  let judged = 0;
  let firstGood = 0;
  let firstJudged = 0;
  let reviews = 0;
  let learningGood = 0;
  let learningJudged = 0;

  const threshold = course.threshold;
  const binary = (options.learnerModel ?? 'binary') === 'binary';
  /** Binary: learned with probability `rate`; continuous: the level moves `rate` of the way to 1. */
  const learn = (learner: Learner, objectiveId: string, rate: number) => {
    const m = learner.level.get(objectiveId) ?? 0;
    if (binary) {
      if (m < 1 && rng() < rate) {
        learner.level.set(objectiveId, 1);
      }
    } else {
      learner.level.set(objectiveId, m + rate * (1 - m));
    }
  };
  const mastered = (learner: Learner, objectiveId: string) =>
    (learner.level.get(objectiveId) ?? 0) >= threshold;
  const misses = { objectiveKnown: 0, prerequisiteUnknown: 0 };
  const trulyAppropriate = (learner: Learner, objectiveId: string) => {
    if (mastered(learner, objectiveId)) {
      misses.objectiveKnown++;
      return false;
    }
    if (!(byId.get(objectiveId)?.prerequisiteIds ?? []).every((q) => mastered(learner, q))) {
      misses.prerequisiteUnknown++;
      return false;
    }
    return true;
  };

  for (let s = 0; s < options.students; s++) {
    const learner = newLearner(course, rng, binary);
    const state: PlatformState = {
      mastery: new Map(),
      features: emptyLearnerFeatureState(),
      recent: [],
    };
    let now = START;
    let dayStart = START;
    let step = 0;
    let practiceItems = 0;
    let studyMs = 0;
    let eventNo = 0;
    let reached = mastered(learner, goal);
    const feed = (event: Omit<LearningEvent, 'id' | 'studentId' | 'courseId' | 'timestamp'>) => {
      applyEventToFeatures(
        state.features,
        {
          ...event,
          id: `e${eventNo++}`,
          studentId: `s${s}`,
          courseId: 'sim',
          timestamp: new Date(now).toISOString(),
        } as LearningEvent,
        (id) => contentById.get(id)?.type,
      );
    };
    let syllabusAt = 0;
    let oracleAt = 0;
    while (!reached && step < budget) {
      // Choose.
      let chosen: SimContent | undefined;
      if (options.policy === 'adaptive') {
        const result = recommendForStudent({
          studentId: `s${s}`,
          index: course.index,
          mastery: [...state.mastery.values()],
          features: state.features,
          recentContentIds: state.recent,
          model,
          controls,
          now,
          limit: shown,
        });
        result.items.forEach((r, i) => {
          const ok = trulyAppropriate(learner, r.objectiveId);
          judged++;
          good += ok ? 1 : 0;
          if (r.reasons.some((x) => x.code === 'review_due')) {
            reviews++;
          } else {
            learningJudged++;
            learningGood += ok ? 1 : 0;
          }
          if (i === 0) {
            firstJudged++;
            firstGood += ok ? 1 : 0;
          }
        });
        chosen = contentById.get(result.items[0]?.contentId ?? '');
        if (!chosen) {
          // Nothing left to recommend (the model thinks everything is mastered): the syllabus.
          chosen = syllabus[syllabusAt++ % syllabus.length];
        }
      } else if (options.policy === 'oracle') {
        let target: string | undefined;
        for (const o of course.index.objectives) {
          if (
            needed.has(o.id) &&
            !mastered(learner, o.id) &&
            o.prerequisiteIds.every((q) => mastered(learner, q))
          ) {
            target = o.id;
            break;
          }
        }
        // Items whose primary objective (the one the simulated answer teaches) is the target.
        const items = (target ? (course.index.byId.get(target)?.items ?? []) : []).filter(
          (c) => c.objectiveIds[0] === target,
        );
        chosen =
          items.length > 0
            ? contentById.get((items[oracleAt++ % items.length] as CatalogContent).id)
            : syllabus[syllabusAt++ % syllabus.length];
        const ok = chosen !== undefined && trulyAppropriate(learner, chosen.objectiveIds[0] ?? '');
        judged++;
        good += ok ? 1 : 0;
        firstJudged++;
        firstGood += ok ? 1 : 0;
      } else {
        chosen =
          options.policy === 'syllabus'
            ? syllabus[syllabusAt++ % syllabus.length]
            : syllabus[Math.floor(rng() * syllabus.length)];
        const ok = chosen !== undefined && trulyAppropriate(learner, chosen.objectiveIds[0] ?? '');
        judged++;
        good += ok ? 1 : 0;
        firstJudged++;
        firstGood += ok ? 1 : 0;
      }
      if (!chosen) {
        break;
      }
      step++;
      // Do it.
      const objective = chosen.objectiveIds[0] as string;
      // Learning slows when prerequisites are weak: floor + (1 − floor) × the weakest one.
      let weakest = 1;
      for (const q of byId.get(objective)?.prerequisiteIds ?? []) {
        weakest = Math.min(weakest, learner.level.get(q) ?? 0);
      }
      const prerequisiteFactor = p.prerequisiteFloor + (1 - p.prerequisiteFloor) * weakest;
      const affinity = learner.affinity[chosen.type];
      let learnP: number;
      let completed = true;
      if (chosen.type === 'assessment_item') {
        practiceItems++;
        const d = chosen.difficulty ?? 0.5;
        const guess = simulatedGuess(chosen);
        const slip = p.slip + p.slipByDifficulty * d;
        const pCorrect = guess + (1 - guess - slip) * (learner.level.get(objective) ?? 0);
        const correct = rng() < pCorrect;
        feed({
          type: 'item_attempted',
          itemId: chosen.id,
          response: correct ? 'right' : 'wrong',
          correct,
          durationMs: Math.round(chosen.seconds * 1000),
          hintsUsed: 0,
          attempt: 1,
        } as Omit<LearningEvent, 'id' | 'studentId' | 'courseId' | 'timestamp'>);
        // The platform's update, as the event hot path does it.
        const kt = new Map<string, number>();
        for (const o of chosen.objectiveIds) {
          const m = state.mastery.get(o);
          if (m) {
            kt.set(o, m.pMastery);
          }
        }
        const attempt: Attempt = {
          student: `s${s}`,
          item: chosen.id,
          objectives: chosen.objectiveIds,
          correct,
          timestamp: now / 1000,
          format: chosen.format,
        };
        options.onAttempt?.(attempt);
        model.update(kt, attempt);
        for (const o of chosen.objectiveIds) {
          const prev = state.mastery.get(o);
          state.mastery.set(o, {
            objectiveId: o,
            pMastery: Math.min(1, Math.max(0, model.mastery(kt, o))),
            attempts: (prev?.attempts ?? 0) + 1,
            correct: (prev?.correct ?? 0) + (correct ? 1 : 0),
            updatedAt: now,
          });
        }
        learnP = p.itemLearn * learner.ability * affinity * prerequisiteFactor;
      } else {
        completed = rng() < Math.min(1, p.completion * affinity);
        const ms = completed ? Math.round(chosen.seconds * 1000) : 10_000;
        if (chosen.type === 'video') {
          feed({
            type: 'video_started',
            contentId: chosen.id,
            positionSeconds: 0,
            durationSeconds: chosen.seconds,
          } as Omit<LearningEvent, 'id' | 'studentId' | 'courseId' | 'timestamp'>);
          if (completed) {
            feed({
              type: 'video_completed',
              contentId: chosen.id,
              positionSeconds: chosen.seconds,
              durationSeconds: chosen.seconds,
            } as Omit<LearningEvent, 'id' | 'studentId' | 'courseId' | 'timestamp'>);
          }
        } else {
          feed({
            type: 'content_viewed',
            contentId: chosen.id,
            durationMs: ms,
          } as Omit<LearningEvent, 'id' | 'studentId' | 'courseId' | 'timestamp'>);
        }
        learnP = completed ? p.lessonLearn * learner.ability * affinity * prerequisiteFactor : 0;
      }
      if (completed) {
        learner.practice.set(objective, (learner.practice.get(objective) ?? 0) + 1);
        learn(learner, objective, Math.min(1, learnP));
        for (const q of byId.get(objective)?.prerequisiteIds ?? []) {
          learn(learner, q, p.transfer * Math.min(1, learnP));
        }
      }
      state.recent.push(chosen.id);
      if (state.recent.length > RECENT) {
        state.recent.shift();
      }
      const spent = Math.round((completed ? chosen.seconds : 10) * 1000);
      now += spent;
      studyMs += spent;
      if (now - dayStart >= p.minutesPerDay * 60_000) {
        // The next study day: forgetting overnight.
        dayStart += DAY_MS;
        now = dayStart;
        for (const o of course.objectives) {
          const m = learner.level.get(o.id) ?? 0;
          const forget = p.forgetPerDay / (1 + (learner.practice.get(o.id) ?? 0));
          if (m > 0) {
            if (binary) {
              if (rng() < forget) {
                learner.level.set(o.id, 0);
              }
            } else {
              learner.level.set(o.id, m * (1 - forget));
            }
          }
        }
      }
      reached = mastered(learner, goal);
    }
    steps.push(step);
    items.push(practiceItems);
    hours.push(studyMs / 3_600_000);
    if (reached) {
      reachedSteps.push(step);
    }
  }
  const mean = (v: readonly number[]) =>
    v.length === 0 ? 0 : v.reduce((n, x) => n + x, 0) / v.length;
  const sorted = [...steps].sort((a, b) => a - b);
  const round = (v: number, d = 2) => Number(v.toFixed(d));
  return {
    policy: options.policy,
    seed: options.seed,
    students: options.students,
    learnerModel: binary ? 'binary' : 'continuous',
    goal,
    goalObjectives: needed.size,
    budget,
    meanSteps: round(mean(steps), 1),
    meanPracticeItems: round(mean(items), 1),
    meanHours: round(mean(hours), 2),
    medianSteps: sorted[Math.floor(sorted.length / 2)] ?? 0,
    meanStepsReached: reachedSteps.length > 0 ? round(mean(reachedSteps), 1) : null,
    reachedShare: round(reachedSteps.length / Math.max(1, options.students), 4),
    precision: round(judged > 0 ? good / judged : 0, 4),
    precisionFirst: round(firstJudged > 0 ? firstGood / firstJudged : 0, 4),
    precisionLearning:
      options.policy === 'adaptive'
        ? round(learningJudged > 0 ? learningGood / learningJudged : 0, 4)
        : null,
    reviewRecommendations: reviews,
    recommendations: judged,
    misses,
  };
}

export interface FitOnLogsOptions {
  /** Learners of the separate population whose logs are fitted. */
  students: number;
  /** The policy that produced the logs (`oracle` is refused: it sees the latent truth). */
  policy: Exclude<Policy, 'oracle'>;
  /** Seed of that population: use another seed than the learners to be scored. */
  seed: number;
  learnerModel?: 'binary' | 'continuous';
  goal?: string;
}

/**
 * The model a deployment would serve after `pathwise train`: BKT fitted by EM (the
 * knowledge-tracing trainer, through its public interface, with its own defaults) on the answers
 * a separate simulated population logged under `policy` (an adaptive population runs on textbook
 * BKT, as a platform does before its first training). Only the logged answers (student, item,
 * objectives, correct, time) reach the fit, never the latent mastery; the learners it is then
 * used on are another draw (another seed).
 */
export function fitModelOnSimulatedLogs(course: SimCourse, options: FitOnLogsOptions): BktModel {
  if ((options.policy as Policy) === 'oracle') {
    throw new RangeError('the oracle sees the latent truth: its logs are not training data');
  }
  const logs = new Map<string, Attempt[]>();
  simulatePolicy(course, {
    students: options.students,
    policy: options.policy,
    seed: options.seed,
    model: textbookBktModel(),
    ...(options.learnerModel ? { learnerModel: options.learnerModel } : {}),
    ...(options.goal ? { goal: options.goal } : {}),
    onAttempt: (a) => {
      const list = logs.get(a.student);
      if (list) {
        list.push(a);
      } else {
        logs.set(a.student, [a]);
      }
    },
  });
  return new BktTrainer({ forgetting: false }).fit([...logs.values()], {
    rng: createRng(options.seed),
    validationFraction: 0,
  });
}
