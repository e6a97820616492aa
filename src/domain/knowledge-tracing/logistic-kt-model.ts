/**
 * The machinery shared by the logistic knowledge-tracing models (PFA, Best-LR): a feature map
 * turns (student state, attempt) into sparse features, a weight vector scores them, and Platt
 * scaling (fitted on held-out training students) calibrates the result.
 *
 *   P(correct) = sigmoid(a * (w . x(state, attempt)) + b)
 */
import type { SparseDesign } from './sparse-logistic-regression.js';
import { SparseDesignBuilder } from './sparse-logistic-regression.js';
import type {
  Attempt,
  AttemptSequence,
  KnowledgeTracingModel,
  PendingAttempt,
  SerializedModel,
} from './knowledge-tracing-model.js';
import type { PlattScaling } from './platt-scaling.js';

/** Receives the features of one attempt. */
export interface FeatureSink {
  add(column: number, value: number): void;
}

/** A feature map with the student state it needs; `columns` features in all. */
export interface FeatureMap<State> {
  readonly columns: number;
  createState(): State;
  /**
   * Writes the features of `attempt` given `state` (before the attempt). In training,
   * `heldOutOutcome` is the attempt's own outcome (0/1) so target statistics can leave it out;
   * it is -1 when predicting.
   */
  writeFeatures(
    state: State,
    attempt: PendingAttempt,
    sink: FeatureSink,
    heldOutOutcome: number,
  ): void;
  /** Records the attempt in the state; `heldOutOutcome` as above. */
  update(state: State, attempt: Attempt, heldOutOutcome: number): void;
  /** JSON of the map's own parameters (vocabularies, statistics). */
  toJSON(): unknown;
  /** A student state as JSON (see `KnowledgeTracingModel.saveState`). */
  saveState(state: State): unknown;
  /** Restores `saveState`'s JSON; null when it is not a state of this map. */
  loadState(json: unknown): State | null;
}

class DotProduct implements FeatureSink {
  z = 0;
  constructor(readonly weights: Float64Array) {}
  add(column: number, value: number): void {
    this.z += (this.weights[column] as number) * value;
  }
}

/** Builds the training design by replaying each student's attempts through the feature map. */
export function buildDesign<S>(
  map: FeatureMap<S>,
  sequences: readonly AttemptSequence[],
  leaveOut: boolean,
): SparseDesign {
  const builder = new SparseDesignBuilder();
  for (const sequence of sequences) {
    const state = map.createState();
    for (const a of sequence) {
      const held = leaveOut ? (a.correct ? 1 : 0) : -1;
      map.writeFeatures(state, a, builder, held);
      builder.endRow(a.correct);
      map.update(state, a, held);
    }
  }
  return builder.build(map.columns);
}

export interface LogisticKtModelProps<S> {
  name: string;
  map: FeatureMap<S>;
  weights: Float64Array;
  scaling: PlattScaling;
  /** `SerializedModel.formatVersion` of the parameters; default 1. */
  formatVersion?: number;
}

/** A fitted logistic model; see the module comment. */
export class LogisticKtModel<S> implements KnowledgeTracingModel<S> {
  readonly name: string;
  readonly map: FeatureMap<S>;
  readonly weights: Float64Array;
  readonly scaling: PlattScaling;
  readonly formatVersion: number;
  private readonly dot: DotProduct;

  constructor(props: LogisticKtModelProps<S>) {
    this.name = props.name;
    this.map = props.map;
    this.weights = props.weights;
    this.scaling = props.scaling;
    this.formatVersion = props.formatVersion ?? 1;
    this.dot = new DotProduct(props.weights);
  }

  createState(): S {
    return this.map.createState();
  }

  /** The uncalibrated logit w . x. */
  rawLogit(state: S, attempt: PendingAttempt): number {
    this.dot.z = 0;
    this.map.writeFeatures(state, attempt, this.dot, -1);
    return this.dot.z;
  }

  predict(state: S, attempt: PendingAttempt): number {
    const z = this.rawLogit(state, attempt);
    return 1 / (1 + Math.exp(-(this.scaling.a * z + this.scaling.b)));
  }

  update(state: S, attempt: Attempt): void {
    this.map.update(state, attempt, -1);
  }

  /** Proxy for P(mastered): predicted P(correct) on an unseen item tagged only with `objective`. */
  mastery(state: S, objective: string): number {
    return this.predict(state, { student: '', item: '\u0000unseen', objectives: [objective] });
  }

  saveState(state: S): unknown {
    return this.map.saveState(state);
  }

  loadState(json: unknown): S | null {
    return this.map.loadState(json);
  }

  serialize(): SerializedModel {
    return {
      model: this.name,
      formatVersion: this.formatVersion,
      params: {
        features: this.map.toJSON(),
        weights: Array.from(this.weights),
        scaling: this.scaling,
      },
    };
  }
}
