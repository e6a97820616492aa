/**
 * Instructor dashboard benchmark (`npm run bench:dashboard`), on PostgreSQL (DATABASE_URL; a
 * fresh database). Prints one JSON object with:
 *
 * (a) read latency p50/p95/p99 (ms, sequential requests from one client, after a warm-up) of
 *     GET /v1/sections/{id}/dashboard, /at-risk, /content-effectiveness and
 *     /v1/students/{id}/timeline against the real server in a child process, for one section of
 *     `BENCH_STUDENTS` (500) students and `BENCH_EVENTS` (1,000,000) events. The events are
 *     generated in the database by one `insert … select from generate_series` (a seeded mix:
 *     70% answers, 8% video starts, 5% completions, 7% readings viewed, 5% hints, 5% sessions,
 *     over the last 56 days), then the analytics tables are built by the rebuild
 *     (`rebuildAnalytics`, as `pathwise analytics rebuild`); the generation and rebuild times
 *     are reported too.
 * (b) freshness: an event POSTed (one answer, timestamp now) until the dashboard shows that
 *     student's `lastActiveAt` at it, polled every 20 ms; p50/p95 over `BENCH_FRESHNESS` (40)
 *     events, with the server running api and worker in one process as in production (outbox
 *     relay and bus consumers; NATS JetStream when NATS_URL is set).
 *
 * Without DATABASE_URL it runs on embedded PGlite with 100,000 events (and says so).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/main.js';
import { rebuildAnalytics } from '../src/services/analytics.js';
import { buildCoursePackage } from '../test/builders.js';
import { createServerDatabase, silentLogger } from '../test/support/databases.js';
import { startServer } from '../test/support/processes.js';
import { summary } from './bench-support.js';

const databaseUrl = process.env.DATABASE_URL || undefined;
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 500);
const EVENTS = Number(process.env.BENCH_EVENTS ?? (databaseUrl ? 1_000_000 : 100_000));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const FRESHNESS = Number(process.env.BENCH_FRESHNESS ?? 40);
const masterKey = randomBytes(32).toString('base64');

async function main() {
  const fresh = databaseUrl ? await createServerDatabase(databaseUrl) : null;
  const dataDir = await mkdtemp(join(tmpdir(), 'pathwise-dashboard-'));
  const env = {
    PATHWISE_DATA_DIR: dataDir,
    PATHWISE_SEED_DEMO: '0',
    PATHWISE_MASTER_KEY: masterKey,
    ...(fresh ? { DATABASE_URL: fresh.url } : {}),
  };
  try {
    // Seed: a course, one section of STUDENTS students, an instructor and their key.
    const config = loadConfig({ ...env, PATHWISE_LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    const c = await createContainer(
      { ...config, bus: { ...config.bus, natsUrl: undefined } },
      silentLogger,
    );
    const { stores, newId } = c;
    const tenant = await stores.tenants.create({ id: newId(), slug: 'bench', name: 'Bench' });
    const { course } = await stores.courses.importPackage(
      tenant.id,
      buildCoursePackage({ code: 'BENCH', objectives: 20, itemsPerObjective: 10 }),
      newId,
    );
    const section = await stores.sections.create(tenant.id, course.id, {
      id: newId(),
      code: 'B1',
      name: 'Bench section',
    });
    const instructor = await stores.users.create(tenant.id, {
      id: newId(),
      role: 'instructor',
      displayName: 'Bench Instructor',
      email: null,
    });
    await stores.sections.enroll(tenant.id, {
      id: newId(),
      sectionId: section.id,
      userId: instructor.id,
      role: 'instructor',
    });
    const students: string[] = [];
    for (let i = 0; i < STUDENTS; i++) {
      const s = await stores.users.create(tenant.id, {
        id: newId(),
        role: 'student',
        displayName: `Student ${i}`,
        email: null,
        birthDate: '2000-01-01',
      });
      students.push(s.id);
      await stores.sections.enroll(tenant.id, {
        id: newId(),
        sectionId: section.id,
        userId: s.id,
        role: 'student',
      });
    }
    const key = (
      await c.services.auth.createApiKey({
        tenant: tenant.id,
        role: 'instructor',
        userId: instructor.id,
      })
    ).key;
    const admin = (await c.services.auth.createApiKey({ tenant: tenant.id, role: 'admin' })).key;
    const content = await stores.courses.listContent(tenant.id, course.id, {}, { limit: 1000 });
    const items = content.items.filter((x) => x.type === 'assessment_item').map((x) => x.id);
    const videos = content.items.filter((x) => x.type === 'video').map((x) => x.id);

    // (a) 1M synthetic events in one statement, then the rebuild.
    const db = c.database.db;
    const now = Date.now();
    const t0 = performance.now();
    for (let m = 0; m < 3; m++) {
      await sql`select pathwise_ensure_event_partition(${new Date(now - m * 28 * 86_400_000).toISOString()}::timestamptz)`.execute(
        db,
      );
    }
    await sql`select pathwise_ensure_event_partition(now())`.execute(db);
    await sql`
      insert into events (tenant_id, id, client_event_id, type, student_id, course_id, section_id,
                          occurred_at, payload)
      select ${tenant.id}::uuid, gen_random_uuid(), 'bench-' || g, x.type,
             (${students}::uuid[])[1 + g % ${STUDENTS}], ${course.id}::uuid, ${section.id}::uuid,
             now() - interval '56 days' + (g::float8 / ${EVENTS}) * interval '56 days' - interval '1 minute',
             case x.type
               when 'item_attempted' then jsonb_build_object('itemId', x.item, 'response', 'x',
                 'correct', (hashint4(g) % 3) <> 0, 'durationMs', 8000 + g % 20000,
                 'hintsUsed', 0, 'attempt', 1)
               when 'hint_requested' then jsonb_build_object('itemId', x.item, 'hintIndex', 0)
               when 'session_started' then '{}'::jsonb
               when 'content_viewed' then jsonb_build_object('contentId', x.video, 'durationMs', 60000)
               else jsonb_build_object('contentId', x.video, 'positionSeconds',
                 case when x.type = 'video_completed' then 120 else 0 end, 'durationSeconds', 120)
             end
        from generate_series(1, ${EVENTS}) as g,
             lateral (select r,
                        (${items}::uuid[])[1 + (hashint4(g + 7) & 2147483647) % ${items.length}] as item,
                        (${videos}::uuid[])[1 + (hashint4(g + 11) & 2147483647) % ${videos.length}] as video,
                        case when r < 70 then 'item_attempted' when r < 78 then 'video_started'
                             when r < 83 then 'video_completed' when r < 90 then 'content_viewed'
                             when r < 95 then 'hint_requested' else 'session_started' end as type
                        from (select (hashint4(g) & 2147483647) % 100 as r) as rr) as x`.execute(
      db,
    );
    const generateSeconds = (performance.now() - t0) / 1000;
    await sql`analyze events`.execute(db);
    const t1 = performance.now();
    const rebuilt = await rebuildAnalytics({
      analytics: stores.analytics,
      catalog: c.catalog,
      model: (id) => c.servedModels.current(id),
      tenantId: tenant.id,
      concurrency: fresh ? 4 : 1,
    });
    const rebuildSeconds = (performance.now() - t1) / 1000;
    await sql`analyze`.execute(db);
    await c.close();

    const server = await startServer({ ...env, NODE_ENV: 'production' }, 180_000);
    try {
      const headers = { authorization: `Bearer ${key}` };
      const measure = async (url: string) => {
        for (let i = 0; i < 20; i++) {
          const res = await fetch(`${server.url}${url}`, { headers });
          if (res.status !== 200) {
            throw new Error(`${url}: ${res.status} ${await res.text()}`);
          }
          await res.arrayBuffer();
        }
        const ms: number[] = [];
        let bytes = 0;
        for (let i = 0; i < REQUESTS; i++) {
          const s = performance.now();
          const res = await fetch(`${server.url}${url}`, { headers });
          bytes = (await res.arrayBuffer()).byteLength;
          ms.push(performance.now() - s);
        }
        return { ...summary(ms), bytes };
      };
      const latency = {
        dashboard: await measure(`/v1/sections/${section.id}/dashboard`),
        atRisk: await measure(`/v1/sections/${section.id}/at-risk`),
        timeline: await measure(
          `/v1/students/${students[0]}/timeline?limit=50&courseId=${course.id}`,
        ),
        contentEffectiveness: await measure(`/v1/sections/${section.id}/content-effectiveness`),
      };

      // (b) freshness: POST one answer, poll the dashboard until the student's lastActiveAt is it.
      const delays: number[] = [];
      for (let i = 0; i < FRESHNESS; i++) {
        const student = students[(i * 37) % STUDENTS] as string;
        const at = new Date().toISOString();
        const s = performance.now();
        const res = await fetch(`${server.url}/v1/events?recommendations=0`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            id: `fresh-${i}`,
            type: 'item_attempted',
            studentId: student,
            courseId: course.id,
            timestamp: at,
            itemId: items[i % items.length],
            response: 'x',
            correct: true,
            durationMs: 5000,
            hintsUsed: 0,
            attempt: 1,
          }),
        });
        if (res.status !== 200) {
          throw new Error(`event: ${res.status} ${await res.text()}`);
        }
        for (;;) {
          const d = (await (
            await fetch(`${server.url}/v1/sections/${section.id}/dashboard`, { headers })
          ).json()) as { students: { id: string; lastActiveAt: string | null }[] };
          if (d.students.find((x) => x.id === student)?.lastActiveAt === at) {
            break;
          }
          if (performance.now() - s > 30_000) {
            throw new Error('freshness: not visible after 30 s');
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        delays.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 100));
      }
      const out = {
        database: fresh ? 'postgres' : 'pglite',
        bus: process.env.NATS_URL ? 'nats' : 'in-process',
        students: STUDENTS,
        events: EVENTS,
        objectives: 20,
        generateSeconds: Number(generateSeconds.toFixed(1)),
        rebuild: { ...rebuilt, seconds: Number(rebuildSeconds.toFixed(1)) },
        latencyMs: latency,
        freshnessMs: { ...summary(delays), samples: delays.length },
        targets: { readP95Ms: 100, freshnessP95Ms: 5000 },
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } finally {
      await server.stop();
    }
  } finally {
    await fresh?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
