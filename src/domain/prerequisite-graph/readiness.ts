/**
 * Prerequisite reasoning for one student over a course's objectives:
 * - readiness: an objective is ready when every prerequisite is mastered (P(mastered) at or above
 *   the course's threshold);
 * - the outer fringe: objectives that are ready but not mastered yet (what to learn next);
 * - the learning path to a goal: the goal and its not-yet-mastered ancestors, in topological
 *   order, each with an estimated number of practice items and time.
 *
 * Estimates (documented in docs/RECOMMENDATIONS.md): under BKT's learning transition, a student
 * who has not learned an objective learns it at each practice opportunity with probability
 * `learn`, so after n opportunities P(learned) = 1 − (1 − p)(1 − learn)^n. The estimate is the
 * smallest n with P(learned) ≥ threshold (at least 1 for an unmastered objective). Time is items
 * × seconds per item (the student's own mean time per answered item when known).
 */

/** What the prerequisite reasoning needs to know about an objective. */
export interface GraphObjective {
  id: string;
  title: string;
  position: number;
  prerequisiteIds: readonly string[];
}

export interface ObjectiveReadiness {
  objectiveId: string;
  mastered: boolean;
  ready: boolean;
  /** Prerequisites below the threshold. */
  missing: string[];
}

/** Readiness of every objective, in the order given. */
export function objectiveReadiness(
  objectives: readonly GraphObjective[],
  pMastery: (objectiveId: string) => number,
  threshold: number,
): ObjectiveReadiness[] {
  return objectives.map((o) => {
    const missing = o.prerequisiteIds.filter((q) => pMastery(q) < threshold);
    return {
      objectiveId: o.id,
      mastered: pMastery(o.id) >= threshold,
      ready: missing.length === 0,
      missing,
    };
  });
}

/** The outer fringe: ready but not mastered, in the order given. */
export function outerFringe(
  objectives: readonly GraphObjective[],
  pMastery: (objectiveId: string) => number,
  threshold: number,
): string[] {
  return objectiveReadiness(objectives, pMastery, threshold)
    .filter((r) => r.ready && !r.mastered)
    .map((r) => r.objectiveId);
}

/** The goal and every objective it transitively requires. */
export function ancestorsAndSelf(
  goal: string,
  prerequisitesOf: (objectiveId: string) => readonly string[],
): Set<string> {
  const out = new Set([goal]);
  const stack = [goal];
  while (stack.length > 0) {
    for (const q of prerequisitesOf(stack.pop() as string)) {
      if (!out.has(q)) {
        out.add(q);
        stack.push(q);
      }
    }
  }
  return out;
}

/** Practice opportunities until P(learned) ≥ threshold under BKT's learning transition. */
export function estimateItemsToMastery(p: number, learn: number, threshold: number): number {
  if (p >= threshold) {
    return 0;
  }
  const l = Math.min(0.99, Math.max(0.001, learn));
  const n = Math.log((1 - threshold) / (1 - Math.min(p, 0.999999))) / Math.log(1 - l);
  return Math.max(1, Math.ceil(n - 1e-9));
}

export interface PathStep {
  objectiveId: string;
  title: string;
  pMastery: number;
  /** Ready now (every prerequisite mastered); later steps become ready as earlier ones are. */
  ready: boolean;
  estimatedItems: number;
  estimatedSeconds: number;
}

export interface LearningPath {
  goalObjectiveId: string;
  steps: PathStep[];
  estimatedItems: number;
  estimatedSeconds: number;
}

export interface LearningPathProps {
  /** Objectives in a topological order (prerequisites first). */
  topological: readonly GraphObjective[];
  goal: string;
  pMastery: (objectiveId: string) => number;
  threshold: number;
  /** BKT learn rate (P(T)) per objective. */
  learnRate: (objectiveId: string) => number;
  secondsPerItem: number;
}

/** The ordered path to the goal over what is not mastered yet. */
export function learningPath(props: LearningPathProps): LearningPath {
  const byId = new Map(props.topological.map((o) => [o.id, o]));
  const needed = ancestorsAndSelf(props.goal, (id) => byId.get(id)?.prerequisiteIds ?? []);
  const steps: PathStep[] = [];
  for (const o of props.topological) {
    if (!needed.has(o.id)) {
      continue;
    }
    const p = props.pMastery(o.id);
    if (p >= props.threshold) {
      continue;
    }
    const items = estimateItemsToMastery(p, props.learnRate(o.id), props.threshold);
    steps.push({
      objectiveId: o.id,
      title: o.title,
      pMastery: Number(p.toFixed(4)),
      ready: o.prerequisiteIds.every((q) => props.pMastery(q) >= props.threshold),
      estimatedItems: items,
      estimatedSeconds: Math.round(items * props.secondsPerItem),
    });
  }
  return {
    goalObjectiveId: props.goal,
    steps,
    estimatedItems: steps.reduce((n, s) => n + s.estimatedItems, 0),
    estimatedSeconds: steps.reduce((n, s) => n + s.estimatedSeconds, 0),
  };
}
