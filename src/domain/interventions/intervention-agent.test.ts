import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ActionCourse } from './choose-action.js';
import {
  emptyInterventionState,
  runInterventionAgent,
  type AgentEvent,
  type AgentInput,
  type AgentOutput,
  type InterventionState,
} from './intervention-agent.js';

const course: ActionCourse = {
  threshold: 0.9,
  objectives: [{ id: 'o', title: 'Halves', prerequisiteIds: [] }],
  content: [
    { id: 'item', type: 'assessment_item', title: 'Item', objectiveIds: ['o'] },
    { id: 'video', type: 'video', title: 'Halves video', objectiveIds: ['o'] },
  ],
};
const now = new Date('2026-11-20T10:00:00Z');

/** The agent's input for one event of the test course, with no mastery, features or norm. */
const inputOf = (
  state: InterventionState,
  event: AgentEvent,
  newId: () => string,
  over: Partial<AgentInput> = {},
): AgentInput => ({
  state,
  event,
  courseId: 'course',
  course,
  mastery: new Map(),
  prior: 0.2,
  features: null,
  itemNorm: null,
  now,
  newId,
  ...over,
});

/** Runs the agent over events, threading the state; returns every output. */
function run(events: AgentEvent[], over: Partial<AgentInput> = {}, state?: InterventionState) {
  let s = state ?? emptyInterventionState();
  let n = 0;
  const outputs: AgentOutput[] = [];
  for (const event of events) {
    const out = runInterventionAgent(inputOf(s, event, () => `iv-${++n}`, over));
    outputs.push(out);
    s = out.state;
  }
  return { outputs, state: s, all: outputs.flatMap((o) => o.interventions) };
}
const attempt = (
  i: number,
  over: Partial<Extract<AgentEvent, { type: 'item_attempted' }>> = {},
): AgentEvent => ({
  type: 'item_attempted',
  at: new Date(now.getTime() + i * 60_000).toISOString(),
  itemId: 'item',
  correct: false,
  durationMs: 20_000,
  objectives: [{ objectiveId: 'o', before: 0.2, after: 0.15 }],
  pCorrect: 0.3,
  ...over,
});

describe('intervention agent', () => {
  test('ten wrong answers on an objective raise wheel-spinning once, on the tenth', () => {
    const { outputs } = run(Array.from({ length: 13 }, (_, i) => attempt(i)));
    const when = outputs.flatMap((o, i) =>
      o.interventions.filter((x) => x.type === 'wheel_spinning').map(() => i + 1),
    );
    assert.deepEqual(when, [10]);
    const ws = outputs[9]?.interventions.find((x) => x.type === 'wheel_spinning');
    assert.equal(ws?.action.kind, 'alternate_explanation');
    assert.equal(ws?.action.contentId, 'video');
  });

  test('confidence below 0.7 goes to the review queue, above is applied', () => {
    const { all } = run(
      Array.from({ length: 12 }, (_, i) => attempt(i)),
      { config: { cooldownMessages: 1 } },
    );
    const spins = all.filter((x) => x.type === 'wheel_spinning');
    // 10/14 × (0.4 + 0.6 × 0.75/0.9) = 0.643; 12/16 × 0.9 = 0.675; 11/15 × 0.9 = 0.66
    assert.ok(
      spins.every(
        (x) =>
          x.confidence < 0.7 &&
          x.status === 'queued_for_review' &&
          x.queueReason === 'low_confidence',
      ),
    );
    const sure = run(
      Array.from({ length: 30 }, (_, i) =>
        attempt(i, { objectives: [{ objectiveId: 'o', before: 0.05, after: 0.01 }] }),
      ),
      { config: { perHour: 100 } },
    );
    const late = sure.all.filter((x) => x.type === 'wheel_spinning' && x.confidence >= 0.7);
    assert.ok(late.length > 0 && late.every((x) => x.status === 'applied'));
  });

  test('at most perHour interventions are applied per hour; the rest wait for review', () => {
    const fast = (i: number) => attempt(i, { durationMs: 100, itemId: `item-${i}`, correct: true });
    const { all } = run(
      Array.from({ length: 40 }, (_, i) => fast(i)),
      { config: { perHour: 2, cooldownMessages: 1 } },
    );
    const rapid = all.filter((x) => x.type === 'rapid_guessing');
    assert.ok(rapid.length > 3);
    assert.equal(all.filter((x) => x.status === 'applied').length, 2);
    assert.ok(
      all.filter((x) => x.status === 'queued_for_review').every((x) => x.queueReason !== null),
    );
    // 3 rapid of 5 is only 0.57 sure (queued); from 4 of 5 on they are sure enough to apply.
    const sure = rapid.filter((x) => x.confidence >= 0.7);
    assert.ok(sure.slice(0, 2).every((x) => x.status === 'applied'));
    assert.ok(sure.length > 2 && sure.slice(2).every((x) => x.queueReason === 'rate_limit'));
  });

  test('the hourly allowance frees up an hour later', () => {
    const fast = (i: number) => attempt(i, { durationMs: 100, correct: true });
    const config = { perHour: 1, cooldownMessages: 1 };
    const first = run(
      Array.from({ length: 6 }, (_, i) => fast(i)),
      { config },
    );
    assert.equal(first.all.filter((x) => x.status === 'applied').length, 1);
    assert.equal(first.all.filter((x) => x.queueReason === 'rate_limit').length, 2);
    const later = run(
      Array.from({ length: 3 }, (_, i) => fast(i + 6)),
      { config, now: new Date(now.getTime() + 3_600_001) },
      first.state,
    );
    assert.deepEqual(
      later.all.map((x) => x.status),
      ['applied', 'queued_for_review', 'queued_for_review'],
    );
  });

  test('an outcome is mastered when the objective reaches the threshold within K answers', () => {
    const wrongs = Array.from({ length: 10 }, (_, i) => attempt(i));
    const rising = [0.3, 0.5, 0.7, 0.92].map((after, i) =>
      attempt(10 + i, { correct: true, objectives: [{ objectiveId: 'o', before: 0.2, after }] }),
    );
    const { outputs } = run([...wrongs, ...rising]);
    const ws = outputs[9]?.interventions.find((x) => x.type === 'wheel_spinning');
    const outcome = outputs.flatMap((o) => o.outcomes).find((o) => o.id === ws?.id);
    assert.deepEqual(outcome, { id: ws?.id, mastered: true, attempts: 4 });
  });

  test('an outcome is not_mastered after K answers without mastery', () => {
    const { outputs } = run(
      Array.from({ length: 16 }, (_, i) => attempt(i)),
      { config: { outcomeAttempts: 5 } },
    );
    const ws = outputs[9]?.interventions.find((x) => x.type === 'wheel_spinning');
    const at = outputs.findIndex((o) => o.outcomes.some((x) => x.id === ws?.id));
    assert.equal(at, 14, 'decided on the 5th answer after the 10th');
    assert.deepEqual(
      outputs[at]?.outcomes.find((x) => x.id === ws?.id),
      { id: ws?.id, mastered: false, attempts: 5 },
    );
  });

  test('within the cooldown a detection fires again only to escalate past the review bar', () => {
    // Wheel-spinning: 0.643 on the 10th answer (queued), 0.7 on the 14th (escalates), then quiet.
    const { outputs } = run(Array.from({ length: 20 }, (_, i) => attempt(i)));
    const spins = outputs.flatMap((o, i) =>
      o.interventions
        .filter((x) => x.type === 'wheel_spinning')
        .map((x) => [i + 1, x.status] as const),
    );
    assert.deepEqual(spins, [
      [10, 'queued_for_review'],
      [14, 'applied'],
    ]);
  });

  test('hint requests in quick succession raise hint abuse; an answer resets the run', () => {
    const hint = (s: number): AgentEvent => ({
      type: 'hint_requested',
      at: new Date(now.getTime() + s * 1000).toISOString(),
      itemId: 'item',
      objectiveIds: ['o'],
    });
    assert.equal(
      run([
        hint(0),
        hint(1),
        attempt(0, { at: new Date(now.getTime() + 2000).toISOString() }),
        hint(3),
      ]).all.length,
      0,
    );
    const { all } = run([hint(0), hint(1), hint(2)]);
    assert.deepEqual(
      all.map((x) => [x.type, x.objectiveId, x.action.kind]),
      [['hint_abuse', 'o', 'student_message']],
    );
  });

  test('slow answers feed the item norm, rapid ones do not', () => {
    const { outputs } = run([attempt(0, { durationMs: 15_000 }), attempt(1, { durationMs: 300 })]);
    assert.deepEqual(
      outputs.map((o) => o.itemTime),
      [{ itemId: 'item', durationMs: 15_000 }, null],
    );
  });

  test('the input state is left unchanged', () => {
    const state = emptyInterventionState();
    const copy = JSON.stringify(state);
    run([attempt(0)], {}, state);
    assert.equal(JSON.stringify(state), copy);
  });

  test('the state forgets firings past their cooldown, and forgetting them changes nothing', () => {
    // Answers on four objectives, right or wrong at random, fast or slow: detections of
    // several types fire on each objective, again and again.
    const answers = fc.array(
      fc.record({
        objective: fc.integer({ min: 0, max: 3 }),
        correct: fc.boolean(),
        after: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        durationMs: fc.constantFrom(300, 20_000),
      }),
      { minLength: 1, maxLength: 120 },
    );
    fc.assert(
      fc.property(answers, fc.integer({ min: 1, max: 12 }), (steps, cooldownMessages) => {
        const input = (state: InterventionState, event: AgentEvent, n: number) =>
          inputOf(state, event, () => `iv-${n}`, { config: { cooldownMessages } });
        let state = emptyInterventionState();
        // Every firing ever recorded, the latest per key: what the state kept before.
        const everFired: InterventionState['fired'] = {};
        steps.forEach((step, i) => {
          const event = attempt(i, {
            correct: step.correct,
            durationMs: step.durationMs,
            objectives: [{ objectiveId: `o${step.objective}`, before: 0.3, after: step.after }],
          });
          const out = runInterventionAgent(input(state, event, i));
          // The same message with every forgotten firing put back decides the same.
          const unforgetting = runInterventionAgent(
            input({ ...state, fired: { ...everFired, ...state.fired } }, event, i),
          );
          assert.deepEqual(out.interventions, unforgetting.interventions);
          assert.deepEqual(out.outcomes, unforgetting.outcomes);
          Object.assign(everFired, out.state.fired);
          for (const last of Object.values(out.state.fired)) {
            assert.ok(out.state.seq - last.seq < cooldownMessages);
          }
          state = out.state;
        });
      }),
      { numRuns: 200 },
    );
  });
});
