import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { startAuditSealer } from './audit-sealer.js';

const logger = pino({ level: 'silent' });

test('the sealer seals, then prunes every tenant, as soon as it starts; stop waits for that run', async () => {
  const calls: string[] = [];
  const sealer = startAuditSealer({
    audit: {
      sealAll: () => {
        calls.push('seal');
        return Promise.resolve(3);
      },
      prune: (tenantId) => {
        calls.push(`prune ${tenantId}`);
        return Promise.resolve({ pruned: 0, anchorIndex: 0, before: '' });
      },
    },
    tenantIds: () => Promise.resolve(['t1', 't2']),
    intervalMs: 60_000,
    pruneEveryMs: 1000,
    now: () => 0,
    logger,
  });
  await sealer.stop();
  assert.deepEqual(calls, ['seal', 'prune t1', 'prune t2']);
});

test('a failing run is logged and does not stop the sealer from stopping cleanly', async () => {
  const errors: unknown[] = [];
  const sealer = startAuditSealer({
    audit: {
      sealAll: () => Promise.reject(new Error('database down')),
      prune: () => Promise.reject(new Error('unreachable')),
    },
    tenantIds: () => Promise.resolve([]),
    intervalMs: 60_000,
    logger: {
      ...logger,
      warn: (obj: unknown) => errors.push(obj),
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
    },
  });
  await sealer.stop();
  assert.equal(errors.length, 1);
});
