/**
 * Elo rating for knowledge tracing (Pelánek 2016, "Applications of the Elo rating system in
 * adaptive educational systems", Computers & Education 98), with a student ability per objective
 * on top of a global ability, and item difficulties.
 *
 *   P(correct) = sigmoid(theta + mean_k theta_k - d_item)
 *   after the answer y:  theta   += K(n)   (y - P),   theta_k += K(n_k) (y - P)  for every tagged k
 * with the uncertainty function K(n) = a / (1 + b n): the step shrinks as a rating gets more
 * evidence. Item difficulties are learned the same way (step a / (1 + b n_item)) over two passes of
 * the training data, then frozen. An unseen item takes the mean difficulty of its objectives' items;
 * an unseen objective the mean item difficulty. a and b are chosen on held-out training students.
 * Items with several objectives: one logit with the mean of the tagged objectives' abilities, and
 * every tagged objective is updated.
 */
import { isRecord, numbers } from './state-json.js';
import { z } from 'zod';
import { invalidInput } from '../errors.js';
import { argminBy, replayPredictions, splitStudents } from './inner-validation.js';
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

/** One rating with the number of answers behind it. */
interface Rating {
  theta: number;
  n: number;
}

export class EloState {
  global: Rating = { theta: 0, n: 0 };
  readonly objectives = new Map<string, Rating>();
}

export interface EloStep {
  /** Initial step size. */
  a: number;
  /** How fast the step shrinks with the number of answers. */
  b: number;
}

export interface EloModelProps {
  step: EloStep;
  itemDifficulty: ReadonlyMap<string, number>;
  objectiveDifficulty: ReadonlyMap<string, number>;
  meanDifficulty: number;
}

export class EloModel implements KnowledgeTracingModel<EloState> {
  readonly name = 'elo';
  constructor(readonly props: EloModelProps) {}

  createState(): EloState {
    return new EloState();
  }

  /** The item's difficulty, or its objectives' mean, or the overall mean. */
  difficulty(attempt: PendingAttempt): number {
    const d = this.props.itemDifficulty.get(attempt.item);
    if (d !== undefined) {
      return d;
    }
    let sum = 0;
    let count = 0;
    for (const k of attempt.objectives) {
      const dk = this.props.objectiveDifficulty.get(k);
      if (dk !== undefined) {
        sum += dk;
        count++;
      }
    }
    return count > 0 ? sum / count : this.props.meanDifficulty;
  }

  /** theta + mean theta_k (the ability in the logit). */
  ability(state: EloState, objectives: readonly string[]): number {
    let sum = 0;
    for (const k of objectives) {
      sum += state.objectives.get(k)?.theta ?? 0;
    }
    return state.global.theta + (objectives.length > 0 ? sum / objectives.length : 0);
  }

  predict(state: EloState, attempt: PendingAttempt): number {
    return 1 / (1 + Math.exp(this.difficulty(attempt) - this.ability(state, attempt.objectives)));
  }

  update(state: EloState, attempt: Attempt): void {
    const residual = (attempt.correct ? 1 : 0) - this.predict(state, attempt);
    const { a, b } = this.props.step;
    const g = state.global;
    g.theta += (a / (1 + b * g.n)) * residual;
    g.n++;
    for (const k of attempt.objectives) {
      let r = state.objectives.get(k);
      if (r === undefined) {
        r = { theta: 0, n: 0 };
        state.objectives.set(k, r);
      }
      r.theta += (a / (1 + b * r.n)) * residual;
      r.n++;
    }
  }

  /** `{ elo: [theta, n], objectives: { objective: [theta, n] } }`. */
  saveState(state: EloState): unknown {
    const objectives: Record<string, [number, number]> = {};
    for (const [k, r] of state.objectives) {
      objectives[k] = [r.theta, r.n];
    }
    return { elo: [state.global.theta, state.global.n], objectives };
  }

  loadState(json: unknown): EloState | null {
    if (!isRecord(json) || !isRecord(json.objectives)) {
      return null;
    }
    const g = numbers(json.elo, 2);
    if (g === null) {
      return null;
    }
    const state = new EloState();
    state.global = { theta: g[0] as number, n: g[1] as number };
    for (const [k, v] of Object.entries(json.objectives)) {
      const r = numbers(v, 2);
      if (r === null) {
        return null;
      }
      state.objectives.set(k, { theta: r[0] as number, n: r[1] as number });
    }
    return state;
  }

  /** Proxy for P(mastered): P(correct) on an item of the objective's mean difficulty. */
  mastery(state: EloState, objective: string): number {
    const d = this.props.objectiveDifficulty.get(objective) ?? this.props.meanDifficulty;
    return 1 / (1 + Math.exp(d - this.ability(state, [objective])));
  }

  serialize(): SerializedModel {
    return {
      model: this.name,
      formatVersion: 1,
      params: {
        step: this.props.step,
        meanDifficulty: this.props.meanDifficulty,
        items: Object.fromEntries(this.props.itemDifficulty),
        objectives: Object.fromEntries(this.props.objectiveDifficulty),
      },
    };
  }
}

/** Step sizes tried on the inner validation students. */
export const ELO_STEP_GRID: readonly EloStep[] = [
  { a: 0.4, b: 0.05 },
  { a: 0.8, b: 0.05 },
  { a: 0.8, b: 0.2 },
  { a: 1.6, b: 0.2 },
  { a: 1.6, b: 0.5 },
];

const eloJson = z.object({
  step: z.object({ a: z.number().positive(), b: z.number().min(0) }),
  meanDifficulty: z.number(),
  items: z.record(z.string(), z.number()),
  objectives: z.record(z.string(), z.number()),
});

/** Learns item difficulties by Elo passes over the training students, with step `step`. */
function fitElo(history: readonly AttemptSequence[], step: EloStep, passes = 2): EloModel {
  const itemDifficulty = new Map<string, number>();
  const itemCount = new Map<string, number>();
  const props: EloModelProps = {
    step,
    itemDifficulty,
    objectiveDifficulty: new Map(),
    meanDifficulty: 0,
  };
  const model = new EloModel(props);
  for (let pass = 0; pass < passes; pass++) {
    for (const sequence of history) {
      const state = model.createState();
      for (const a of sequence) {
        const residual = (a.correct ? 1 : 0) - model.predict(state, a);
        const n = itemCount.get(a.item) ?? 0;
        itemDifficulty.set(
          a.item,
          (itemDifficulty.get(a.item) ?? 0) - (step.a / (1 + step.b * n)) * residual,
        );
        itemCount.set(a.item, n + 1);
        model.update(state, a);
      }
    }
  }
  const byObjective = new Map<string, [number, number]>();
  let total = 0;
  for (const sequence of history) {
    for (const a of sequence) {
      const d = itemDifficulty.get(a.item) ?? 0;
      total += d;
      for (const k of a.objectives) {
        const acc = byObjective.get(k) ?? [0, 0];
        acc[0] += d;
        acc[1] += 1;
        byObjective.set(k, acc);
      }
    }
  }
  const attempts = history.reduce((s, q) => s + q.length, 0);
  return new EloModel({
    step,
    itemDifficulty,
    objectiveDifficulty: new Map([...byObjective].map(([k, [s, c]]) => [k, s / c])),
    meanDifficulty: attempts > 0 ? total / attempts : 0,
  });
}

export class EloTrainer implements KnowledgeTracingTrainer<EloState> {
  readonly name = 'elo';

  fit(history: readonly AttemptSequence[], options: FitOptions): EloModel {
    const fraction = options.validationFraction ?? 0.2;
    let step = ELO_STEP_GRID[1] as EloStep;
    if (fraction > 0 && history.length >= 10) {
      const split = splitStudents(history, fraction, options.rng);
      step = argminBy(ELO_STEP_GRID, (candidate) => {
        const { p, y } = replayPredictions(fitElo(split.train, candidate), split.validation);
        return computeLogLoss(p, y);
      });
    }
    return fitElo(history, step);
  }

  deserialize(serialized: SerializedModel): EloModel {
    const parsed = eloJson.safeParse(serialized.params);
    if (serialized.model !== this.name || !parsed.success) {
      throw invalidInput(`not a serialized ${this.name} model`, [
        { path: '/params', message: parsed.success ? 'wrong model name' : parsed.error.message },
      ]);
    }
    const v = parsed.data;
    return new EloModel({
      step: v.step,
      meanDifficulty: v.meanDifficulty,
      itemDifficulty: new Map(Object.entries(v.items)),
      objectiveDifficulty: new Map(Object.entries(v.objectives)),
    });
  }
}
