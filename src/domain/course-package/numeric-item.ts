/**
 * Parameterized numeric items: a prompt with {{name}} placeholders, parameters drawn from ranges,
 * an optional constraint, and an answer expression, all evaluated with math.js.
 */
import type { EvalFunction, MathJsInstance } from 'mathjs';
import type { Rng } from '../random.js';
import type { ItemSpec } from './course-package-schema.js';

type NumericSpec = Extract<ItemSpec, { format: 'numeric' }>;

let math: MathJsInstance | undefined;

/**
 * Loads math.js, once. It takes seconds to import, so only code that evaluates numeric items
 * pays for it: call this before `symbolsOf` or `drawNumericVariant`.
 */
export async function loadExpressionEngine(): Promise<void> {
  if (!math) {
    const { create, all } = await import('mathjs');
    math = create(all ?? {}, { number: 'number' });
  }
}

function engine(): MathJsInstance {
  if (!math) {
    throw new Error('math.js is not loaded: await loadExpressionEngine() first');
  }
  return math;
}

/** One drawn variant of a numeric item. `values` is empty for a fixed item. */
export interface NumericVariant {
  values: Record<string, number>;
  prompt: string;
  answer: number;
  tolerance: number;
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

/** The names used in `{{name}}` placeholders of a prompt. */
export function placeholdersOf(prompt: string): string[] {
  return [...prompt.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** The free symbols of a math.js expression, or an error message when it does not parse. */
export function symbolsOf(expression: string): { symbols: string[] } | { error: string } {
  try {
    const node = engine().parse(expression);
    const symbols = new Set<string>();
    node.traverse((n, _path, parent) => {
      const isFunctionName = parent?.type === 'FunctionNode' && _path === 'fn';
      if (n.type === 'SymbolNode' && !isFunctionName) {
        symbols.add((n as unknown as { name: string }).name);
      }
    });
    return { symbols: [...symbols] };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function drawParameter(
  rng: Rng,
  p: { min: number; max: number; step?: number | undefined },
): number {
  const step = p.step ?? 1;
  const count = Math.floor((p.max - p.min) / step + 1e-9) + 1;
  const value = p.min + Math.floor(rng() * count) * step;
  return Number(value.toFixed(10));
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
}

const compiled = new Map<string, EvalFunction>();
function evaluate(expression: string, scope: Record<string, number>): unknown {
  let fn = compiled.get(expression);
  if (!fn) {
    fn = engine().compile(expression);
    compiled.set(expression, fn);
  }
  return fn.evaluate({ ...scope });
}

/**
 * Draws a variant of a numeric item. Tries up to `maxTries` draws for one that satisfies the
 * constraint and yields a finite answer; returns null when none does.
 */
export function drawNumericVariant(
  item: NumericSpec,
  rng: Rng,
  maxTries = 100,
): NumericVariant | null {
  const params = item.parameters ?? {};
  const names = Object.keys(params);
  const tolerance = item.answer.tolerance ?? 0;
  if ('expression' in item.answer || item.constraint) {
    engine(); // fail loudly, not as "no variant", when math.js was not loaded
  }
  for (let t = 0; t < (names.length === 0 ? 1 : maxTries); t++) {
    const values: Record<string, number> = {};
    for (const name of names) {
      values[name] = drawParameter(
        rng,
        params[name] as { min: number; max: number; step?: number },
      );
    }
    try {
      if (item.constraint && evaluate(item.constraint, values) !== true) {
        continue;
      }
      const answer =
        'value' in item.answer
          ? item.answer.value
          : Number(evaluate(item.answer.expression, values));
      if (!Number.isFinite(answer)) {
        continue;
      }
      const prompt = item.prompt.replace(PLACEHOLDER, (_m, name: string) =>
        name in values ? formatValue(values[name] as number) : `{{${name}}}`,
      );
      return { values, prompt, answer, tolerance };
    } catch {
      continue;
    }
  }
  return null;
}

/** Whether a numeric response matches the expected answer within tolerance (relative 1e-9 floor). */
export function numericResponseMatches(response: number, variant: NumericVariant): boolean {
  const slack = Math.max(variant.tolerance, 1e-9 * Math.max(1, Math.abs(variant.answer)));
  return Math.abs(response - variant.answer) <= slack;
}
