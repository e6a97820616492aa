/**
 * `pathwise simulate`: runs a seeded population of synthetic learners through a course under one
 * policy and prints the report as JSON (see `src/domain/simulation/learner-simulator.ts`).
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { buildDemoCoursePackage } from '../demo/demo-course.js';
import { AppError } from '../domain/errors.js';
import type { CoursePackage } from '../domain/course-package/course-package-schema.js';
import { validateCoursePackage } from '../domain/course-package/validate-course-package.js';
import { textbookBktModel } from '../domain/knowledge-tracing/textbook-bkt.js';
import {
  fitModelOnSimulatedLogs,
  simCourseOf,
  simulatePolicy,
  type Policy,
} from '../domain/simulation/learner-simulator.js';

const POLICIES: readonly Policy[] = ['adaptive', 'syllabus', 'random', 'oracle'];

function parsePolicy(value: string): Policy {
  if (!(POLICIES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${POLICIES.join(', ')}`);
  }
  return value as Policy;
}

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
  }
  return n;
};

const FIT_POLICIES = ['random', 'syllabus', 'adaptive'] as const;
type FitPolicy = (typeof FIT_POLICIES)[number];

function parseFitPolicy(value: string): FitPolicy {
  if (!(FIT_POLICIES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${FIT_POLICIES.join(', ')}`);
  }
  return value as FitPolicy;
}

function parseModel(value: string): 'textbook' | 'fitted' {
  if (value !== 'textbook' && value !== 'fitted') {
    throw new InvalidArgumentError('must be textbook or fitted');
  }
  return value;
}

function parseOnOff(value: string): boolean {
  if (value !== 'on' && value !== 'off') {
    throw new InvalidArgumentError('must be on or off');
  }
  return value === 'on';
}

function parseLearner(value: string): 'binary' | 'continuous' {
  if (value !== 'binary' && value !== 'continuous') {
    throw new InvalidArgumentError('must be binary or continuous');
  }
  return value;
}

/** The demo course, or a course package file (validated like an import). */
export async function loadSimulationCourse(course: string): Promise<CoursePackage> {
  if (course === 'demo') {
    return buildDemoCoursePackage();
  }
  const parsed = await validateCoursePackage(JSON.parse(await readFile(course, 'utf8')));
  if (!parsed.ok) {
    throw new AppError({
      kind: 'InvalidInput',
      code: 'invalid_course_package',
      message: `${course} is not a valid course package`,
      problems: parsed.error.slice(0, 20),
    });
  }
  return parsed.value;
}

interface SimulateOptions {
  course: string;
  students: number;
  policy: Policy;
  seed: number;
  goal?: string;
  budget?: number;
  learner: 'binary' | 'continuous';
  model: 'textbook' | 'fitted';
  fitPolicy: FitPolicy;
  fitStudents: number;
  fitSeed?: number;
  itemFormats: boolean;
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('simulate learners under a recommendation policy; prints a JSON report')
    .requiredOption('--course <file|demo>', 'a course package file, or demo')
    .option('--students <n>', 'synthetic learners', integer(1, 100_000), 200)
    .option('--policy <policy>', POLICIES.join(', '), parsePolicy, 'adaptive')
    .option('--seed <n>', 'seed of the population and of every draw', integer(0, 2 ** 31), 1)
    .option('--goal <objective-key>', 'goal objective (default: the capstone objective)')
    .option('--budget <steps>', 'steps per learner before giving up', integer(1, 10_000_000))
    .option('--learner <model>', 'latent mastery: binary or continuous', parseLearner, 'binary')
    .option(
      '--model <model>',
      'served model: textbook BKT, or BKT fitted by EM on the logs of a separate simulated population',
      parseModel,
      'textbook',
    )
    .option('--fit-policy <policy>', 'policy of the population fitted on', parseFitPolicy, 'random')
    .option('--fit-students <n>', 'learners of the population fitted on', integer(1, 100_000), 200)
    .option(
      '--fit-seed <n>',
      'seed of that population (default: seed + 10000)',
      integer(0, 2 ** 31),
    )
    .option(
      '--item-formats <on|off>',
      'whether the platform (served model, recommender) sees the item formats',
      parseOnOff,
      true,
    )
    .action(async (opts: SimulateOptions) => {
      const course = simCourseOf(await loadSimulationCourse(opts.course), {
        itemFormats: opts.itemFormats,
      });
      if (opts.goal && !course.index.byId.has(opts.goal)) {
        throw new AppError({
          kind: 'InvalidInput',
          code: 'invalid_goal',
          message: `--goal ${opts.goal} is not an objective key of the course`,
        });
      }
      const fitSeed = opts.fitSeed ?? opts.seed + 10_000;
      const fit = {
        students: opts.fitStudents,
        policy: opts.fitPolicy,
        seed: fitSeed,
        learnerModel: opts.learner,
        ...(opts.goal ? { goal: opts.goal } : {}),
      };
      const model =
        opts.model === 'fitted' ? fitModelOnSimulatedLogs(course, fit) : textbookBktModel();
      const report = simulatePolicy(course, {
        students: opts.students,
        policy: opts.policy,
        seed: opts.seed,
        model,
        learnerModel: opts.learner,
        ...(opts.goal ? { goal: opts.goal } : {}),
        ...(opts.budget ? { budget: opts.budget } : {}),
      });
      const served =
        opts.model === 'fitted'
          ? {
              model: 'fitted',
              fittedOn: { policy: fit.policy, students: fit.students, seed: fitSeed },
            }
          : { model: 'textbook' };
      process.stdout.write(`${JSON.stringify({ ...report, ...served })}\n`);
    });
}
