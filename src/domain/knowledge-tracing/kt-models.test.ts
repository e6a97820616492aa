import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../random.js';
import type { SerializedModel } from './knowledge-tracing-model.js';
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

    test(`${name}: rejects a serialized model of another kind`, () => {
      const trainer = createTrainer(name);
      assert.ok(trainer);
      assert.throws(() => trainer.deserialize({ model: 'other', formatVersion: 1, params: {} }));
    });
  }
});
