import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDemoCoursePackage } from '../../demo/demo-course.js';
import { textbookBktModel } from '../knowledge-tracing/textbook-bkt.js';
import {
  capstoneOf,
  fitModelOnSimulatedLogs,
  simCourseOf,
  simulatedGuess,
  simulatePolicy,
} from './learner-simulator.js';

const course = simCourseOf(buildDemoCoursePackage());

test('the same seed gives the same report; another seed another', () => {
  for (const policy of ['adaptive', 'syllabus', 'random'] as const) {
    const run = (seed: number) =>
      JSON.stringify(
        simulatePolicy(course, { students: 4, policy, seed, model: textbookBktModel() }),
      );
    assert.equal(run(7), run(7), policy);
    assert.notEqual(run(7), run(8), policy);
  }
});

test('the report is consistent: shares and precision are fractions, steps within the budget', () => {
  for (const learnerModel of ['binary', 'continuous'] as const) {
    const r = simulatePolicy(course, {
      students: 5,
      policy: 'adaptive',
      seed: 3,
      model: textbookBktModel(),
      learnerModel,
      budget: 400,
    });
    assert.equal(r.goal, capstoneOf(course.objectives));
    assert.equal(r.budget, 400);
    assert.ok(r.meanSteps <= 400 && r.meanSteps >= r.meanPracticeItems);
    assert.ok(r.reachedShare >= 0 && r.reachedShare <= 1);
    assert.ok(r.precision >= 0 && r.precision <= 1);
    assert.equal(
      r.recommendations - Math.round(r.precision * r.recommendations),
      r.misses.objectiveKnown + r.misses.prerequisiteUnknown,
    );
  }
});

test('the syllabus follows course order over the goal objectives', () => {
  const attempts: string[] = [];
  simulatePolicy(course, {
    students: 1,
    policy: 'syllabus',
    seed: 1,
    model: textbookBktModel(),
    budget: 30,
    onAttempt: (a) => attempts.push(a.item),
  });
  const order = course.content.map((c) => c.id);
  const positions = attempts.map((id) => order.indexOf(id));
  assert.deepEqual(
    positions,
    [...positions].sort((x, y) => x - y),
  );
});

test('the oracle reference practises only truly ready, truly unmastered objectives', () => {
  const oracle = simulatePolicy(course, {
    students: 20,
    policy: 'oracle',
    seed: 2,
    model: textbookBktModel(),
  });
  const random = simulatePolicy(course, {
    students: 20,
    policy: 'random',
    seed: 2,
    model: textbookBktModel(),
  });
  assert.equal(oracle.precision, 1);
  assert.deepEqual(oracle.misses, { objectiveKnown: 0, prerequisiteUnknown: 0 });
  assert.equal(oracle.meanSteps, oracle.meanPracticeItems, 'items only');
  assert.ok(oracle.meanPracticeItems < random.meanPracticeItems);
});

test('the fitted model is BKT fitted by EM on the logged answers of a separate population', () => {
  const fit = (seed: number) =>
    fitModelOnSimulatedLogs(course, { students: 20, policy: 'random', seed });
  const model = fit(11);
  assert.equal(model.name, 'bkt');
  const params = (model.serialize().params as { objectives: Record<string, number[]> }).objectives;
  // Every goal objective got enough answers from 20 random learners to be fitted on its own.
  assert.ok(Object.keys(params).length >= 10, Object.keys(params).join());
  assert.notDeepEqual(model.paramsOf('frac.word-problems'), textbookBktModel().fallback);
  assert.deepEqual(fit(11).serialize(), model.serialize(), 'deterministic');
  assert.notDeepEqual(fit(12).serialize(), model.serialize(), 'another population');
  assert.throws(
    () => fitModelOnSimulatedLogs(course, { students: 2, policy: 'oracle' as 'random', seed: 1 }),
    /latent truth/,
  );
  // The adaptive policy runs on it like on the served model.
  const r = simulatePolicy(course, { students: 3, policy: 'adaptive', seed: 1, model });
  assert.ok(r.reachedShare > 0 && r.recommendations > 0);
});

test('a simulated guess depends on the item format: 1/k for k choices, near 0 for free response', () => {
  const items = course.content.filter((c) => c.type === 'assessment_item');
  const guesses = (match: (c: (typeof items)[number]) => boolean) =>
    items.filter(match).map((c) => simulatedGuess(c));
  const inRange = (values: number[], low: number, high: number) =>
    values.length > 0 && values.every((g) => g >= low && g <= high);
  assert.ok(
    inRange(
      guesses((c) => c.format?.format === 'numeric'),
      0.02,
      0.06,
    ),
  );
  assert.ok(
    inRange(
      guesses((c) => c.format?.format === 'short_text'),
      0.02,
      0.06,
    ),
  );
  const choices = (k: number, correct: number) => (c: (typeof items)[number]) =>
    c.format?.choices === k && c.format.correctChoices === correct;
  assert.ok(inRange(guesses(choices(4, 1)), 0.225, 0.275));
  assert.ok(inRange(guesses(choices(3, 1)), 1 / 3 - 0.025, 1 / 3 + 0.025));
  assert.ok(inRange(guesses(choices(4, 2)), 1 / 6 - 0.025, 1 / 6 + 0.025), 'C(4, 2) sets');
});

test('the platform sees item formats on attempts unless they are hidden from it', () => {
  const formats = (itemFormats: boolean) => {
    const seen: unknown[] = [];
    simulatePolicy(simCourseOf(buildDemoCoursePackage(), { itemFormats }), {
      students: 1,
      policy: 'random',
      seed: 1,
      model: textbookBktModel(),
      budget: 40,
      onAttempt: (a) => seen.push(a.format),
    });
    return seen;
  };
  assert.ok(formats(true).every((f) => f !== undefined));
  assert.ok(formats(false).every((f) => f === undefined));
});

test('adaptive shows only likely appropriate entries: precision of the shown above 0.55', () => {
  // 20 learners, seed 1: 0.62 with the appropriateness floor, 0.43 without it (seeds 1–8 without
  // it: at most 0.52; with it: at least 0.56).
  const r = simulatePolicy(course, {
    students: 20,
    policy: 'adaptive',
    seed: 1,
    model: textbookBktModel(),
  });
  assert.ok(r.precision > 0.55, `precision ${r.precision}`);
  assert.ok(r.recommendations < 3 * r.meanSteps * 20, 'fewer than 3 shown when unlikely');
});
