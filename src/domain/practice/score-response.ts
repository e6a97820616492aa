/**
 * Server-side practice: what a student sees of an item before answering it (the drawn variant,
 * no answer key, no hints, no choice feedback), and the scoring of a response against the key.
 * Pure: the variant's randomness comes from a seed the caller draws and keeps (signed) with the
 * attempt, so the same variant is rebuilt to check the answer.
 */
import type { ItemSpec } from '../course-package/course-package-schema.js';
import {
  drawNumericVariant,
  numericResponseMatches,
  type NumericVariant,
} from '../course-package/numeric-item.js';
import type { FieldProblem, Result } from '../errors.js';
import { createRng, type Rng } from '../random.js';

/** The item as shown while practising: the prompt of the drawn variant, choices without keys. */
export type PracticeItemView =
  | { format: 'multiple_choice'; prompt: string; choices: { id: string; text: string }[] }
  | { format: 'numeric'; prompt: string; unit: string | null }
  | { format: 'short_text'; prompt: string };

/** One drawn attempt of an item: what to show, and (kept on the server) the numeric variant. */
export interface PracticeVariant {
  view: PracticeItemView;
  numeric: NumericVariant | null;
}

/** Fisher–Yates with the given randomness; returns a new array. */
function shuffled<T>(list: readonly T[], rng: Rng): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Draws the variant of `item` for `seed` (an unsigned 32-bit integer): the same seed gives the
 * same variant. Null when a numeric item has no variant that satisfies its constraint. Numeric
 * items with expressions need math.js loaded (`loadExpressionEngine`).
 */
export function drawPracticeVariant(item: ItemSpec, seed: number): PracticeVariant | null {
  const rng = createRng(seed);
  switch (item.format) {
    case 'multiple_choice': {
      const choices = item.choices.map(({ id, text }) => ({ id, text }));
      return {
        view: {
          format: 'multiple_choice',
          prompt: item.prompt,
          choices: item.shuffle === false ? choices : shuffled(choices, rng),
        },
        numeric: null,
      };
    }
    case 'numeric': {
      const numeric = drawNumericVariant(item, rng);
      return numeric
        ? {
            view: { format: 'numeric', prompt: numeric.prompt, unit: item.unit ?? null },
            numeric,
          }
        : null;
    }
    case 'short_text':
      return { view: { format: 'short_text', prompt: item.prompt }, numeric: null };
  }
}

/** A student's response: choice ids, a number, or text, by the item's format. */
export type PracticeResponse = string | number | string[];

/** Whether `v` is a response of some format, within the limits an `item_attempted` event takes. */
export function isPracticeResponse(v: unknown): v is PracticeResponse {
  if (typeof v === 'number') {
    return Number.isFinite(v);
  }
  if (typeof v === 'string') {
    return v.length <= 2000;
  }
  return (
    Array.isArray(v) &&
    v.length <= 32 &&
    v.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 64)
  );
}

export interface PracticeScore {
  correct: boolean;
  /** What to tell the student about this response (choice feedback where the key has it). */
  feedback: string;
  /** The correct answer, for display after the attempt. */
  correctAnswer: { text: string; choiceIds?: string[]; value?: number };
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
}

/** Normalises short text: trims, collapses inner whitespace, and lower-cases unless told not to. */
function normaliseText(s: string, caseSensitive: boolean): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return caseSensitive ? t : t.toLowerCase();
}

/**
 * Scores `response` against the key of `item` (and the drawn numeric variant). A response of the
 * wrong shape for the format is an input problem at `/response`, not a wrong answer.
 */
export function scorePracticeResponse(
  item: ItemSpec,
  variant: PracticeVariant,
  response: unknown,
): Result<PracticeScore> {
  const problem = (message: string): Result<PracticeScore> => ({
    ok: false,
    error: [{ path: '/response', message } satisfies FieldProblem],
  });
  if (!isPracticeResponse(response)) {
    return problem(
      'must be choice ids (at most 32), a finite number, or text (at most 2000 characters)',
    );
  }
  switch (item.format) {
    case 'multiple_choice': {
      if (!Array.isArray(response) || response.length === 0) {
        return problem('must be a non-empty array of choice ids');
      }
      const known = new Set(item.choices.map((c) => c.id));
      const unknown = response.find((id) => !known.has(id));
      if (unknown !== undefined) {
        return problem(`names no choice of this item: ${unknown.slice(0, 64)}`);
      }
      const picked = new Set(response);
      const key = new Set(item.answer.correct);
      const correct = picked.size === key.size && [...key].every((id) => picked.has(id));
      const keyChoices = item.choices.filter((c) => key.has(c.id));
      const pickedFeedback = item.choices
        .filter((c) => picked.has(c.id) && c.feedback)
        .map((c) => c.feedback as string);
      const answerText = keyChoices.map((c) => c.text).join('; ');
      return {
        ok: true,
        value: {
          correct,
          feedback:
            pickedFeedback.length > 0
              ? pickedFeedback.join(' ')
              : correct
                ? 'Well done.'
                : 'Compare your choice with the correct answer below.',
          correctAnswer: { text: answerText, choiceIds: keyChoices.map((c) => c.id) },
        },
      };
    }
    case 'numeric': {
      if (typeof response !== 'number' || !Number.isFinite(response)) {
        return problem('must be a finite number');
      }
      const numeric = variant.numeric;
      if (!numeric) {
        return problem('cannot be checked: the item has no drawn variant');
      }
      const correct = numericResponseMatches(response, numeric);
      const text = `${formatNumber(numeric.answer)}${item.unit ? ` ${item.unit}` : ''}`;
      return {
        ok: true,
        value: {
          correct,
          feedback: correct ? 'Well done.' : 'Check your working against the correct answer below.',
          correctAnswer: { text, value: numeric.answer },
        },
      };
    }
    case 'short_text': {
      if (typeof response !== 'string' || response.trim() === '') {
        return problem('must be a non-empty string');
      }
      const cs = item.answer.caseSensitive ?? false;
      const given = normaliseText(response, cs);
      const correct = item.answer.accepted.some((a) => normaliseText(a, cs) === given);
      const text = item.answer.accepted[0] as string;
      return {
        ok: true,
        value: {
          correct,
          feedback: correct ? 'Well done.' : 'Compare your answer with the accepted answer below.',
          correctAnswer: { text },
        },
      };
    }
  }
}
