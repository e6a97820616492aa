/**
 * `pathwise analytics rebuild` as a real process: events stored while no worker ran (so the
 * analytics tables are empty) are folded into the analytics tables from the event log.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { buildAppFor, createContainer } from '../../src/main.js';
import { silentLogger } from '../support/databases.js';
import { runPathwise } from '../support/processes.js';
import { bearer, courseContentOf, seedTenant } from '../support/test-app.js';

describe('pathwise analytics rebuild', () => {
  let dir: string;
  let env: Record<string, string>;
  let student = '';

  async function open() {
    const config = loadConfig({
      ...env,
      PATHWISE_LOG_LEVEL: 'silent',
      PATHWISE_WEB_DIR: '/nonexistent',
    });
    return createContainer(config, silentLogger);
  }

  const count = async (table: string) => {
    const c = await open();
    try {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table)}`.execute(c.database.db);
      return rows[0]?.n ?? 0;
    } finally {
      await c.close();
    }
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathwise-analytics-cli-'));
    env = { PATHWISE_DATA_DIR: join(dir, 'data'), PATHWISE_SEED_DEMO: '0' };
    const c = await open();
    try {
      const config = loadConfig({
        ...env,
        PATHWISE_LOG_LEVEL: 'silent',
        PATHWISE_WEB_DIR: '/nonexistent',
      });
      const app = await buildAppFor(config, c, silentLogger);
      const a = await seedTenant(c, 'cli-analytics');
      student = a.users.student;
      const item = (
        await courseContentOf({ app, container: c, close: () => Promise.resolve() }, a)
      ).find((x) => x.type === 'assessment_item') as { id: string };
      const events = Array.from({ length: 5 }, (_, i) => ({
        id: `cli-${i}`,
        type: 'item_attempted',
        studentId: a.users.student,
        courseId: a.courseId,
        timestamp: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
        itemId: item.id,
        response: 'x',
        correct: true,
        durationMs: 10_000,
        hintsUsed: 0,
        attempt: 1,
      }));
      const res = await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(a.keys.admin),
        payload: { events },
      });
      assert.equal(res.statusCode, 200, res.body);
      await app.close();
    } finally {
      await c.close();
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('folds the stored events of a tenant into the analytics tables', async () => {
    assert.equal(await count('analytics_learners'), 0, 'no worker ran');
    const r = runPathwise(['analytics', 'rebuild', '--tenant', 'cli-analytics'], env);
    assert.equal(r.status, 0, r.stderr);
    const line = JSON.parse(r.stdout) as { tenant: string; learners: number; events: number };
    assert.deepEqual(
      { tenant: line.tenant, learners: line.learners, events: line.events },
      { tenant: 'cli-analytics', learners: 1, events: 5 },
    );
    assert.equal(await count('analytics_learners'), 1);
    assert.ok((await count('analytics_mastery_points')) >= 2);
    const c = await open();
    try {
      const { rows } = await sql<{ summary: { days: [string, number, number][] } }>`
        select summary from analytics_learners where student_id = ${student}::uuid`.execute(
        c.database.db,
      );
      assert.deepEqual(rows[0]?.summary.days, [['2026-11-20', 5, 5]]);
    } finally {
      await c.close();
    }
  });

  test('an unknown tenant exits non-zero', () => {
    const r = runPathwise(['analytics', 'rebuild', '--tenant', 'nope'], env);
    assert.notEqual(r.status, 0);
  });
});
