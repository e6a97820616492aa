/**
 * Event ingestion benchmark (`npm run bench:ingest`), against the real server in a child
 * process on the demo data, once on embedded PGlite and once on PostgreSQL when DATABASE_URL is
 * set (a fresh database each). Prints JSON with:
 * - batch throughput: 20 batches of 1,000 answered items, events/s, and how long the consumers
 *   then took to catch up (the single-event phase starts once every process is idle);
 * - single-event latency (p50/p95/p99) at a fixed offered load of 500 requests/s for 20 s
 *   (an open-loop generator, `open-loop.ts`: evenly spaced starts, latency from each request's scheduled start; autocannon's `overallRate` sends each second's quota in a burst), each request one new answered item, with the mastery update and
 *   the recommendations stage (3 next steps) in every reply;
 * - the per-stage breakdown read from each reply's Server-Timing header;
 * - with `BENCH_RATES=25,50,100` (a sweep), the same at each of those offered rates, each once
 *   every process is idle again, and `highestRateWithP95Within20Ms`: the highest offered rate
 *   (of BENCH_RATE and the sweep) achieved to 95% or more with p95 ≤ 20 ms, or null;
 * - CPU time per single-event request, of the server process (API and worker: outbox relay, class
 *   aggregates) and of its PostgreSQL backends, read from /proc: a measure of cost that holds
 *   up better than latency when other work shares the machine.
 *
 * `BENCH_TOPOLOGY=split` (PostgreSQL with NATS_URL set) runs the scale deployment instead of one
 * `serve` process: an `api` process and a `worker` process (outbox relay in the API, consumers
 * and the audit sealer in the worker) over NATS JetStream; CPU is then reported per process.
 * With `BENCH_WORKER=after-batches` the worker starts after the batch phase (see below).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createServerDatabase } from '../test/support/databases.js';
import { deleteStream, startServer, startWorker } from '../test/support/processes.js';
import { readDemoCredentials, summary } from './bench-support.js';
import { openLoop } from './open-loop.js';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks of 10 ms
}

/** CPU seconds used so far by the server backends connected to one database. */
async function backendCpuSeconds(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    let total = 0;
    for (const { pid } of rows) {
      total += await cpuSeconds(pid).catch(() => 0);
    }
    return total;
  } finally {
    await client.end();
  }
}

/** Adds the stage durations of one Server-Timing header (`name;dur=ms, …`) to `into`. */
function collectStages(into: Record<string, number[]>, header: string | null): void {
  for (const m of (header ?? '').matchAll(/(\w+);dur=([\d.]+)/g)) {
    (into[m[1] as string] ??= []).push(Number(m[2]));
  }
}

/**
 * Waits until the processes (and the database backends) are idle: below 5% of a core for two
 * seconds in a row. Returns the seconds waited. The worker digests the batch phase's backlog
 * here, so the single-event phase is not measured against it.
 */
async function waitUntilQuiet(pids: number[], databaseUrl: string | undefined): Promise<number> {
  const t0 = performance.now();
  const used = async () =>
    (await Promise.all(pids.map(cpuSeconds))).reduce((x, y) => x + y, 0) +
    (databaseUrl ? await backendCpuSeconds(databaseUrl) : 0);
  let last = await used();
  let quiet = 0;
  while (quiet < 2 && performance.now() - t0 < 600_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await used();
    quiet = now - last < 0.05 ? quiet + 1 : 0;
    last = now;
  }
  return Number(((performance.now() - t0) / 1000 - 2).toFixed(1));
}

/** The group commit's counters from the server's `/metrics`. */
async function ingestGroups(url: string): Promise<{ statements: number; requests: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    statements: value('pathwise_ingest_statements_total'),
    requests: value('pathwise_ingest_requests_total'),
  };
}

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** More offered rates to measure after BENCH_RATE, e.g. `25,50,100` (a sweep). */
const RATES = (process.env.BENCH_RATES ?? '')
  .split(',')
  .filter((r) => r.trim() !== '')
  .map(Number)
  .filter((r) => Number.isFinite(r) && r > 0);

const natsUrl = process.env.NATS_URL || undefined;
const split = process.env.BENCH_TOPOLOGY === 'split';
/**
 * `BENCH_WORKER=after-batches` (split only): the worker starts after the batch phase, so the batch
 * figures are the API's ingestion alone, as when the workers run on other hosts, and the catch-up
 * time is the worker digesting the whole backlog.
 */
const workerAfterBatches = split && process.env.BENCH_WORKER === 'after-batches';

async function run(databaseUrl: string | undefined) {
  const dataDir = await mkdtemp(join(tmpdir(), 'pathwise-ingest-'));
  const onSplit = split && databaseUrl !== undefined && natsUrl !== undefined;
  const stream = `PATHWISE_BENCH_${process.pid}_${Date.now()}`;
  const env = {
    PATHWISE_DATA_DIR: dataDir,
    NODE_ENV: 'production',
    // Production requires a master key for encryption at rest (docs/PRIVACY.md).
    PATHWISE_MASTER_KEY: randomBytes(32).toString('base64'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(onSplit
      ? { PATHWISE_NATS_STREAM: stream, PATHWISE_NATS_PREFIX: stream.toLowerCase() }
      : {}),
  };
  const server = await startServer(onSplit ? { ...env, PATHWISE_ROLE: 'api' } : env, 180_000);
  const startTheWorker = () => startWorker({ ...env, PATHWISE_ROLE: 'worker' });
  let worker = onSplit && !workerAfterBatches ? await startTheWorker() : null;
  try {
    const creds = await readDemoCredentials(dataDir);
    const key = creds.apiKeys.find((k) => k.role === 'admin')?.key as string;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const students = creds.accounts.filter((a) => a.role === 'student').map((a) => a.userId);
    const items = (
      (await (
        await fetch(
          `${server.url}/v1/courses/${creds.course.id}/content?type=assessment_item&limit=1000`,
          { headers },
        )
      ).json()) as {
        items: { id: string }[];
      }
    ).items;
    let n = 0;
    const event = () => {
      const i = n++;
      return {
        id: `bench-${process.pid}-${i}`,
        type: 'item_attempted',
        studentId: students[i % students.length],
        courseId: creds.course.id,
        timestamp: new Date(Date.UTC(2026, 10, 25, 9, 0, 0) + i).toISOString(),
        itemId: items[(i * 7) % items.length]?.id,
        response: 'x',
        correct: i % 3 !== 0,
        durationMs: 8000,
        hintsUsed: i % 5 === 0 ? 1 : 0,
        attempt: 1,
      };
    };

    // Batches.
    const batches = Number(process.env.BENCH_BATCHES ?? 20);
    const pidsNow = () =>
      [server.child.pid, worker?.child.pid].filter((p): p is number => p !== undefined);
    const processCpu = async () =>
      (await Promise.all(pidsNow().map(cpuSeconds))).reduce((x, y) => x + y, 0);
    const batchCpuBefore = {
      processes: await processCpu(),
      database: databaseUrl ? await backendCpuSeconds(databaseUrl) : 0,
    };
    const batchStages: Record<string, number[]> = {};
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) {
      const res = await fetch(`${server.url}/v1/events?recommendations=0`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ events: Array.from({ length: 1000 }, event) }),
      });
      if (res.status !== 200) {
        throw new Error(`batch failed: ${res.status} ${await res.text()}`);
      }
      collectStages(batchStages, res.headers.get('server-timing'));
    }
    const batchSeconds = (performance.now() - t0) / 1000;
    const batchCpuUsPerEvent = (after: number, before: number) =>
      Math.round(((after - before) / (batches * 1000)) * 1e6);
    const cpuSince = async (before: typeof batchCpuBefore) => ({
      processesUsPerEvent: batchCpuUsPerEvent(await processCpu(), before.processes),
      ...(databaseUrl
        ? {
            databaseUsPerEvent: batchCpuUsPerEvent(
              await backendCpuSeconds(databaseUrl),
              before.database,
            ),
          }
        : {}),
    });
    // With the worker started only now: the API's ingestion (and relay) alone, as when the
    // workers run on other hosts; the worker then digests the backlog from the stream.
    const ingestionOnlyCpu = workerAfterBatches ? await cpuSince(batchCpuBefore) : null;
    if (workerAfterBatches) {
      worker = await startTheWorker();
    }
    const pids = pidsNow();
    const drainSeconds = await waitUntilQuiet(pids, databaseUrl);
    // CPU per event of the whole batch phase, ingestion and consumers (until idle) together.
    const batchCpu = ingestionOnlyCpu ?? (await cpuSince(batchCpuBefore));

    // Single events at a fixed offered load.
    const single = async (rate: number) => {
      const stages: Record<string, number[]> = {
        guardrail: [],
        persist: [],
        update: [],
        recommend: [],
      };
      const pid = server.child.pid as number;
      const workerPid = worker?.child.pid;
      const groupsBefore = await ingestGroups(server.url);
      const cpuBefore = {
        server: await cpuSeconds(pid),
        worker: workerPid ? await cpuSeconds(workerPid) : 0,
        database: databaseUrl ? await backendCpuSeconds(databaseUrl) : 0,
      };
      const result = await openLoop({
        url: `${server.url}/v1/events`,
        method: 'POST',
        headers,
        rate,
        seconds: SECONDS,
        body: () => JSON.stringify(event()),
        onResponse: (_status, resHeaders) =>
          collectStages(stages, String(resHeaders['server-timing'] ?? '')),
      });
      // Let the worker finish the aggregates of the last requests before reading the CPU clocks.
      await new Promise((r) => setTimeout(r, 1000));
      const cpuUsPerRequest = (after: number, before: number) =>
        Math.round(((after - before) / Math.max(1, result.requests)) * 1e6);
      const cpu = {
        serverUsPerRequest: cpuUsPerRequest(await cpuSeconds(pid), cpuBefore.server),
        ...(workerPid
          ? { workerUsPerRequest: cpuUsPerRequest(await cpuSeconds(workerPid), cpuBefore.worker) }
          : {}),
        ...(databaseUrl
          ? {
              databaseUsPerRequest: cpuUsPerRequest(
                await backendCpuSeconds(databaseUrl),
                cpuBefore.database,
              ),
            }
          : {}),
      };
      const groupsAfter = await ingestGroups(server.url);
      const statements = groupsAfter.statements - groupsBefore.statements;
      // Requests per ingestion statement: the group commit's mean batch size (/metrics).
      const requestsPerStatement =
        statements > 0
          ? Number(((groupsAfter.requests - groupsBefore.requests) / statements).toFixed(2))
          : null;
      return {
        offeredRate: rate,
        seconds: SECONDS,
        requests: result.requests,
        requestsPerStatement,
        achievedRate: result.achievedRate,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        latencyMs: {
          ...summary(result.latencies),
          max: Number(Math.max(...result.latencies).toFixed(2)),
        },
        stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summary(v)])),
        cpu,
      };
    };
    const atRate = await single(RATE);
    // The rate sweep (BENCH_RATES): each rate once every process is idle again.
    const sweep = [];
    for (const rate of RATES) {
      await waitUntilQuiet(pids, databaseUrl);
      const r = await single(rate);
      sweep.push({
        offeredRate: rate,
        achievedRate: r.achievedRate,
        requestsPerStatement: r.requestsPerStatement,
        latencyMs: r.latencyMs,
        cpu: r.cpu,
      });
    }
    // Kept up (at least 95% of the offered rate achieved) with p95 ≤ 20 ms.
    const within = [atRate, ...sweep].filter(
      (r) => r.achievedRate >= 0.95 * r.offeredRate && (r.latencyMs.p95 ?? Infinity) <= 20,
    );
    return {
      database: databaseUrl ? 'postgres' : 'pglite',
      topology: onSplit
        ? `api + worker over NATS${workerAfterBatches ? ' (worker started after the batches: the batch figures are the API alone)' : ''}`
        : `serve (${natsUrl && databaseUrl ? 'NATS' : 'in-process'} bus)`,
      batch: {
        events: batches * 1000,
        seconds: Number(batchSeconds.toFixed(2)),
        eventsPerSecond: Math.round((batches * 1000) / batchSeconds),
        // After the last reply, until the consumers (aggregates, interventions) were idle again.
        consumersCaughtUpAfterSeconds: drainSeconds,
        // Server processes and PostgreSQL backends, ingestion plus consumers, per event.
        cpu: batchCpu,
        // Per 1,000-event request, from its Server-Timing header.
        stagesMs: Object.fromEntries(Object.entries(batchStages).map(([k, v]) => [k, summary(v)])),
      },
      single: atRate,
      ...(RATES.length > 0
        ? {
            sweep,
            highestRateWithP95Within20Ms:
              within.length > 0 ? Math.max(...within.map((r) => r.offeredRate)) : null,
          }
        : {}),
    };
  } finally {
    await worker?.stop();
    await server.stop();
    if (onSplit && natsUrl) {
      await deleteStream(natsUrl, stream);
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

const serverUrl = process.env.DATABASE_URL || undefined;
const results: unknown[] = [];
// BENCH_ONLY=postgres|pglite runs one of the two.
const only = process.env.BENCH_ONLY;
const targets = [
  ...(only !== 'postgres' ? [false] : []),
  ...(serverUrl && only !== 'pglite' ? [true] : []),
];
for (const onServer of targets) {
  const fresh = onServer ? await createServerDatabase(serverUrl as string) : null;
  try {
    results.push(await run(fresh?.url));
  } finally {
    await fresh?.drop();
  }
}
process.stdout.write(`${JSON.stringify({ bench: 'ingest', results }, null, 2)}\n`);
