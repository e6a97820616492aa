/**
 * Validates a course package: first its shape against the JSON Schema, then what a schema cannot
 * say (unique keys, references, an acyclic prerequisite graph, answer keys that fit their items).
 * Every problem is reported with the JSON Pointer of the value at fault.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { createRng } from '../random.js';
import type { FieldProblem, Result } from '../errors.js';
import {
  CoursePackageSchema,
  type CoursePackage,
  type ContentEntry,
} from './course-package-schema.js';
import {
  drawNumericVariant,
  loadExpressionEngine,
  placeholdersOf,
  symbolsOf,
} from './numeric-item.js';
import { topologicalOrder } from '../prerequisite-graph/prerequisite-graph.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const checkShape = ajv.compile<CoursePackage>(CoursePackageSchema);

/** At most this many problems are reported, so a garbage upload gets a readable answer. */
const MAX_PROBLEMS = 200;

function describe(e: ErrorObject): FieldProblem {
  const path = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties':
      return {
        path: `${e.instancePath}/${String(e.params.additionalProperty)}`,
        message: 'is not allowed',
      };
    case 'required':
      return {
        path: `${e.instancePath}/${String(e.params.missingProperty)}`,
        message: 'is required',
      };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

/** Collapses ajv's union noise: keep one problem per path+message. */
function unique(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}\u0000${p.message}`;
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}

function checkItem(
  entry: Pick<ContentEntry, 'type' | 'item'>,
  at: string,
  problems: FieldProblem[],
): void {
  if (entry.type !== 'assessment_item') {
    if (entry.item) {
      problems.push({
        path: `${at}/item`,
        message: `only content of type assessment_item has an item`,
      });
    }
    return;
  }
  const item = entry.item;
  if (!item) {
    problems.push({ path: `${at}/item`, message: 'is required for type assessment_item' });
    return;
  }
  switch (item.format) {
    case 'multiple_choice': {
      const ids = new Set<string>();
      item.choices.forEach((c, i) => {
        if (ids.has(c.id)) {
          problems.push({
            path: `${at}/item/choices/${i}/id`,
            message: `duplicate choice id "${c.id}"`,
          });
        }
        ids.add(c.id);
      });
      item.answer.correct.forEach((id, i) => {
        if (!ids.has(id)) {
          problems.push({
            path: `${at}/item/answer/correct/${i}`,
            message: `no choice has id "${id}"`,
          });
        }
      });
      break;
    }
    case 'numeric': {
      const params = item.parameters ?? {};
      for (const [name, p] of Object.entries(params)) {
        if (p.min > p.max) {
          problems.push({
            path: `${at}/item/parameters/${name}`,
            message: 'min is greater than max',
          });
        }
      }
      for (const name of placeholdersOf(item.prompt)) {
        if (!(name in params)) {
          problems.push({
            path: `${at}/item/prompt`,
            message: `placeholder {{${name}}} has no parameter`,
          });
        }
      }
      const expressions: [string, string][] = [];
      if ('expression' in item.answer) {
        expressions.push([`${at}/item/answer/expression`, item.answer.expression]);
      }
      if (item.constraint) {
        expressions.push([`${at}/item/constraint`, item.constraint]);
      }
      let sound = true;
      for (const [path, expression] of expressions) {
        const parsed = symbolsOf(expression);
        if ('error' in parsed) {
          problems.push({ path, message: `does not parse: ${parsed.error}` });
          sound = false;
          continue;
        }
        for (const s of parsed.symbols.filter((s) => !(s in params))) {
          problems.push({ path, message: `uses "${s}", which is not a parameter` });
          sound = false;
        }
      }
      if (sound && !drawNumericVariant(item, createRng(1))) {
        problems.push({
          path: `${at}/item`,
          message: 'no parameter values satisfy the constraint with a finite answer',
        });
      }
      break;
    }
    case 'short_text':
      break;
    default: {
      const never: never = item;
      throw new Error(`unknown item format ${String(never)}`);
    }
  }
}

/**
 * The problems of one content entry's item (answer keys that fit their choices, numeric
 * expressions over declared parameters, an item exactly for assessment items), for content
 * added or changed outside a package. Paths are relative to the entry.
 */
export async function contentItemProblems(
  entry: Pick<ContentEntry, 'type' | 'item'>,
): Promise<FieldProblem[]> {
  if (entry.item?.format === 'numeric') {
    await loadExpressionEngine();
  }
  const problems: FieldProblem[] = [];
  checkItem(entry, '', problems);
  return problems;
}

/** Validates an untrusted value as a course package; on failure lists every problem found. */
export async function validateCoursePackage(input: unknown): Promise<Result<CoursePackage>> {
  if (!checkShape(input)) {
    const problems = unique((checkShape.errors ?? []).map(describe));
    return { ok: false, error: problems.slice(0, MAX_PROBLEMS) };
  }
  const pkg = input;
  const problems: FieldProblem[] = [];
  if (pkg.content.some((c) => c.item?.format === 'numeric')) {
    await loadExpressionEngine();
  }

  const objectiveKeys = new Set<string>();
  pkg.objectives.forEach((o, i) => {
    if (objectiveKeys.has(o.key)) {
      problems.push({
        path: `/objectives/${i}/key`,
        message: `duplicate objective key "${o.key}"`,
      });
    }
    objectiveKeys.add(o.key);
  });
  const edges: { objectiveId: string; prerequisiteId: string }[] = [];
  pkg.objectives.forEach((o, i) => {
    (o.prerequisites ?? []).forEach((p, j) => {
      const path = `/objectives/${i}/prerequisites/${j}`;
      if (!objectiveKeys.has(p)) {
        problems.push({ path, message: `no objective has key "${p}"` });
      } else if (p === o.key) {
        problems.push({ path, message: 'an objective cannot be its own prerequisite' });
      } else {
        edges.push({ objectiveId: o.key, prerequisiteId: p });
      }
    });
  });
  const sorted = topologicalOrder([...objectiveKeys], edges);
  if ('cycle' in sorted) {
    problems.push({
      path: '/objectives',
      message: `prerequisites form a cycle: ${sorted.cycle.join(' -> ')}`,
    });
  }

  const contentKeys = new Set<string>();
  pkg.content.forEach((c, i) => {
    const at = `/content/${i}`;
    if (contentKeys.has(c.key)) {
      problems.push({ path: `${at}/key`, message: `duplicate content key "${c.key}"` });
    }
    contentKeys.add(c.key);
    c.objectives.forEach((k, j) => {
      if (!objectiveKeys.has(k)) {
        problems.push({ path: `${at}/objectives/${j}`, message: `no objective has key "${k}"` });
      }
    });
    if (new Set(c.objectives).size !== c.objectives.length) {
      problems.push({ path: `${at}/objectives`, message: 'lists an objective twice' });
    }
    checkItem(c, at, problems);
  });

  return problems.length === 0
    ? { ok: true, value: pkg }
    : { ok: false, error: problems.slice(0, MAX_PROBLEMS) };
}
