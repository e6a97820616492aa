/**
 * Foundation benchmark (`npm run bench`), printing one JSON object:
 * - the import time of a generated 10,000-item course package, on embedded PGlite and, when
 *   DATABASE_URL is set, on PostgreSQL (validation and storage, through the import service);
 * - latency of GET /v1/courses/{id}/content at 50 concurrent connections, measured with
 *   autocannon against the real server started as a child process on the demo data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { uuidv7 } from 'uuidv7';
import { loadConfig } from '../src/config.js';
import { validateCoursePackage } from '../src/domain/course-package/validate-course-package.js';
import { createContainer } from '../src/main.js';
import { buildCoursePackage } from '../test/builders.js';
import { createServerDatabase } from '../test/support/databases.js';
import { startServer } from '../test/support/processes.js';
import { readDemoCredentials, summary } from './bench-support.js';

const logger = pino({ level: 'silent' });

async function importBench(databaseUrl: string | undefined) {
  const dataDir = await mkdtemp(join(tmpdir(), 'pathwise-bench-'));
  const config = loadConfig({
    PATHWISE_DATA_DIR: dataDir,
    PATHWISE_SEED_DEMO: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const container = await createContainer(config, logger);
  try {
    const tenant = await container.stores.tenants.create({
      id: uuidv7(),
      slug: `bench-${Date.now().toString(36)}`,
      name: 'Bench',
    });
    const pkg = buildCoursePackage({
      code: `BENCH-${Date.now()}`,
      objectives: 500,
      itemsPerObjective: 20,
    });
    const body = JSON.stringify(pkg);
    const v0 = performance.now();
    const valid = await validateCoursePackage(JSON.parse(body));
    const validateMs = performance.now() - v0;
    if (!valid.ok) {
      throw new Error('generated package is invalid');
    }
    const t0 = performance.now();
    const summary = await container.services.courses.importCourse(
      { kind: 'user', tenantId: tenant.id, userId: null, role: 'admin' },
      JSON.parse(body),
    );
    const totalMs = performance.now() - t0;
    return {
      database: container.database.kind,
      items: summary.items,
      contentRows: summary.content,
      objectives: summary.objectives,
      prerequisites: summary.prerequisites,
      packageBytes: body.length,
      validateMs: Number(validateMs.toFixed(1)),
      importSeconds: Number((totalMs / 1000).toFixed(3)),
    };
  } finally {
    await container.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function contentLatencyBench(databaseUrl: string | undefined) {
  const dataDir = await mkdtemp(join(tmpdir(), 'pathwise-bench-'));
  const server = await startServer(
    {
      PATHWISE_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      // Production requires a master key for encryption at rest (docs/PRIVACY.md).
      PATHWISE_MASTER_KEY: randomBytes(32).toString('base64'),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    180_000,
  );
  try {
    const creds = await readDemoCredentials(dataDir);
    const key = creds.apiKeys.find((k) => k.role === 'instructor')?.key as string;
    const url = `${server.url}/v1/courses/${creds.course.id}/content?limit=50`;
    const headers = { authorization: `Bearer ${key}` };
    await autocannon({ url, connections: 10, duration: 3, headers }); // warm-up
    const latencies: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url, connections: 50, duration: 10, headers }, (error, r) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(r),
      );
      instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    });
    return {
      database: databaseUrl ? 'postgres' : 'pglite',
      route: 'GET /v1/courses/{id}/content?limit=50',
      connections: 50,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      rps: result.requests.average,
      latencyMs: { ...summary(latencies), max: result.latency.max },
    };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const serverUrl = process.env.DATABASE_URL || undefined;
const results = { import: [] as unknown[], contentLatency: [] as unknown[] };
for (const onServer of [false, ...(serverUrl ? [true] : [])]) {
  // Each run gets an empty database: a fresh one on the server, a fresh data dir for PGlite.
  const fresh = onServer ? await createServerDatabase(serverUrl as string) : null;
  try {
    results.import.push(await importBench(fresh?.url));
  } finally {
    await fresh?.drop();
  }
  const again = onServer ? await createServerDatabase(serverUrl as string) : null;
  try {
    results.contentLatency.push(await contentLatencyBench(again?.url));
  } finally {
    await again?.drop();
  }
}
process.stdout.write(
  `${JSON.stringify({ bench: 'foundation', machine: { cpus: (await import('node:os')).cpus().length }, ...results }, null, 2)}\n`,
);
