/**
 * Guardrail overhead on the event hot path (`npm run bench:guardrail`), in microseconds:
 * - authorization: `authorize(authz, actor, 'events', 'write')` with the real casbin policy, as
 *   every POST /v1/events does (decisions are cached per role × resource × action), and the
 *   first, uncached casbin evaluation;
 * - audit append: building the entries (`trail.entries`) and their insert, which rides in the
 *   ingestion transaction's write statement. Measured as the learning store's `ingest` of one
 *   new event with and without the audit entry, interleaved (the difference is the append's
 *   cost), plus the same insert run as a statement of its own, for scale;
 * - the sealer's throughput (off the hot path).
 * Runs on embedded PGlite, and on PostgreSQL when DATABASE_URL is set (a fresh database).
 */
import { pino } from 'pino';
import { sql } from 'kysely';
import { createCasbinAuthorizer } from '../src/adapters/casbin/casbin-authorizer.js';
import { bindTenant, migrateToLatest, openDatabase } from '../src/adapters/postgres/database.js';
import { appendAuditEntries } from '../src/adapters/postgres/postgres-audit-store.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/main.js';
import { authorize, type Actor } from '../src/services/access.js';
import { createAuditTrail } from '../src/services/audit.js';
import { createServerDatabase } from '../test/support/databases.js';
import { seedTenant } from '../test/support/test-app.js';
import { summary } from './bench-support.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const logger = pino({ level: 'silent' });
const us = (ns: bigint) => Number(ns) / 1000;

async function authorization() {
  const authz = await createCasbinAuthorizer(logger);
  const actor: Actor = { kind: 'user', tenantId: 't', userId: 'u', role: 'admin', requestId: 'r' };
  const cached: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const t0 = process.hrtime.bigint();
    authorize(authz, actor, 'events', 'write');
    cached.push(us(process.hrtime.bigint() - t0));
  }
  const uncached: number[] = [];
  for (let i = 0; i < 200; i++) {
    const fresh = await createCasbinAuthorizer(logger);
    const t0 = process.hrtime.bigint();
    authorize(fresh, actor, 'events', 'write');
    uncached.push(us(process.hrtime.bigint() - t0));
  }
  return { cachedUs: summary(cached.slice(1000)), firstDecisionUs: summary(uncached) };
}

async function auditAppend(databaseUrl: string | undefined) {
  const fresh = databaseUrl ? await createServerDatabase(databaseUrl) : null;
  const database = await openDatabase({ url: fresh?.url, dataDir: 'memory://', poolSize: 4 });
  await migrateToLatest(database.db, logger);
  const config = loadConfig({
    PATHWISE_DATA_DIR: 'memory://',
    PATHWISE_SEED_DEMO: '0',
    PATHWISE_LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
  });
  const c = await createContainer(config, logger, { database, migrate: false });
  try {
    const tenant = await seedTenant(c, 'bench-guardrail');
    const item = (
      await c.stores.courses.listContent(
        tenant.tenantId,
        tenant.courseId,
        { type: 'assessment_item' },
        { limit: 1 },
      )
    ).items[0] as { id: string };
    const trail = createAuditTrail({
      store: c.stores.audit,
      newId: c.newId,
      now: () => new Date(),
    });
    const actor: Actor = {
      kind: 'user',
      tenantId: tenant.tenantId,
      userId: tenant.users.admin,
      role: 'admin',
      requestId: 'bench',
    };
    let n = 0;
    const ingestOne = async (withAudit: boolean) => {
      const i = n++;
      const event = {
        id: `guardrail-${i}`,
        type: 'item_attempted' as const,
        studentId: tenant.users.student,
        courseId: tenant.courseId,
        timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
        itemId: item.id,
        response: 'a',
        correct: true,
        durationMs: 5000,
        hintsUsed: 0,
        attempt: 1,
      };
      const t0 = process.hrtime.bigint();
      await c.stores.learning.ingest({
        tenantId: tenant.tenantId,
        events: [{ id: c.newId(), event }],
        derive: () => ({ mastery: [], features: [], outbox: [] }),
        audit: withAudit
          ? (f) =>
              trail.entries(
                actor,
                f.map((e) => e.event.studentId),
                'write',
                'events',
              )
          : undefined,
      });
      return us(process.hrtime.bigint() - t0);
    };
    for (let i = 0; i < 200; i++) {
      await ingestOne(i % 2 === 0); // warm-up
    }
    const withAudit: number[] = [];
    const withoutAudit: number[] = [];
    const build: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      withAudit.push(await ingestOne(true));
      withoutAudit.push(await ingestOne(false));
      const t0 = process.hrtime.bigint();
      trail.entries(actor, [tenant.users.student], 'write', 'events');
      build.push(us(process.hrtime.bigint() - t0));
    }
    // The insert as a statement of its own, against a bare round trip in the same transaction:
    // the difference is what the database spends on the append itself.
    const standalone: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const entries = trail.entries(actor, [tenant.users.student], 'write', 'events');
      await database.db.transaction().execute(async (tx) => {
        await bindTenant(tx, tenant.tenantId);
        const t0 = process.hrtime.bigint();
        await sql`select 1`.execute(tx);
        const t1 = process.hrtime.bigint();
        await sql`select ${appendAuditEntries(tenant.tenantId, entries)}`.execute(tx);
        standalone.push(us(process.hrtime.bigint() - t1));
        roundTrip.push(us(t1 - t0));
      });
    }
    const hot: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const t0 = process.hrtime.bigint();
      trail.entries(actor, [tenant.users.student], 'write', 'events');
      hot.push(us(process.hrtime.bigint() - t0));
    }
    const pending = Number(
      (
        await sql<{
          n: number;
        }>`select count(*) as n from audit_log where chain_index is null`.execute(database.db)
      ).rows[0]?.n ?? 0,
    );
    const s0 = performance.now();
    const sealed = await c.services.audit.sealAll();
    const sealSeconds = (performance.now() - s0) / 1000;
    const verified = await c.services.audit.verify(tenant.tenantId);
    const w = summary(withAudit);
    const wo = summary(withoutAudit);
    return {
      database: database.kind,
      iterations: ITERATIONS,
      buildEntriesUs: { betweenRequests: summary(build), warmLoop: summary(hot.slice(1000)) },
      ingestWithAuditUs: w,
      ingestWithoutAuditUs: wo,
      auditInIngestP50Us: Number((w.p50 - wo.p50).toFixed(2)),
      auditInIngestP95Us: Number((w.p95 - wo.p95).toFixed(2)),
      standaloneInsertUs: summary(standalone),
      bareRoundTripUs: summary(roundTrip),
      insertServerSideP50Us: Number((summary(standalone).p50 - summary(roundTrip).p50).toFixed(2)),
      sealer: {
        pending,
        sealed,
        entriesPerSecond: Math.round(sealed / sealSeconds),
        verified: verified.ok,
      },
    };
  } finally {
    await c.close();
    await fresh?.drop();
  }
}

const results = {
  authorization: await authorization(),
  auditAppend: [await auditAppend(undefined)],
};
if (process.env.DATABASE_URL) {
  results.auditAppend.push(await auditAppend(process.env.DATABASE_URL));
}
process.stdout.write(`${JSON.stringify({ bench: 'guardrail', results }, null, 2)}\n`);
