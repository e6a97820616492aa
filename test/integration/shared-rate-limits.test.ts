/**
 * With Redis, every process counts against the same limits: two app instances on one Redis
 * refuse a key once their requests together pass its limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../src/services/secrets.js';
import { databaseKinds, requireServices } from '../support/databases.js';
import { bearer, seedTenant, startTestApp, type TestApp } from '../support/test-app.js';

const redisUrl = process.env.REDIS_URL || undefined;
if (requireServices && !redisUrl) {
  throw new Error('PATHWISE_REQUIRE_SERVICES=1 but REDIS_URL is not set');
}

describe(
  'rate limits shared through Redis',
  { skip: redisUrl ? undefined : 'skipped: no Redis server (set REDIS_URL)' },
  () => {
    let one: TestApp;
    let two: TestApp;
    after(async () => {
      await one.close();
      await two.close();
    });
    before(async () => {
      const env = { REDIS_URL: redisUrl as string, PATHWISE_RATE_LIMIT_PER_KEY: '4' };
      one = await startTestApp(databaseKinds[0], env);
      two = await startTestApp(databaseKinds[0], env);
    });

    test('two processes together allow a key its limit, not twice its limit', async () => {
      // The same key is valid in both apps: create it in one app's database, then the same tenant
      // and key hash in the other's is not possible, so each app gets a key with the same text.
      const a = await seedTenant(one.container, 'shared-rl');
      const key = a.keys.admin;
      const b = await seedTenant(two.container, 'shared-rl');
      await two.container.stores.credentials.saveApiKey({
        id: two.container.newId(),
        tenantId: b.tenantId,
        role: 'admin',
        userId: b.users.admin,
        operatorId: null,
        name: 'shared',
        prefix: key.slice(0, 10),
        keyHash: sha256(key),
      });
      const statuses: number[] = [];
      for (const app of [one, two, one, two, one, two]) {
        statuses.push(
          (await app.app.inject({ method: 'GET', url: '/v1/courses', headers: bearer(key) }))
            .statusCode,
        );
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
    });
  },
);
