/**
 * Hyper-parameter selection inside the training data only: the training students are split into
 * an inner-train and an inner-validation part (a seeded shuffle), candidates are fitted on the
 * first and scored on the second by replaying each validation student online (predict, then
 * update), exactly as the outer evaluation does.
 */
import type { Rng } from '../random.js';
import type { AttemptSequence, KnowledgeTracingModel } from './knowledge-tracing-model.js';

export interface InnerSplit {
  train: AttemptSequence[];
  validation: AttemptSequence[];
}

/** Splits students (not attempts) by a seeded Fisher–Yates shuffle. */
export function splitStudents(
  history: readonly AttemptSequence[],
  fraction: number,
  rng: Rng,
): InnerSplit {
  const order = history.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const cut = Math.round(order.length * fraction);
  return {
    validation: order.slice(0, cut).map((i) => history[i] as AttemptSequence),
    train: order.slice(cut).map((i) => history[i] as AttemptSequence),
  };
}

/** Online predictions and outcomes of `model` on `sequences` (each student starts empty). */
export function replayPredictions<S>(
  model: KnowledgeTracingModel<S>,
  sequences: readonly AttemptSequence[],
): { p: Float64Array; y: Uint8Array } {
  let n = 0;
  for (const s of sequences) {
    n += s.length;
  }
  const p = new Float64Array(n);
  const y = new Uint8Array(n);
  let k = 0;
  for (const s of sequences) {
    const state = model.createState();
    for (const a of s) {
      p[k] = model.predict(state, a);
      y[k] = a.correct ? 1 : 0;
      k++;
      model.update(state, a);
    }
  }
  return { p, y };
}

/** Picks the candidate with the lowest `score` (e.g. validation log loss). */
export function argminBy<C>(candidates: readonly C[], score: (c: C) => number): C {
  let best = candidates[0] as C;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const s = score(c);
    if (s < bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}
