/**
 * GET /v1/students/{id}/recommendations and /path, instructor controls, and the fallbacks with
 * the fault injected (model unavailable, database slow), through the real app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { buildAppFor } from '../../src/main.js';
import type { LearningStore } from '../../src/ports.js';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLruRecommendationCache } from '../../src/adapters/memory/lru-recommendation-cache.js';
import { createRedisRecommendationCache } from '../../src/adapters/redis/redis-recommendation-cache.js';
import { createRecommendationService } from '../../src/services/recommendation-service.js';
import { textbookBktModel } from '../../src/domain/knowledge-tracing/textbook-bkt.js';
import { BktModel } from '../../src/domain/knowledge-tracing/bkt.js';
import { itemFormatInfoOf } from '../../src/domain/knowledge-tracing/item-format-evidence.js';
import { silentLogger } from '../support/databases.js';
import {
  bearer,
  courseContentOf,
  seedTenant,
  startTestApp,
  type ListedContent,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Rec {
  contentId: string;
  objectiveId: string;
  type: string;
  title: string;
  score: number;
  reasons: { code: string; text: string }[];
}
interface Recs {
  studentId: string;
  courseId: string;
  items: Rec[];
  degraded: boolean;
  degradedReason?: string;
  cached: boolean;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

describe('recommendations and learning paths', () => {
  let t: TestApp;
  let a: SeededTenant;
  let content: ListedContent[];
  let seq = 0;
  after(() => t.close());
  before(async () => {
    t = await startTestApp();
    a = await seedTenant(t.container, 'rec-a');
    content = await courseContentOf(t, a);
  });

  const obj = (i: number) => a.objectiveIds[i] as string;
  const get = (url: string, key: string) =>
    t.app.inject({ method: 'GET', url, headers: bearer(key) });
  const recsOf = async (studentId: string, key: string, query = '') => {
    const res = await get(`/v1/students/${studentId}/recommendations${query}`, key);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Recs>();
  };
  const answer = async (objectiveIndex: number, correct: boolean) => {
    const item = content.find(
      (c) => c.type === 'assessment_item' && c.objectiveIds[0] === obj(objectiveIndex),
    ) as { id: string };
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(a.keys.student),
      payload: {
        id: `rec-${++seq}`,
        type: 'item_attempted',
        studentId: a.users.student,
        courseId: a.courseId,
        timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, seq)).toISOString(),
        itemId: item.id,
        response: 'a',
        correct,
        durationMs: 30_000,
        hintsUsed: 0,
        attempt: 1,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ recommendations: Rec[] }>().recommendations;
  };

  test('a new student gets ready content only, with reasons', async () => {
    const r = await recsOf(a.users.student, a.keys.student, '?limit=5');
    assert.equal(r.courseId, a.courseId);
    assert.equal(r.degraded, false);
    assert.equal(r.cached, false);
    assert.ok(r.items.length > 0 && r.items.length <= 5);
    for (const item of r.items) {
      assert.equal(item.objectiveId, obj(0), 'only the objective without prerequisites is ready');
      assert.equal(item.reasons[0]?.code, 'no_prerequisites');
      assert.ok(item.reasons.every((x) => x.text.length > 0));
    }
  });

  test('scoped like the other student routes', async () => {
    const url = `/v1/students/${a.users.student}/recommendations`;
    assert.equal((await get(url, a.keys.student)).statusCode, 200);
    assert.equal((await get(url, a.keys.instructor)).statusCode, 200);
    assert.equal((await get(url, a.keys.admin)).statusCode, 200);
    assert.equal((await get(url, a.keys.otherStudent)).statusCode, 404);
    assert.equal((await get(url, a.keys.otherInstructor)).statusCode, 404);
    const path = `/v1/students/${a.users.student}/path?goal=${obj(3)}`;
    assert.equal((await get(path, a.keys.otherInstructor)).statusCode, 404);
  });

  test('bad queries are 400 naming the field', async () => {
    const bad = await get(`/v1/students/${a.users.student}/recommendations?limit=0`, a.keys.admin);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /limit/);
    const unknownGoal = await get(
      `/v1/students/${a.users.student}/path?goal=${a.contentIds[0] as string}`,
      a.keys.admin,
    );
    assert.equal(unknownGoal.statusCode, 400);
    assert.equal(unknownGoal.json<Problem>().errors?.[0]?.path, '/goal');
    const noGoal = await get(`/v1/students/${a.users.otherStudent}/path`, a.keys.admin);
    assert.equal(noGoal.statusCode, 400);
    assert.equal(noGoal.json<Problem>().errors?.[0]?.path, '/goal');
  });

  test('the path to a goal is ordered and shrinks as objectives are mastered', async () => {
    const before = (
      await get(`/v1/students/${a.users.otherStudent}/path?goal=${obj(3)}`, a.keys.admin)
    ).json<{
      steps: { objectiveId: string; ready: boolean; estimatedItems: number }[];
      estimatedItems: number;
    }>();
    assert.deepEqual(
      before.steps.map((s) => s.objectiveId),
      [obj(0), obj(1), obj(2), obj(3)],
    );
    assert.deepEqual(
      before.steps.map((s) => s.ready),
      [true, false, false, false],
    );
    assert.ok(before.steps.every((s) => s.estimatedItems > 0));
    for (let i = 0; i < 6; i++) {
      await answer(0, true);
    }
    const after = (
      await get(`/v1/students/${a.users.student}/path?goal=${obj(3)}`, a.keys.student)
    ).json<{ steps: { objectiveId: string; ready: boolean }[] }>();
    assert.deepEqual(
      after.steps.map((s) => [s.objectiveId, s.ready]),
      [
        [obj(1), true],
        [obj(2), true],
        [obj(3), false],
      ],
    );
    // The event reply and the route come from the same code path: after mastering obj 0,
    // both recommend only the newly ready objectives.
    const reply = await answer(0, true);
    const route = await recsOf(a.users.student, a.keys.student);
    for (const r of [...reply, ...route.items]) {
      assert.ok([obj(1), obj(2)].includes(r.objectiveId), JSON.stringify(r));
    }
    assert.deepEqual(
      reply.map((r) => r.contentId).sort(),
      route.items.map((r) => r.contentId).sort(),
    );
  });

  test('instructor controls: hide, pin, goal; only instructors of the section and admins', async () => {
    const sid = a.sectionIds[0];
    const base = await recsOf(a.users.student, a.keys.student, '?limit=10');
    const target = base.items[0] as Rec;
    const controlUrl = `/v1/sections/${sid}/controls/content/${target.contentId}`;
    const put = (key: string, payload: Record<string, unknown>, url = controlUrl) =>
      t.app.inject({ method: 'PUT', url, headers: bearer(key), payload });
    assert.equal((await put(a.keys.student, { kind: 'hidden' })).statusCode, 403);
    assert.equal((await put(a.keys.otherInstructor, { kind: 'hidden' })).statusCode, 404);
    const bad = await put(a.keys.instructor, { kind: 'banished' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /kind/);
    const hidden = await put(a.keys.instructor, { kind: 'hidden', note: 'typo in the answer' });
    assert.equal(hidden.statusCode, 200, hidden.body);
    const withHidden = await recsOf(a.users.student, a.keys.student, '?limit=10');
    assert.ok(withHidden.items.every((r) => r.contentId !== target.contentId));
    // The event reply never offers it either.
    const reply = await answer(0, true);
    assert.ok(reply.length > 0);
    assert.ok(reply.every((r) => r.contentId !== target.contentId));
    // The other section is not affected.
    const list = (await get(`/v1/sections/${sid}/controls`, a.keys.admin)).json<{
      items: { contentId: string; kind: string; note: string }[];
    }>();
    assert.deepEqual(
      list.items.map((c) => [c.contentId, c.kind, c.note]),
      [[target.contentId, 'hidden', 'typo in the answer']],
    );
    // Pin another ready entry: it comes first, with the reason.
    const other = withHidden.items.at(-1) as Rec;
    assert.equal(
      (
        await put(
          a.keys.instructor,
          { kind: 'pinned' },
          `/v1/sections/${sid}/controls/content/${other.contentId}`,
        )
      ).statusCode,
      200,
    );
    const pinned = await recsOf(a.users.student, a.keys.student);
    assert.equal(pinned.items[0]?.contentId, other.contentId);
    assert.ok(pinned.items[0]?.reasons.some((r) => r.code === 'pinned'));
    const del = await t.app.inject({
      method: 'DELETE',
      url: controlUrl,
      headers: bearer(a.keys.instructor),
    });
    assert.equal(del.statusCode, 204);
    // Section goal: the path uses it when no goal is given.
    const goalUrl = `/v1/sections/${sid}/goal`;
    assert.equal(
      (await put(a.keys.otherInstructor, { goalObjectiveId: obj(1) }, goalUrl)).statusCode,
      404,
    );
    const wrong = await put(a.keys.instructor, { goalObjectiveId: a.contentIds[0] }, goalUrl);
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json<Problem>().errors?.[0]?.path, '/goalObjectiveId');
    assert.equal(
      (await put(a.keys.instructor, { goalObjectiveId: obj(1) }, goalUrl)).statusCode,
      200,
    );
    const path = (await get(`/v1/students/${a.users.student}/path`, a.keys.student)).json<{
      goalObjectiveId: string;
      steps: { objectiveId: string }[];
    }>();
    assert.equal(path.goalObjectiveId, obj(1));
    assert.deepEqual(
      path.steps.map((s) => s.objectiveId),
      [obj(1)],
    );
    const onPath = await recsOf(a.users.student, a.keys.student);
    assert.ok(onPath.items.some((r) => r.reasons.some((x) => x.code === 'on_path')));
    assert.equal((await put(a.keys.admin, { goalObjectiveId: null }, goalUrl)).statusCode, 200);
  });

  test('the recommender scores with the promoted BKT of the tenant, and with textbook BKT again once it is rolled back', async () => {
    // A BKT whose first objective is easy to guess and rarely slipped: its predicted success
    // differs from textbook BKT's (prior 0.2, guess 0.2, slip 0.1) on that objective's items.
    const served = new BktModel({
      name: 'bkt',
      forgetting: false,
      combine: 'mean-logit',
      objectives: new Map([
        [obj(0), { prior: 0.5, learn: 0.1, forget: 0, guess: 0.45, slip: 0.02 }],
      ]),
      fallback: { prior: 0.2, learn: 0.15, forget: 0, guess: 0.2, slip: 0.1 },
    });
    const stores = t.container.stores;
    await stores.models.register({
      id: t.container.newId(),
      tenantId: a.tenantId,
      name: 'bkt',
      version: '1.0.0',
      dataHash: 'a'.repeat(64),
      gitCommit: null,
      paramsSha256: 'b'.repeat(64),
      metrics: {},
      trainingData: {},
      params: served.serialize(),
    });
    const student = a.users.otherStudent;
    const successText = async () => {
      const r = await recsOf(student, a.keys.admin, '?limit=10');
      assert.equal(r.degraded, false);
      const item = r.items.find((x) => x.type === 'assessment_item' && x.objectiveId === obj(0));
      assert.ok(item, 'an item of the first objective is recommended');
      const reason = item.reasons.find((x) => x.code === 'desirable_difficulty');
      assert.ok(reason, JSON.stringify(item.reasons));
      const objectives = content.find((c) => c.id === item.contentId)?.objectiveIds ?? [];
      return { text: reason.text, objectives, contentId: item.contentId };
    };
    // The recommender predicts with the item's format (its guess), as the course catalog gives it.
    const listed = await stores.courses.listContent(a.tenantId, a.courseId, {}, { limit: 100 });
    const expected = async (model: BktModel, got: { objectives: string[]; contentId: string }) => {
      const stored = await stores.learning.masteryOf(a.tenantId, student, a.courseId);
      const p = model.predict(new Map(stored.map((m) => [m.objectiveId, m.pMastery])), {
        student,
        item: got.contentId,
        objectives: got.objectives,
        format: itemFormatInfoOf(listed.items.find((c) => c.id === got.contentId)?.item),
      });
      return `${Math.round(p * 100)}% predicted success`;
    };
    const before = await successText();
    assert.ok(before.text.startsWith(await expected(textbookBktModel(), before)), before.text);
    await stores.models.promote(a.tenantId, 'bkt', '1.0.0', new Date());
    await t.container.servedModels.refresh();
    try {
      const promoted = await successText();
      const want = await expected(served, promoted);
      assert.ok(promoted.text.startsWith(want), `${promoted.text} (want ${want})`);
      assert.notEqual(want, await expected(textbookBktModel(), promoted));
      // The reply to an event scores with the same, tenant's, model.
      const posted = await t.app.inject({
        method: 'POST',
        url: '/v1/events?recommendations=10',
        headers: bearer(a.keys.admin),
        payload: {
          id: `promoted-bkt-${t.container.newId()}`,
          type: 'session_started',
          studentId: student,
          courseId: a.courseId,
          timestamp: new Date().toISOString(),
        },
      });
      assert.equal(posted.statusCode, 200, posted.body);
      const replyItems = posted
        .json<{ recommendations: Rec[] }>()
        .recommendations.filter((x) => x.type === 'assessment_item' && x.objectiveId === obj(0));
      assert.ok(replyItems.length > 0, posted.body);
      for (const x of replyItems) {
        const text = x.reasons.find((r) => r.code === 'desirable_difficulty')?.text ?? '';
        const objectives = content.find((c) => c.id === x.contentId)?.objectiveIds ?? [];
        const wantReply = await expected(served, { objectives, contentId: x.contentId });
        assert.ok(text.startsWith(wantReply), `${text} (want ${wantReply})`);
      }
    } finally {
      await stores.models.rollback(a.tenantId, 'bkt');
      await t.container.servedModels.refresh();
    }
    const after = await successText();
    assert.ok(after.text.startsWith(await expected(textbookBktModel(), after)), after.text);
  });

  test('fault: knowledge model unavailable → degraded readiness ranking with the reason', async () => {
    const services = {
      ...t.container.services,
      recommendations: createRecommendationService({
        learning: t.container.stores.learning,
        sections: t.container.stores.sections,
        catalog: t.container.catalog,
        checkStudent: t.container.services.learnerRecords.checkStudent,
        audit: t.container.trail,
        model: () => {
          throw new Error('model registry unreachable');
        },
        cache: createLruRecommendationCache(),
        now: () => new Date(),
        dbTimeoutMs: 5000,
      }),
    };
    const config = loadConfig({
      PATHWISE_DATA_DIR: 'memory://',
      NODE_ENV: 'test',
      PATHWISE_LOG_LEVEL: 'silent',
    });
    const app = await buildAppFor(config, { ...t.container, services }, silentLogger);
    try {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/students/${a.users.otherStudent}/recommendations`,
        headers: bearer(a.keys.admin),
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<Recs>();
      assert.equal(body.degraded, true);
      assert.equal(
        body.degradedReason,
        'the knowledge model is unavailable: model registry unreachable',
      );
      assert.ok(body.items.length > 0);
      for (const r of body.items) {
        assert.equal(r.objectiveId, obj(0));
        assert.ok(r.reasons.some((x) => x.code === 'fallback'));
      }
    } finally {
      await app.close();
    }
  });

  test('fault: database slow → the last recommendations from the cache, marked cached', async () => {
    let slow = false;
    const real = t.container.stores.learning;
    const learning: LearningStore = {
      ...real,
      async masteryOf(...args) {
        if (slow) {
          await new Promise((r) => setTimeout(r, 400));
        }
        return real.masteryOf(...args);
      },
    };
    const service = createRecommendationService({
      learning,
      sections: t.container.stores.sections,
      catalog: t.container.catalog,
      checkStudent: t.container.services.learnerRecords.checkStudent,
      audit: t.container.trail,
      model: () => textbookBktModel(),
      cache: createLruRecommendationCache(),
      now: () => new Date(),
      dbTimeoutMs: 100,
    });
    const actor = {
      kind: 'user' as const,
      tenantId: a.tenantId,
      userId: a.users.admin,
      role: 'admin' as const,
    };
    const fresh = await service.recommendations(actor, a.users.otherStudent, { limit: 3 });
    assert.equal(fresh.cached, false);
    slow = true;
    const cached = await service.recommendations(actor, a.users.otherStudent, { limit: 3 });
    assert.equal(cached.cached, true);
    assert.deepEqual(cached.items, fresh.items);
    // Nothing cached for another request: Unavailable (503), never a wrong answer.
    await assert.rejects(
      service.recommendations(actor, a.users.otherStudent, { limit: 4 }),
      (e: { kind?: string; code?: string }) =>
        e.kind === 'Unavailable' && e.code === 'database_slow',
    );
  });

  test(
    'fault: database slow in one process → the answer another process cached in Redis',
    { skip: process.env.REDIS_URL ? undefined : 'skipped: no Redis server (set REDIS_URL)' },
    async () => {
      const prefix = `pathwise-test:${randomBytes(4).toString('hex')}:`;
      const clients = [0, 1].map(
        () =>
          new Redis(process.env.REDIS_URL as string, {
            maxRetriesPerRequest: 1,
            enableOfflineQueue: false,
            lazyConnect: true,
          }),
      );
      try {
        const real = t.container.stores.learning;
        const slowLearning: LearningStore = {
          ...real,
          async masteryOf(...args) {
            await new Promise((r) => setTimeout(r, 400));
            return real.masteryOf(...args);
          },
        };
        // Two API processes: each its own service, its own LRU, one Redis.
        const processes = await Promise.all(
          [real, slowLearning].map(async (learning, i) => {
            const redis = clients[i] as Redis;
            await redis.connect();
            return createRecommendationService({
              learning,
              sections: t.container.stores.sections,
              catalog: t.container.catalog,
              checkStudent: t.container.services.learnerRecords.checkStudent,
              audit: t.container.trail,
              model: () => textbookBktModel(),
              cache: createRedisRecommendationCache({
                redis,
                local: createLruRecommendationCache(),
                prefix,
              }),
              now: () => new Date(),
              dbTimeoutMs: 100,
            });
          }),
        );
        const actor = {
          kind: 'user' as const,
          tenantId: a.tenantId,
          userId: a.users.admin,
          role: 'admin' as const,
        };
        const [fast, slow] = processes as [(typeof processes)[number], (typeof processes)[number]];
        // Before anyone answered, the slow process has nothing to serve.
        await assert.rejects(
          slow.recommendations(actor, a.users.otherStudent, { limit: 2 }),
          (e: { code?: string }) => e.code === 'database_slow',
        );
        const fresh = await fast.recommendations(actor, a.users.otherStudent, { limit: 2 });
        assert.equal(fresh.cached, false);
        const cached = await slow.recommendations(actor, a.users.otherStudent, { limit: 2 });
        assert.equal(cached.cached, true);
        assert.deepEqual(cached.items, fresh.items);
      } finally {
        const keys = await (clients[0] as Redis).keys(`${prefix}*`).catch(() => []);
        if (keys.length > 0) {
          await (clients[0] as Redis).del(...keys);
        }
        for (const c of clients) {
          c.disconnect();
        }
      }
    },
  );
});
