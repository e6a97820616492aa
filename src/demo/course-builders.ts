/**
 * Authoring helpers for the demo course: compact builders for assessment items and the shape of
 * one unit (an objective with its video, reading, optional interactive and items).
 */
import type { ItemSpec } from '../domain/course-package/course-package-schema.js';

/** One assessment item before it gets its key and title. */
export interface ItemDraft {
  item: ItemSpec;
  /** Author estimate in [0, 1]: 0 easy, 1 hard. */
  difficulty: number;
  /** 2–3 plain-text hints, gentlest first. */
  hints: string[];
  /** Other objectives the item also assesses, besides the unit's own. */
  also?: string[];
}

/** The fields every item builder takes. */
interface DraftProps {
  prompt: string;
  difficulty: number;
  hints: string[];
  also?: string[];
}

/** A multiple-choice option; `feedback` explains a wrong choice's misconception. */
export interface ChoiceDraft {
  text: string;
  correct?: boolean;
  feedback?: string;
}

/**
 * Tolerance for answers "rounded to 2 decimal places": half a hundredth, plus a little so that a
 * correctly rounded 0.13 for 0.125 survives floating-point error.
 */
export const ROUNDED_2DP = 0.0051;

/** The sentence that tells students how to enter a non-terminating or fractional result. */
export const ROUND_2DP_INSTRUCTION = 'Give the answer as a decimal rounded to 2 places.';

function draft(props: DraftProps, item: ItemSpec): ItemDraft {
  return {
    item,
    difficulty: props.difficulty,
    hints: props.hints,
    ...(props.also ? { also: props.also } : {}),
  };
}

/** A multiple-choice item; choice ids are a, b, c, … in the order given. */
export function mc(props: DraftProps & { choices: ChoiceDraft[] }): ItemDraft {
  const choices = props.choices.map((c, i) => ({
    id: String.fromCharCode(97 + i),
    text: c.text,
    ...(c.feedback ? { feedback: c.feedback } : {}),
  }));
  const correct = props.choices.flatMap((c, i) => (c.correct ? [String.fromCharCode(97 + i)] : []));
  return draft(props, {
    format: 'multiple_choice',
    prompt: props.prompt,
    choices,
    answer: { correct },
  });
}

/** A numeric item with one fixed answer. */
export function num(
  props: DraftProps & { value: number; tolerance?: number; unit?: string },
): ItemDraft {
  return draft(props, {
    format: 'numeric',
    prompt: props.prompt,
    answer: {
      value: props.value,
      ...(props.tolerance !== undefined ? { tolerance: props.tolerance } : {}),
    },
    ...(props.unit ? { unit: props.unit } : {}),
  });
}

/** A parameter range: `[min, max]` or `[min, max, step]`. */
export type Range = readonly [number, number] | readonly [number, number, number];

/**
 * A parameterized numeric item: `{{name}}` placeholders in the prompt, parameters drawn from
 * ranges, an optional math.js constraint and a math.js answer expression.
 */
export function param(
  props: DraftProps & {
    parameters: Record<string, Range>;
    expression: string;
    constraint?: string;
    tolerance?: number;
    unit?: string;
  },
): ItemDraft {
  const parameters = Object.fromEntries(
    Object.entries(props.parameters).map(([name, [min, max, step]]) => [
      name,
      step === undefined ? { min, max } : { min, max, step },
    ]),
  );
  return draft(props, {
    format: 'numeric',
    prompt: props.prompt,
    parameters,
    ...(props.constraint ? { constraint: props.constraint } : {}),
    answer: {
      expression: props.expression,
      ...(props.tolerance !== undefined ? { tolerance: props.tolerance } : {}),
    },
    ...(props.unit ? { unit: props.unit } : {}),
  });
}

/** A short-text item; `accepted` lists every accepted spelling. */
export function text(props: DraftProps & { accepted: string[] }): ItemDraft {
  return draft(props, {
    format: 'short_text',
    prompt: props.prompt,
    answer: { accepted: [...new Set(props.accepted)] },
  });
}

/** One objective of the course with everything that teaches and assesses it. */
export interface UnitSpec {
  /** Objective key, e.g. `frac.equivalent`. */
  key: string;
  title: string;
  description: string;
  /** Keys of the objectives to master first. */
  prerequisites: string[];
  video: { title: string; durationSeconds: number; transcript: string };
  /** `body` is markdown, 80–250 words, with a worked example. */
  reading: { title: string; estimatedMinutes: number; body: string };
  interactive?: { title: string; description: string; estimatedMinutes: number };
  items: ItemDraft[];
}
