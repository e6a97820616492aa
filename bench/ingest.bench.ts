/**
 * Event ingestion benchmark (`npm run bench:ingest`), against the real server in a child
 * process on the demo data, once on embedded PGlite and once on PostgreSQL when DATABASE_URL is
 * set (a fresh database each). Prints JSON with:
 * - batch throughput: 20 batches of 1,000 answered items, events/s, and how long the consumers
 *   then took to catch up (the single-event phase starts once every process is idle);
 * - after a warm-up (single events at 100/s for BENCH_WARMUP_SECONDS, default 45, reported apart),
 *   single-event latency (p50/p95/p99) at a fixed offered load of 500 requests/s for 20 s
 *   (an open-loop generator, `open-loop.ts`: evenly spaced starts, latency from each request's scheduled start; autocannon's `overallRate` sends each second's quota in a burst), each request one new answered item, with the mastery update and
 *   the recommendations stage (3 next steps) in every reply;
 * - the per-stage breakdown read from each reply's Server-Timing header;
 * - with `BENCH_RATES=25,50,100` (a sweep), the same at each of those offered rates, each once
 *   every process is idle again, and `highestRateWithP95Within20Ms`: the highest offered rate
 *   (of BENCH_RATE and the sweep) accepted to 95% or more (`acceptedRate`: replies that were
 *   not refused; `achievedRate` counts every reply, 503 `overloaded` too) with p95 ≤ 20 ms, or
 *   null; `staleRetries`, requests derived again because the student's state changed meanwhile;
 * - CPU time per single-event request, of the server process (API and worker: outbox relay, class
 *   aggregates) and of its PostgreSQL backends, read from /proc: a measure of cost that holds
 *   up better than latency when other work shares the machine; and of the NATS server (when one
 *   runs on this machine) and this load generator, the rest of the machine's budget.
 *
 * `BENCH_TOPOLOGY=split` (PostgreSQL with NATS_URL set) runs the scale deployment instead of one
 * `serve` process: an `api` process and a `worker` process (outbox relay in the API, consumers
 * and the audit sealer in the worker) over NATS JetStream; CPU is then reported per process.
 * With `BENCH_WORKER=after-batches` the worker starts after the batch phase (see below).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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

/** CPU seconds used by the server backends of one database since the meter started. */
interface DatabaseCpuMeter {
  read(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Samples every backend connected to the database every 250 ms and sums what each used since it
 * was first seen (all of it for a backend that connected after the start). A connection the pool
 * closes meanwhile keeps what it had used up to its last sample, so the total never goes back
 * (a snapshot of the backends connected now did, when the pool replaced idle connections).
 */
async function databaseCpuMeter(databaseUrl: string): Promise<DatabaseCpuMeter> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    for (const { pid } of rows) {
      const used = await cpuSeconds(pid).catch(() => null);
      if (used !== null) {
        if (!first.has(pid)) {
          first.set(pid, started ? 0 : used);
        }
        last.set(pid, used);
      }
    }
  };
  await sample();
  started = true;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample).catch(() => undefined);
  }, 250);
  return {
    async read() {
      sampling = sampling.then(sample);
      await sampling;
      let total = 0;
      for (const [pid, used] of last) {
        total += used - (first.get(pid) ?? 0);
      }
      return total;
    },
    async close() {
      clearInterval(timer);
      await sampling.catch(() => undefined);
      await client.end();
    },
  };
}

/** The pid of a NATS server running on this machine, if there is one (from /proc). */
async function localNatsServerPid(): Promise<number | null> {
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (/^\d+$/.test(entry)) {
      const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
      if (comm.trim() === 'nats-server') {
        return Number(entry);
      }
    }
  }
  return null;
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
async function waitUntilQuiet(pids: number[], database: DatabaseCpuMeter | null): Promise<number> {
  const t0 = performance.now();
  const used = async () =>
    (await Promise.all(pids.map(cpuSeconds))).reduce((x, y) => x + y, 0) +
    (database ? await database.read() : 0);
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
async function ingestGroups(
  url: string,
): Promise<{ statements: number; requests: number; staleRetries: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    statements: value('pathwise_ingest_statements_total'),
    requests: value('pathwise_ingest_requests_total'),
    staleRetries: value('pathwise_ingest_stale_retries_total'),
  };
}

/**
 * Students to add to the demo's 36 before the run (`BENCH_STUDENTS`, default 0), enrolled in the
 * course's first section; the events go to all of them in turn. With the demo's students alone,
 * 500 requests/s is 14 answers per second from each student, and a student's requests are
 * written one at a time (docs/EVENTS.md); a real class answers far more slowly per student.
 */
const EXTRA_STUDENTS = Number(process.env.BENCH_STUDENTS ?? 0);

async function addStudents(
  url: string,
  headers: Record<string, string>,
  courseId: string,
  count: number,
): Promise<string[]> {
  if (count <= 0) {
    return [];
  }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) {
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    }
    return (await res.json()) as T;
  };
  const sections = await call<{ items: { id: string }[] }>(
    'GET',
    `/v1/courses/${courseId}/sections`,
  );
  const section = sections.items[0]?.id;
  if (!section) {
    throw new Error('the demo course has no section');
  }
  const ids: string[] = [];
  for (let i = 0; i < count; i += 20) {
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(20, count - i) }, async (_, j) => {
          const user = await call<{ id: string }>('POST', '/v1/users', {
            role: 'student',
            displayName: `Bench student ${i + j + 1}`,
          });
          await call('POST', `/v1/sections/${section}/enrollments`, { userId: user.id });
          return user.id;
        }),
      )),
    );
  }
  return ids;
}

/** Progress on stderr (stdout carries the JSON), so a profiler can be started at a phase. */
const phase = (what: string) =>
  process.stderr.write(`[bench:ingest ${new Date().toISOString()}] ${what}\n`);

const RATE = Number(process.env.BENCH_RATE ?? 500);
/**
 * Single events at 100/s for this long before the single-event phases (0: none). A young process
 * is still compiling its hot paths: in the first minute at 100 requests/s the API's CPU per
 * request fell from 6.4 to 4.2 ms (V8's optimising compiler was a quarter of it at first), so
 * without a warm-up the first phase measures the JIT, not the steady state.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 45);
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
  const databaseCpu = databaseUrl ? await databaseCpuMeter(databaseUrl) : null;
  try {
    const creds = await readDemoCredentials(dataDir);
    const key = creds.apiKeys.find((k) => k.role === 'admin')?.key as string;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const students = creds.accounts.filter((a) => a.role === 'student').map((a) => a.userId);
    students.push(...(await addStudents(server.url, headers, creds.course.id, EXTRA_STUDENTS)));
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
      // The student's own answer count: each student answers two in three correctly, in a mix.
      // (Until 2026-12-07 `correct` was `i % 3 !== 0` with the demo's 36 students taken in turn,
      // so every third student answered every item wrong, forever, and the interventions agent
      // raised a failure run for each of them every few answers: 9,400 interventions, most
      // queued for review, over 32,000 events.)
      const k = Math.floor(i / students.length);
      return {
        id: `bench-${process.pid}-${i}`,
        type: 'item_attempted',
        studentId: students[i % students.length],
        courseId: creds.course.id,
        timestamp: new Date(Date.UTC(2026, 10, 25, 9, 0, 0) + i).toISOString(),
        itemId: items[(i * 7) % items.length]?.id,
        response: 'x',
        correct: (i + k) % 3 !== 0,
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
      database: databaseCpu ? await databaseCpu.read() : 0,
    };
    const batchStages: Record<string, number[]> = {};
    phase(`batches: ${batches} × 1,000 events`);
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
      ...(databaseCpu
        ? {
            databaseUsPerEvent: batchCpuUsPerEvent(await databaseCpu.read(), before.database),
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
    phase('waiting for the consumers to catch up');
    const drainSeconds = await waitUntilQuiet(pids, databaseCpu);
    // CPU per event of the whole batch phase, ingestion and consumers (until idle) together.
    const batchCpu = ingestionOnlyCpu ?? (await cpuSince(batchCpuBefore));

    // Single events at a fixed offered load.
    const single = async (rate: number, seconds = SECONDS) => {
      const stages: Record<string, number[]> = {
        guardrail: [],
        persist: [],
        update: [],
        recommend: [],
      };
      const pid = server.child.pid as number;
      const workerPid = worker?.child.pid;
      phase(`single events at ${rate}/s for ${seconds} s`);
      const groupsBefore = await ingestGroups(server.url);
      // The NATS server carries the bus only with PostgreSQL (PGlite: the in-process bus).
      const natsPid = natsUrl && databaseUrl ? await localNatsServerPid() : null;
      const cpuBefore = {
        server: await cpuSeconds(pid),
        worker: workerPid ? await cpuSeconds(workerPid) : 0,
        database: databaseCpu ? await databaseCpu.read() : 0,
        nats: natsPid ? await cpuSeconds(natsPid) : 0,
        loadGenerator: process.cpuUsage(),
      };
      const result = await openLoop({
        url: `${server.url}/v1/events`,
        method: 'POST',
        headers,
        rate,
        seconds,
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
        ...(databaseCpu
          ? {
              databaseUsPerRequest: cpuUsPerRequest(await databaseCpu.read(), cpuBefore.database),
            }
          : {}),
        // The rest of the machine's budget: the NATS server (when it runs here) and this process.
        ...(natsPid
          ? { natsServerUsPerRequest: cpuUsPerRequest(await cpuSeconds(natsPid), cpuBefore.nats) }
          : {}),
        loadGeneratorUsPerRequest: (() => {
          const used = process.cpuUsage(cpuBefore.loadGenerator);
          return Math.round((used.user + used.system) / Math.max(1, result.requests));
        })(),
      };
      const groupsAfter = await ingestGroups(server.url);
      const statements = groupsAfter.statements - groupsBefore.statements;
      // Requests per ingestion statement: the group commit's mean batch size (/metrics).
      const requestsPerStatement =
        statements > 0
          ? Number(((groupsAfter.requests - groupsBefore.requests) / statements).toFixed(2))
          : null;
      const accepted = result.requests - result.non2xx - result.errors - result.timeouts;
      return {
        offeredRate: rate,
        seconds,
        requests: result.requests,
        requestsPerStatement,
        // Requests derived again because the student's state had changed meanwhile (/metrics).
        staleRetries: groupsAfter.staleRetries - groupsBefore.staleRetries,
        // Replies per second, refusals (503 overloaded) included; and the events accepted.
        achievedRate: result.achievedRate,
        acceptedRate: Number(
          ((result.achievedRate * accepted) / Math.max(1, result.requests)).toFixed(2),
        ),
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
    const warmup =
      WARMUP_SECONDS > 0
        ? await single(Math.min(RATE, 100), WARMUP_SECONDS).then((r) => ({
            offeredRate: r.offeredRate,
            seconds: r.seconds,
            achievedRate: r.achievedRate,
            latencyMs: r.latencyMs,
            cpu: r.cpu,
          }))
        : null;
    if (warmup) {
      await waitUntilQuiet(pids, databaseCpu);
    }
    const atRate = await single(RATE);
    // The rate sweep (BENCH_RATES): each rate once every process is idle again.
    const sweep = [];
    for (const rate of RATES) {
      await waitUntilQuiet(pids, databaseCpu);
      const r = await single(rate);
      sweep.push({
        offeredRate: rate,
        achievedRate: r.achievedRate,
        acceptedRate: r.acceptedRate,
        non2xx: r.non2xx,
        requestsPerStatement: r.requestsPerStatement,
        staleRetries: r.staleRetries,
        latencyMs: r.latencyMs,
        cpu: r.cpu,
      });
    }
    // Kept up (at least 95% of the offered rate accepted, not refused) with p95 ≤ 20 ms.
    const within = [atRate, ...sweep].filter(
      (r) => r.acceptedRate >= 0.95 * r.offeredRate && (r.latencyMs.p95 ?? Infinity) <= 20,
    );
    return {
      database: databaseUrl ? 'postgres' : 'pglite',
      topology: onSplit
        ? `api + worker over NATS${workerAfterBatches ? ' (worker started after the batches: the batch figures are the API alone)' : ''}`
        : `serve (${natsUrl && databaseUrl ? 'NATS' : 'in-process'} bus)`,
      students: students.length,
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
      // Not measured: the JIT warming up (BENCH_WARMUP_SECONDS), shown for comparison.
      warmup,
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
    await databaseCpu?.close();
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
