/** Rate limits per credential and per tenant on /v1, answered as 429 problem+json. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import {
  bearer,
  seedTenant,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

describe('rate limits', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  after(() => t.close());
  before(async () => {
    t = await startTestApp(databaseKinds[0], {
      PATHWISE_RATE_LIMIT_PER_KEY: '3',
      PATHWISE_RATE_LIMIT_PER_TENANT: '5',
    });
    a = await seedTenant(t.container, 'rl-a');
    b = await seedTenant(t.container, 'rl-b');
  });
  const get = (key: string) =>
    t.app.inject({ method: 'GET', url: '/v1/courses', headers: bearer(key) });

  test('a key over its limit gets 429 problem+json with Retry-After; other keys and tenants go on', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await get(a.keys.admin)).statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await get(a.keys.admin);
    assert.equal(limited.statusCode, 429);
    assert.match(String(limited.headers['content-type']), /application\/problem\+json/);
    assert.equal(limited.json<{ code: string }>().code, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await get(b.keys.admin)).statusCode, 200, 'another tenant is not limited');
  });

  test('a tenant over its limit is refused whatever the key, while other tenants go on', async () => {
    // Tenant A has used 5 so far (3 allowed + 2 refused by the key limit count towards it too).
    const other = await get(a.keys.instructor);
    assert.equal(other.statusCode, 429);
    assert.equal((await get(b.keys.instructor)).statusCode, 200);
  });

  test('health, readiness and metrics are not limited', async () => {
    for (let i = 0; i < 10; i++) {
      assert.equal((await t.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    }
  });
});
