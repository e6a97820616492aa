/**
 * Recommendation cache contract: the in-process LRU, and, when REDIS_URL is set, the Redis cache
 * shared by API processes, with its faults injected (Redis that does not answer, Redis that
 * refuses connections): reads and writes then fall back to the process's own LRU, in bounded
 * time, and never throw into the request. With PATHWISE_REQUIRE_SERVICES=1 a missing REDIS_URL
 * fails the run instead of skipping.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createLruRecommendationCache } from '../../src/adapters/memory/lru-recommendation-cache.js';
import { createRedisRecommendationCache } from '../../src/adapters/redis/redis-recommendation-cache.js';
import type { RecommendationCache } from '../../src/ports.js';

const redisUrl = process.env.REDIS_URL || undefined;
if (process.env.PATHWISE_REQUIRE_SERVICES === '1' && !redisUrl) {
  throw new Error('PATHWISE_REQUIRE_SERVICES=1 but REDIS_URL is not set');
}
const runId = randomBytes(4).toString('hex');
const clients: Redis[] = [];
/** A client configured as src/main.ts does, connected (or failing to connect) before use. */
const client = async (url: string) => {
  const r = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    lazyConnect: true,
  });
  r.on('error', () => undefined);
  clients.push(r);
  await r.connect().catch(() => undefined);
  return r;
};
after(async () => {
  if (redisUrl) {
    const r = await client(redisUrl);
    const keys = await r.keys(`pathwise-test:${runId}:*`);
    if (keys.length > 0) {
      await r.del(...keys);
    }
  }
  for (const c of clients) {
    c.disconnect();
  }
});

const answer = (n: number) => ({ items: [{ contentId: `c${n}`, score: 0.5 }], cached: false });

const kinds: {
  name: string;
  skip: string | undefined;
  open(scope: string): Promise<RecommendationCache>;
}[] = [
  { name: 'lru', skip: undefined, open: () => Promise.resolve(createLruRecommendationCache(10)) },
  {
    name: 'redis',
    skip: redisUrl ? undefined : 'skipped: no Redis server (set REDIS_URL)',
    open: async (scope) =>
      createRedisRecommendationCache({
        redis: await client(redisUrl as string),
        local: createLruRecommendationCache(10),
        prefix: `pathwise-test:${runId}:${scope}:`,
      }),
  },
];

for (const kind of kinds) {
  describe(`recommendation cache: ${kind.name}`, { skip: kind.skip }, () => {
    test('a miss is null; the last value set is returned, as JSON', async () => {
      const cache = await kind.open('roundtrip');
      assert.equal(await cache.get('t/s/c/3'), null);
      await cache.set('t/s/c/3', answer(1));
      await cache.set('t/s/c/3', answer(2));
      await cache.set('t/s/c/4', answer(3));
      assert.deepEqual(await cache.get('t/s/c/3'), answer(2));
      assert.deepEqual(await cache.get('t/s/c/4'), answer(3));
    });
  });
}

describe('recommendation cache: redis faults', { skip: kinds[1]?.skip }, () => {
  const url = redisUrl as string;

  test('processes share it: what one process set, another reads', async () => {
    const prefix = `pathwise-test:${runId}:shared:`;
    const one = createRedisRecommendationCache({
      redis: await client(url),
      local: createLruRecommendationCache(),
      prefix,
    });
    const two = createRedisRecommendationCache({
      redis: await client(url),
      local: createLruRecommendationCache(),
      prefix,
    });
    await one.set('t/s/c/3', answer(7));
    assert.deepEqual(await two.get('t/s/c/3'), answer(7));
    // And entries expire: the cache is a fallback, not a store.
    const r = await client(url);
    const ttl = await r.ttl(`${prefix}t/s/c/3`);
    assert.ok(ttl > 0 && ttl <= 86_400, `ttl ${ttl}`);
  });

  test('fault: Redis stops answering → the local LRU, within the timeout', async () => {
    // A TCP proxy in front of the real Redis; `frozen` drops its replies (a hung Redis).
    const target = new URL(url);
    let frozen = false;
    const sockets: Socket[] = [];
    const proxy: Server = createServer((inbound) => {
      const outbound = connect(Number(target.port || 6379), target.hostname);
      sockets.push(inbound, outbound);
      inbound.on('data', (d) => outbound.write(d));
      outbound.on('data', (d) => {
        if (!frozen) {
          inbound.write(d);
        }
      });
      inbound.on('error', () => undefined);
      outbound.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as { port: number }).port;
    const errors: unknown[] = [];
    try {
      const cache = createRedisRecommendationCache({
        redis: await client(`redis://127.0.0.1:${port}`),
        local: createLruRecommendationCache(),
        prefix: `pathwise-test:${runId}:hung:`,
        timeoutMs: 100,
        onError: (e) => errors.push(e),
      });
      await cache.set('t/s/c/3', answer(4));
      assert.deepEqual(errors, [], 'through the proxy, Redis answers');
      frozen = true;
      const started = Date.now();
      await cache.set('t/s/c/3', answer(8));
      assert.deepEqual(await cache.get('t/s/c/3'), answer(8));
      assert.equal(await cache.get('t/s/c/9'), null);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assert.equal(errors.length, 3, 'every Redis failure is reported');
    } finally {
      for (const s of sockets) {
        s.destroy();
      }
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  test('fault: Redis refuses connections → the local LRU, no throw', async () => {
    // A port nothing listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const errors: unknown[] = [];
    const cache = createRedisRecommendationCache({
      redis: await client(`redis://127.0.0.1:${port}`),
      local: createLruRecommendationCache(),
      prefix: `pathwise-test:${runId}:down:`,
      onError: (e) => errors.push(e),
    });
    await cache.set('t/s/c/3', answer(5));
    assert.deepEqual(await cache.get('t/s/c/3'), answer(5));
    assert.ok(errors.length >= 2);
  });

  test('a miss in Redis falls back to what this process set while Redis was away', async () => {
    const local = createLruRecommendationCache();
    await local.set('t/s/c/3', answer(6));
    const errors: unknown[] = [];
    const cache = createRedisRecommendationCache({
      redis: await client(url),
      local,
      prefix: `pathwise-test:${runId}:miss:`,
      onError: (e) => errors.push(e),
    });
    assert.deepEqual(await cache.get('t/s/c/3'), answer(6));
    assert.deepEqual(errors, [], 'Redis answered (a miss), it did not fail');
  });
});
