/**
 * The recommendation cache shared by every API process through Redis (used when REDIS_URL is set),
 * so a process whose database is slow can serve the last answer another process computed.
 *
 * - Entries are JSON under `prefix` + the service's key (tenant/student/course/limit), expiring
 *   after `ttlSeconds` (default a day): the cache is a fallback, never the only copy of anything.
 * - A cache read happens when the database is already slow, so it waits at most `timeoutMs`
 *   (default 200 ms) for Redis; a write does not hold up the answer beyond that either.
 * - When Redis fails or is slow, reads and writes fall back to `local` (the in-process LRU), so
 *   a Redis outage leaves the behaviour of a single process.
 */
import type { Redis } from 'ioredis';
import type { RecommendationCache } from '../../ports.js';

export interface RedisRecommendationCacheProps {
  redis: Redis;
  /** Used when Redis fails or does not answer in time; written on every set. */
  local: RecommendationCache;
  prefix?: string;
  ttlSeconds?: number;
  timeoutMs?: number;
  /** Told about every Redis failure (for a log line); never throws into the request. */
  onError?: (error: unknown) => void;
}

class RedisTimeout extends Error {
  constructor(ms: number) {
    super(`redis did not answer within ${ms} ms`);
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createRedisRecommendationCache(
  props: RedisRecommendationCacheProps,
): RecommendationCache {
  const prefix = props.prefix ?? 'pathwise:recommendations:';
  const ttl = props.ttlSeconds ?? 86_400;
  const timeoutMs = props.timeoutMs ?? 200;
  const failed = (error: unknown) => props.onError?.(error);
  return {
    async get(key) {
      try {
        const raw = await within(props.redis.get(prefix + key), timeoutMs);
        if (raw !== null) {
          return JSON.parse(raw) as unknown;
        }
      } catch (error) {
        failed(error);
      }
      return props.local.get(key);
    },
    async set(key, value) {
      await props.local.set(key, value);
      try {
        await within(props.redis.set(prefix + key, JSON.stringify(value), 'EX', ttl), timeoutMs);
      } catch (error) {
        failed(error);
      }
    },
  };
}
