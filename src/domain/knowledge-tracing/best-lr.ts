/**
 * "Best-LR": a logistic regression over item, objective, count, window, recency, transition and
 * student-ability features, after Gervet, Koedinger, Schneider & Mitchell (2020), "When is deep
 * learning the best approach to knowledge tracing?" (JEDM 12(3)), which itself extends
 * DAS3H (Choffin et al. 2019) and PFA (Pavlik et al. 2009).
 *
 * Features of an attempt, all computed from the student's earlier attempts only. Sparse groups:
 * - item one-hot, and an item-specific slope on the student's smoothed accuracy logit (a 2PL-like
 *   discrimination); an item unseen in training has neither, and falls back to the objective terms
 *   and its objectives' training success rate;
 * - objective one-hot, and per-objective weights on log(1 + successes), log(1 + failures), the
 *   last-3 successes/failures, the recent adjusted ability, the first attempt, the last outcome,
 *   and the student's recent adjusted ability and medium moving average of correctness (the
 *   interaction of ability and objective);
 * - transitions: for each (objective of the previous attempt, objective of this one) pair seen in
 *   training, a bias and a weight on the previous outcome; the same for two attempts back. They
 *   capture curriculum order and transfer between objectives;
 * - related objectives (KTM / DAS3H-style transfer): for each ordered pair (j, k) of objectives
 *   that at least 20 training students both practised, weights on log(1 + successes) and
 *   log(1 + failures) of the student on j when predicting k, scaled by 1 / sqrt(objectives the
 *   student practised). Prediction costs O(objectives the student practised); update is unchanged.
 * Dense features (shared weights, `DENSE_FEATURES`): the student's overall success/failure counts,
 * smoothed accuracy, difficulty-adjusted ability (running mean and moving average of outcome minus
 * the item's training success rate, and an Elo-style ability against the item's difficulty),
 * attempt-windowed counts (last 5/10/20 overall, last 3/10 on the objective), last outcomes,
 * streaks, binned attempt/success counts, first attempt, attempts since the objective was last
 * practised and the current run on it, the item's smoothed training success rate and, when
 * timestamps exist, minutes since the last attempt and time-decayed counts with half-lives of
 * 1 hour, 1 day, 1 week and 30 days (an O(1) stand-in for DAS3H's time windows), one-hot bins
 * (tenths) of the student's smoothed accuracy and of the objective's accuracy shrunk to it (a
 * non-linear ability curve), the student's accuracy times log(1 + attempts on the objective), and
 * one-hot patterns of the last (up to) three outcomes, overall and on the objective.
 *
 * Items with several objectives: objective-level features are averaged over the tagged objectives
 * (one logit: the mean in logit space), and `update` updates every tagged objective.
 * Target statistics (item success rates) leave the attempt itself out while training.
 * The student state is flat (see `BestLrState`): the update costs O(objectives tagged) and
 * allocates nothing once the student has met the attempt's objectives.
 * Fit: L-BFGS with per-group L2 penalties chosen on held-out training students, then Platt
 * scaling fitted on those same held-out students.
 */
import { z } from 'zod';
import { isRecord, numbers, timeFromJson, timeToJson } from './state-json.js';
import { invalidInput } from '../errors.js';
import { splitStudents } from './inner-validation.js';
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
import { computeLogLoss } from './metrics.js';
import { fitPlattScaling, IDENTITY_SCALING, type PlattScaling } from './platt-scaling.js';
import { logit, popcount, trailingOnes } from './probability.js';
import { fitSparseLogistic, type SparseDesign } from './sparse-logistic-regression.js';

/**
 * The outcomes of the last 1, 2 or 3 attempts as a pattern (most recent first), one-hot: 14
 * patterns, index (2^length - 2) + bits (see `patternIndex`).
 */
const PATTERN_NAMES = [1, 2, 3].flatMap((length) =>
  Array.from({ length: 1 << length }, (_, bits) =>
    Array.from({ length }, (_, t) => ((bits >> t) & 1 ? '1' : '0')).join(''),
  ),
);
/** One-hot index of the last min(n, 3) outcomes of an outcome mask (bit 0 the newest), n > 0. */
const patternIndex = (mask: number, n: number) => {
  const length = n < 3 ? n : 3;
  return (1 << length) - 2 + (mask & ((1 << length) - 1));
};

/** Names of the dense (shared-weight) features, in column order. */
export const DENSE_FEATURES = [
  'bias',
  'student_log_successes',
  'student_log_failures',
  'student_smoothed_accuracy_logit',
  'student_adjusted_ability',
  'student_last_correct',
  'student_last_incorrect',
  'student_w5_log_successes',
  'student_w5_log_failures',
  'student_w10_log_successes',
  'student_w10_log_failures',
  'student_w20_log_successes',
  'student_w20_log_failures',
  'objective_log_successes',
  'objective_log_failures',
  'objective_smoothed_accuracy_logit',
  'objective_adjusted_ability',
  'objective_last_correct',
  'objective_last_incorrect',
  'objective_w3_log_successes',
  'objective_w3_log_failures',
  'objective_w10_log_successes',
  'objective_w10_log_failures',
  'objective_log_correct_streak',
  'objective_log_incorrect_streak',
  'objective_first_attempt',
  'objective_log_attempts_since_practised',
  'objective_returning',
  'item_rate_logit',
  'minutes_since_last_attempt_log',
  'minutes_since_objective_log',
  'objective_decay_1h_log_successes',
  'objective_decay_1h_log_failures',
  'objective_decay_1d_log_successes',
  'objective_decay_1d_log_failures',
  'objective_decay_1w_log_successes',
  'objective_decay_1w_log_failures',
  'objective_decay_30d_log_successes',
  'objective_decay_30d_log_failures',
  'student_recent_adjusted_ability',
  'objective_recent_adjusted_ability',
  'objective_log_run_length',
  'objective_log_run_successes',
  'first_attempt_x_student_accuracy',
  'objective_accuracy_shrunk_to_student_logit',
  'item_rate_x_student_accuracy',
  'student_elo_ability',
  'objective_elo_ability',
  'objective_attempts_1',
  'objective_attempts_2',
  'objective_attempts_3',
  'objective_attempts_4_5',
  'objective_attempts_6_9',
  'objective_attempts_10_plus',
  'objective_successes_1',
  'objective_successes_2',
  'objective_successes_3_plus',
  'student_ema_fast_logit',
  'student_ema_medium_logit',
  'student_ema_slow_logit',
  'objective_ema_logit',
  ...Array.from({ length: 10 }, (_, b) => `student_accuracy_bin_${b}`),
  ...Array.from({ length: 10 }, (_, b) => `objective_accuracy_bin_${b}`),
  'student_accuracy_x_objective_log_attempts',
  'student_ema_medium_x_objective_first_attempt',
  ...PATTERN_NAMES.map((k) => `student_last_${k}`),
  ...PATTERN_NAMES.map((k) => `objective_last_${k}`),
] as const;
/** First columns of the binned rates and the ability-experience interactions. */
const STUDENT_BINS = 61;
const OBJECTIVE_BINS = 71;
const ABILITY_X_ATTEMPTS = 81;
const EMA_X_FIRST = 82;
/** First columns of the student's and the objective's last-outcome patterns. */
const STUDENT_PATTERN = 83;
const OBJECTIVE_PATTERN = STUDENT_PATTERN + PATTERN_NAMES.length;

const D = DENSE_FEATURES.length;
/** Decay rates ln 2 / half-life (seconds) for half-lives of 1 hour, 1 day, 1 week, 30 days. */
const DECAY_RATES = [3600, 86400, 604800, 2592000].map((h) => Math.LN2 / h);
/** Pseudo-attempts of the priors in the smoothed rates. */
const SMOOTHING = 4;
const ITEM_SMOOTHING = 5;
/** Per-objective weights: log successes, log failures, last-3 successes and failures, recent
 * adjusted ability, first attempt, last outcome, the student's recent adjusted ability, the
 * student's medium moving average of correctness (logit). */
const PER_OBJECTIVE = 9;
/** Weights of the newest outcome in the exponential moving averages of correctness. */
const EMA_RATES = [0.5, 0.2, 0.05] as const;
const EMA_OBJECTIVE = 0.3;
/** Training students who practised both objectives of a related pair. */
const RELATED_MIN_STUDENTS = 20;
/** Related objectives kept per objective (the most co-practised), bounding the features per row. */
const RELATED_PARTNERS = 10;
/** Weights of the newest residual in the moving averages. */
const RECENT_STUDENT = 0.2;
const RECENT_OBJECTIVE = 0.3;

/**
 * What Best-LR remembers of one objective for one student: `F` numbers per slot in the state's
 * flat `data` array, at these offsets.
 */
const N = 0;
const S = 1;
/** Outcomes of the last 32 attempts on the objective, bit 0 the most recent (an int32). */
const MASK = 2;
/** Sum of (outcome - item training rate). */
const RESIDUAL = 3;
/** Exponential moving average of (outcome - item training rate). */
const RECENT = 4;
/** Elo-style ability on this objective (logit scale). */
const THETA = 5;
/** Exponential moving average of correctness (rate EMA_OBJECTIVE), from the first outcome. */
const EMA = 6;
/** The student's attempt index when this objective was last practised (-1: never). */
const LAST_INDEX = 7;
/** The student's attempt index where the current run of consecutive attempts on it began. */
const RUN_START = 8;
/** Time of the last timed attempt (NaN: none). */
const LAST_TIME = 9;
/** Time-decayed successes and failures per half-life (8 numbers), as of LAST_TIME. */
const DECAY = 10;
/** 1 once a timed attempt was counted in DECAY. */
const TIMED = 18;
const F = 19;

/**
 * A student's state for Best-LR, flat so the online update allocates nothing and touches few
 * cache lines: student-wide numbers as fields; per objective a slot of `F` numbers in `data`,
 * found through a small open-addressing table from the objective's interned id (see
 * `BestLrFeatures.internObjective`) to its slot. A state belongs to the feature map that made it
 * (`owner`): interned ids are that map's.
 */
export class BestLrState {
  n = 0;
  s = 0;
  mask = 0;
  residual = 0;
  recentResidual = 0;
  theta = 0;
  /** Exponential moving averages of correctness at EMA_RATES (valid once n > 0). */
  ema0 = 0;
  ema1 = 0;
  ema2 = 0;
  lastTime = Number.NaN;
  /** Objectives remembered (slots used). */
  count = 0;
  /** Interned objective id of each slot. */
  ids = new Int32Array(4);
  data = new Float64Array(4 * F);
  /**
   * Open addressing over pairs (interned id + 1, slot) at [2h, 2h + 1] (0 = empty); the number of
   * pairs is a power of two.
   */
  table = new Int32Array(16);
  /** Interned ids of the previous attempt's objectives, and of the attempt before it. */
  previous = new Int32Array(4);
  previousLength = 0;
  older = new Int32Array(4);
  olderLength = 0;
  constructor(readonly owner: BestLrFeatures) {}

  /** Slot of interned objective `id`, or -1. */
  slotOf(id: number): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let h = Math.imul(id, 0x9e3779b1) & mask;
    const key = id + 1;
    for (;;) {
      const k = table[2 * h] as number;
      if (k === key) {
        return table[2 * h + 1] as number;
      }
      if (k === 0) {
        return -1;
      }
      h = (h + 1) & mask;
    }
  }

  /** Slot of interned objective `id`, created empty when absent. */
  slotFor(id: number): number {
    const found = this.slotOf(id);
    if (found >= 0) {
      return found;
    }
    const slot = this.count++;
    if (slot >= this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const data = new Float64Array(ids.length * F);
      data.set(this.data);
      this.data = data;
    }
    this.ids[slot] = id;
    const d = this.data;
    const o = slot * F;
    d.fill(0, o, o + F);
    d[LAST_INDEX + o] = -1;
    d[LAST_TIME + o] = Number.NaN;
    if (this.count > this.table.length >> 2) {
      this.rehash(this.table.length);
    } else {
      this.insert(id, slot);
    }
    return slot;
  }

  private insert(id: number, slot: number): void {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let h = Math.imul(id, 0x9e3779b1) & mask;
    while ((table[2 * h] as number) !== 0) {
      h = (h + 1) & mask;
    }
    table[2 * h] = id + 1;
    table[2 * h + 1] = slot;
  }

  /** Rebuilds the table with `pairs` pairs. */
  private rehash(pairs: number): void {
    this.table = new Int32Array(2 * pairs);
    for (let slot = 0; slot < this.count; slot++) {
      this.insert(this.ids[slot] as number, slot);
    }
  }

  /** Records the objectives of the attempt just made, shifting the previous ones to `older`. */
  pushObjectives(ids: Int32Array, length: number): void {
    const older = this.previous;
    const olderLength = this.previousLength;
    let next = this.older;
    if (next.length < length) {
      next = new Int32Array(Math.max(length, 2 * next.length));
    }
    for (let t = 0; t < length; t++) {
      next[t] = ids[t] as number;
    }
    this.previous = next;
    this.previousLength = length;
    this.older = older;
    this.olderLength = olderLength;
  }
}

/** Decays the time-weighted counts of the slot at `o` to `time`, then counts outcome `y`. */
function decayAndCount(d: Float64Array, o: number, time: number, y: number): void {
  const lastTime = d[o + LAST_TIME] as number;
  if (d[o + TIMED] === 1 && Number.isFinite(lastTime) && time > lastTime) {
    const dt = time - lastTime;
    for (let h = 0; h < 4; h++) {
      const f = Math.exp(-dt * (DECAY_RATES[h] as number));
      d[o + DECAY + 2 * h] = (d[o + DECAY + 2 * h] as number) * f;
      d[o + DECAY + 2 * h + 1] = (d[o + DECAY + 2 * h + 1] as number) * f;
    }
  }
  d[o + TIMED] = 1;
  for (let h = 0; h < 4; h++) {
    const c = o + DECAY + 2 * h + 1 - y;
    d[c] = (d[c] as number) + 1;
  }
  d[o + LAST_TIME] = time;
}

const log1p = Math.log1p;
/** Keeps a rate off 0 and 1 so its logit stays finite. */
const clamp01 = (p: number) => (p < 0.02 ? 0.02 : p > 0.98 ? 0.98 : p);

/** Bin 0..9 of a rate in [0, 1]. */
const rateBin = (p: number) => (p >= 1 ? 9 : Math.floor(p * 10));

function bump(x: Float64Array, index: number, value: number): void {
  x[index] = (x[index] as number) + value;
}

interface BestLrVocabulary {
  items: string[];
  itemSuccesses: Float64Array;
  itemAttempts: Float64Array;
  objectives: string[];
  objectiveSuccesses: Float64Array;
  objectiveAttempts: Float64Array;
  /** Training prior of each item: mean smoothed rate of the objectives it was tagged with. */
  itemPriors: Float64Array;
  /**
   * (earlier attempt's objective, this objective) pairs seen in training: `prev\u0001next` for the
   * previous attempt, `prev\u0002next` for the one before.
   */
  transitions: string[];
  /**
   * Related objectives: `earlier\u0003next` pairs of objectives that at least
   * `RELATED_MIN_STUDENTS` training students both practised; the student's successes and failures
   * on `earlier` get weights in predictions on `next` (objective-to-objective transfer, KTM-style).
   */
  related: string[];
  globalRate: number;
}

/**
 * The related pairs `earlier\u0003next`: for each objective, the `RELATED_PARTNERS` objectives
 * the most training students also practised (at least `RELATED_MIN_STUDENTS`; ties by id).
 */
function relatedPairs(together: ReadonlyMap<string, number>): string[] {
  const partners = new Map<string, [string, number][]>();
  for (const [key, students] of together) {
    if (students >= RELATED_MIN_STUDENTS) {
      const [a, b] = key.split('\u0003') as [string, string];
      for (const [next, earlier] of [
        [a, b],
        [b, a],
      ] as const) {
        const list = partners.get(next);
        if (list) {
          list.push([earlier, students]);
        } else {
          partners.set(next, [[earlier, students]]);
        }
      }
    }
  }
  const pairs: string[] = [];
  for (const [next, list] of partners) {
    list.sort(([x, m], [y, n]) => n - m || (x < y ? -1 : 1));
    for (const [earlier] of list.slice(0, RELATED_PARTNERS)) {
      pairs.push(`${earlier}\u0003${next}`);
    }
  }
  return pairs.sort();
}

/** The Best-LR feature map: layout dense | items | objectives | objective (succ, fail) pairs. */
export class BestLrFeatures implements FeatureMap<BestLrState> {
  readonly columns: number;
  readonly itemOffset = D;
  readonly objectiveOffset: number;
  readonly objectiveCountOffset: number;
  /** Item-specific slope on the student's smoothed accuracy logit (a 2PL-like discrimination). */
  readonly itemSlopeOffset: number;
  /** Per transition (previous objective -> this objective): a bias and a previous-correct weight. */
  readonly transitionOffset: number;
  /** Per related pair (earlier objective -> this objective): a weight on the earlier ability. */
  readonly relatedOffset: number;
  /** Key earlier * O + next (vocabulary indices) -> related pair index. */
  private readonly relatedIndex: Map<number, number>;
  /** Key (lag * O + previous) * O + next, with objective vocabulary indices and lag 0 or 1. */
  private readonly transitionIndex: Map<number, number>;
  /** Smoothed item success rate and its -logit (difficulty), for serving. */
  private readonly itemRates: Float64Array;
  private readonly itemDifficulties: Float64Array;
  private readonly itemIndex: Map<string, number>;
  private readonly objectiveIndex: Map<string, number>;
  /**
   * Interned objective ids: the vocabulary's objectives are 0..O-1 (their vocabulary index);
   * objectives met while serving that training never saw get the next numbers.
   */
  private readonly interned: Map<string, number>;
  private readonly internedNames: string[];
  private readonly objectiveCount: number;
  private readonly dense = new Float64Array(D);
  /** Interned ids of the attempt being recorded (scratch, grown as needed). */
  private tagIds = new Int32Array(4);
  /** Their slots in the student's state. */
  private tagSlots = new Int32Array(4);

  constructor(readonly vocabulary: BestLrVocabulary) {
    this.itemIndex = new Map(vocabulary.items.map((k, i) => [k, i]));
    this.objectiveIndex = new Map(vocabulary.objectives.map((k, i) => [k, i]));
    this.interned = new Map(this.objectiveIndex);
    this.internedNames = [...vocabulary.objectives];
    this.objectiveCount = vocabulary.objectives.length;
    this.objectiveOffset = D + vocabulary.items.length;
    this.objectiveCountOffset = this.objectiveOffset + vocabulary.objectives.length;
    this.itemSlopeOffset = this.objectiveCountOffset + PER_OBJECTIVE * vocabulary.objectives.length;
    this.transitionOffset = this.itemSlopeOffset + vocabulary.items.length;
    const o = vocabulary.objectives.length;
    this.transitionIndex = new Map();
    vocabulary.transitions.forEach((key, i) => {
      const lag = key.includes('\u0001') ? 0 : 1;
      const [p, k] = key.split(lag === 0 ? '\u0001' : '\u0002');
      const pj = this.objectiveIndex.get(p ?? '');
      const kj = this.objectiveIndex.get(k ?? '');
      if (pj !== undefined && kj !== undefined) {
        this.transitionIndex.set((lag * o + pj) * o + kj, i);
      }
    });
    this.itemRates = vocabulary.itemSuccesses.map(
      (succ, i) =>
        (succ + ITEM_SMOOTHING * (vocabulary.itemPriors[i] as number)) /
        ((vocabulary.itemAttempts[i] as number) + ITEM_SMOOTHING),
    );
    this.itemDifficulties = this.itemRates.map((r) => -logit(r));
    this.relatedOffset = this.transitionOffset + 2 * vocabulary.transitions.length;
    this.relatedIndex = new Map();
    vocabulary.related.forEach((key, i) => {
      const [p, k] = key.split('\u0003');
      const pj = this.objectiveIndex.get(p ?? '');
      const kj = this.objectiveIndex.get(k ?? '');
      if (pj !== undefined && kj !== undefined) {
        this.relatedIndex.set(pj * o + kj, i);
      }
    });
    this.columns = this.relatedOffset + 2 * vocabulary.related.length;
  }

  /** Counts items and objectives of the training history. */
  static fromHistory(history: readonly AttemptSequence[]): BestLrFeatures {
    const items = new Map<string, [number, number]>();
    const objectives = new Map<string, [number, number]>();
    let n = 0;
    let s = 0;
    const transitions = new Set<string>();
    const itemTags = new Map<string, readonly string[]>();
    /** Students per unordered pair of objectives (`a\u0003b` with a < b). */
    const together = new Map<string, number>();
    for (const sequence of history) {
      const practised = [...new Set(sequence.flatMap((a) => a.objectives))].sort();
      for (let a = 0; a < practised.length; a++) {
        for (let b = a + 1; b < practised.length; b++) {
          const key = `${practised[a]}\u0003${practised[b]}`;
          together.set(key, (together.get(key) ?? 0) + 1);
        }
      }
      let previous: readonly string[] = [];
      let older: readonly string[] = [];
      for (const a of sequence) {
        for (const k of a.objectives) {
          for (const p of previous) {
            transitions.add(`${p}\u0001${k}`);
          }
          for (const p of older) {
            transitions.add(`${p}\u0002${k}`);
          }
        }
        older = previous;
        previous = a.objectives;
        if (!itemTags.has(a.item)) {
          itemTags.set(a.item, a.objectives);
        }
        const y = a.correct ? 1 : 0;
        n++;
        s += y;
        const it = items.get(a.item) ?? [0, 0];
        it[0] += y;
        it[1] += 1;
        items.set(a.item, it);
        for (const k of a.objectives) {
          const o = objectives.get(k) ?? [0, 0];
          o[0] += y;
          o[1] += 1;
          objectives.set(k, o);
        }
      }
    }
    const itemKeys = [...items.keys()].sort();
    const objectiveKeys = [...objectives.keys()].sort();
    const globalRate = n > 0 ? (s + 1) / (n + 2) : 0.5;
    const objectiveRate = (k: string) => {
      const [os, on] = objectives.get(k) as [number, number];
      return (os + SMOOTHING * globalRate) / (on + SMOOTHING);
    };
    const itemPriors = Float64Array.from(itemKeys, (k) => {
      const tags = itemTags.get(k) ?? [];
      return tags.length > 0
        ? tags.reduce((sum, t) => sum + objectiveRate(t), 0) / tags.length
        : globalRate;
    });
    return new BestLrFeatures({
      items: itemKeys,
      itemSuccesses: Float64Array.from(itemKeys, (k) => (items.get(k) as [number, number])[0]),
      itemAttempts: Float64Array.from(itemKeys, (k) => (items.get(k) as [number, number])[1]),
      objectives: objectiveKeys,
      objectiveSuccesses: Float64Array.from(
        objectiveKeys,
        (k) => (objectives.get(k) as [number, number])[0],
      ),
      objectiveAttempts: Float64Array.from(
        objectiveKeys,
        (k) => (objectives.get(k) as [number, number])[1],
      ),
      itemPriors,
      transitions: [...transitions].sort(),
      related: relatedPairs(together),
      globalRate,
    });
  }

  createState(): BestLrState {
    return new BestLrState(this);
  }

  /** The interned id of objective `k`, assigning the next one to an objective never met. */
  internObjective(k: string): number {
    let id = this.interned.get(k);
    if (id === undefined) {
      id = this.internedNames.length;
      this.interned.set(k, id);
      this.internedNames.push(k);
    }
    return id;
  }

  /** Makes a state of another feature map (another model version) one of this map, in place. */
  private own(state: BestLrState): void {
    if (state.owner !== this) {
      Object.assign(state, this.loadState(state.owner.saveState(state)) as BestLrState);
    }
  }

  /** Smoothed training success rate of the item (leaving out `heldOutOutcome` if >= 0). */
  itemRate(attempt: PendingAttempt, heldOutOutcome: number): number {
    const v = this.vocabulary;
    const i = this.itemIndex.get(attempt.item);
    if (i !== undefined) {
      if (heldOutOutcome < 0) {
        return this.itemRates[i] as number;
      }
      return (
        ((v.itemSuccesses[i] as number) -
          heldOutOutcome +
          ITEM_SMOOTHING * (v.itemPriors[i] as number)) /
        ((v.itemAttempts[i] as number) - 1 + ITEM_SMOOTHING)
      );
    }
    let prior = 0;
    let known = 0;
    for (const k of attempt.objectives) {
      const j = this.objectiveIndex.get(k);
      if (j !== undefined) {
        prior +=
          ((v.objectiveSuccesses[j] as number) + SMOOTHING * v.globalRate) /
          ((v.objectiveAttempts[j] as number) + SMOOTHING);
        known++;
      }
    }
    return known > 0 ? prior / known : v.globalRate;
  }

  writeFeatures(
    state: BestLrState,
    attempt: PendingAttempt,
    sink: FeatureSink,
    heldOutOutcome: number,
  ): void {
    this.own(state);
    const x = this.dense;
    x.fill(0);
    const g = this.vocabulary.globalRate;
    x[0] = 1;
    const n = state.n;
    const s = state.s;
    x[1] = log1p(s);
    x[2] = log1p(n - s);
    x[3] = logit((s + SMOOTHING * g) / (n + SMOOTHING));
    const studentRate = (s + SMOOTHING * g) / (n + SMOOTHING);
    x[4] = state.residual / (n + SMOOTHING);
    x[39] = state.recentResidual;
    x[46] = state.theta;
    bump(x, STUDENT_BINS + rateBin(studentRate), 1);
    const emaMedium = n > 0 ? logit(clamp01(state.ema1)) : 0;
    if (n > 0) {
      x[57] = logit(clamp01(state.ema0));
      x[58] = logit(clamp01(state.ema1));
      x[59] = logit(clamp01(state.ema2));
      const last = state.mask & 1;
      x[STUDENT_PATTERN + patternIndex(state.mask, n)] = 1;
      x[5] = last;
      x[6] = 1 - last;
      for (let w = 0, size = 5; w < 3; w++, size *= 2) {
        const inWindow = Math.min(n, size);
        const succ = popcount(
          state.mask & ((1 << size) - 1) & (size >= 32 ? -1 : (1 << inWindow) - 1),
        );
        x[7 + 2 * w] = log1p(succ);
        x[8 + 2 * w] = log1p(inWindow - succ);
      }
    }
    const time = attempt.timestamp;
    const hasTime = time !== undefined && Number.isFinite(state.lastTime);
    if (hasTime) {
      x[29] = log1p(Math.max(0, (time - state.lastTime) / 60));
    }
    const tags = attempt.objectives;
    const m = tags.length;
    const share = m > 0 ? 1 / m : 0;
    const d = state.data;
    for (let t = 0; t < m; t++) {
      const id = this.interned.get(tags[t] as string);
      const slot = id === undefined ? -1 : state.slotOf(id);
      const j = id !== undefined && id < this.objectiveCount ? id : undefined;
      const o = slot * F;
      if (slot < 0 || d[o + N] === 0) {
        bump(x, 15, share * logit(g));
        bump(x, 25, share);
        bump(x, 43, share * x[3]);
        bump(x, 44, share * logit(studentRate));
        bump(x, OBJECTIVE_BINS + rateBin(studentRate), share);
        bump(x, EMA_X_FIRST, share * emaMedium);
        if (j !== undefined) {
          sink.add(this.objectiveOffset + j, share);
          sink.add(this.objectiveCountOffset + PER_OBJECTIVE * j + 5, share);
          sink.add(this.objectiveCountOffset + PER_OBJECTIVE * j + 7, share * state.recentResidual);
          const base = this.objectiveCountOffset + PER_OBJECTIVE * j;
          sink.add(base + 8, share * emaMedium);
        }
        continue;
      }
      const kn = d[o + N] as number;
      const ks = d[o + S] as number;
      const kmask = (d[o + MASK] as number) | 0;
      const recent = d[o + RECENT] as number;
      const lsucc = log1p(ks);
      const lfail = log1p(kn - ks);
      bump(x, 13, share * lsucc);
      bump(x, 14, share * lfail);
      bump(x, 15, share * logit((ks + SMOOTHING * g) / (kn + SMOOTHING)));
      bump(x, 16, share * ((d[o + RESIDUAL] as number) / (kn + SMOOTHING)));
      const last = kmask & 1;
      bump(x, OBJECTIVE_PATTERN + patternIndex(kmask, kn), share);
      bump(x, 17, share * last);
      bump(x, 18, share * (1 - last));
      const in3 = Math.min(kn, 3);
      const s3 = popcount(kmask & ((1 << in3) - 1));
      bump(x, 19, share * log1p(s3));
      bump(x, 20, share * log1p(in3 - s3));
      const in10 = Math.min(kn, 10);
      const s10 = popcount(kmask & ((1 << in10) - 1));
      bump(x, 21, share * log1p(s10));
      bump(x, 22, share * log1p(in10 - s10));
      const capped = Math.min(kn, 32);
      const ones = Math.min(trailingOnes(kmask), capped);
      const zeros = Math.min(trailingOnes(~kmask), capped);
      bump(x, 23, share * log1p(ones));
      bump(x, 24, share * log1p(zeros));
      const gap = n - 1 - (d[o + LAST_INDEX] as number);
      bump(x, 26, share * log1p(gap));
      bump(x, 27, share * (gap > 0 ? 1 : 0));
      bump(x, 40, share * recent);
      bump(x, 60, share * logit(clamp01(d[o + EMA] as number)));
      bump(x, 47, share * (d[o + THETA] as number));
      bump(x, kn <= 3 ? 47 + kn : kn <= 5 ? 51 : kn <= 9 ? 52 : 53, share);
      if (ks > 0) {
        bump(x, ks <= 2 ? 53 + ks : 56, share);
      }
      const shrunk = (ks + SMOOTHING * studentRate) / (kn + SMOOTHING);
      bump(x, 44, share * logit(shrunk));
      bump(x, OBJECTIVE_BINS + rateBin(shrunk), share);
      bump(x, ABILITY_X_ATTEMPTS, share * x[3] * log1p(kn));
      if (gap === 0) {
        const run = n - (d[o + RUN_START] as number);
        const inRun = Math.min(run, 32);
        bump(x, 41, share * log1p(run));
        bump(x, 42, share * log1p(popcount(inRun >= 32 ? kmask : kmask & ((1 << inRun) - 1))));
      }
      const lastTime = d[o + LAST_TIME] as number;
      if (time !== undefined && Number.isFinite(lastTime) && d[o + TIMED] === 1) {
        const dt = Math.max(0, time - lastTime);
        bump(x, 30, share * log1p(dt / 60));
        for (let h = 0; h < 4; h++) {
          const f = Math.exp(-dt * (DECAY_RATES[h] as number));
          bump(x, 31 + 2 * h, share * log1p((d[o + DECAY + 2 * h] as number) * f));
          bump(x, 32 + 2 * h, share * log1p((d[o + DECAY + 2 * h + 1] as number) * f));
        }
      }
      if (j !== undefined) {
        sink.add(this.objectiveOffset + j, share);
        const base = this.objectiveCountOffset + PER_OBJECTIVE * j;
        sink.add(base, share * lsucc);
        sink.add(base + 1, share * lfail);
        sink.add(base + 2, share * log1p(s3));
        sink.add(base + 3, share * log1p(in3 - s3));
        sink.add(base + 4, share * recent);
        sink.add(base + 6, share * last);
        sink.add(base + 7, share * state.recentResidual);
        sink.add(base + 8, share * emaMedium);
      }
    }
    this.writeRelated(state, tags, sink);
    this.writeTransitions(state.previous, state.previousLength, 0, state.mask & 1, tags, sink);
    this.writeTransitions(state.older, state.olderLength, 1, (state.mask >> 1) & 1, tags, sink);
    x[28] = logit(this.itemRate(attempt, heldOutOutcome));
    x[45] = x[28] * x[3];
    const i = this.itemIndex.get(attempt.item);
    if (i !== undefined) {
      sink.add(this.itemOffset + i, 1);
      sink.add(this.itemSlopeOffset + i, x[3] - logit(g));
    }
    for (let c = 0; c < D; c++) {
      const v = x[c] as number;
      if (v !== 0) {
        sink.add(c, v);
      }
    }
  }

  /**
   * Transfer from related objectives: for each tagged objective k and each other objective j the
   * student practised (and training paired with k), log(1 + successes) and log(1 + failures) on j
   * on pair (j, k)'s two weights, scaled by 1 / sqrt(objectives practised), averaged over the tags.
   * Costs O(objectives the student practised) per prediction; `update` is unchanged.
   */
  private writeRelated(state: BestLrState, tags: readonly string[], sink: FeatureSink): void {
    const count = state.count;
    if (count === 0 || tags.length === 0 || this.relatedIndex.size === 0) {
      return;
    }
    const o = this.objectiveCount;
    const scale = 1 / (tags.length * Math.sqrt(count));
    const d = state.data;
    for (const tag of tags) {
      const k = this.objectiveIndex.get(tag);
      if (k === undefined) {
        continue;
      }
      for (let slot = 0; slot < count; slot++) {
        const j = state.ids[slot] as number;
        if (j === k || j >= o) {
          continue;
        }
        const r = this.relatedIndex.get(j * o + k);
        if (r !== undefined) {
          const base = slot * F;
          const successes = d[base + S] as number;
          sink.add(this.relatedOffset + 2 * r, scale * log1p(successes));
          sink.add(
            this.relatedOffset + 2 * r + 1,
            scale * log1p((d[base + N] as number) - successes),
          );
        }
      }
    }
  }

  /** Transition features from an earlier attempt's objectives (`lag` marks how far back). */
  private writeTransitions(
    from: Int32Array,
    count: number,
    lag: number,
    outcome: number,
    tags: readonly string[],
    sink: FeatureSink,
  ): void {
    if (count === 0 || tags.length === 0) {
      return;
    }
    const o = this.objectiveCount;
    const w = 1 / (count * tags.length);
    for (const tag of tags) {
      const k = this.objectiveIndex.get(tag);
      if (k === undefined) {
        continue;
      }
      for (let t = 0; t < count; t++) {
        const j = this.transitionIndex.get((lag * o + (from[t] as number)) * o + k);
        if (j !== undefined) {
          sink.add(this.transitionOffset + 2 * j, w);
          sink.add(this.transitionOffset + 2 * j + 1, w * outcome);
        }
      }
    }
  }

  /**
   * Records the attempt: O(objectives tagged), no allocation once the student's slots exist
   * (a slot per objective the student meets; the interned id of an objective training never saw
   * is assigned once per model).
   */
  update(state: BestLrState, attempt: Attempt, heldOutOutcome: number): void {
    this.own(state);
    const y = attempt.correct ? 1 : 0;
    const i = heldOutOutcome < 0 ? this.itemIndex.get(attempt.item) : undefined;
    const rate =
      i !== undefined ? (this.itemRates[i] as number) : this.itemRate(attempt, heldOutOutcome);
    const difficulty = i !== undefined ? (this.itemDifficulties[i] as number) : -logit(rate);
    const residual = y - rate;
    const tags = attempt.objectives;
    const m = tags.length;
    if (this.tagIds.length < m) {
      this.tagIds = new Int32Array(2 * m);
      this.tagSlots = new Int32Array(2 * m);
    }
    const ids = this.tagIds;
    const slots = this.tagSlots;
    let objectiveTheta = 0;
    for (let t = 0; t < m; t++) {
      const id = this.internObjective(tags[t] as string);
      ids[t] = id;
      const slot = state.slotFor(id);
      slots[t] = slot;
      objectiveTheta += state.data[slot * F + THETA] as number;
    }
    // Elo abilities against the item's difficulty -logit(rate), step 1 / (1 + n / 20).
    const eloResidual =
      y - 1 / (1 + Math.exp(difficulty - state.theta - (m > 0 ? objectiveTheta / m : 0)));
    const index = state.n;
    const time = attempt.timestamp;
    const d = state.data;
    let known = 0;
    for (let t = 0; t < m; t++) {
      const id = ids[t] as number;
      const o = (slots[t] as number) * F;
      const kn = (d[o + N] as number) + 1;
      d[o + EMA] = kn === 1 ? y : EMA_OBJECTIVE * y + (1 - EMA_OBJECTIVE) * (d[o + EMA] as number);
      d[o + N] = kn;
      d[o + S] = (d[o + S] as number) + y;
      d[o + MASK] = (((d[o + MASK] as number) | 0) << 1) | y;
      d[o + RESIDUAL] = (d[o + RESIDUAL] as number) + residual;
      d[o + THETA] = (d[o + THETA] as number) + eloResidual / (1 + kn / 20);
      d[o + RECENT] =
        RECENT_OBJECTIVE * residual + (1 - RECENT_OBJECTIVE) * (d[o + RECENT] as number);
      if (d[o + LAST_INDEX] !== index - 1) {
        d[o + RUN_START] = index;
      }
      d[o + LAST_INDEX] = index;
      if (time !== undefined) {
        decayAndCount(d, o, time, y);
      }
      if (id < this.objectiveCount) {
        ids[known++] = id;
      }
    }
    state.pushObjectives(ids, known);
    if (state.n === 0) {
      state.ema0 = y;
      state.ema1 = y;
      state.ema2 = y;
    } else {
      state.ema0 += EMA_RATES[0] * (y - state.ema0);
      state.ema1 += EMA_RATES[1] * (y - state.ema1);
      state.ema2 += EMA_RATES[2] * (y - state.ema2);
    }
    state.n++;
    state.s += y;
    state.mask = (state.mask << 1) | y;
    state.residual += residual;
    state.theta += eloResidual / (1 + state.n / 20);
    state.recentResidual = RECENT_STUDENT * residual + (1 - RECENT_STUDENT) * state.recentResidual;
    if (time !== undefined) {
      state.lastTime = time;
    }
  }

  /**
   * `{ bestLr: [n, s, mask, residual, recentResidual, theta, ema0, ema1, ema2, lastTime],
   * previous, older, objectives: { objective: [n, s, mask, residual, recentResidual, theta, ema,
   * lastIndex, runStart, lastTime, ...8 decayed counts when timed] } }`, objectives by id (so the
   * state fits another version of the model); absent times are null.
   */
  saveState(state: BestLrState): unknown {
    const names = state.owner.internedNames;
    const d = state.data;
    const objectives: Record<string, (number | null)[]> = {};
    for (let slot = 0; slot < state.count; slot++) {
      const o = slot * F;
      const row: (number | null)[] = [
        d[o + N] as number,
        d[o + S] as number,
        (d[o + MASK] as number) | 0,
        d[o + RESIDUAL] as number,
        d[o + RECENT] as number,
        d[o + THETA] as number,
        d[o + EMA] as number,
        d[o + LAST_INDEX] as number,
        d[o + RUN_START] as number,
        timeToJson(d[o + LAST_TIME] as number),
      ];
      if (d[o + TIMED] === 1) {
        row.push(...d.subarray(o + DECAY, o + DECAY + 8));
      }
      objectives[names[state.ids[slot] as number] as string] = row;
    }
    const idsOf = (ids: Int32Array, count: number) =>
      Array.from(ids.subarray(0, count), (id) => names[id] as string);
    return {
      bestLr: [
        state.n,
        state.s,
        state.mask,
        state.residual,
        state.recentResidual,
        state.theta,
        state.ema0,
        state.ema1,
        state.ema2,
        timeToJson(state.lastTime),
      ],
      previous: idsOf(state.previous, state.previousLength),
      older: idsOf(state.older, state.olderLength),
      objectives,
    };
  }

  loadState(json: unknown): BestLrState | null {
    if (!isRecord(json) || !Array.isArray(json.bestLr) || !isRecord(json.objectives)) {
      return null;
    }
    const head = numbers(json.bestLr.slice(0, 9), 9);
    if (head === null || json.bestLr.length !== 10) {
      return null;
    }
    const state = new BestLrState(this);
    [
      state.n,
      state.s,
      state.mask,
      state.residual,
      state.recentResidual,
      state.theta,
      state.ema0,
      state.ema1,
      state.ema2,
    ] = head as [number, number, number, number, number, number, number, number, number];
    state.lastTime = timeFromJson(json.bestLr[9]);
    for (const [k, v] of Object.entries(json.objectives)) {
      if (!Array.isArray(v) || (v.length !== 10 && v.length !== 18)) {
        return null;
      }
      const fields = numbers(v.slice(0, 9), 9);
      const decay = v.length === 18 ? numbers(v.slice(10), 8) : null;
      if (fields === null || (v.length === 18 && decay === null)) {
        return null;
      }
      const o = state.slotFor(this.internObjective(k)) * F;
      const d = state.data;
      d.set(fields, o);
      d[o + MASK] = (fields[MASK] as number) | 0;
      d[o + LAST_TIME] = timeFromJson(v[9]);
      if (decay !== null) {
        d.set(decay, o + DECAY);
        d[o + TIMED] = 1;
      }
    }
    const known = (ids: unknown): number[] =>
      Array.isArray(ids)
        ? ids.flatMap((id) => {
            const j = typeof id === 'string' ? this.objectiveIndex.get(id) : undefined;
            return j === undefined ? [] : [j];
          })
        : [];
    const older = known(json.older);
    const previous = known(json.previous);
    state.pushObjectives(Int32Array.from(older), older.length);
    state.pushObjectives(Int32Array.from(previous), previous.length);
    return state;
  }

  toJSON(): unknown {
    const v = this.vocabulary;
    return {
      items: v.items,
      itemSuccesses: Array.from(v.itemSuccesses),
      itemAttempts: Array.from(v.itemAttempts),
      objectives: v.objectives,
      objectiveSuccesses: Array.from(v.objectiveSuccesses),
      objectiveAttempts: Array.from(v.objectiveAttempts),
      itemPriors: Array.from(v.itemPriors),
      transitions: v.transitions,
      related: v.related,
      globalRate: v.globalRate,
    };
  }
}

/** L2 penalties per column group, in pseudo-observations. */
export interface BestLrPenalties {
  dense: number;
  item: number;
  objective: number;
}

function penaltyVector(map: BestLrFeatures, p: BestLrPenalties): Float64Array {
  const l2 = new Float64Array(map.columns);
  l2.fill(p.dense, 1, D);
  l2.fill(p.item, map.itemOffset, map.objectiveOffset);
  l2.fill(p.objective, map.objectiveOffset, map.itemSlopeOffset);
  l2.fill(p.item * 3, map.itemSlopeOffset, map.transitionOffset);
  l2.fill(p.objective, map.transitionOffset, map.columns);
  return l2;
}

function logitsOf(design: SparseDesign, w: Float64Array): Float64Array {
  const out = new Float64Array(design.rows);
  for (let r = 0; r < design.rows; r++) {
    let zr = 0;
    for (let k = design.rowStart[r] as number; k < (design.rowStart[r + 1] as number); k++) {
      zr += (w[design.index[k] as number] as number) * (design.value[k] as number);
    }
    out[r] = zr;
  }
  return out;
}

const sigmoidAll = (z: Float64Array) => z.map((v) => 1 / (1 + Math.exp(-v)));

const vocabularyJson = z.object({
  items: z.array(z.string()),
  itemSuccesses: z.array(z.number()),
  itemAttempts: z.array(z.number()),
  objectives: z.array(z.string()),
  objectiveSuccesses: z.array(z.number()),
  objectiveAttempts: z.array(z.number()),
  itemPriors: z.array(z.number().min(0).max(1)),
  transitions: z.array(z.string()),
  related: z.array(z.string()),
  globalRate: z.number().min(0).max(1),
});
const bestLrJson = z.object({
  features: vocabularyJson,
  weights: z.array(z.number()),
  scaling: z.object({ a: z.number(), b: z.number() }),
});

/**
 * Parameter format of Best-LR. 2: the binned rates, the ability x objective interactions and 9
 * per-objective weights (format 1 had 8); 3: the one-hot patterns of the last three outcomes
 * (student and objective). A model of an earlier format cannot be read (its weights belong to
 * another feature layout) and must be retrained.
 */
export const BEST_LR_FORMAT = 3;

export const DEFAULT_BEST_LR_PENALTIES: BestLrPenalties = { dense: 0.1, item: 3, objective: 10 };

/** Candidate penalties tried on the inner validation students, strongest first (warm starts). */
export const BEST_LR_PENALTY_GRID: readonly BestLrPenalties[] = [
  { dense: 0.1, item: 10, objective: 30 },
  { dense: 0.1, item: 3, objective: 10 },
  { dense: 0.1, item: 1, objective: 3 },
];

/** Copies weights between two layouts by feature name (items and objectives matched by id). */
function transferWeights(from: BestLrFeatures, w: Float64Array, to: BestLrFeatures): Float64Array {
  const out = new Float64Array(to.columns);
  out.set(w.subarray(0, D));
  const fromItems = new Map(from.vocabulary.items.map((k, i) => [k, i]));
  to.vocabulary.items.forEach((k, i) => {
    const j = fromItems.get(k);
    if (j !== undefined) {
      out[to.itemOffset + i] = w[from.itemOffset + j] as number;
      out[to.itemSlopeOffset + i] = w[from.itemSlopeOffset + j] as number;
    }
  });
  const fromObjectives = new Map(from.vocabulary.objectives.map((k, i) => [k, i]));
  to.vocabulary.objectives.forEach((k, i) => {
    const j = fromObjectives.get(k);
    if (j !== undefined) {
      out[to.objectiveOffset + i] = w[from.objectiveOffset + j] as number;
      for (let c = 0; c < PER_OBJECTIVE; c++) {
        out[to.objectiveCountOffset + PER_OBJECTIVE * i + c] = w[
          from.objectiveCountOffset + PER_OBJECTIVE * j + c
        ] as number;
      }
    }
  });
  const fromTransitions = new Map(from.vocabulary.transitions.map((k, i) => [k, i]));
  to.vocabulary.transitions.forEach((k, i) => {
    const j = fromTransitions.get(k);
    if (j !== undefined) {
      out[to.transitionOffset + 2 * i] = w[from.transitionOffset + 2 * j] as number;
      out[to.transitionOffset + 2 * i + 1] = w[from.transitionOffset + 2 * j + 1] as number;
    }
  });
  const fromRelated = new Map(from.vocabulary.related.map((k, i) => [k, i]));
  to.vocabulary.related.forEach((k, i) => {
    const j = fromRelated.get(k);
    if (j !== undefined) {
      out[to.relatedOffset + 2 * i] = w[from.relatedOffset + 2 * j] as number;
      out[to.relatedOffset + 2 * i + 1] = w[from.relatedOffset + 2 * j + 1] as number;
    }
  });
  return out;
}

export interface BestLrTrainerProps {
  grid?: readonly BestLrPenalties[];
  /** Fit Platt scaling on the inner validation students; default true. */
  calibrate?: boolean;
  /** L-BFGS stopping tolerance (relative decrease over 5 iterations) of the final fit; default
   * 3e-5 (the inner candidates stop at 3x this; the final fit starts from the chosen one). */
  tolerance?: number;
}

export class BestLrTrainer implements KnowledgeTracingTrainer<BestLrState> {
  readonly name = 'best-lr';
  private readonly grid: readonly BestLrPenalties[];
  private readonly calibrate: boolean;
  private readonly tolerance: number;

  constructor(props: BestLrTrainerProps = {}) {
    this.tolerance = props.tolerance ?? 3e-5;
    this.grid = props.grid ?? BEST_LR_PENALTY_GRID;
    this.calibrate = props.calibrate ?? true;
  }

  fit(history: readonly AttemptSequence[], options: FitOptions): LogisticKtModel<BestLrState> {
    const fraction = options.validationFraction ?? 0.2;
    let penalties = this.grid[0] ?? DEFAULT_BEST_LR_PENALTIES;
    let scaling: PlattScaling = IDENTITY_SCALING;
    let start: { map: BestLrFeatures; weights: Float64Array } | null = null;
    if (fraction > 0 && history.length >= 10 && this.grid.length > 0) {
      const split = splitStudents(history, fraction, options.rng);
      const innerMap = BestLrFeatures.fromHistory(split.train);
      const train = buildDesign(innerMap, split.train, true);
      const valid = buildDesign(innerMap, split.validation, false);
      let best = Number.POSITIVE_INFINITY;
      let warm: Float64Array | undefined;
      for (const candidate of this.grid) {
        const fit = fitSparseLogistic({
          design: train,
          l2: penaltyVector(innerMap, candidate),
          initial: warm,
          tolerance: this.tolerance * 3,
        });
        warm = fit.weights;
        const zValid = logitsOf(valid, fit.weights);
        const loss = computeLogLoss(sigmoidAll(zValid), valid.label);
        if (loss < best) {
          best = loss;
          penalties = candidate;
          start = { map: innerMap, weights: fit.weights };
          scaling = this.calibrate ? fitPlattScaling(zValid, valid.label) : IDENTITY_SCALING;
        }
      }
    }
    const map = BestLrFeatures.fromHistory(history);
    const design = buildDesign(map, history, true);
    const { weights } = fitSparseLogistic({
      design,
      l2: penaltyVector(map, penalties),
      tolerance: this.tolerance,
      initial: start ? transferWeights(start.map, start.weights, map) : undefined,
    });
    return new LogisticKtModel({
      name: this.name,
      map,
      weights,
      scaling,
      formatVersion: BEST_LR_FORMAT,
    });
  }

  deserialize(serialized: SerializedModel): LogisticKtModel<BestLrState> {
    const parsed = bestLrJson.safeParse(serialized.params);
    if (serialized.model !== this.name || !parsed.success) {
      throw invalidInput(`not a serialized ${this.name} model`, [
        { path: '/params', message: parsed.success ? 'wrong model name' : parsed.error.message },
      ]);
    }
    if (serialized.formatVersion !== BEST_LR_FORMAT) {
      throw invalidInput(
        `${this.name} parameters of format ${serialized.formatVersion} cannot be read by this version (format ${BEST_LR_FORMAT}); retrain the model`,
        [{ path: '/formatVersion', message: `expected ${BEST_LR_FORMAT}` }],
      );
    }
    const v = parsed.data;
    const map = new BestLrFeatures({
      items: v.features.items,
      itemSuccesses: Float64Array.from(v.features.itemSuccesses),
      itemAttempts: Float64Array.from(v.features.itemAttempts),
      objectives: v.features.objectives,
      objectiveSuccesses: Float64Array.from(v.features.objectiveSuccesses),
      objectiveAttempts: Float64Array.from(v.features.objectiveAttempts),
      itemPriors: Float64Array.from(v.features.itemPriors),
      transitions: v.features.transitions,
      related: v.features.related,
      globalRate: v.features.globalRate,
    });
    if (v.weights.length !== map.columns) {
      throw invalidInput('weights do not match the feature layout', [
        { path: '/params/weights', message: `expected ${map.columns} weights` },
      ]);
    }
    return new LogisticKtModel({
      name: this.name,
      map,
      weights: Float64Array.from(v.weights),
      scaling: v.scaling,
      formatVersion: BEST_LR_FORMAT,
    });
  }
}
