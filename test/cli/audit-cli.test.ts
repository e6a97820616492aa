/**
 * `pathwise audit verify|export|prune` as a real process. The test writes audit entries straight
 * into the embedded database, tampers with it as the database owner (edit, delete, reorder, one
 * tenant each), and checks the exit code and the entry each run names.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { migrateToLatest, openDatabase, type Db } from '../../src/adapters/postgres/database.js';
import { createPostgresAuditStore } from '../../src/adapters/postgres/postgres-audit-store.js';
import { silentLogger } from '../support/databases.js';
import { runPathwise } from '../support/processes.js';

const SLUGS = ['intact', 'edited', 'deleted', 'reordered'] as const;

describe('pathwise audit', () => {
  let dir: string;
  let env: Record<string, string>;
  const tenants = new Map<string, string>();
  const student = uuidv7();

  /** Runs `fn` on the embedded database, then closes it so the CLI can open it. */
  async function withDb(fn: (db: Db) => Promise<void>): Promise<void> {
    const database = await openDatabase({ dataDir: join(dir, 'data', 'pgdata'), poolSize: 1 });
    try {
      await fn(database.db);
    } finally {
      await database.close();
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathwise-audit-cli-'));
    env = { PATHWISE_DATA_DIR: join(dir, 'data'), PATHWISE_SEED_DEMO: '0' };
    await withDb(async (db) => {
      await migrateToLatest(db, silentLogger);
      const store = createPostgresAuditStore(db);
      for (const slug of SLUGS) {
        const id = uuidv7();
        tenants.set(slug, id);
        await sql`insert into tenants (id, slug, name) values (${id}, ${`audit-${slug}`}, ${slug})`.execute(
          db,
        );
        for (let i = 0; i < 6; i++) {
          await store.append(id, [
            {
              id: uuidv7(),
              at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
              actorKind: 'user',
              actorId: uuidv7(),
              role: 'instructor',
              purpose: 'instruction',
              subjectId: i % 2 === 0 ? student : uuidv7(),
              action: 'read',
              resource: 'mastery',
              requestId: `req-${i}`,
            },
          ]);
        }
      }
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('verify seals the entries and exits 0 with a JSON summary when every chain is intact', () => {
    const r = runPathwise(['audit', 'verify'], env);
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as {
      ok: boolean;
      tenants: number;
      results: { tenant: string; ok: boolean; entries: number; headIndex: number }[];
    };
    assert.equal(summary.ok, true);
    assert.equal(summary.tenants, SLUGS.length);
    assert.ok(summary.results.every((t) => t.ok && t.entries === 6 && t.headIndex === 6));
  });

  test('export prints one JSON line per entry of the tenant, or of one student', () => {
    const all = runPathwise(['audit', 'export', '--tenant', 'audit-intact'], env);
    assert.equal(all.status, 0, all.stderr);
    assert.equal(all.stdout.trim().split('\n').length, 6);
    const one = runPathwise(
      ['audit', 'export', '--tenant', 'audit-intact', '--student', student],
      env,
    );
    assert.equal(one.status, 0, one.stderr);
    const lines = one.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { subjectId: string; hash: string });
    assert.equal(lines.length, 3);
    assert.ok(lines.every((e) => e.subjectId === student && /^[0-9a-f]{64}$/.test(e.hash)));
  });

  test('an edited, a deleted and a reordered entry each make verify exit 2 naming the entry', async () => {
    await withDb(async (db) => {
      const where = (slug: string) => sql`tenant_id = ${tenants.get(slug)}`;
      await sql`update audit_log set resource = 'users' where ${where('edited')} and chain_index = 4`.execute(
        db,
      );
      await sql`delete from audit_log where ${where('deleted')} and chain_index = 3`.execute(db);
      await sql`update audit_log set chain_index = -1 where ${where('reordered')} and chain_index = 5`.execute(
        db,
      );
      await sql`update audit_log set chain_index = 5 where ${where('reordered')} and chain_index = 6`.execute(
        db,
      );
      await sql`update audit_log set chain_index = 6 where ${where('reordered')} and chain_index = -1`.execute(
        db,
      );
    });
    const expected = {
      edited: [4, 'edited'],
      deleted: [4, 'deleted'],
      reordered: [5, 'reordered'],
    } as const;
    // One run checks every tenant: the intact one passes, each tampered one names its entry.
    const r = runPathwise(['audit', 'verify'], env);
    assert.equal(r.status, 2, r.stderr);
    const results = (
      JSON.parse(r.stdout) as {
        ok: boolean;
        results: {
          tenant: string;
          ok: boolean;
          firstBad?: { chainIndex: number; reason: string; seq: number };
        }[];
      }
    ).results;
    assert.equal(results.find((t) => t.tenant === 'audit-intact')?.ok, true);
    for (const [slug, [index, reason]] of Object.entries(expected)) {
      const result = results.find((t) => t.tenant === `audit-${slug}`);
      assert.deepEqual([result?.firstBad?.chainIndex, result?.firstBad?.reason], [index, reason]);
      assert.match(
        r.stderr,
        new RegExp(
          `tenant audit-${slug} is broken at entry ${index} \\(seq \\d+, id [0-9a-f-]{36}\\): ${reason}`,
        ),
      );
    }
  });

  test('prune refuses a broken chain and prunes an intact one past the retention', () => {
    const broken = runPathwise(['audit', 'prune', '--tenant', 'audit-edited'], env);
    assert.equal(broken.status, 2);
    const pruned = runPathwise(['audit', 'prune', '--tenant', 'audit-intact'], {
      ...env,
      PATHWISE_AUDIT_RETENTION_DAYS: '1',
    });
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.deepEqual(JSON.parse(pruned.stdout) as object, {
      tenant: 'audit-intact',
      pruned: 6,
      anchorIndex: 6,
      before: (JSON.parse(pruned.stdout) as { before: string }).before,
    });
    const verified = runPathwise(['audit', 'verify', '--tenant', 'audit-intact'], env);
    assert.equal(verified.status, 0, verified.stderr);
    const result = (
      JSON.parse(verified.stdout) as {
        results: { anchorIndex: number; entries: number; pruned: number }[];
      }
    ).results[0];
    assert.deepEqual([result?.anchorIndex, result?.entries, result?.pruned], [6, 0, 6]);
  });
});
