/**
 * How much one answer can reveal, from the item's format: the chance of answering correctly
 * without knowing the objective (BKT's guess) is set by what the student has to produce.
 *
 * - multiple choice with k choices of which c are correct (the answer must be exactly the correct
 *   set): a blind guess of c choices is right with probability 1 / C(k, c), which is 1/k for one
 *   correct choice (0.5 for two choices, 0.25 for four);
 * - numeric and short text (free response): the answer must be produced, not recognised, so a
 *   blind guess is almost never right; `FREE_RESPONSE_GUESS` (0.05) leaves room for partial
 *   knowledge of a neighbouring objective and lucky estimates.
 *
 * These are priors from first principles, not fitted values (real data sets carry no formats).
 * The served BKT uses them instead of the objective's guess when an attempt names its format, so
 * a correct numeric answer moves P(known) much more than a correct two-choice answer.
 */
import type { ItemFormat, ItemSpec } from '../course-package/course-package-schema.js';

/** What the models may know about an item's format. */
export interface ItemFormatInfo {
  readonly format: ItemFormat;
  /** Multiple choice: the number of choices shown (≥ 2). */
  readonly choices?: number;
  /** Multiple choice: the number of correct choices (default 1). */
  readonly correctChoices?: number;
}

/** P(correct | not known) of a free-response (numeric, short-text) item. */
export const FREE_RESPONSE_GUESS = 0.05;

/** C(n, k) for small n (choices are at most 12). */
function binomial(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= k; i++) {
    out = (out * (n - k + i)) / i;
  }
  return out;
}

/**
 * The guess implied by an item's format, in (0, 1): 1 / C(k, c) for multiple choice, else
 * `FREE_RESPONSE_GUESS`; null when the format does not say (multiple choice without a choice
 * count).
 */
export function formatGuess(info: ItemFormatInfo): number | null {
  if (info.format !== 'multiple_choice') {
    return FREE_RESPONSE_GUESS;
  }
  const k = info.choices ?? 0;
  const c = Math.max(1, Math.min(info.correctChoices ?? 1, k - 1));
  return k >= 2 ? 1 / binomial(k, c) : null;
}

/** The format information of a course item (`item` of a content entry), or undefined. */
export function itemFormatInfoOf(item: ItemSpec | null | undefined): ItemFormatInfo | undefined {
  if (!item) {
    return undefined;
  }
  if (item.format === 'multiple_choice') {
    return {
      format: item.format,
      choices: item.choices.length,
      correctChoices: item.answer.correct.length,
    };
  }
  return { format: item.format };
}
