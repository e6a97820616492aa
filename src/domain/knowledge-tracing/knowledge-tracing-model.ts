/**
 * The one interface every knowledge-tracing model implements (BKT, BKT with forgetting, PFA,
 * Best-LR, Elo), and the attempt it consumes.
 *
 * Terms: an *objective* is a knowledge component (skill, concept); an *item* is something a
 * student answers, tagged with one or more objectives; a *student state* is everything a model
 * remembers about one student, created empty by `createState` and changed only by `update`.
 *
 * Items tagged with several objectives:
 * - `update` updates every tagged objective of the attempt (and the student-wide counters), at a
 *   cost of O(objectives tagged on the attempt).
 * - Each model documents how `predict` combines the tagged objectives (BKT: mean of the
 *   per-objective P(correct) in logit space by default; the logistic models and Elo: the
 *   per-objective terms enter one logit, averaged over the tagged objectives for shared weights).
 *
 * The core is pure: time is a field of the attempt, randomness an argument of `fit`.
 */
import type { Rng } from '../random.js';
import type { ItemFormatInfo } from './item-format-evidence.js';

/** One answer of one student to one item. */
export interface Attempt {
  readonly student: string;
  readonly item: string;
  /** Objectives the item is tagged with; at least one for the objective-level models. */
  readonly objectives: readonly string[];
  readonly correct: boolean;
  /** Seconds since any fixed origin (e.g. Unix epoch). Optional: models fall back to attempt order. */
  readonly timestamp?: number;
  /**
   * The item's format, when the course says it (real data sets do not): BKT takes its guess from
   * it (`item-format-evidence.ts`); the other models ignore it.
   */
  readonly format?: ItemFormatInfo | undefined;
}

/** What is known about an attempt before it is answered. */
export type PendingAttempt = Omit<Attempt, 'correct'>;

/** A student's attempts in chronological order. */
export type AttemptSequence = readonly Attempt[];

/** A model's parameters as plain JSON, tagged with the model name and a format version. */
export interface SerializedModel {
  readonly model: string;
  readonly formatVersion: number;
  readonly params: unknown;
}

/**
 * A fitted model. `State` is opaque to callers and mutable: `update` changes it in place (that
 * keeps the online update allocation-free). One state per student.
 */
export interface KnowledgeTracingModel<State = unknown> {
  readonly name: string;
  /** A new student with no history. */
  createState(): State;
  /** P(correct) in (0, 1) for the attempt, from the state before it is answered. */
  predict(state: State, attempt: PendingAttempt): number;
  /** Records an answered attempt in the state; cost O(objectives tagged). */
  update(state: State, attempt: Attempt): void;
  /**
   * P(mastered) in [0, 1] for one objective. For BKT it is the posterior P(known); the other
   * models document their proxy (predicted P(correct) on an unseen item of that objective).
   */
  mastery(state: State, objective: string): number;
  /** Parameters as JSON; `deserialize` of the matching trainer restores identical predictions. */
  serialize(): SerializedModel;
  /**
   * A student state as plain JSON, to store between requests. Objectives are named by id (not by
   * vocabulary position), so a state stays valid for another version of the same model.
   */
  saveState(state: State): unknown;
  /** Restores `saveState`'s JSON; null when the value is not a state of this kind of model. */
  loadState(json: unknown): State | null;
}

/** Options shared by every `fit`. */
export interface FitOptions {
  /** Randomness for EM restarts and the inner validation split. */
  readonly rng: Rng;
  /**
   * Fraction of training students held out to choose hyper-parameters (and calibration), then
   * the model is refit on all of them. 0 turns the inner selection off and uses the defaults.
   * Default 0.2.
   */
  readonly validationFraction?: number;
}

/** Fits and restores one kind of model. */
export interface KnowledgeTracingTrainer<State = unknown> {
  readonly name: string;
  /** Fits parameters to chronological attempt sequences, one per student. */
  fit(history: readonly AttemptSequence[], options: FitOptions): KnowledgeTracingModel<State>;
  /** Restores a model from `serialize()`; throws `AppError` (InvalidInput) on a malformed value. */
  deserialize(serialized: SerializedModel): KnowledgeTracingModel<State>;
}

/**
 * A probability to 6 decimals, as the API's replies and the bus messages carry mastery: enough
 * for every threshold and display, and what consumers store in their states (a 17-digit double
 * there only costs size on every rewrite).
 */
export function roundProbability(p: number): number {
  return Number(p.toFixed(6));
}
