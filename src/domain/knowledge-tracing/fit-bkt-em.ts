/**
 * Expectation–maximisation (Baum–Welch) for the parameters of one objective's BKT hidden Markov
 * model, with random restarts and bounded parameters.
 *
 * States: known (L) and unknown (U). Emissions: P(correct | L) = 1 - slip, P(correct | U) = guess.
 * Transitions: U -> L with P(learn), L -> U with P(forget) (0 for classic BKT).
 * E-step: scaled forward–backward (Rabiner 1989, "A tutorial on hidden Markov models", eqs. 92–93).
 * M-step: expected counts, then projection onto the bounds below, so guess and slip stay
 * interpretable (guess + slip < 1, no "knowing makes you wrong" degenerate fits).
 */
import type { Rng } from '../random.js';
import { clamp } from './probability.js';

/** BKT parameters of one objective, probabilities in [0, 1]. */
export interface BktParams {
  /** P(known) before the first attempt. */
  prior: number;
  /** P(unknown -> known) after an attempt. */
  learn: number;
  /** P(known -> unknown) after an attempt; 0 for classic BKT. */
  forget: number;
  /** P(correct | unknown). */
  guess: number;
  /** P(incorrect | known). */
  slip: number;
}

/** Bounds applied after every M-step. */
export const BKT_BOUNDS = {
  prior: [0.001, 0.999],
  learn: [0.001, 0.5],
  forget: [0, 0.3],
  guess: [0.001, 0.3],
  slip: [0.001, 0.3],
} as const;

/** One objective's observations: concatenated per-student subsequences. */
export interface BktObservations {
  /** 1 correct, 0 incorrect, student after student. */
  outcome: Uint8Array;
  /** Start offsets of each student's subsequence, plus the total length at the end. */
  start: Int32Array;
}

export interface BktEmProps {
  data: BktObservations;
  rng: Rng;
  /** Fit P(forget) too; otherwise it stays 0. */
  forgetting: boolean;
  /** Default 4. */
  restarts?: number;
  /** Default 80. */
  maxIterations?: number;
  /** Stop when the log-likelihood improves by less than this per observation; default 1e-6. */
  tolerance?: number;
}

export interface BktEmFit {
  params: BktParams;
  logLikelihood: number;
}

function project(p: BktParams, forgetting: boolean): BktParams {
  return {
    prior: clamp(p.prior, BKT_BOUNDS.prior[0], BKT_BOUNDS.prior[1]),
    learn: clamp(p.learn, BKT_BOUNDS.learn[0], BKT_BOUNDS.learn[1]),
    forget: forgetting ? clamp(p.forget, BKT_BOUNDS.forget[0], BKT_BOUNDS.forget[1]) : 0,
    guess: clamp(p.guess, BKT_BOUNDS.guess[0], BKT_BOUNDS.guess[1]),
    slip: clamp(p.slip, BKT_BOUNDS.slip[0], BKT_BOUNDS.slip[1]),
  };
}

/** One EM iteration: returns the updated parameters and the log-likelihood under `p`. */
function emStep(
  data: BktObservations,
  p: BktParams,
  forgetting: boolean,
  alphaL: Float64Array,
  scale: Float64Array,
): { next: BktParams; logLikelihood: number } {
  const { outcome, start } = data;
  const students = start.length - 1;
  const { prior, learn, forget, guess, slip } = p;
  let ll = 0;
  let firstKnown = 0;
  let toKnown = 0;
  let fromUnknown = 0;
  let toUnknown = 0;
  let fromKnown = 0;
  let correctUnknown = 0;
  let unknownMass = 0;
  let wrongKnown = 0;
  let knownMass = 0;
  for (let s = 0; s < students; s++) {
    const a = start[s] as number;
    const b = start[s + 1] as number;
    if (b <= a) {
      continue;
    }
    // Forward pass, normalised: alphaL[t] = P(L_t | y_1..t), scale[t] = P(y_t | y_1..t-1).
    let predL = prior;
    for (let t = a; t < b; t++) {
      const y = outcome[t] as number;
      const eL = y === 1 ? 1 - slip : slip;
      const eU = y === 1 ? guess : 1 - guess;
      const jointL = predL * eL;
      const c = jointL + (1 - predL) * eU;
      scale[t] = c;
      const postL = jointL / c;
      alphaL[t] = postL;
      ll += Math.log(c);
      predL = postL * (1 - forget) + (1 - postL) * learn;
    }
    // Backward pass with the same scaling: (betaL, betaU) hold beta at time t.
    let betaL = 1;
    let betaU = 1;
    for (let t = b - 1; t >= a; t--) {
      const aL = alphaL[t] as number;
      const gL = aL * betaL;
      const gU = (1 - aL) * betaU;
      const norm = gL + gU;
      const gammaL = gL / norm;
      const gammaU = gU / norm;
      const y = outcome[t] as number;
      if (y === 1) {
        correctUnknown += gammaU;
      } else {
        wrongKnown += gammaL;
      }
      unknownMass += gammaU;
      knownMass += gammaL;
      if (t < b - 1) {
        fromUnknown += gammaU;
        fromKnown += gammaL;
      }
      if (t === a) {
        firstKnown += gammaL;
        break;
      }
      // Transition t-1 -> t (xi), then beta at t-1.
      const eL = y === 1 ? 1 - slip : slip;
      const eU = y === 1 ? guess : 1 - guess;
      const c = scale[t] as number;
      const prevL = alphaL[t - 1] as number;
      toKnown += ((1 - prevL) * learn * eL * betaL) / c;
      toUnknown += (prevL * forget * eU * betaU) / c;
      const nextBetaL = ((1 - forget) * eL * betaL + forget * eU * betaU) / c;
      const nextBetaU = (learn * eL * betaL + (1 - learn) * eU * betaU) / c;
      betaL = nextBetaL;
      betaU = nextBetaU;
    }
  }
  const safe = (num: number, den: number, fallback: number) => (den > 1e-12 ? num / den : fallback);
  let count = 0;
  for (let s = 0; s < students; s++) {
    if ((start[s + 1] as number) > (start[s] as number)) {
      count++;
    }
  }
  const next = project(
    {
      prior: safe(firstKnown, count, prior),
      learn: safe(toKnown, fromUnknown, learn),
      forget: forgetting ? safe(toUnknown, fromKnown, forget) : 0,
      guess: safe(correctUnknown, unknownMass, guess),
      slip: safe(wrongKnown, knownMass, slip),
    },
    forgetting,
  );
  return { next, logLikelihood: ll };
}

/** Log-likelihood of the observations under `p` (a forward pass). */
export function bktLogLikelihood(data: BktObservations, p: BktParams): number {
  let ll = 0;
  for (let s = 0; s + 1 < data.start.length; s++) {
    let predL = p.prior;
    for (let t = data.start[s] as number; t < (data.start[s + 1] as number); t++) {
      const y = data.outcome[t] as number;
      const eL = y === 1 ? 1 - p.slip : p.slip;
      const eU = y === 1 ? p.guess : 1 - p.guess;
      const jointL = predL * eL;
      const c = jointL + (1 - predL) * eU;
      ll += Math.log(c);
      const postL = jointL / c;
      predL = postL * (1 - p.forget) + (1 - postL) * p.learn;
    }
  }
  return ll;
}

/** Fits one objective's parameters; keeps the restart with the highest log-likelihood. */
export function fitBktEm(props: BktEmProps): BktEmFit {
  const { data, rng, forgetting } = props;
  const restarts = props.restarts ?? 4;
  const maxIterations = props.maxIterations ?? 80;
  const n = data.outcome.length;
  const tolerance = (props.tolerance ?? 1e-6) * Math.max(1, n);
  const alphaL = new Float64Array(n);
  const scale = new Float64Array(n);
  let best: BktEmFit = {
    params: { prior: 0.5, learn: 0.1, forget: 0, guess: 0.2, slip: 0.1 },
    logLikelihood: Number.NEGATIVE_INFINITY,
  };
  for (let r = 0; r < restarts; r++) {
    // The first start is a conventional one; the others are random within plausible ranges.
    let p: BktParams =
      r === 0
        ? { prior: 0.4, learn: 0.1, forget: forgetting ? 0.05 : 0, guess: 0.2, slip: 0.1 }
        : project(
            {
              prior: 0.05 + 0.9 * rng(),
              learn: 0.01 + 0.4 * rng(),
              forget: forgetting ? 0.2 * rng() : 0,
              guess: 0.02 + 0.28 * rng(),
              slip: 0.02 + 0.28 * rng(),
            },
            forgetting,
          );
    let previous = Number.NEGATIVE_INFINITY;
    for (let it = 0; it < maxIterations; it++) {
      const { next, logLikelihood } = emStep(data, p, forgetting, alphaL, scale);
      p = next;
      if (logLikelihood - previous < tolerance) {
        break;
      }
      previous = logLikelihood;
    }
    const ll = bktLogLikelihood(data, p);
    if (ll > best.logLikelihood) {
      best = { params: p, logLikelihood: ll };
    }
  }
  return best;
}
