/**
 * Intervention agent benchmark: the cost per bus message of the pure decision
 * (`runInterventionAgent`: every detector, the action rules and the safeguards) on a seeded
 * synthetic stream of 50,000 answers (500 students × 100, 20 objectives, the served BKT model
 * giving P(mastered) before/after and P(correct); 10% of answers rapid), events interleaved
 * across students. Measured twice: the decision alone, and with the JSON round trip of the
 * student's state the consumer does against storage. Prints one JSON object.
 * Run: `npm run bench:interventions`.
 */
import { BktModel } from '../src/domain/knowledge-tracing/bkt.js';
import type { ActionCourse } from '../src/domain/interventions/choose-action.js';
import {
  emptyInterventionState,
  runInterventionAgent,
  type AgentEvent,
  type InterventionState,
} from '../src/domain/interventions/intervention-agent.js';
import {
  updateItemTimeNorm,
  type ItemTimeNorm,
} from '../src/domain/interventions/rapid-guessing.js';
import { generateBktAttempts } from '../src/domain/knowledge-tracing/synthetic-attempts.js';
import { createRng } from '../src/domain/random.js';
import { summary } from './bench-support.js';

const STUDENTS = 500;
const OBJECTIVES = 20;
const rng = createRng(7);
const history = generateBktAttempts({
  rng,
  students: STUDENTS,
  attemptsPerStudent: 100,
  objectives: OBJECTIVES,
  itemsPerObjective: 15,
  params: { prior: 0.3, learn: 0.1, forget: 0, guess: 0.2, slip: 0.1 },
});
const model = new BktModel({
  name: 'bkt-default',
  forgetting: false,
  combine: 'mean-logit',
  objectives: new Map(),
  fallback: { prior: 0.2, learn: 0.15, forget: 0, guess: 0.2, slip: 0.1 },
});
const course: ActionCourse = {
  threshold: 0.95,
  objectives: Array.from({ length: OBJECTIVES }, (_, i) => ({
    id: String(i),
    title: `Objective ${i}`,
    prerequisiteIds: i === 0 ? [] : [String(i - 1)],
  })),
  content: Array.from({ length: OBJECTIVES }, (_, i) => [
    { id: `v${i}`, type: 'video' as const, title: `Video ${i}`, objectiveIds: [String(i)] },
    { id: `r${i}`, type: 'reading' as const, title: `Reading ${i}`, objectiveIds: [String(i)] },
  ]).flat(),
};

/** The messages as the consumer would build them, interleaved across students. */
const messages: { student: number; event: AgentEvent }[] = [];
const masteries = history.map(() => new Map<string, number>());
for (let t = 0; t < 100; t++) {
  history.forEach((sequence, student) => {
    const a = sequence[t];
    if (!a) {
      return;
    }
    const kt = masteries[student] as Map<string, number>;
    const objectives = a.objectives.map(String);
    const before = objectives.map((o) => kt.get(o) ?? null);
    const pCorrect = model.predict(kt, { ...a, objectives });
    model.update(kt, { ...a, objectives });
    messages.push({
      student,
      event: {
        type: 'item_attempted',
        at: new Date(Date.UTC(2026, 10, 1) + t * 60_000).toISOString(),
        itemId: a.item,
        correct: a.correct,
        durationMs: rng() < 0.1 ? 400 : Math.round(8000 + rng() * 30_000),
        objectives: objectives.map((o, i) => ({
          objectiveId: o,
          before: before[i] ?? null,
          after: kt.get(o) ?? 0,
        })),
        pCorrect,
      },
    });
  });
}

let ids = 0;
function runAll(roundTrip: boolean) {
  const states: (InterventionState | string)[] = history.map(() => emptyInterventionState());
  const norms = new Map<string, ItemTimeNorm>();
  const micros: number[] = [];
  const counts: Record<string, number> = {};
  let bytes = 0;
  const started = performance.now();
  for (const { student, event } of messages) {
    const t0 = performance.now();
    const stored = states[student] as InterventionState | string;
    const state = typeof stored === 'string' ? (JSON.parse(stored) as InterventionState) : stored;
    const itemId = event.type === 'item_attempted' ? event.itemId : '';
    const out = runInterventionAgent({
      state,
      event,
      courseId: 'c',
      course,
      mastery: masteries[student] as Map<string, number>,
      prior: 0.2,
      features: null,
      itemNorm: norms.get(itemId) ?? null,
      now: new Date(Date.parse(event.at)),
      newId: () => String(++ids),
    });
    if (roundTrip) {
      const json = JSON.stringify(out.state);
      bytes += json.length;
      states[student] = json;
    } else {
      states[student] = out.state;
    }
    if (out.itemTime) {
      norms.set(itemId, updateItemTimeNorm(norms.get(itemId) ?? null, out.itemTime.durationMs));
    }
    micros.push((performance.now() - t0) * 1000);
    for (const i of out.interventions) {
      counts[i.type] = (counts[i.type] ?? 0) + 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    messagesPerSecond: Math.round(messages.length / seconds),
    microsPerMessage: summary(micros),
    meanStateBytes: roundTrip ? Math.round(bytes / messages.length) : undefined,
    interventionsPer1000Messages: Object.fromEntries(
      Object.entries(counts).map(([k, v]) => [
        k,
        Number(((v * 1000) / messages.length).toFixed(2)),
      ]),
    ),
  };
}

runAll(false); // JIT warm-up
process.stdout.write(
  `${JSON.stringify({
    benchmark: 'interventions',
    messages: messages.length,
    students: STUDENTS,
    node: process.version,
    decisionOnly: runAll(false),
    withStateJsonRoundTrip: runAll(true),
  })}\n`,
);
