/**
 * "Stacked": a logistic combiner (stacked generalisation, Wolpert 1992) over the predictions of
 * Best-LR, Elo and BKT with forgetting:
 *
 *   P(correct) = sigmoid(c0 + c1 * z_best-lr + c2 * logit(P_elo) + c3 * logit(P_bkt-forget))
 *
 * where z_best-lr is Best-LR's uncalibrated logit. The combiner is fitted on out-of-sample
 * predictions: the training students are split once (Best-LR's own inner split, which also
 * chooses its penalties); each component is fitted on the inner-training students and replayed
 * online on the inner-validation students, and the weights c are fitted (Newton, tiny ridge) on
 * those replayed predictions. Then every component is refitted on all the training students.
 * The combiner replaces Best-LR's Platt scaling (it is a calibration too).
 *
 * The components see the same attempts: the student state is one state per component, `update`
 * updates each (O(objectives tagged) for each, so for the sum), and items with several
 * objectives are handled as each component documents. P(mastered) of an objective combines the
 * components' P(correct) on an unseen item of the objective (BKT: its P(correct) there, not its
 * P(known)), as for Best-LR. Unseen items and objectives fall back to each component's priors.
 */
import { z } from 'zod';
import { invalidInput } from '../errors.js';
import { isRecord } from './state-json.js';
import { BestLrTrainer, type BestLrState } from './best-lr.js';
import { BktTrainer, type BktModel, type BktState } from './bkt.js';
import { EloTrainer, type EloModel, type EloState } from './elo.js';
import { replayPredictions } from './inner-validation.js';
import type {
  Attempt,
  AttemptSequence,
  FitOptions,
  KnowledgeTracingModel,
  KnowledgeTracingTrainer,
  PendingAttempt,
  SerializedModel,
} from './knowledge-tracing-model.js';
import type { LogisticKtModel } from './logistic-kt-model.js';
import { logit } from './probability.js';

/** Parameter format of the stacked model. */
export const STACKED_FORMAT = 1;

/** Inputs of the combiner, after the bias: Best-LR's logit, Elo's and BKT-forget's logits. */
export const STACKED_INPUTS = ['best-lr', 'elo', 'bkt-forget'] as const;
const K = STACKED_INPUTS.length + 1;

/** Keeps a component's probability off 0 and 1 so its logit stays finite. */
const LIMIT = 1e-6;
const safeLogit = (p: number) => logit(p < LIMIT ? LIMIT : p > 1 - LIMIT ? 1 - LIMIT : p);

export interface StackedState {
  readonly lr: BestLrState;
  readonly elo: EloState;
  readonly bkt: BktState;
}

export interface StackedModelProps {
  lr: LogisticKtModel<BestLrState>;
  elo: EloModel;
  bkt: BktModel;
  /** c0 (bias), then one weight per `STACKED_INPUTS`. */
  weights: readonly number[];
}

export class StackedModel implements KnowledgeTracingModel<StackedState> {
  readonly name = 'stacked';
  readonly lr: LogisticKtModel<BestLrState>;
  readonly elo: EloModel;
  readonly bkt: BktModel;
  readonly weights: readonly number[];

  constructor(props: StackedModelProps) {
    if (props.weights.length !== K) {
      throw new Error(`a stacked model needs ${K} weights`);
    }
    this.lr = props.lr;
    this.elo = props.elo;
    this.bkt = props.bkt;
    this.weights = props.weights;
  }

  createState(): StackedState {
    return { lr: this.lr.createState(), elo: this.elo.createState(), bkt: this.bkt.createState() };
  }

  /** The combiner's inputs for an attempt: Best-LR's raw logit, Elo's and BKT's logits. */
  inputs(state: StackedState, attempt: PendingAttempt): [number, number, number] {
    return [
      this.lr.rawLogit(state.lr, attempt),
      safeLogit(this.elo.predict(state.elo, attempt)),
      safeLogit(this.bkt.predict(state.bkt, attempt)),
    ];
  }

  predict(state: StackedState, attempt: PendingAttempt): number {
    const [a, b, c] = this.inputs(state, attempt);
    const w = this.weights;
    const zc =
      (w[0] as number) + (w[1] as number) * a + (w[2] as number) * b + (w[3] as number) * c;
    return 1 / (1 + Math.exp(-zc));
  }

  update(state: StackedState, attempt: Attempt): void {
    this.lr.update(state.lr, attempt);
    this.elo.update(state.elo, attempt);
    this.bkt.update(state.bkt, attempt);
  }

  /** Proxy for P(mastered): the combined P(correct) on an unseen item tagged only `objective`. */
  mastery(state: StackedState, objective: string): number {
    return this.predict(state, { student: '', item: '\u0000unseen', objectives: [objective] });
  }

  /** `{ stacked: { bestLr, elo, bkt } }`: each component's own state JSON. */
  saveState(state: StackedState): unknown {
    return {
      stacked: {
        bestLr: this.lr.saveState(state.lr),
        elo: this.elo.saveState(state.elo),
        bkt: this.bkt.saveState(state.bkt),
      },
    };
  }

  loadState(json: unknown): StackedState | null {
    if (!isRecord(json) || !isRecord(json.stacked)) {
      return null;
    }
    const lr = this.lr.loadState(json.stacked.bestLr);
    const elo = this.elo.loadState(json.stacked.elo);
    const bkt = this.bkt.loadState(json.stacked.bkt);
    return lr === null || elo === null || bkt === null ? null : { lr, elo, bkt };
  }

  serialize(): SerializedModel {
    return {
      model: this.name,
      formatVersion: STACKED_FORMAT,
      params: {
        weights: [...this.weights],
        components: {
          'best-lr': this.lr.serialize(),
          elo: this.elo.serialize(),
          'bkt-forget': this.bkt.serialize(),
        },
      },
    };
  }
}

/**
 * Fits logistic weights (bias first) to rows of `x` (row-major, `k - 1` inputs per row) and
 * outcomes `y` by Newton's method, with a tiny ridge that keeps it defined on separable data.
 */
export function fitCombiner(x: Float64Array, y: Uint8Array, k = K): number[] {
  const w = new Float64Array(k);
  const inputs = k - 1;
  const row = new Float64Array(k);
  for (let it = 0; it < 50; it++) {
    const g = new Float64Array(k);
    const h = new Float64Array(k * k);
    for (let j = 0; j < k; j++) {
      g[j] = 1e-6 * (w[j] as number);
      h[j * k + j] = 1e-6;
    }
    for (let r = 0; r < y.length; r++) {
      row[0] = 1;
      let zr = w[0] as number;
      for (let j = 1; j < k; j++) {
        const v = x[r * inputs + j - 1] as number;
        row[j] = v;
        zr += (w[j] as number) * v;
      }
      const p = 1 / (1 + Math.exp(-zr));
      const res = p - (y[r] as number);
      const wt = p * (1 - p);
      for (let a = 0; a < k; a++) {
        const ra = row[a] as number;
        g[a] = (g[a] as number) + res * ra;
        for (let b = 0; b <= a; b++) {
          h[a * k + b] = (h[a * k + b] as number) + wt * ra * (row[b] as number);
        }
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        h[a * k + b] = h[b * k + a] as number;
      }
    }
    const step = solveSymmetric(h, g, k);
    if (step === null) {
      break;
    }
    let size = 0;
    for (let j = 0; j < k; j++) {
      w[j] = (w[j] as number) - (step[j] as number);
      size += Math.abs(step[j] as number);
    }
    if (size < 1e-9) {
      break;
    }
  }
  return Array.from(w);
}

/** Solves H s = g for a small symmetric positive-definite H (Cholesky); null if it is not. */
function solveSymmetric(h: Float64Array, g: Float64Array, k: number): Float64Array | null {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * k + j] as number;
      for (let m = 0; m < j; m++) {
        sum -= (l[i * k + m] as number) * (l[j * k + m] as number);
      }
      if (i === j) {
        if (!(sum > 0)) {
          return null;
        }
        l[i * k + i] = Math.sqrt(sum);
      } else {
        l[i * k + j] = sum / (l[j * k + j] as number);
      }
    }
  }
  const t = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = g[i] as number;
    for (let m = 0; m < i; m++) {
      sum -= (l[i * k + m] as number) * (t[m] as number);
    }
    t[i] = sum / (l[i * k + i] as number);
  }
  const s = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = t[i] as number;
    for (let m = i + 1; m < k; m++) {
      sum -= (l[m * k + i] as number) * (s[m] as number);
    }
    s[i] = sum / (l[i * k + i] as number);
  }
  return s;
}

const stackedJson = z.object({
  weights: z.array(z.number()).length(K),
  components: z.object({
    'best-lr': z.object({ model: z.string(), formatVersion: z.number(), params: z.unknown() }),
    elo: z.object({ model: z.string(), formatVersion: z.number(), params: z.unknown() }),
    'bkt-forget': z.object({ model: z.string(), formatVersion: z.number(), params: z.unknown() }),
  }),
});

export class StackedTrainer implements KnowledgeTracingTrainer<StackedState> {
  readonly name = 'stacked';
  private readonly lr = new BestLrTrainer();
  private readonly elo = new EloTrainer();
  private readonly bkt = new BktTrainer({ forgetting: true });

  fit(history: readonly AttemptSequence[], options: FitOptions): StackedModel {
    const { model: lr, heldOut } = this.lr.fitWithHeldOut(history, options);
    let weights: number[] = [lr.scaling.b, lr.scaling.a, 0, 0];
    if (heldOut !== null) {
      const { split, logits, labels } = heldOut;
      const elo = replayPredictions(this.elo.fit(split.train, options), split.validation).p;
      const bkt = replayPredictions(this.bkt.fit(split.train, options), split.validation).p;
      const x = new Float64Array(3 * labels.length);
      for (let r = 0; r < labels.length; r++) {
        x[3 * r] = logits[r] as number;
        x[3 * r + 1] = safeLogit(elo[r] as number);
        x[3 * r + 2] = safeLogit(bkt[r] as number);
      }
      weights = fitCombiner(x, labels);
    }
    return new StackedModel({
      lr,
      elo: this.elo.fit(history, options),
      bkt: this.bkt.fit(history, options),
      weights,
    });
  }

  deserialize(serialized: SerializedModel): StackedModel {
    const parsed = stackedJson.safeParse(serialized.params);
    if (serialized.model !== this.name || !parsed.success) {
      throw invalidInput(`not a serialized ${this.name} model`, [
        { path: '/params', message: parsed.success ? 'wrong model name' : parsed.error.message },
      ]);
    }
    if (serialized.formatVersion !== STACKED_FORMAT) {
      throw invalidInput(
        `${this.name} parameters of format ${serialized.formatVersion} cannot be read by this version (format ${STACKED_FORMAT}); retrain the model`,
        [{ path: '/formatVersion', message: `expected ${STACKED_FORMAT}` }],
      );
    }
    const c = parsed.data.components;
    return new StackedModel({
      lr: this.lr.deserialize(c['best-lr']),
      elo: this.elo.deserialize(c.elo),
      bkt: this.bkt.deserialize(c['bkt-forget']),
      weights: parsed.data.weights,
    });
  }
}
