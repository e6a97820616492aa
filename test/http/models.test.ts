/**
 * The knowledge-tracing model registry end to end: train on a tenant's events, list, promote
 * (served at once here and, after a poll, by another process), roll back; operator-only routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRng } from '../../src/domain/random.js';
import type { SerializedModel } from '../../src/domain/knowledge-tracing/knowledge-tracing-model.js';
import { createTrainer } from '../../src/domain/knowledge-tracing/kt-models.js';
import type { Actor } from '../../src/services/access.js';
import { createServedModels } from '../../src/services/served-models.js';
import type { ModelRecord } from '../../src/ports.js';
import {
  bearer,
  operatorKey,
  seedTenant,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'test', role: 'operator' };
const STUDENTS = 14;
const ATTEMPTS = 30;

describe('model registry', () => {
  let t: TestApp;
  let a: SeededTenant;
  let other: SeededTenant;
  let op: string;
  let posted = 0;
  let items: { id: string; objectiveIds: string[] }[];
  let students: string[];
  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'kt-a');
    other = await seedTenant(t.container, 'kt-b');
    op = await operatorKey(t.container);
    const content = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/courses/${a.courseId}/content?limit=100&type=assessment_item`,
        headers: bearer(a.keys.admin),
      })
    ).json<{ items: { id: string; objectiveIds: string[] }[] }>().items;
    items = content.filter((c) => c.objectiveIds.length > 0);
    students = [a.users.student, a.users.otherStudent];
    for (let s = students.length; s < STUDENTS; s++) {
      const u = await t.container.stores.users.create(a.tenantId, {
        id: t.container.newId(),
        role: 'student',
        displayName: `Student ${s}`,
        email: `student${s}@kt-a.example`,
        birthDate: '2010-01-01',
      });
      students.push(u.id);
    }
    // A seeded population: ability per student, difficulty per item, learning with practice.
    const rng = createRng(7);
    const difficulty = new Map(items.map((i) => [i.id, rng() * 2 - 1]));
    const events: Record<string, unknown>[] = [];
    students.forEach((studentId, s) => {
      const ability = rng() * 2 - 1;
      for (let k = 0; k < ATTEMPTS; k++) {
        const item = items[Math.floor(rng() * items.length)] as { id: string };
        const z = ability + 0.08 * k - (difficulty.get(item.id) as number);
        events.push({
          id: `train-${s}-${k}`,
          type: 'item_attempted',
          studentId,
          courseId: a.courseId,
          timestamp: new Date(Date.UTC(2026, 9, 1, 8, s, k)).toISOString(),
          itemId: item.id,
          response: 'a',
          correct: rng() < 1 / (1 + Math.exp(-z)),
          durationMs: 9000,
          hintsUsed: 0,
          attempt: 1,
        });
      }
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/events?recommendations=0',
      headers: bearer(a.keys.admin),
      payload: { events },
    });
    assert.equal(res.statusCode, 200, res.body);
    posted = events.length;
  });

  async function trainFromEvents(models: string[]): Promise<ModelRecord[]> {
    const sequences = await t.container.stores.attemptHistory.attemptSequences(a.tenantId);
    return t.container.services.models.train(OPERATOR, {
      tenantId: a.tenantId,
      data: { sequences, description: { source: 'events', tenantId: a.tenantId } },
      models,
    });
  }

  test('training from the events table registers each model as a candidate with held-out metrics', async () => {
    const sequences = await t.container.stores.attemptHistory.attemptSequences(a.tenantId);
    assert.equal(sequences.length, STUDENTS);
    assert.equal(
      sequences.reduce((n, s) => n + s.length, 0),
      posted,
    );
    assert.ok(sequences.every((s) => s.every((x) => x.objectives.length > 0)));
    const records = await trainFromEvents(['bkt', 'best-lr']);
    assert.deepEqual(
      records.map((r) => [r.name, r.version, r.status, r.tenantId]),
      [
        ['bkt', '1.0.0', 'candidate', a.tenantId],
        ['best-lr', '1.0.0', 'candidate', a.tenantId],
      ],
    );
    for (const r of records) {
      assert.match(r.dataHash, /^[0-9a-f]{64}$/);
      assert.match(r.paramsSha256, /^[0-9a-f]{64}$/);
      assert.equal(r.trainingData.attempts, posted);
      assert.equal(r.trainingData.students, STUDENTS);
      const m = r.metrics as { auc: number; ece: number; logloss: number; rmse: number; n: number };
      assert.ok(m.auc > 0 && m.auc < 1 && m.logloss > 0 && m.rmse > 0 && m.ece >= 0);
      assert.ok(m.n > 0 && m.n < posted, 'scored on held-out students only');
    }
  });

  test('operators list models over HTTP; tenant keys are refused', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/models?tenantId=${a.tenantId}`,
      headers: bearer(op),
    });
    assert.equal(res.statusCode, 200, res.body);
    const names = res.json<{ items: ModelRecord[] }>().items.map((r) => `${r.name}@${r.version}`);
    assert.deepEqual(names.sort(), ['best-lr@1.0.0', 'bkt@1.0.0']);
    const refused = await t.app.inject({
      method: 'GET',
      url: '/v1/models',
      headers: bearer(a.keys.admin),
    });
    assert.equal(refused.statusCode, 403);
  });

  test('promotion is served at once here, by another process after its poll, and only to that tenant', async () => {
    const fallback = t.container.servedModels.current(a.tenantId);
    assert.equal(fallback.key, 'bkt-default');
    const elsewhere = createServedModels({ registry: t.container.stores.models, fallback });
    await elsewhere.refresh();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/models/best-lr/versions/1.0.0/promote',
      headers: bearer(op),
      payload: { tenantId: a.tenantId },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<ModelRecord>().status, 'promoted');
    assert.equal(t.container.servedModels.current(a.tenantId).key, 'best-lr@1.0.0');
    assert.equal(t.container.servedModels.current(other.tenantId).key, 'bkt-default');
    assert.equal(elsewhere.current(a.tenantId).key, 'bkt-default', 'not yet polled');
    await elsewhere.refresh();
    assert.equal(elsewhere.current(a.tenantId).key, 'best-lr@1.0.0');
  });

  test('the served mastery after each answer equals the registered model replayed offline on the same sequence', async () => {
    const [record] = await t.container.services.models.list(OPERATOR, {
      tenantId: a.tenantId,
      name: 'best-lr',
    });
    assert.equal(record?.status, 'promoted');
    const params = await t.container.stores.models.paramsOf(record?.id);
    const offline = createTrainer('best-lr')?.deserialize(params as SerializedModel);
    assert.ok(offline);
    const newcomer = await t.container.stores.users.create(a.tenantId, {
      id: t.container.newId(),
      role: 'student',
      displayName: 'Newcomer',
      email: 'newcomer@kt-a.example',
      birthDate: '2010-01-01',
    });
    const state = offline.createState();
    const rng = createRng(3);
    for (let k = 0; k < 8; k++) {
      const item = items[k % 3] as { id: string; objectiveIds: string[] };
      const correct = rng() < 0.6;
      const timestamp = new Date(Date.UTC(2026, 9, 2, 9, 0, k * 20)).toISOString();
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(a.keys.admin),
        payload: {
          id: `newcomer-${k}`,
          type: 'item_attempted',
          studentId: newcomer.id,
          courseId: a.courseId,
          timestamp,
          itemId: item.id,
          response: 'a',
          correct,
          durationMs: 8000,
          hintsUsed: 0,
          attempt: 1,
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      offline.update(state, {
        student: newcomer.id,
        item: item.id,
        objectives: item.objectiveIds,
        correct,
        timestamp: Date.parse(timestamp) / 1000,
      });
      const served = res.json<{ mastery: { objectiveId: string; pMastery: number }[] }>().mastery;
      assert.deepEqual(served.map((m) => m.objectiveId).sort(), [...item.objectiveIds].sort());
      for (const m of served) {
        const expected = offline.mastery(state, m.objectiveId);
        assert.ok(Math.abs(m.pMastery - expected) < 1e-6, `${m.pMastery} vs ${expected}`);
      }
    }
  });

  test('after a promotion, rebuilt states continue each student’s history under the new model', async () => {
    const [record] = await t.container.services.models.list(OPERATOR, {
      tenantId: a.tenantId,
      name: 'best-lr',
    });
    const params = await t.container.stores.models.paramsOf(record?.id as string);
    const offline = createTrainer('best-lr')?.deserialize(params as SerializedModel);
    assert.ok(offline);
    const rebuilt = await t.container.services.models.rebuildStates(OPERATOR, a.tenantId);
    assert.equal(rebuilt.students, STUDENTS + 1);

    const studentId = students[0] as string;
    const history = (await t.container.stores.attemptHistory.attemptSequences(a.tenantId)).find(
      (s) => s[0]?.student === studentId,
    );
    assert.ok(history && history.length === ATTEMPTS);
    const state = offline.createState();
    history.forEach((x) => offline.update(state, x));
    const stored = await t.container.stores.learning.masteryOf(a.tenantId, studentId, a.courseId);
    assert.ok(stored.length > 0);
    for (const m of stored) {
      assert.ok(Math.abs(m.pMastery - offline.mastery(state, m.objectiveId)) < 1e-9);
    }

    const item = items[0] as { id: string; objectiveIds: string[] };
    const timestamp = new Date(Date.UTC(2026, 9, 3, 9)).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(a.keys.admin),
      payload: {
        id: 'after-rebuild',
        type: 'item_attempted',
        studentId,
        courseId: a.courseId,
        timestamp,
        itemId: item.id,
        response: 'a',
        correct: false,
        durationMs: 8000,
        hintsUsed: 0,
        attempt: 1,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    offline.update(state, {
      student: studentId,
      item: item.id,
      objectives: item.objectiveIds,
      correct: false,
      timestamp: Date.parse(timestamp) / 1000,
    });
    for (const m of res.json<{ mastery: { objectiveId: string; pMastery: number }[] }>().mastery) {
      const expected = offline.mastery(state, m.objectiveId);
      assert.ok(Math.abs(m.pMastery - expected) < 1e-6, `${m.pMastery} vs ${expected}`);
    }
  });

  test('new data is a minor version, a refit of the same data a patch; rollback returns to the version promoted before, then to the fallback', async () => {
    const [grown] = await trainFromEvents(['best-lr']);
    assert.equal(grown?.version, '1.1.0', 'the newcomer’s answers are new data');
    const [refit] = await trainFromEvents(['best-lr']);
    assert.equal(refit?.version, '1.1.1');
    await t.container.services.models.promote(OPERATOR, a.tenantId, 'best-lr@1.1.1');
    assert.equal(t.container.servedModels.current(a.tenantId).key, 'best-lr@1.1.1');
    const listed = await t.container.services.models.list(OPERATOR, { tenantId: a.tenantId });
    assert.deepEqual(
      listed.filter((r) => r.status === 'promoted').map((r) => r.version),
      ['1.1.1'],
      'one promoted model per scope',
    );

    const back = await t.app.inject({
      method: 'POST',
      url: '/v1/models/best-lr/rollback',
      headers: bearer(op),
      payload: { tenantId: a.tenantId },
    });
    assert.equal(back.statusCode, 200, back.body);
    const body = back.json<{ retired: ModelRecord; promoted: ModelRecord | null }>();
    assert.equal(body.retired.version, '1.1.1');
    assert.equal(body.promoted?.version, '1.0.0');
    assert.equal(t.container.servedModels.current(a.tenantId).key, 'best-lr@1.0.0');

    const again = await t.container.services.models.rollback(OPERATOR, a.tenantId, 'best-lr');
    assert.equal(again.promoted, null);
    assert.equal(t.container.servedModels.current(a.tenantId).key, 'bkt-default');
    const none = await t.app.inject({
      method: 'POST',
      url: '/v1/models/best-lr/rollback',
      headers: bearer(op),
      payload: { tenantId: a.tenantId },
    });
    assert.equal(none.statusCode, 409, none.body);
  });

  test('bad references get 4xx naming the problem', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/v1/models/best-lr/versions/9.9.9/promote',
      headers: bearer(op),
      payload: {},
    });
    assert.equal(missing.statusCode, 404, missing.body);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/models/best-lr/versions/1.x/promote',
      headers: bearer(op),
      payload: {},
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /version/);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/v1/models/nope/versions/1.0.0/promote',
      headers: bearer(op),
      payload: {},
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.match(unknown.body, /model/);
  });
});
