/**
 * The next-best recommendations for one student: planner → executor → evaluator (DESIGN.md).
 *
 * Planner (candidates), from three sources:
 * - learn: content of objectives in the outer fringe (every prerequisite mastered, the objective
 *   not), restricted to the path to the goal while the goal is not reached;
 * - review: one item of each mastered objective whose FSRS review is due (`review-schedule.ts`),
 *   the 10 most overdue relative to their interval; while a goal is set, only of the objectives
 *   that the next ones on its path build on (the others wait until the goal is reached);
 * - remediation: a fringe objective that is a prerequisite of an objective the student has
 *   already practised (the prerequisite is failing; fix it first).
 * Instructor-pinned content is added as a candidate when the evaluator allows it.
 *
 * Executor (score = Σ weight × term, each term in [0, 1]; WEIGHTS below):
 * - gain: expected learning gain, 1 − P(mastered) of the objective;
 * - difficulty: 1 when the model's predicted success is in [0.60, 0.85], falling linearly to 0
 *   at 0.30 outside the band (items); 1 for a lesson (lessons are candidates only to start an
 *   objective or to teach it again after repeated failure, and not when one was just done);
 * - preference: the share of this content type among what the student completes, relative to
 *   the most completed type (0.5 when nothing is known);
 * - novelty: 1 when not among the recent content, else lower the more recent;
 * - spacing: for reviews, how overdue (0.5 when just due, 1 at one interval overdue);
 * - path: on the path to the goal; remediation: fixes a failing prerequisite;
 * - order: earlier in the topological order (a tie-breaker); pinned: pinned by an instructor.
 * Reasons are generated from the terms that contributed, with their values.
 *
 * Evaluator: drops content that is hidden or flagged, content whose objectives' prerequisites are
 * not all mastered, and (with a model) content the model thinks less likely appropriate than not
 * (`appropriateness` below `APPROPRIATE_FLOOR`, unless pinned or the best due review; when
 * nothing is left, the best-scored alone is shown), and re-ranks the rest for diversity (maximal marginal relevance
 * over objective and content type).
 *
 * Without a knowledge model (`model: null`): rank by readiness (fringe objectives in
 * topological order, least mastered first), then popularity, and say `degraded`.
 */
import type { ContentType } from '../course-package/course-package-schema.js';
import type { CourseIndex, IndexedObjective } from './course-index.js';
import type { CatalogContent } from './catalog.js';
import { reviewDue, type ReviewDue } from './review-schedule.js';

export type ReasonCode =
  | 'ready'
  | 'no_prerequisites'
  | 'not_mastered'
  | 'desirable_difficulty'
  | 'start_objective'
  | 'preferred_type'
  | 'new_content'
  | 'review_due'
  | 'on_path'
  | 'remediation'
  | 'pinned'
  | 'fallback';

export interface RecommendationReason {
  code: ReasonCode;
  text: string;
}

export interface Recommendation {
  contentId: string;
  type: ContentType;
  title: string;
  objectiveId: string;
  /** Higher is better. */
  score: number;
  reasons: RecommendationReason[];
}

/** One objective's stored mastery. */
export interface MasteryState {
  pMastery: number;
  attempts: number;
  correct: number;
  /** Last update, ms since the epoch. */
  updatedAt: number;
}

export interface LearnerSnapshot {
  mastery: ReadonlyMap<string, MasteryState>;
  /** Share of each content type among completed content (learner features). */
  contentTypePreference: Partial<Record<ContentType, number>>;
  /** Content the student did recently, oldest first. */
  recentContentIds: readonly string[];
}

/** The served knowledge model, as the recommender sees it. */
export interface KnowledgeEstimate {
  /** P(mastered) of an objective the student has no record of. */
  prior: number;
  /** Predicted P(correct) on an item. */
  predictCorrect(content: CatalogContent): number;
}

export interface InstructorControls {
  /** Hidden or flagged content: never recommended. */
  hidden: ReadonlySet<string>;
  pinned: ReadonlySet<string>;
  goalObjectiveId: string | null;
}

export const NO_CONTROLS: InstructorControls = {
  hidden: new Set(),
  pinned: new Set(),
  goalObjectiveId: null,
};

export interface RecommendProps {
  index: CourseIndex;
  learner: LearnerSnapshot;
  /** null when the knowledge model is unavailable. */
  model: KnowledgeEstimate | null;
  controls: InstructorControls;
  /** ms since the epoch. */
  now: number;
  limit: number;
  /** Completions per content id (degraded ranking); optional. */
  popularity?: ReadonlyMap<string, number>;
  /** Why the model is unavailable, for the degraded answer. */
  unavailableReason?: string;
}

export interface RecommendResult {
  items: Recommendation[];
  degraded: { reason: string } | null;
}

export type TermName =
  | 'gain'
  | 'difficulty'
  | 'preference'
  | 'novelty'
  | 'spacing'
  | 'path'
  | 'remediation'
  | 'order'
  | 'pinned';

export const WEIGHTS: Record<TermName, number> = {
  gain: 0.3,
  difficulty: 0.2,
  preference: 0.1,
  novelty: 0.15,
  spacing: 0.25,
  path: 0.1,
  remediation: 0.1,
  order: 0.05,
  pinned: 0.5,
};

/** A term contributes a reason when weight × value is at least this. */
const REASON_MIN = 0.02;
const BAND_LOW = 0.6;
const BAND_HIGH = 0.85;
const BAND_FALLOFF = 0.3;
const ITEMS_PER_OBJECTIVE = 4;
/** Review candidates per request: the most overdue. */
const MAX_REVIEWS = 10;
/** A lesson is offered again after this many attempts with accuracy below RETEACH_BELOW. */
const RETEACH_AFTER = 4;
const RETEACH_BELOW = 0.4;
const MMR_LAMBDA = 0.7;
/**
 * A recommendation is "likely appropriate" when the model gives it at least even odds of being
 * appropriate (`appropriateness`): more likely right than wrong. Not tuned on the simulator.
 */
export const APPROPRIATE_FLOOR = 0.5;
const DAY_MS = 86_400_000;

export type Source = 'learn' | 'review' | 'remediation' | 'pinned';

export interface Candidate {
  content: CatalogContent;
  objective: IndexedObjective;
  source: Source;
  pMastery: number;
  /** Predicted P(correct) for items; null for lessons or without a model. */
  success: number | null;
  /** For reviews: when it fell due and the interval. */
  review: { dueAt: number; intervalDays: number } | null;
  onPath: boolean;
  /** For remediation: the practised objective that needs this one. */
  neededBy: IndexedObjective | null;
}

/**
 * The model's posterior probability that practising an objective is appropriate now: that the
 * objective is not mastered and every prerequisite is, (1 − P(o)) × Π P(q), treating objectives
 * as independent (as BKT does). In [0, 1].
 */
export function appropriateness(
  objective: { id: string; prerequisiteIds: readonly string[] },
  pMastery: (objectiveId: string) => number,
): number {
  let a = 1 - pMastery(objective.id);
  for (const q of objective.prerequisiteIds) {
    a *= pMastery(q);
  }
  return a;
}

export type Terms = Record<TermName, number>;

/** The desirable-difficulty closeness of a predicted success to the 60–85% band. */
export function difficultyCloseness(success: number): number {
  const d = success < BAND_LOW ? BAND_LOW - success : success > BAND_HIGH ? success - BAND_HIGH : 0;
  return Math.max(0, 1 - d / BAND_FALLOFF);
}

/** The executor: every term of a candidate, each in [0, 1]. */
export function scoreTerms(
  c: Candidate,
  learner: LearnerSnapshot,
  ctx: { now: number; recentRank: ReadonlyMap<string, number>; objectiveCount: number },
  pinned: boolean,
): Terms {
  const isItem = c.content.type === 'assessment_item';
  const pref = learner.contentTypePreference;
  const maxShare = Math.max(0, ...Object.values(pref).map((v) => v ?? 0));
  const rank = ctx.recentRank.get(c.content.id);
  let spacing = 0;
  if (c.review) {
    const overdueDays = (ctx.now - c.review.dueAt) / DAY_MS;
    spacing = Math.min(1, 0.5 + (0.5 * overdueDays) / Math.max(c.review.intervalDays, 1));
  }
  return {
    gain: c.source === 'review' ? 0 : 1 - c.pMastery,
    difficulty: isItem
      ? c.success === null
        ? 0
        : difficultyCloseness(c.success)
      : c.source !== 'review' && !c.objective.lessons.some((l) => ctx.recentRank.has(l.id))
        ? 1
        : 0,
    preference: maxShare > 0 ? (pref[c.content.type] ?? 0) / maxShare : 0.5,
    // rank: 0 = the most recent of `size` recent ids.
    novelty: rank === undefined ? 1 : rank / Math.max(1, ctx.recentRank.size),
    spacing,
    path: c.onPath ? 1 : 0,
    remediation: c.source === 'remediation' ? 1 : 0,
    order: 1 - c.objective.order / Math.max(1, ctx.objectiveCount),
    pinned: pinned ? 1 : 0,
  };
}

export function totalScore(terms: Terms): number {
  let s = 0;
  for (const k of Object.keys(WEIGHTS) as TermName[]) {
    s += WEIGHTS[k] * terms[k];
  }
  return s;
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

function listTitles(titles: readonly string[]): string {
  if (titles.length <= 2) {
    return titles.join(' and ');
  }
  return `${titles.slice(0, 2).join(', ')} and ${titles.length - 2} more`;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "today", "yesterday", a weekday within the last week, else "3 Nov" (UTC). */
export function describeDay(at: number, now: number): string {
  const days = Math.floor(now / DAY_MS) - Math.floor(at / DAY_MS);
  const d = new Date(at);
  if (days <= 0) {
    return 'today';
  }
  if (days === 1) {
    return 'yesterday';
  }
  if (days < 7) {
    return WEEKDAYS[d.getUTCDay()] as string;
  }
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] as string}`;
}

/** Reasons from the terms that contributed (weight × value ≥ REASON_MIN), strongest first. */
export function reasonsFor(
  c: Candidate,
  terms: Terms,
  ctx: { index: CourseIndex; now: number; goalTitle: string | null; learner: LearnerSnapshot },
): RecommendationReason[] {
  const out: { weight: number; reason: RecommendationReason }[] = [];
  const add = (term: TermName, reason: RecommendationReason) => {
    const w = WEIGHTS[term] * terms[term];
    if (w >= REASON_MIN) {
      out.push({ weight: w, reason });
    }
  };
  const o = c.objective;
  const threshold = ctx.index.threshold;
  add('pinned', { code: 'pinned', text: 'Pinned by your instructor.' });
  add('gain', {
    code: 'not_mastered',
    text: `Mastery of ${o.title} is ${percent(c.pMastery)}, below the ${percent(threshold)} goal.`,
  });
  if (c.success !== null) {
    const inBand = c.success >= BAND_LOW && c.success <= BAND_HIGH;
    add('difficulty', {
      code: 'desirable_difficulty',
      text: inBand
        ? `${percent(c.success)} predicted success, in the desirable 60–85% range.`
        : `${percent(c.success)} predicted success, close to the desirable 60–85% range.`,
    });
  } else {
    add('difficulty', {
      code: 'start_objective',
      text: `Start ${o.title} with a ${c.content.type} before practising.`,
    });
  }
  if (c.review) {
    add('spacing', {
      code: 'review_due',
      text: `Review of ${o.title} due since ${describeDay(c.review.dueAt, ctx.now)}.`,
    });
  }
  const share = ctx.learner.contentTypePreference[c.content.type];
  if (share !== undefined && share > 0) {
    add('preference', {
      code: 'preferred_type',
      text: `${percent(share)} of what you complete is ${c.content.type.replace('_', ' ')} content.`,
    });
  }
  if (ctx.learner.recentContentIds.length > 0) {
    add('novelty', {
      code: 'new_content',
      text:
        terms.novelty >= 1
          ? 'Not among what you did recently.'
          : 'Not among the last few things you did.',
    });
  }
  if (ctx.goalTitle) {
    add('path', { code: 'on_path', text: `On your path to ${ctx.goalTitle}.` });
  }
  if (c.neededBy) {
    add('remediation', {
      code: 'remediation',
      text: `${o.title} (${percent(c.pMastery)}) is a prerequisite of ${c.neededBy.title}, which you are practising.`,
    });
  }
  out.sort((a, b) => b.weight - a.weight);
  const titles = o.prerequisiteIds.map((q) => ctx.index.byId.get(q)?.title ?? q);
  const readiness: RecommendationReason =
    titles.length > 0
      ? { code: 'ready', text: `Ready: prerequisites ${listTitles(titles)} mastered.` }
      : { code: 'no_prerequisites', text: `${o.title} has no prerequisites.` };
  // Readiness is the evaluator's condition for every recommendation, so it always comes first.
  return [readiness, ...out.map((r) => r.reason)];
}

/** Why content may not be recommended, or null when it may. */
export function evaluatorViolation(
  contentId: string,
  props: {
    index: CourseIndex;
    pMastery: (objectiveId: string) => number;
    controls: InstructorControls;
  },
): 'hidden' | 'prerequisites_not_met' | 'unknown_content' | null {
  if (!props.index.content.has(contentId)) {
    return 'unknown_content';
  }
  if (props.controls.hidden.has(contentId)) {
    return 'hidden';
  }
  for (const q of props.index.requires.get(contentId) ?? []) {
    if (props.pMastery(q) < props.index.threshold) {
      return 'prerequisites_not_met';
    }
  }
  return null;
}

function similarity(a: Recommendation, b: Recommendation): number {
  return (a.objectiveId === b.objectiveId ? 0.7 : 0) + (a.type === b.type ? 0.3 : 0);
}

/**
 * Diversity: one recommendation per objective while candidates of other objectives remain (the
 * 2nd and 3rd shown are then other objectives to work on, not more items of the first), chosen by
 * maximal marginal relevance (score against similarity to what is already chosen, which then only
 * weighs the content type); once every objective has one, MMR over the rest.
 */
export function diversify(ranked: readonly Recommendation[], limit: number): Recommendation[] {
  const pool = [...ranked];
  const chosen: Recommendation[] = [];
  const objectives = new Set<string>();
  while (chosen.length < limit && pool.length > 0) {
    const fresh = pool.some((r) => !objectives.has(r.objectiveId));
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const r = pool[i] as Recommendation;
      if (fresh && objectives.has(r.objectiveId)) {
        continue;
      }
      let sim = 0;
      for (const c of chosen) {
        sim = Math.max(sim, similarity(r, c));
      }
      const value = MMR_LAMBDA * r.score - (1 - MMR_LAMBDA) * sim;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const picked = pool.splice(best, 1)[0] as Recommendation;
    objectives.add(picked.objectiveId);
    chosen.push(picked);
  }
  return chosen;
}

/**
 * The shown list, best score first: the recommendations whose appropriateness is at least
 * `APPROPRIATE_FLOOR`, and the exempt ones (pinned content, and the best-scored due review);
 * when there is none, the best-scored alone, so there is always something to do while anything
 * is recommendable.
 *
 * A due review is exempt because the floor cannot judge it: its objective is mastered, so its
 * appropriateness is low by construction, and the model (without forgetting) cannot say it was
 * forgotten. Without the exemption no review would be shown while new material qualifies, and
 * spaced review would stop; with it, one review competes for a place on its score. (On the
 * demo's simulated learners this costs precision: 0.56 of the shown with it, 0.62 without.)
 */
export function showLikelyAppropriate(
  ranked: readonly Recommendation[],
  appropriate: (r: Recommendation) => number,
  exempt: { pinned: ReadonlySet<string>; isReview: (r: Recommendation) => boolean },
): Recommendation[] {
  const review = ranked.find(exempt.isReview);
  const likely = ranked.filter(
    (r) => r === review || exempt.pinned.has(r.contentId) || appropriate(r) >= APPROPRIATE_FLOOR,
  );
  return likely.length > 0 ? likely : ranked.slice(0, 1);
}

/** The planner, executor and evaluator for one student. */
export function recommendNext(props: RecommendProps): RecommendResult {
  const { index, learner, controls, now } = props;
  const threshold = index.threshold;
  const prior = props.model?.prior ?? 0;
  const p = (id: string) => learner.mastery.get(id)?.pMastery ?? prior;
  const goal =
    controls.goalObjectiveId && index.byId.has(controls.goalObjectiveId)
      ? controls.goalObjectiveId
      : null;
  const goalSet = goal && p(goal) < threshold ? index.pathTo(goal) : null;
  const recentRank = new Map<string, number>();
  learner.recentContentIds.forEach((id, i) => recentRank.set(id, i));

  // Planner.
  const candidates: Candidate[] = [];
  const fringe: IndexedObjective[] = [];
  const pathFringe: IndexedObjective[] = [];
  const dueReviews: { objective: IndexedObjective; due: ReviewDue; pMastery: number }[] = [];
  for (const o of index.objectives) {
    const po = p(o.id);
    let ready = true;
    for (const q of o.prerequisiteIds) {
      if (p(q) < threshold) {
        ready = false;
        break;
      }
    }
    if (!ready) {
      continue;
    }
    if (po < threshold) {
      fringe.push(o);
      if (goalSet?.has(o.id)) {
        pathFringe.push(o);
      }
    } else if (props.model) {
      const m = learner.mastery.get(o.id);
      if (m && m.attempts > 0) {
        const due = reviewDue(m);
        if (due.dueAt <= now) {
          dueReviews.push({ objective: o, due, pMastery: po });
        }
      }
    }
  }
  const learnFrom = pathFringe.length > 0 ? pathFringe : fringe;
  // With a goal, the reviews that serve it: of what the next objectives on its path build on.
  const neededNext = goalSet ? new Set(learnFrom.flatMap((o) => o.prerequisiteIds)) : null;
  // The most overdue reviews, relative to their interval.
  const overdue = (r: (typeof dueReviews)[number]) => (now - r.due.dueAt) / r.due.intervalDays;
  const reviewable = neededNext
    ? dueReviews.filter((r) => neededNext.has(r.objective.id))
    : dueReviews;
  reviewable.sort((a, b) => overdue(b) - overdue(a));
  for (const r of reviewable.slice(0, MAX_REVIEWS)) {
    const item = r.objective.items.find((c) => !recentRank.has(c.id)) ?? r.objective.items[0];
    if (item) {
      candidates.push({
        content: item,
        objective: r.objective,
        source: 'review',
        pMastery: r.pMastery,
        success: props.model?.predictCorrect(item) ?? null,
        review: r.due,
        onPath: false,
        neededBy: null,
      });
    }
  }
  for (const o of learnFrom) {
    let neededBy: IndexedObjective | null = null;
    for (const d of o.dependants) {
      if ((learner.mastery.get(d)?.attempts ?? 0) > 0 && p(d) < threshold) {
        neededBy = index.byId.get(d) ?? null;
        break;
      }
    }
    const base = {
      objective: o,
      source: neededBy ? ('remediation' as const) : ('learn' as const),
      pMastery: p(o.id),
      review: null,
      onPath: goalSet?.has(o.id) ?? false,
      neededBy,
    };
    // A lesson starts an objective, or teaches it again after repeated failure; otherwise the
    // objective is practised with items (a lesson gives the model no evidence).
    const m = learner.mastery.get(o.id);
    const attempts = m?.attempts ?? 0;
    const struggling = attempts >= RETEACH_AFTER && (m?.correct ?? 0) / attempts < RETEACH_BELOW;
    if ((attempts === 0 || struggling) && !o.lessons.some((l) => recentRank.has(l.id))) {
      for (const c of o.lessons) {
        candidates.push({ ...base, content: c, success: null });
      }
    }
    let taken = 0;
    // With evidence but below the threshold, the next answers mostly confirm: the items whose
    // format makes a correct answer hardest to guess tell the most (`itemsByEvidence`).
    for (const c of attempts > 0 ? o.itemsByEvidence : o.items) {
      if (taken >= ITEMS_PER_OBJECTIVE) {
        break;
      }
      if (recentRank.has(c.id)) {
        continue;
      }
      taken++;
      candidates.push({ ...base, content: c, success: props.model?.predictCorrect(c) ?? null });
    }
    if (taken === 0 && o.items.length > 0) {
      // Everything was done recently: the least recent item is still practice.
      const c = [...o.items].sort(
        (x, y) => (recentRank.get(x.id) ?? -1) - (recentRank.get(y.id) ?? -1),
      )[0] as CatalogContent;
      candidates.push({ ...base, content: c, success: props.model?.predictCorrect(c) ?? null });
    }
  }
  for (const id of controls.pinned) {
    const c = index.content.get(id);
    const o = c && index.byId.get(c.objectiveIds[0] ?? '');
    if (c && o && !candidates.some((x) => x.content.id === id)) {
      candidates.push({
        content: c,
        objective: o,
        source: 'pinned',
        pMastery: p(o.id),
        success: c.type === 'assessment_item' ? (props.model?.predictCorrect(c) ?? null) : null,
        review: null,
        onPath: goalSet?.has(o.id) ?? false,
        neededBy: null,
      });
    }
  }

  // Evaluator (eligibility) before scoring, so nothing ineligible is ever scored.
  const eligible = candidates.filter(
    (c) => evaluatorViolation(c.content.id, { index, pMastery: p, controls }) === null,
  );

  // Executor.
  const goalTitle = goalSet && goal ? (index.byId.get(goal)?.title ?? null) : null;
  const objectiveCount = index.objectives.length;
  let ranked: Recommendation[];
  const explain = new Map<Recommendation, () => RecommendationReason[]>();
  const fit = new Map<Recommendation, number>();
  const reviews = new Set<Recommendation>();
  if (props.model) {
    ranked = eligible.map((c) => {
      const terms = scoreTerms(
        c,
        learner,
        { now, recentRank, objectiveCount },
        controls.pinned.has(c.content.id),
      );
      const rec: Recommendation = {
        contentId: c.content.id,
        type: c.content.type,
        title: c.content.title,
        objectiveId: c.objective.id,
        score: Number(totalScore(terms).toFixed(4)),
        reasons: [],
      };
      // Reasons are written only for what is finally recommended.
      explain.set(rec, () => reasonsFor(c, terms, { index, now, goalTitle, learner }));
      fit.set(rec, appropriateness(c.objective, p));
      if (c.source === 'review') {
        reviews.add(rec);
      }
      return rec;
    });
  } else {
    ranked = degradedRanking(eligible, props, objectiveCount, recentRank);
  }
  ranked.sort((a, b) => b.score - a.score || (a.contentId < b.contentId ? -1 : 1));
  // Content tagged with several objectives can be a candidate of each: keep its best.
  const seen = new Set<string>();
  ranked = ranked.filter((r) => !seen.has(r.contentId) && seen.add(r.contentId));
  // Evaluator, with the model's estimates: only likely appropriate recommendations (and pinned
  // ones, and the best due review) are shown; when none is, the best-scored alone.
  if (props.model) {
    ranked = showLikelyAppropriate(ranked, (r) => fit.get(r) ?? 0, {
      pinned: controls.pinned,
      isReview: (r) => reviews.has(r),
    });
  }
  const items = diversify(ranked.slice(0, Math.max(props.limit * 10, 30)), props.limit);
  for (const r of items) {
    const build = explain.get(r);
    if (build) {
      r.reasons = build();
    }
  }
  return {
    items,
    degraded: props.model
      ? null
      : { reason: props.unavailableReason ?? 'the knowledge model is unavailable' },
  };
}

/** Readiness (fringe order, least mastered first), then popularity, then lessons first. */
function degradedRanking(
  eligible: readonly Candidate[],
  props: RecommendProps,
  objectiveCount: number,
  recentRank: ReadonlyMap<string, number>,
): Recommendation[] {
  const maxPopularity = Math.max(1, ...(props.popularity?.values() ?? []));
  return eligible
    .filter((c) => c.source !== 'review')
    .map((c) => {
      const readiness =
        0.5 * (1 - c.objective.order / Math.max(1, objectiveCount)) + 0.3 * (1 - c.pMastery);
      const popularity = (props.popularity?.get(c.content.id) ?? 0) / maxPopularity;
      const attempts = props.learner.mastery.get(c.objective.id)?.attempts ?? 0;
      const lessonFirst = (c.content.type !== 'assessment_item') === (attempts === 0) ? 1 : 0;
      const fresh = recentRank.has(c.content.id) ? 0 : 1;
      const score =
        readiness + 0.1 * popularity + 0.05 * lessonFirst + 0.05 * fresh + (c.onPath ? 0.1 : 0);
      const titles = c.objective.prerequisiteIds.map((q) => props.index.byId.get(q)?.title ?? q);
      const reasons: RecommendationReason[] = [
        titles.length > 0
          ? { code: 'ready', text: `Ready: prerequisites ${listTitles(titles)} mastered.` }
          : { code: 'no_prerequisites', text: `${c.objective.title} has no prerequisites.` },
        {
          code: 'fallback',
          text: 'Ranked by readiness and popularity while the knowledge model is unavailable.',
        },
      ];
      return {
        contentId: c.content.id,
        type: c.content.type,
        title: c.content.title,
        objectiveId: c.objective.id,
        score: Number(score.toFixed(4)),
        reasons,
      };
    });
}
