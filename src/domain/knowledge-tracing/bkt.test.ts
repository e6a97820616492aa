import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../random.js';
import {
  BktModel,
  BktTrainer,
  bktForwardStep,
  bktParamsForItem,
  bktPredictCorrect,
  collectBktObservations,
} from './bkt.js';
import { FREE_RESPONSE_GUESS, formatGuess, type ItemFormatInfo } from './item-format-evidence.js';
import { fitBktEm, type BktParams } from './fit-bkt-em.js';
import { generateBktAttempts } from './synthetic-attempts.js';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${actual} is not within ${tolerance} of ${expected}`,
  );

describe('BKT forward step', () => {
  const params: BktParams = { prior: 0.4, learn: 0.2, forget: 0, guess: 0.25, slip: 0.1 };

  test('predicts P(correct) = 0.4 * 0.9 + 0.6 * 0.25 = 0.51', () => {
    close(bktPredictCorrect(params, 0.4), 0.51, 1e-12);
  });

  test('after a correct answer P(known) = 12/17 + (5/17) * 0.2 = 13/17', () => {
    // posterior = 0.4 * 0.9 / 0.51 = 0.36 / 0.51 = 12/17; next = 12/17 + (1 - 12/17) * 0.2 = 13/17.
    close(bktForwardStep(params, 0.4, true), 13 / 17, 1e-12);
  });

  test('after an incorrect answer P(known) = 4/49 + (45/49) * 0.2 = 13/49', () => {
    // posterior = 0.4 * 0.1 / (1 - 0.51) = 0.04 / 0.49 = 4/49; next = 4/49 + (45/49) * 0.2 = 13/49.
    close(bktForwardStep(params, 0.4, false), 13 / 49, 1e-12);
  });

  test('with forgetting 0.1 a correct answer gives (12/17) * 0.9 + (5/17) * 0.2 = 11.8/17', () => {
    close(bktForwardStep({ ...params, forget: 0.1 }, 0.4, true), 11.8 / 17, 1e-12);
  });

  test('a two-objective item updates both objectives and combines in logit space', () => {
    const model = new BktModel({
      name: 'bkt',
      forgetting: false,
      combine: 'mean-logit',
      objectives: new Map([['a', params]]),
      fallback: { ...params, prior: 0.8 },
    });
    const state = model.createState();
    const attempt = { student: 's', item: 'q', objectives: ['a', 'b'], correct: true };
    // P(correct | a) = 0.51; P(correct | b) = 0.8 * 0.9 + 0.2 * 0.25 = 0.77.
    const expected = 1 / (1 + Math.exp(-(Math.log(0.51 / 0.49) + Math.log(0.77 / 0.23)) / 2));
    close(model.predict(state, attempt), expected, 1e-9);
    model.update(state, attempt);
    close(model.mastery(state, 'a'), 13 / 17, 1e-12);
    close(model.mastery(state, 'b'), bktForwardStep({ ...params, prior: 0.8 }, 0.8, true), 1e-12);
  });
});

describe('BKT EM', () => {
  const truth: BktParams = { prior: 0.3, learn: 0.15, forget: 0, guess: 0.2, slip: 0.1 };

  test('recovers the generating parameters from 24,000 synthetic attempts', () => {
    const history = generateBktAttempts({
      rng: createRng(7),
      students: 800,
      attemptsPerStudent: 30,
      objectives: 1,
      itemsPerObjective: 5,
      params: truth,
    });
    const data = collectBktObservations(history).get('o0');
    assert.ok(data);
    const { params } = fitBktEm({ data, rng: createRng(1), forgetting: false, restarts: 3 });
    close(params.prior, truth.prior, 0.05);
    close(params.learn, truth.learn, 0.03);
    close(params.guess, truth.guess, 0.03);
    close(params.slip, truth.slip, 0.03);
    assert.equal(params.forget, 0);
  });

  test('keeps guess and slip within their bounds', () => {
    const history = generateBktAttempts({
      rng: createRng(3),
      students: 100,
      attemptsPerStudent: 20,
      objectives: 3,
      itemsPerObjective: 3,
      params: { prior: 0.5, learn: 0.1, forget: 0, guess: 0.45, slip: 0.4 },
    });
    const model = new BktTrainer({ forgetting: true }).fit(history, { rng: createRng(1) });
    for (const k of ['o0', 'o1', 'o2']) {
      const p = model.paramsOf(k);
      assert.ok(p.guess <= 0.3 && p.slip <= 0.3 && p.forget <= 0.3);
    }
  });
});

describe('BKT with item formats', () => {
  const params: BktParams = { prior: 0.4, learn: 0.2, forget: 0, guess: 0.25, slip: 0.1 };
  const model = () =>
    new BktModel({
      name: 'bkt',
      forgetting: false,
      combine: 'mean-logit',
      objectives: new Map([['a', params]]),
      fallback: params,
    });
  const after = (format: ItemFormatInfo | undefined) => {
    const m = model();
    const state = m.createState();
    m.update(state, { student: 's', item: 'q', objectives: ['a'], correct: true, format });
    return m.mastery(state, 'a');
  };

  test('a correct numeric answer (guess 0.05) moves P(known) more than a two-choice one (0.5)', () => {
    // numeric: 0.36 / (0.36 + 0.6 * 0.05) = 12/13, next 12/13 + (1/13) * 0.2 = 12.2/13.
    close(after({ format: 'numeric' }), 12.2 / 13, 1e-12);
    // two choices: 0.36 / (0.36 + 0.6 * 0.5) = 6/11, next 6/11 + (5/11) * 0.2 = 7/11.
    close(after({ format: 'multiple_choice', choices: 2 }), 7 / 11, 1e-12);
    assert.ok(after({ format: 'short_text' }) > after({ format: 'multiple_choice', choices: 4 }));
  });

  test('predicts with the format guess; without a format, the objective guess exactly', () => {
    const m = model();
    const pending = { student: 's', item: 'q', objectives: ['a'] };
    close(m.predict(m.createState(), { ...pending, format: { format: 'numeric' } }), 0.39, 1e-12);
    assert.equal(m.predict(m.createState(), pending), bktPredictCorrect(params, 0.4));
    assert.equal(after(undefined), bktForwardStep(params, 0.4, true));
  });

  test('a format guess at or above 1 − slip is ignored (the answer would be no evidence)', () => {
    const weak = { ...params, slip: 0.6 };
    assert.deepEqual(bktParamsForItem(weak, { format: 'multiple_choice', choices: 2 }), weak);
    assert.equal(bktParamsForItem(weak, { format: 'numeric' }).guess, FREE_RESPONSE_GUESS);
  });

  test('formatGuess: 1/C(k, c) for multiple choice, 0.05 for free response, null when unknown', () => {
    assert.equal(formatGuess({ format: 'multiple_choice', choices: 4 }), 0.25);
    assert.equal(formatGuess({ format: 'multiple_choice', choices: 4, correctChoices: 2 }), 1 / 6);
    assert.equal(formatGuess({ format: 'multiple_choice' }), null);
    assert.equal(formatGuess({ format: 'short_text' }), FREE_RESPONSE_GUESS);
  });
});
