/**
 * Performance Factors Analysis (Pavlik, Cen & Koedinger 2009, "Performance factors analysis — a
 * new alternative to knowledge tracing", AIED):
 *
 *   logit P(correct) = bias + sum_k (beta_k + gamma_k s_k + rho_k f_k) + gamma s + rho f
 *
 * over the item's objectives k, with s_k / f_k the student's earlier successes / failures on k.
 * The shared terms gamma s + rho f (s, f summed over the tagged objectives) are the fallback for
 * objectives unseen in training, whose own terms are absent. As in the paper, an item with several
 * objectives sums their terms (conjunctive), and `update` counts the attempt for every tagged
 * objective. Fitted by L2-regularised logistic regression (penalty 1 pseudo-observation).
 */
import { isRecord, numbers } from './state-json.js';
import { z } from 'zod';
import { invalidInput } from '../errors.js';
import type {
  Attempt,
  AttemptSequence,
  FitOptions,
  KnowledgeTracingTrainer,
  PendingAttempt,
  SerializedModel,
} from './knowledge-tracing-model.js';
import {
  buildDesign,
  LogisticKtModel,
  type FeatureMap,
  type FeatureSink,
} from './logistic-kt-model.js';
import { IDENTITY_SCALING } from './platt-scaling.js';
import { fitSparseLogistic } from './sparse-logistic-regression.js';

/** Successes and failures per objective. */
export type PfaState = Map<string, { s: number; f: number }>;

const SHARED = 3;

export class PfaFeatures implements FeatureMap<PfaState> {
  readonly columns: number;
  private readonly index: Map<string, number>;

  constructor(readonly objectives: readonly string[]) {
    this.index = new Map(objectives.map((k, i) => [k, i]));
    this.columns = SHARED + 3 * objectives.length;
  }

  createState(): PfaState {
    return new Map();
  }

  writeFeatures(state: PfaState, attempt: PendingAttempt, sink: FeatureSink): void {
    sink.add(0, 1);
    let s = 0;
    let f = 0;
    for (const k of attempt.objectives) {
      const c = state.get(k);
      const ks = c?.s ?? 0;
      const kf = c?.f ?? 0;
      s += ks;
      f += kf;
      const j = this.index.get(k);
      if (j !== undefined) {
        sink.add(SHARED + 3 * j, 1);
        sink.add(SHARED + 3 * j + 1, ks);
        sink.add(SHARED + 3 * j + 2, kf);
      } else {
        // An objective unseen in training is treated as the average objective (O(objectives),
        // only for unseen ones).
        const share = 1 / Math.max(1, this.objectives.length);
        for (let c = 0; c < this.objectives.length; c++) {
          sink.add(SHARED + 3 * c, share);
          sink.add(SHARED + 3 * c + 1, share * ks);
          sink.add(SHARED + 3 * c + 2, share * kf);
        }
      }
    }
    sink.add(1, s);
    sink.add(2, f);
  }

  update(state: PfaState, attempt: Attempt): void {
    for (const k of attempt.objectives) {
      let c = state.get(k);
      if (c === undefined) {
        c = { s: 0, f: 0 };
        state.set(k, c);
      }
      if (attempt.correct) {
        c.s++;
      } else {
        c.f++;
      }
    }
  }

  toJSON(): unknown {
    return { objectives: this.objectives };
  }

  /** `{ pfa: { objective: [successes, failures] } }`. */
  saveState(state: PfaState): unknown {
    const out: Record<string, [number, number]> = {};
    for (const [k, c] of state) {
      out[k] = [c.s, c.f];
    }
    return { pfa: out };
  }

  loadState(json: unknown): PfaState | null {
    if (!isRecord(json) || !isRecord(json.pfa)) {
      return null;
    }
    const state: PfaState = new Map();
    for (const [k, v] of Object.entries(json.pfa)) {
      const c = numbers(v, 2);
      if (c === null) {
        return null;
      }
      state.set(k, { s: c[0] as number, f: c[1] as number });
    }
    return state;
  }
}

const pfaJson = z.object({
  features: z.object({ objectives: z.array(z.string()) }),
  weights: z.array(z.number()),
  scaling: z.object({ a: z.number(), b: z.number() }),
});

export class PfaTrainer implements KnowledgeTracingTrainer<PfaState> {
  readonly name = 'pfa';

  fit(history: readonly AttemptSequence[], _options: FitOptions): LogisticKtModel<PfaState> {
    const objectives = new Set<string>();
    for (const sequence of history) {
      for (const a of sequence) {
        for (const k of a.objectives) {
          objectives.add(k);
        }
      }
    }
    const map = new PfaFeatures([...objectives].sort());
    const design = buildDesign(map, history, false);
    const l2 = new Float64Array(map.columns).fill(1);
    l2[0] = 0;
    const { weights } = fitSparseLogistic({ design, l2, tolerance: 1e-6 });
    return new LogisticKtModel({ name: this.name, map, weights, scaling: IDENTITY_SCALING });
  }

  deserialize(serialized: SerializedModel): LogisticKtModel<PfaState> {
    const parsed = pfaJson.safeParse(serialized.params);
    const columns = parsed.success ? SHARED + 3 * parsed.data.features.objectives.length : -1;
    if (
      serialized.model !== this.name ||
      !parsed.success ||
      parsed.data.weights.length !== columns
    ) {
      throw invalidInput(`not a serialized ${this.name} model`, [
        {
          path: '/params',
          message: parsed.success ? 'wrong name or weights' : parsed.error.message,
        },
      ]);
    }
    return new LogisticKtModel({
      name: this.name,
      map: new PfaFeatures(parsed.data.features.objectives),
      weights: Float64Array.from(parsed.data.weights),
      scaling: parsed.data.scaling,
    });
  }
}
