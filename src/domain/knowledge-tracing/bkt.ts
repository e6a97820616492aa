/**
 * Bayesian Knowledge Tracing (Corbett & Anderson 1995), per objective, with an optional forgetting
 * variant (P(forget) > 0; Khajah, Lindsey & Mozer 2016, "How deep is knowledge tracing?").
 *
 * State: P(known) per objective the student has practised. One attempt with outcome y:
 *   P(correct)     = P(L)(1 - slip) + (1 - P(L)) guess
 *   P(L | y)       = P(L)(1 - slip) / P(correct)              if y is correct
 *                  = P(L) slip / (1 - P(correct))             if y is incorrect
 *   P(L) next      = P(L | y)(1 - forget) + (1 - P(L | y)) learn
 * Parameters are fitted per objective by EM (`fit-bkt-em.ts`). Objectives with fewer than
 * `MIN_OBSERVATIONS` observations, or unseen ones, use the fallback: the per-parameter median over
 * the fitted objectives.
 *
 * Items with several objectives: every tagged objective is updated with the same outcome (as in
 * the fit, where the attempt is an observation of each tagged objective). P(correct) combines the
 * per-objective P(correct) either as the mean in logit space (default) or as their product
 * (conjunctive: all objectives needed); `fit` picks the one with the lower log loss on the
 * training students.
 *
 * Item formats: when an attempt names its item's format (`Attempt.format`, from the course), the
 * guess of that attempt is the format's prior (`formatGuess`: 1/k for a k-choice item, 0.05 for a
 * numeric or short-text answer) instead of the objective's fitted or default guess, so an answer
 * that is hard to guess counts as stronger evidence. Prior, learn and slip stay per objective.
 * Attempts without a format (every real data set) take exactly the per-objective path.
 */
import { isRecord, num } from './state-json.js';
import { z } from 'zod';
import { invalidInput } from '../errors.js';
import { fitBktEm, type BktObservations, type BktParams } from './fit-bkt-em.js';
import type {
  Attempt,
  AttemptSequence,
  FitOptions,
  KnowledgeTracingModel,
  KnowledgeTracingTrainer,
  PendingAttempt,
  SerializedModel,
} from './knowledge-tracing-model.js';
import { computeLogLoss } from './metrics.js';
import { logit, sigmoid } from './probability.js';
import { replayPredictions } from './inner-validation.js';
import { formatGuess, type ItemFormatInfo } from './item-format-evidence.js';

export type { BktParams } from './fit-bkt-em.js';

/** Objectives with fewer observations than this use the fallback parameters. */
export const MIN_OBSERVATIONS = 10;

export type BktCombine = 'mean-logit' | 'product';

/** P(known) per objective; objectives not yet practised are absent (their prior applies). */
export type BktState = Map<string, number>;

/** P(correct) for a student with P(known) = `known`. */
export function bktPredictCorrect(p: BktParams, known: number): number {
  return known * (1 - p.slip) + (1 - known) * p.guess;
}

/** The forward step: P(known) before the next attempt, from P(known) before this one and y. */
export function bktForwardStep(p: BktParams, known: number, correct: boolean): number {
  const pc = bktPredictCorrect(p, known);
  const posterior = correct ? (known * (1 - p.slip)) / pc : (known * p.slip) / (1 - pc);
  return posterior * (1 - p.forget) + (1 - posterior) * p.learn;
}

/**
 * The objective's parameters for one attempt: with the guess of the item's format when the attempt
 * names one (and it stays below 1 − slip, so a correct answer is still evidence of knowing).
 */
export function bktParamsForItem(p: BktParams, format: ItemFormatInfo | undefined): BktParams {
  if (!format) {
    return p;
  }
  const guess = formatGuess(format);
  return guess !== null && guess < 1 - p.slip ? { ...p, guess } : p;
}

export interface BktModelProps {
  name: string;
  forgetting: boolean;
  combine: BktCombine;
  objectives: ReadonlyMap<string, BktParams>;
  fallback: BktParams;
}

export class BktModel implements KnowledgeTracingModel<BktState> {
  readonly name: string;
  readonly forgetting: boolean;
  readonly combine: BktCombine;
  readonly fallback: BktParams;
  private readonly objectives: ReadonlyMap<string, BktParams>;

  constructor(props: BktModelProps) {
    this.name = props.name;
    this.forgetting = props.forgetting;
    this.combine = props.combine;
    this.objectives = props.objectives;
    this.fallback = props.fallback;
  }

  paramsOf(objective: string): BktParams {
    return this.objectives.get(objective) ?? this.fallback;
  }

  createState(): BktState {
    return new Map();
  }

  predict(state: BktState, attempt: PendingAttempt): number {
    const tags = attempt.objectives;
    const format = attempt.format;
    if (tags.length === 0) {
      return bktPredictCorrect(bktParamsForItem(this.fallback, format), this.fallback.prior);
    }
    if (tags.length === 1) {
      const k = tags[0] as string;
      const p = bktParamsForItem(this.paramsOf(k), format);
      return bktPredictCorrect(p, state.get(k) ?? p.prior);
    }
    let product = 1;
    let sumLogit = 0;
    for (const k of tags) {
      const p = bktParamsForItem(this.paramsOf(k), format);
      const pc = bktPredictCorrect(p, state.get(k) ?? p.prior);
      product *= pc;
      sumLogit += logit(pc);
    }
    return this.combine === 'product' ? product : sigmoid(sumLogit / tags.length);
  }

  update(state: BktState, attempt: Attempt): void {
    for (const k of attempt.objectives) {
      const p = bktParamsForItem(this.paramsOf(k), attempt.format);
      state.set(k, bktForwardStep(p, state.get(k) ?? p.prior, attempt.correct));
    }
  }

  mastery(state: BktState, objective: string): number {
    return state.get(objective) ?? this.paramsOf(objective).prior;
  }

  /** `{ bkt: { objective: P(known) } }`. */
  saveState(state: BktState): unknown {
    return { bkt: Object.fromEntries(state) };
  }

  loadState(json: unknown): BktState | null {
    if (!isRecord(json) || !isRecord(json.bkt)) {
      return null;
    }
    const state: BktState = new Map();
    for (const [k, v] of Object.entries(json.bkt)) {
      const p = num(v);
      if (!(p >= 0 && p <= 1)) {
        return null;
      }
      state.set(k, p);
    }
    return state;
  }

  serialize(): SerializedModel {
    const toArray = (p: BktParams) => [p.prior, p.learn, p.forget, p.guess, p.slip];
    return {
      model: this.name,
      formatVersion: 1,
      params: {
        forgetting: this.forgetting,
        combine: this.combine,
        fallback: toArray(this.fallback),
        objectives: Object.fromEntries([...this.objectives].map(([k, p]) => [k, toArray(p)])),
      },
    };
  }
}

/** Per-objective observation arrays: each attempt counts once for every tagged objective. */
export function collectBktObservations(
  history: readonly AttemptSequence[],
): Map<string, BktObservations> {
  const outcomes = new Map<string, { y: number[]; start: number[] }>();
  for (const sequence of history) {
    const seen = new Set<string>();
    for (const a of sequence) {
      for (const k of a.objectives) {
        let o = outcomes.get(k);
        if (!o) {
          o = { y: [], start: [] };
          outcomes.set(k, o);
        }
        if (!seen.has(k)) {
          seen.add(k);
          o.start.push(o.y.length);
        }
        o.y.push(a.correct ? 1 : 0);
      }
    }
  }
  const out = new Map<string, BktObservations>();
  for (const [k, o] of outcomes) {
    out.set(k, { outcome: Uint8Array.from(o.y), start: Int32Array.from([...o.start, o.y.length]) });
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const paramArray = z.tuple([
  z.number().min(0).max(1),
  z.number().min(0).max(1),
  z.number().min(0).max(1),
  z.number().min(0).max(1),
  z.number().min(0).max(1),
]);
const bktJson = z.object({
  forgetting: z.boolean(),
  combine: z.enum(['mean-logit', 'product']),
  fallback: paramArray,
  objectives: z.record(z.string(), paramArray),
});

export interface BktTrainerProps {
  forgetting: boolean;
  /** EM restarts per objective; default 4. */
  restarts?: number;
}

/** Trainer for `bkt` (classic) and `bkt-forget` (with forgetting). */
export class BktTrainer implements KnowledgeTracingTrainer<BktState> {
  readonly name: string;
  private readonly forgetting: boolean;
  private readonly restarts: number;

  constructor(props: BktTrainerProps) {
    this.forgetting = props.forgetting;
    this.name = props.forgetting ? 'bkt-forget' : 'bkt';
    this.restarts = props.restarts ?? 4;
  }

  fit(history: readonly AttemptSequence[], options: FitOptions): BktModel {
    const observations = collectBktObservations(history);
    const fitted = new Map<string, BktParams>();
    for (const [k, data] of [...observations].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (data.outcome.length >= MIN_OBSERVATIONS) {
        const { params } = fitBktEm({
          data,
          rng: options.rng,
          forgetting: this.forgetting,
          restarts: this.restarts,
        });
        fitted.set(k, params);
      }
    }
    const all = [...fitted.values()];
    const fallback: BktParams =
      all.length === 0
        ? { prior: 0.5, learn: 0.1, forget: 0, guess: 0.2, slip: 0.1 }
        : {
            prior: median(all.map((p) => p.prior)),
            learn: median(all.map((p) => p.learn)),
            forget: median(all.map((p) => p.forget)),
            guess: median(all.map((p) => p.guess)),
            slip: median(all.map((p) => p.slip)),
          };
    const make = (combine: BktCombine) =>
      new BktModel({
        name: this.name,
        forgetting: this.forgetting,
        combine,
        objectives: fitted,
        fallback,
      });
    const hasMulti = history.some((s) => s.some((a) => a.objectives.length > 1));
    if (!hasMulti) {
      return make('mean-logit');
    }
    const candidates = (['mean-logit', 'product'] as const).map(make);
    let best = candidates[0] as BktModel;
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const m of candidates) {
      const { p, y } = replayPredictions(m, history);
      const loss = computeLogLoss(p, y);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = m;
      }
    }
    return best;
  }

  deserialize(serialized: SerializedModel): BktModel {
    const parsed = bktJson.safeParse(serialized.params);
    if (serialized.model !== this.name || !parsed.success) {
      throw invalidInput(`not a serialized ${this.name} model`, [
        { path: '/params', message: parsed.success ? 'wrong model name' : parsed.error.message },
      ]);
    }
    const fromArray = (a: readonly number[]): BktParams => ({
      prior: a[0] as number,
      learn: a[1] as number,
      forget: a[2] as number,
      guess: a[3] as number,
      slip: a[4] as number,
    });
    const v = parsed.data;
    return new BktModel({
      name: this.name,
      forgetting: v.forgetting,
      combine: v.combine,
      fallback: fromArray(v.fallback),
      objectives: new Map(Object.entries(v.objectives).map(([k, a]) => [k, fromArray(a)])),
    });
  }
}
