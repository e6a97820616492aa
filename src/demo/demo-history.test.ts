import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { buildDemoCoursePackage } from './demo-course.js';
import {
  DEMO_STUDENT_NAMES,
  DEMO_UNDER_13_INDICES,
  demoBirthDate,
  demoProfileOf,
  generateDemoHistory,
  type DemoHistoryProps,
} from './demo-history.js';
import { LearningEventSchema, type LearningEvent } from '../domain/events/learning-event.js';
import {
  loadExpressionEngine,
  numericResponseMatches,
} from '../domain/course-package/numeric-item.js';
import { createRng } from '../domain/random.js';
import type { ContentEntry } from '../domain/course-package/course-package-schema.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const DAY = 24 * 60 * 60 * 1000;
await loadExpressionEngine();
const pkg = buildDemoCoursePackage();

/** A deterministic uuid-shaped id for a label (FNV-1a, not cryptographic). */
function fakeUuid(label: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let h = 0x811c9dc5 ^ round;
    for (const ch of `${round}:${label}`) {
      h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    }
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const students = Array.from({ length: 36 }, (_, i) => fakeUuid(`student-${i}`));
const keyOfId = new Map(pkg.content.map((c) => [fakeUuid(c.key), c]));

function props(seed: number): DemoHistoryProps {
  return {
    pkg,
    students,
    contentIdOf: fakeUuid,
    courseId: fakeUuid('course'),
    sectionOf: (id) => fakeUuid(`section-${students.indexOf(id) % 2}`),
    rng: createRng(seed),
    now: new Date('2026-03-02T12:00:00.000Z'),
    days: 28,
  };
}

const events = generateDemoHistory(props(42));
const attempts = events.filter(
  (e): e is Extract<LearningEvent, { type: 'item_attempted' }> => e.type === 'item_attempted',
);

test('the same seed gives the same events', () => {
  assert.deepEqual(generateDemoHistory(props(42)), events);
});

test('a different seed gives different events', () => {
  assert.notDeepEqual(generateDemoHistory(props(43)), events);
});

test('every event matches the learning event schema', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const check = ajv.compile(LearningEventSchema);
  for (const e of events) {
    assert.ok(check(e), `${e.id}: ${JSON.stringify(check.errors)}`);
  }
});

test('event ids are unique', () => {
  assert.equal(new Set(events.map((e) => e.id)).size, events.length);
});

test('timestamps are sorted and within the window', () => {
  const { now, days } = props(42);
  const from = now.getTime() - days * DAY;
  let previous = -Infinity;
  for (const e of events) {
    const t = Date.parse(e.timestamp);
    assert.ok(t >= previous, `${e.id} out of order`);
    assert.ok(t >= from && t <= now.getTime(), `${e.id} at ${e.timestamp} is outside the window`);
    previous = t;
  }
});

test('each student has roughly 150 to 400 events', () => {
  for (const id of students) {
    const n = events.filter((e) => e.studentId === id).length;
    assert.ok(n >= 100 && n <= 450, `student ${students.indexOf(id)} has ${n} events`);
  }
});

test('sessions open before and close after their events', () => {
  const bySession = new Map<string, LearningEvent[]>();
  for (const e of events) {
    assert.ok(e.sessionId, `${e.id} has no session`);
    bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
  }
  for (const [id, list] of bySession) {
    assert.equal(list[0]?.type, 'session_started', id);
    assert.equal(list.at(-1)?.type, 'session_ended', id);
  }
});

test('correctness agrees with the answer key of every fixed item', () => {
  let checked = 0;
  for (const a of attempts) {
    const entry = keyOfId.get(a.itemId) as ContentEntry;
    const item = entry.item;
    assert.ok(item, a.itemId);
    if (item.format === 'multiple_choice') {
      assert.ok(Array.isArray(a.response));
      const same =
        a.response.length === item.answer.correct.length &&
        item.answer.correct.every((id) => (a.response as string[]).includes(id));
      assert.equal(a.correct, same, entry.key);
      checked++;
    } else if (item.format === 'numeric' && 'value' in item.answer) {
      assert.equal(typeof a.response, 'number');
      const variant = {
        values: {},
        prompt: item.prompt,
        answer: item.answer.value,
        tolerance: item.answer.tolerance ?? 0,
      };
      assert.equal(a.correct, numericResponseMatches(a.response as number, variant), entry.key);
      checked++;
    } else if (item.format === 'short_text') {
      assert.equal(typeof a.response, 'string');
      const accepted = item.answer.accepted.map((s) => s.toLowerCase());
      assert.equal(a.correct, accepted.includes((a.response as string).toLowerCase()), entry.key);
      checked++;
    } else {
      assert.equal(typeof a.response, 'number');
    }
  }
  assert.ok(checked > 1000);
});

test('hint requests come before a hinted attempt', () => {
  const hinted = attempts.filter((a) => a.hintsUsed > 0);
  assert.ok(hinted.length > 0);
  for (const a of hinted.slice(0, 200)) {
    const hints = events.filter(
      (e) =>
        e.type === 'hint_requested' &&
        e.itemId === a.itemId &&
        e.studentId === a.studentId &&
        e.timestamp <= a.timestamp,
    );
    assert.ok(hints.length >= a.hintsUsed, a.id);
  }
});

function accuracy(profile: string): number {
  const ids = new Set(students.filter((_, i) => demoProfileOf(i) === profile));
  const mine = attempts.filter((a) => ids.has(a.studentId));
  return mine.filter((a) => a.correct).length / mine.length;
}

test('struggling students are less accurate than strong ones', () => {
  assert.ok(accuracy('struggling') + 0.1 < accuracy('strong'));
});

test('struggling students wheel-spin: many wrong attempts on one objective', () => {
  const strugglers = students.filter((_, i) => demoProfileOf(i) === 'struggling');
  for (const id of strugglers) {
    const wrongByObjective = new Map<string, number>();
    for (const a of attempts) {
      if (a.studentId === id && !a.correct) {
        const objective = keyOfId.get(a.itemId)?.objectives[0] as string;
        wrongByObjective.set(objective, (wrongByObjective.get(objective) ?? 0) + 1);
      }
    }
    assert.ok(Math.max(...wrongByObjective.values()) >= 10, `student ${students.indexOf(id)}`);
  }
});

test('disengaged students stopped coming in the last week', () => {
  const { now } = props(42);
  const weekAgo = now.getTime() - 7 * DAY;
  students.forEach((id, i) => {
    if (demoProfileOf(i) === 'disengaged') {
      assert.ok(events.every((e) => e.studentId !== id || Date.parse(e.timestamp) < weekAgo));
    }
  });
});

test('the rapid guesser answers in seconds', () => {
  const guesser = students[students.findIndex((_, i) => demoProfileOf(i) === 'guesser')];
  const times = attempts.filter((a) => a.studentId === guesser).map((a) => a.durationMs);
  const others = attempts.filter((a) => a.studentId !== guesser).map((a) => a.durationMs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

  assert.ok(median(times) < 6000);
  assert.ok(median(others) > 10000);
});

test('the roster has 36+ distinct names and mostly 13 to 15 year olds', () => {
  const ageIn2026 = (iso: string) => 2026 - Number(iso.slice(0, 4));
  const names = DEMO_STUDENT_NAMES.map((n) => `${n.givenName} ${n.familyName}`);
  const ages = DEMO_STUDENT_NAMES.map((_, i) => ageIn2026(demoBirthDate(i)));

  assert.ok(names.length >= 36);
  assert.equal(new Set(names).size, names.length);
  assert.equal(ages.filter((a) => a <= 12).length, 3);
  assert.deepEqual(
    DEMO_UNDER_13_INDICES.map((i) => ageIn2026(demoBirthDate(i))),
    [12, 12, 12],
  );
  assert.ok(ages.every((a) => a === 12 || (a >= 14 && a <= 15)));
  assert.ok(DEMO_STUDENT_NAMES.every((_, i) => /^\d{4}-\d{2}-\d{2}$/.test(demoBirthDate(i))));
});
