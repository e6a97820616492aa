/** An in-process least-recently-used recommendation cache (one per API process). */
import type { RecommendationCache } from '../../ports.js';

export function createLruRecommendationCache(maxEntries = 10_000): RecommendationCache {
  const entries = new Map<string, unknown>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        // Move to the most recent end.
        entries.delete(key);
        entries.set(key, value);
      }
      return Promise.resolve(value ?? null);
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) {
        entries.delete(entries.keys().next().value as string);
      }
      return Promise.resolve();
    },
  };
}
