import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../random.js';
import type { Attempt, SerializedModel } from './knowledge-tracing-model.js';
import { createTrainer, KT_MODEL_NAMES } from './kt-models.js';
import { generateBktAttempts } from './synthetic-attempts.js';

const history = generateBktAttempts({
  rng: createRng(5),
  students: 120,
  attemptsPerStudent: 25,
  objectives: 4,
  itemsPerObjective: 6,
  params: { prior: 0.3, learn: 0.2, forget: 0.02, guess: 0.2, slip: 0.1 },
  multiTagShare: 0.2,
});
const train = history.slice(0, 100);
const test_ = history.slice(100);
const unseen = { student: 'x', item: 'never-seen', objectives: ['never-seen-objective'] };

describe('every knowledge-tracing model', () => {
  for (const name of KT_MODEL_NAMES) {
    test(`${name}: serialize -> JSON -> deserialize gives identical predictions`, () => {
      const trainer = createTrainer(name);
      assert.ok(trainer);
      const model = trainer.fit(train, { rng: createRng(1) });
      const json = JSON.parse(JSON.stringify(model.serialize())) as SerializedModel;
      const restored = trainer.deserialize(json);
      for (const sequence of test_) {
        const a = model.createState();
        const b = restored.createState();
        for (const attempt of sequence) {
          assert.equal(restored.predict(b, attempt), model.predict(a, attempt));
          model.update(a, attempt);
          restored.update(b, attempt);
        }
        for (const k of ['o0', 'o1', 'o3']) {
          assert.equal(restored.mastery(b, k), model.mastery(a, k));
        }
      }
    });

    test(`${name}: predicts a probability for unseen items and objectives`, () => {
      const model = createTrainer(name)?.fit(train, { rng: createRng(1) });
      assert.ok(model);
      const p = model.predict(model.createState(), unseen);
      assert.ok(p > 0.05 && p < 0.95, `${p}`);
      const m = model.mastery(model.createState(), 'never-seen-objective');
      assert.ok(m >= 0 && m <= 1);
    });

    test(`${name}: a student state saved as JSON and loaded back predicts exactly as the original`, () => {
      const model = createTrainer(name)?.fit(train, { rng: createRng(1) });
      assert.ok(model);
      for (const sequence of test_) {
        const half = Math.floor(sequence.length / 2);
        const original = model.createState();
        sequence.slice(0, half).forEach((a) => model.update(original, a));
        const loaded = model.loadState(JSON.parse(JSON.stringify(model.saveState(original))));
        assert.ok(loaded, 'the saved state loads');
        for (const attempt of sequence.slice(half)) {
          assert.equal(model.predict(loaded, attempt), model.predict(original, attempt));
          model.update(original, attempt);
          model.update(loaded, attempt);
        }
        for (const k of ['o0', 'o2', 'never-seen-objective']) {
          assert.equal(model.mastery(loaded, k), model.mastery(original, k));
        }
      }
    });

    test(`${name}: a state of another model or malformed JSON does not load`, () => {
      const model = createTrainer(name)?.fit(train, { rng: createRng(1) });
      assert.ok(model);
      const others = KT_MODEL_NAMES.filter((n) => n.split('-')[0] !== name.split('-')[0]);
      for (const other of others) {
        const o = createTrainer(other)?.fit(train.slice(0, 20), { rng: createRng(1) });
        assert.ok(o);
        const state = o.createState();
        o.update(state, train[0]?.[0] as Attempt);
        assert.equal(model.loadState(JSON.parse(JSON.stringify(o.saveState(state)))), null, other);
      }
      for (const bad of [null, 3, 'x', [], { bkt: { o1: 2 } }, { elo: [1] }, { bestLr: [] }]) {
        assert.equal(model.loadState(bad), null, JSON.stringify(bad));
      }
    });

    test(`${name}: an unseen item of a known objective falls back to that objective, an unseen objective to the overall prior`, () => {
      const model = createTrainer(name)?.fit(train, { rng: createRng(1) });
      assert.ok(model);
      const rate = (attempts: Attempt[]) =>
        attempts.filter((a) => a.correct).length / Math.max(1, attempts.length);
      const firsts = train.map((s) => s[0] as Attempt);
      // A new student on an unseen objective is predicted between the training students' success
      // rate on first attempts and their overall success rate (with a margin of 0.1).
      const p = model.predict(model.createState(), unseen);
      const [low, high] = [rate(firsts), rate(train.flat())].sort((x, y) => x - y) as [
        number,
        number,
      ];
      assert.ok(p > low - 0.1 && p < high + 0.1, `${p} outside [${low}, ${high}] ± 0.1`);
      // An unseen item of objective o1 is predicted like o1's items, not like an unknown objective.
      const seenState = model.createState();
      for (const a of (train[0] as Attempt[]).slice(0, 10)) {
        model.update(seenState, a);
      }
      const onKnown = model.predict(seenState, {
        student: 'x',
        item: 'new-item',
        objectives: ['o1'],
      });
      assert.ok(onKnown > 0.02 && onKnown < 0.98);
      assert.ok(Number.isFinite(model.mastery(seenState, 'o1')));
    });

    test(`${name}: rejects a serialized model of another kind`, () => {
      const trainer = createTrainer(name);
      assert.ok(trainer);
      assert.throws(() => trainer.deserialize({ model: 'other', formatVersion: 1, params: {} }));
    });
  }
});
