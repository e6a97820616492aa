/**
 * Knowledge-tracing benchmark: for every model, the time to fit on a synthetic log of about
 * 220,000 attempts (2,200 students x 100 attempts, 110 objectives, 16,500 items, 15% of items with
 * two objectives, seeded), and the online throughput, events interleaved across 2,200 students:
 * - `updatesPerSecond`: `update` on existing students (states already hold their 100 attempts;
 *   the steady state of serving);
 * - `newStudentUpdatesPerSecond`: `update` replaying the log into fresh states (includes creating
 *   each student's per-objective memory);
 * - `predictAndUpdatePerSecond`: `predict` then `update` on existing students (one event);
 * - `stateRoundTripsPerSecond`: a student's state (100 attempts) saved, stringified, parsed and
 *   loaded, as the hot path does once per request (`stateBytes` its JSON size);
 * - `servedEventsPerSecond`: everything `POST /v1/events` does with the model for one answer
 *   (src/services/ingest-events.ts): the student's stored state parsed and loaded, `update`,
 *   `mastery` of every objective the item is tagged with, and the state saved and stringified.
 * The attempts go through JSON first, as events reach the served path (request bodies, stored
 * rows): ids are then flat strings, as in serving, not the concatenated strings the generator
 * builds (a Map lookup on those costs several times more).
 * Prints one JSON object. Run: `npx tsx bench/kt.bench.ts`.
 */
import { createTrainer, KT_MODEL_NAMES } from '../src/domain/knowledge-tracing/kt-models.js';
import type { Attempt } from '../src/domain/knowledge-tracing/knowledge-tracing-model.js';
import { generateBktAttempts } from '../src/domain/knowledge-tracing/synthetic-attempts.js';
import { createRng } from '../src/domain/random.js';

const history: Attempt[][] = JSON.parse(
  JSON.stringify(
    generateBktAttempts({
      rng: createRng(42),
      students: 2200,
      attemptsPerStudent: 100,
      objectives: 110,
      itemsPerObjective: 150,
      params: { prior: 0.35, learn: 0.12, forget: 0.02, guess: 0.2, slip: 0.1 },
      multiTagShare: 0.15,
    }),
  ),
) as Attempt[][];
const attempts = history.reduce((s, q) => s + q.length, 0);

/** Interleaves students so consecutive events touch different states, as in serving. */
const stream: { student: number; attempt: Attempt }[] = [];
for (let t = 0; t < 100; t++) {
  history.forEach((sequence, student) => {
    const attempt = sequence[t];
    if (attempt) {
      stream.push({ student, attempt });
    }
  });
}

function throughput(run: () => number, minSeconds = 1): number {
  let events = 0;
  const started = performance.now();
  while (performance.now() - started < minSeconds * 1000) {
    events += run();
  }
  return events / ((performance.now() - started) / 1000);
}

const results: Record<string, unknown>[] = [];
let sink = 0;
// KT_BENCH_MODELS=best-lr,pfa limits the run to those models.
const only = process.env.KT_BENCH_MODELS?.split(',');
for (const name of KT_MODEL_NAMES.filter((n) => !only || only.includes(n))) {
  const trainer = createTrainer(name);
  if (!trainer) {
    continue;
  }
  const fitStarted = performance.now();
  const model = trainer.fit(history, { rng: createRng(1) });
  const fitSeconds = (performance.now() - fitStarted) / 1000;

  let states = history.map(() => model.createState());
  const replay = () => {
    for (const { student, attempt } of stream) {
      model.update(states[student], attempt);
    }
    return stream.length;
  };
  replay(); // JIT warm-up
  const newStudentUpdatesPerSecond = throughput(() => {
    states = history.map(() => model.createState());
    return replay();
  });
  const updatesPerSecond = throughput(replay);
  const predictUpdatePerSecond = throughput(() => {
    for (const { student, attempt } of stream) {
      const state = states[student];
      sink += model.predict(state, attempt);
      model.update(state, attempt);
    }
    return stream.length;
  });
  // The hot path's extra work per request: a stored student state (100 attempts) read and written.
  const stateRoundTripsPerSecond = throughput(() => {
    for (let i = 0; i < states.length; i++) {
      const json = JSON.stringify(model.saveState(states[i]));
      const loaded = model.loadState(JSON.parse(json));
      sink += loaded === null ? 1 : json.length % 7;
    }
    return states.length;
  });
  const stored = states.map((state) => JSON.stringify(model.saveState(state)));
  const servedEventsPerSecond = throughput(() => {
    for (let e = 0; e < stream.length; e += 10) {
      const { student, attempt } = stream[e] as (typeof stream)[number];
      const state = model.loadState(JSON.parse(stored[student] as string)) ?? model.createState();
      model.update(state, attempt);
      for (const objective of attempt.objectives) {
        sink += model.mastery(state, objective);
      }
      sink += JSON.stringify(model.saveState(state)).length % 7;
    }
    return Math.ceil(stream.length / 10);
  });
  results.push({
    model: name,
    fitSeconds: Number(fitSeconds.toFixed(2)),
    updatesPerSecond: Math.round(updatesPerSecond),
    newStudentUpdatesPerSecond: Math.round(newStudentUpdatesPerSecond),
    predictAndUpdatePerSecond: Math.round(predictUpdatePerSecond),
    stateRoundTripsPerSecond: Math.round(stateRoundTripsPerSecond),
    servedEventsPerSecond: Math.round(servedEventsPerSecond),
    stateBytes: JSON.stringify(model.saveState(states[0])).length,
    serializedBytes: JSON.stringify(model.serialize()).length,
  });
}

process.stdout.write(
  `${JSON.stringify({ benchmark: 'knowledge-tracing', attempts, students: history.length, node: process.version, results, checksum: Number((sink % 1).toFixed(6)) })}\n`,
);
