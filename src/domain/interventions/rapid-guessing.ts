/**
 * Rapid guessing, by the normative-threshold method (Wise & Ma 2012, "Setting response time
 * thresholds for a CAT item pool: the normative threshold method"): a response is a rapid guess
 * when it took less than 10% of the item's typical response time (at most 10 s), or less than an
 * absolute floor (1 s) whatever the item.
 *
 * The item's typical time is the geometric mean of the durations of its earlier non-rapid
 * responses (all students of the tenant), used once it rests on `minNormResponses` (5) of them.
 * Rapid responses do not enter the norm, so a class that guesses does not lower its own bar.
 *
 * One rapid response is noise; the detector flags a pattern: at least `minRapid` (3) of the
 * student's last `window` (5) answers were rapid (the complement of response-time effort,
 * Wise & Kong 2005).
 *
 * Confidence = (rapid / window) × (1 − 0.5 × mean(duration / threshold) over the rapid ones):
 * more rapid answers, and faster ones, make it surer.
 */
import { confidenceOf, round4, type Detection } from './detection.js';

/** The running norm of one item's response time. */
export interface ItemTimeNorm {
  /** Non-rapid responses it rests on. */
  responses: number;
  /** Mean of ln(durationMs) over them. */
  meanLogMs: number;
}

export interface RapidGuessingOptions {
  /** Fraction of the typical time below which a response is rapid. Default 0.10 (NT10). */
  fraction?: number;
  /** Upper bound on the item threshold, ms. Default 10 000. */
  maxThresholdMs?: number;
  /** Below this a response is rapid on any item, ms. Default 1000. */
  floorMs?: number;
  /** Responses the norm needs before it is used. Default 5. */
  minNormResponses?: number;
  /** Answers looked at. Default 5. */
  window?: number;
  /** Rapid answers in the window that make a pattern. Default 3. */
  minRapid?: number;
}

/** The item's typical response time in ms (geometric mean), or null while the norm is too thin. */
export function typicalTimeMs(norm: ItemTimeNorm | null, options: RapidGuessingOptions = {}) {
  if (!norm || norm.responses < (options.minNormResponses ?? 5)) {
    return null;
  }
  return Math.exp(norm.meanLogMs);
}

/** The rapid-guess threshold in ms for an item. */
export function rapidThresholdMs(
  norm: ItemTimeNorm | null,
  options: RapidGuessingOptions = {},
): number {
  const floor = options.floorMs ?? 1000;
  const typical = typicalTimeMs(norm, options);
  if (typical === null) {
    return floor;
  }
  const normative = Math.min((options.fraction ?? 0.1) * typical, options.maxThresholdMs ?? 10_000);
  return Math.max(floor, normative);
}

/** The norm after one more non-rapid response (running mean of ln(ms)). */
export function updateItemTimeNorm(norm: ItemTimeNorm | null, durationMs: number): ItemTimeNorm {
  const x = Math.log(Math.max(1, durationMs));
  const n = (norm?.responses ?? 0) + 1;
  const mean = norm ? norm.meanLogMs + (x - norm.meanLogMs) / n : x;
  return { responses: n, meanLogMs: mean };
}

/** One of the student's recent answers, as the detector keeps it. */
export interface TimedAnswer {
  itemId: string;
  durationMs: number;
  thresholdMs: number;
}

/** Adds an answer to the window of recent answers, keeping the last `window`. */
export function rememberAnswer(
  recent: readonly TimedAnswer[],
  answer: TimedAnswer,
  options: RapidGuessingOptions = {},
): TimedAnswer[] {
  return [...recent, answer].slice(-(options.window ?? 5));
}

export const isRapid = (a: TimedAnswer) => a.durationMs < a.thresholdMs;

export function detectRapidGuessing(
  recent: readonly TimedAnswer[],
  options: RapidGuessingOptions = {},
): Detection | null {
  const window = options.window ?? 5;
  const minRapid = options.minRapid ?? 3;
  const rapid = recent.slice(-window).filter(isRapid);
  if (rapid.length < minRapid) {
    return null;
  }
  const ratio = rapid.reduce((s, a) => s + a.durationMs / a.thresholdMs, 0) / rapid.length;
  const last = recent.at(-1) as TimedAnswer;
  return {
    type: 'rapid_guessing',
    objectiveId: null,
    itemId: last.itemId,
    evidence: {
      rapidAnswers: rapid.length,
      window,
      minRapid,
      meanDurationMs: Math.round(rapid.reduce((s, a) => s + a.durationMs, 0) / rapid.length),
      meanThresholdMs: Math.round(rapid.reduce((s, a) => s + a.thresholdMs, 0) / rapid.length),
      meanShareOfThreshold: round4(ratio),
    },
    confidence: confidenceOf((rapid.length / window) * (1 - 0.5 * ratio)),
  };
}
