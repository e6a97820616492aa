/**
 * A first recommender by prerequisite readiness (the rule-based ranking DESIGN.md keeps as the
 * fallback when the knowledge model is unavailable): practise objectives whose prerequisites are
 * all mastered but which are not mastered yet, least-mastered first within course order; start an
 * objective with its video or reading when the student has not practised it; at most one
 * recommendation per objective while others are available. Reasons name the terms that placed
 * the item.
 */
import type { ContentType } from '../course-package/course-package-schema.js';

export interface CatalogObjective {
  id: string;
  title: string;
  position: number;
  prerequisiteIds: readonly string[];
}

export interface CatalogContent {
  id: string;
  type: ContentType;
  title: string;
  objectiveIds: readonly string[];
  difficulty: number | null;
}

export interface RecommendationReason {
  code: 'ready' | 'not_mastered' | 'start_objective' | 'practice' | 'no_prerequisites';
  text: string;
}

export interface Recommendation {
  contentId: string;
  type: ContentType;
  title: string;
  objectiveId: string;
  /** Higher is better, in [0, 1]. */
  score: number;
  reasons: RecommendationReason[];
}

export interface ReadinessProps {
  objectives: readonly CatalogObjective[];
  content: readonly CatalogContent[];
  /** P(mastered) per objective id; absent = the prior. */
  mastery: ReadonlyMap<string, number>;
  /** Attempts per objective id. */
  attempts: ReadonlyMap<string, number>;
  prior: number;
  threshold: number;
  /** Content the student just did, to avoid repeating it. */
  recentContentIds: ReadonlySet<string>;
  limit: number;
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

function listTitles(titles: string[]): string {
  if (titles.length <= 2) {
    return titles.join(' and ');
  }
  return `${titles.slice(0, 2).join(', ')} and ${titles.length - 2} more`;
}

/** Ranks content by readiness; returns at most `limit` recommendations. */
export function recommendByReadiness(props: ReadinessProps): Recommendation[] {
  const { objectives, mastery, threshold } = props;
  const byId = new Map(objectives.map((o) => [o.id, o]));
  const p = (id: string) => mastery.get(id) ?? props.prior;
  const fringe = objectives
    .filter((o) => p(o.id) < threshold && o.prerequisiteIds.every((q) => p(q) >= threshold))
    .sort((a, b) => a.position - b.position);
  const contentByObjective = new Map<string, CatalogContent[]>();
  for (const c of props.content) {
    for (const o of c.objectiveIds) {
      const list = contentByObjective.get(o) ?? [];
      list.push(c);
      contentByObjective.set(o, list);
    }
  }
  const out: Recommendation[] = [];
  const maxPosition = Math.max(1, ...objectives.map((o) => o.position));
  for (const o of fringe) {
    const available = (contentByObjective.get(o.id) ?? []).filter(
      (c) => !props.recentContentIds.has(c.id),
    );
    const practised = (props.attempts.get(o.id) ?? 0) > 0;
    const lesson = available.find((c) => c.type === 'video' || c.type === 'reading');
    const items = available
      .filter((c) => c.type === 'assessment_item')
      .sort((x, y) => (x.difficulty ?? 0.5) - (y.difficulty ?? 0.5));
    const pick = !practised && lesson ? lesson : (items[0] ?? lesson);
    if (!pick) {
      continue;
    }
    const prereqTitles = o.prerequisiteIds.map((q) => byId.get(q)?.title ?? q);
    const reasons: RecommendationReason[] = [
      prereqTitles.length > 0
        ? { code: 'ready', text: `Ready: prerequisites ${listTitles(prereqTitles)} mastered.` }
        : { code: 'no_prerequisites', text: `${o.title} has no prerequisites.` },
      {
        code: 'not_mastered',
        text: `Mastery of ${o.title} is ${percent(p(o.id))}, below the ${percent(threshold)} goal.`,
      },
      pick.type === 'assessment_item'
        ? { code: 'practice', text: `Practice on ${o.title}, easiest remaining item first.` }
        : {
            code: 'start_objective',
            text: `Start ${o.title} with a ${pick.type} before practising.`,
          },
    ];
    // Earlier objectives in the course and lower mastery come first.
    const score = 0.5 * (1 - p(o.id)) + 0.5 * (1 - o.position / (maxPosition + 1));
    out.push({
      contentId: pick.id,
      type: pick.type,
      title: pick.title,
      objectiveId: o.id,
      score: Number(score.toFixed(4)),
      reasons,
    });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, props.limit);
}
