import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../random.js';
import { BEST_LR_FORMAT, BestLrTrainer, type BestLrFeatures } from './best-lr.js';
import type { Attempt, SerializedModel } from './knowledge-tracing-model.js';
import { generateBktAttempts } from './synthetic-attempts.js';

// 40 objectives, so a student meets more than the initial slots and hash table hold.
const history = generateBktAttempts({
  rng: createRng(11),
  students: 60,
  attemptsPerStudent: 120,
  objectives: 40,
  itemsPerObjective: 5,
  blockLength: 3,
  params: { prior: 0.3, learn: 0.2, forget: 0.02, guess: 0.2, slip: 0.1 },
  multiTagShare: 0.3,
});
const trainer = new BestLrTrainer({ grid: [{ dense: 0.1, item: 3, objective: 10 }] });
const model = trainer.fit(history.slice(0, 50), { rng: createRng(2) });
const heldOut = history.slice(50);
/** A held-out sequence with attempts on objectives that training never saw, timed and untimed. */
const withUnseen = (sequence: readonly Attempt[]): Attempt[] =>
  sequence.map((a, t) =>
    t % 7 === 3
      ? { ...a, item: `new-${t}`, objectives: [`new-objective-${t % 3}`, ...a.objectives] }
      : t % 11 === 5
        ? { student: a.student, item: a.item, objectives: a.objectives, correct: a.correct }
        : a,
  );

describe('Best-LR student state', () => {
  test('saved as JSON and loaded by another instance of the model (other interned ids) predicts exactly as the original', () => {
    const restored = trainer.deserialize(
      JSON.parse(JSON.stringify(model.serialize())) as SerializedModel,
    );
    // The restored model meets the unseen objectives in another order, so its interned ids differ.
    restored.update(restored.createState(), {
      student: 'z',
      item: 'z',
      objectives: ['new-objective-2', 'new-objective-1'],
      correct: true,
    });
    for (const raw of heldOut) {
      const sequence = withUnseen(raw);
      const original = model.createState();
      sequence.slice(0, 60).forEach((a) => model.update(original, a));
      assert.ok(original.count > 8, 'the student holds more objectives than the first table');
      const loaded = restored.loadState(JSON.parse(JSON.stringify(model.saveState(original))));
      assert.ok(loaded);
      for (const a of sequence.slice(60)) {
        assert.equal(restored.predict(loaded, a), model.predict(original, a));
        model.update(original, a);
        restored.update(loaded, a);
      }
      for (const k of ['o1', 'o17', 'new-objective-0', 'never-seen']) {
        assert.equal(restored.mastery(loaded, k), model.mastery(original, k));
      }
      assert.deepEqual(restored.saveState(loaded), model.saveState(original));
    }
  });

  test('a state made by another instance of the model is taken over in place', () => {
    const other = trainer.deserialize(model.serialize());
    const sequence = withUnseen(heldOut[0] as Attempt[]);
    const mine = model.createState();
    const theirs = other.createState();
    sequence.slice(0, 50).forEach((a) => {
      model.update(mine, a);
      other.update(theirs, a);
    });
    for (const a of sequence.slice(50)) {
      assert.equal(model.predict(theirs, a), model.predict(mine, a));
      model.update(theirs, a);
      model.update(mine, a);
    }
    assert.equal(theirs.owner, mine.owner);
  });

  test('the stored JSON layout is unchanged: a state in it loads and saves back identically', () => {
    const stored = {
      bestLr: [3, 2, 5, 0.4, 0.1, 0.2, 0.6, 0.7, 0.65, 1_700_000_120],
      previous: ['o2'],
      older: ['o1', 'o2'],
      objectives: {
        o1: [1, 1, 1, 0.3, 0.09, 0.1, 1, 1, 0, 1_700_000_060, 1, 0, 1, 0, 1, 0, 1, 0],
        o2: [2, 1, 2, 0.1, 0.01, 0.05, 0.3, 2, 1, 1_700_000_120, 0.5, 1, 1, 1, 1, 1, 1, 1],
        'not-in-training': [1, 0, 0, -0.5, -0.15, -0.1, 0, 0, 0, null],
      },
    };
    const state = model.loadState(JSON.parse(JSON.stringify(stored)));
    assert.ok(state);
    assert.deepEqual(model.saveState(state), stored);
  });

  test('once the student has met the objectives, an update allocates no new arrays', () => {
    const sequence = heldOut[1] as Attempt[];
    const state = model.createState();
    sequence.forEach((a) => model.update(state, a));
    const arrays = [state.data, state.table, state.ids, state.previous, state.older];
    sequence.forEach((a) => model.update(state, a));
    assert.deepEqual([state.data, state.table, state.ids, state.previous, state.older], arrays);
    assert.equal(state.n, 2 * sequence.length);
  });

  test(`parameters of another format than ${BEST_LR_FORMAT} are refused with a retrain message`, () => {
    const serialized = model.serialize();
    assert.equal(serialized.formatVersion, BEST_LR_FORMAT);
    assert.throws(
      () => trainer.deserialize({ ...serialized, formatVersion: 1 }),
      (e: Error) => /retrain/.test(e.message),
    );
  });
});

describe('Best-LR related objectives', () => {
  test('learn transfer between objectives that share an ability, not between unrelated ones', () => {
    // Eight objectives in four pairs; a student's ability is shared within a pair, independent
    // across pairs, and nobody learns: only the related-objective weights can carry the ability
    // on one objective of a pair to the other beyond the student's overall rate.
    const rng = createRng(21);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const sequences: Attempt[][] = Array.from({ length: 400 }, (_, s) => {
      const ability = Array.from({ length: 4 }, () => 1.5 * normal());
      return Array.from({ length: 40 }, (_, t) => {
        const k = Math.floor(rng() * 8);
        const p = 1 / (1 + Math.exp(-(ability[k >> 1] as number)));
        return {
          student: `s${s}`,
          item: `o${k}-i${Math.floor(rng() * 3)}`,
          objectives: [`o${k}`],
          correct: rng() < p,
          timestamp: 1_700_000_000 + 60 * t,
        };
      });
    });
    const fitted = new BestLrTrainer({ grid: [{ dense: 0.1, item: 3, objective: 10 }] }).fit(
      sequences,
      { rng: createRng(3) },
    );
    const map = fitted.map as BestLrFeatures;
    const within: number[] = [];
    const across: number[] = [];
    map.vocabulary.related.forEach((key, r) => {
      const [j, k] = key.split('\u0003').map((o) => Number(o.slice(1))) as [number, number];
      const signal =
        (fitted.weights[map.relatedOffset + 2 * r] as number) -
        (fitted.weights[map.relatedOffset + 2 * r + 1] as number);
      (j >> 1 === k >> 1 ? within : across).push(signal);
    });
    assert.equal(within.length, 8);
    assert.equal(across.length, 48);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    assert.ok(
      mean(within) > mean(across) + 0.3,
      `within ${mean(within).toFixed(3)} across ${mean(across).toFixed(3)}`,
    );
    assert.ok(Math.min(...within) > 0, `within ${within.map((w) => w.toFixed(2)).join(' ')}`);
  });
});
