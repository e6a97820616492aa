import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseAction, type ActionCourse } from './choose-action.js';
import type { Detection, InterventionType } from './detection.js';

// fractions (a) <- equivalent (b) <- add (c); d has no content but an item
const course: ActionCourse = {
  threshold: 0.9,
  objectives: [
    { id: 'a', title: 'Fractions', prerequisiteIds: [] },
    { id: 'b', title: 'Equivalent fractions', prerequisiteIds: ['a'] },
    { id: 'c', title: 'Adding fractions', prerequisiteIds: ['a', 'b'] },
    { id: 'd', title: 'Lonely', prerequisiteIds: [] },
  ],
  content: [
    { id: 'a-video', type: 'video', title: 'What is a fraction', objectiveIds: ['a'] },
    { id: 'b-video', type: 'video', title: 'Equivalence video', objectiveIds: ['b'] },
    { id: 'b-reading', type: 'reading', title: 'Equivalence reading', objectiveIds: ['b'] },
    { id: 'c-item', type: 'assessment_item', title: 'Add', objectiveIds: ['c'] },
    { id: 'c-reading', type: 'reading', title: 'Adding, explained', objectiveIds: ['c'] },
    { id: 'd-item', type: 'assessment_item', title: 'Lonely item', objectiveIds: ['d'] },
  ],
};
const detection = (
  type: InterventionType,
  objectiveId: string | null,
  over: Partial<Detection> = {},
) => ({
  type,
  objectiveId,
  itemId: 'c-item',
  evidence: { attempts: 10, wrongInARow: 4 },
  confidence: 0.8,
  ...over,
});
const choose = (d: Detection, mastery: Record<string, number> = {}, preference = {}) =>
  chooseAction({
    detection: d,
    course,
    mastery: new Map(Object.entries(mastery)),
    prior: 0.2,
    preference,
    studentName: 'Sam',
  });

describe('choosing an action', () => {
  test('wheel-spinning sends the student to the least-mastered unmastered prerequisite', () => {
    const a = choose(detection('wheel_spinning', 'c'), { a: 0.95, b: 0.4 });
    assert.equal(a.kind, 'prerequisite_review');
    assert.equal(a.objectiveId, 'b');
    assert.equal(a.contentId, 'b-video', 'an explanation, in course order');
    assert.match(
      a.message,
      /Adding fractions builds on Equivalent fractions \(your mastery: 40%\)/,
    );
    const weakest = choose(detection('wheel_spinning', 'c'), { a: 0.1, b: 0.4 });
    assert.equal(weakest.objectiveId, 'a');
  });

  test('with prerequisites mastered it offers another content type of the same objective', () => {
    const a = choose(detection('wheel_spinning', 'c'), { a: 0.95, b: 0.92 });
    assert.equal(a.kind, 'alternate_explanation');
    assert.equal(a.contentId, 'c-reading');
    assert.equal(a.objectiveId, 'c');
  });

  test('the preferred content type wins among explanations', () => {
    const a = choose(detection('failure_run', 'b'), {}, { video: 0.1, reading: 0.7 });
    assert.equal(a.contentId, 'b-reading');
    assert.equal(choose(detection('failure_run', 'b')).contentId, 'b-video');
  });

  test('without content to offer: next hint for a failure run, an instructor alert for wheel-spinning', () => {
    const hint = choose(detection('failure_run', 'd', { itemId: 'd-item' }));
    assert.deepEqual([hint.kind, hint.itemId], ['next_hint', 'd-item']);
    const alert = choose(detection('wheel_spinning', 'd'));
    assert.equal(alert.kind, 'instructor_alert');
    assert.match(alert.message, /^Sam has practised Lonely 10 times/);
  });

  test('rapid guessing and hint abuse message the student without naming the detector', () => {
    for (const type of ['rapid_guessing', 'hint_abuse'] as const) {
      const a = choose(detection(type, 'c'));
      assert.equal(a.kind, 'student_message');
      assert.doesNotMatch(a.message, /guess|abuse|detect/i);
    }
  });

  test('inactivity alerts the instructor with the days away', () => {
    const a = choose(
      detection('disengagement', null, {
        evidence: {
          signal: 'inactivity',
          daysInactive: 9.6,
          lastActivityAt: '2026-11-10T09:00:00Z',
        },
      }),
    );
    assert.equal(a.kind, 'instructor_alert');
    assert.equal(a.message, 'Sam has not been active for 9 days (last activity 2026-11-10).');
  });

  test('disengagement alerts the instructor with the numbers', () => {
    const a = choose(
      detection('disengagement', null, {
        evidence: { activeMinutesLast7Days: 11.9803, activeMinutesPrevious7Days: 90.2 },
      }),
    );
    assert.equal(a.kind, 'instructor_alert');
    assert.match(a.message, /Sam was active 12 minutes in the last 7 days, against 90/);
  });
});
