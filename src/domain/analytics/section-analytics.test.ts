import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LearnerSummary } from './learner-analytics.js';
import {
  assessRisk,
  buildAtRiskList,
  buildSectionDashboard,
  compareGains,
} from './section-analytics.js';

const now = new Date('2026-11-20T12:00:00Z');
const objectives = [
  { id: 'o1', key: 'k1', title: 'Fractions' },
  { id: 'o2', key: 'k2', title: 'Ratios' },
];
const summary = (over: Partial<LearnerSummary> = {}): LearnerSummary => ({
  lastActiveAt: '2026-11-20T10:00:00Z',
  days: [['2026-11-20', 3, 2]],
  videosStarted: 2,
  videosCompleted: 1,
  objectives: {},
  ...over,
});
const input = (students: { id: string; name: string; summary: LearnerSummary | null }[]) => ({
  objectives,
  students,
  interventions: [],
  threshold: 0.95,
  now,
});

describe('section analytics', () => {
  test('ten answers without mastery are wheel-spinning, named by objective and never by student', () => {
    const r = assessRisk(
      { id: 's', name: 'Sam', summary: summary({ objectives: { o1: [0.3, 10, 0, 0, 0] } }) },
      input([]),
    );
    assert.deepEqual(
      r.reasons.map((x) => [x.code, x.objectiveId]),
      [['wheel_spinning', 'o1']],
    );
    assert.match(r.reasons[0]?.text ?? '', /Fractions/);
    assert.doesNotMatch(r.reasons[0]?.text ?? '', /Sam/);
    assert.equal(r.risk, 0.6);
  });

  test('no activity for 7 days is inactivity; a fall against the week before is activity_fall', () => {
    const idle = assessRisk(
      { id: 's', name: 'S', summary: summary({ lastActiveAt: '2026-11-10T12:00:00Z' }) },
      input([]),
    );
    assert.deepEqual(
      idle.reasons.map((x) => x.code),
      ['inactive'],
    );
    const fall = assessRisk(
      {
        id: 's',
        name: 'S',
        summary: summary({
          days: [
            ['2026-11-10', 20, 10],
            ['2026-11-19', 2, 1],
          ],
        }),
      },
      input([]),
    );
    assert.deepEqual(
      fall.reasons.map((x) => x.code),
      ['activity_fall'],
    );
  });

  test('risks combine as 1 − Π(1 − w) and the list is ordered by risk', () => {
    const list = buildAtRiskList({
      ...input([
        { id: 'a', name: 'A', summary: summary({ objectives: { o1: [0.3, 6, 0, 0.2, 4] } }) },
        { id: 'b', name: 'B', summary: summary({ objectives: { o1: [0.3, 12, 0, 0.2, 5] } }) },
        { id: 'c', name: 'C', summary: summary() },
      ]),
    });
    assert.deepEqual(
      list.map((s) => s.studentId),
      ['b', 'a'],
    );
    assert.equal(list[0]?.risk, Number((1 - 0.4 * 0.6).toFixed(4)));
  });

  test('the dashboard aligns mastery with the objectives and summarises the class', () => {
    const d = buildSectionDashboard(
      input([
        { id: 'a', name: 'A', summary: summary({ objectives: { o2: [0.96, 4, 1, 0, 0] } }) },
        { id: 'b', name: 'B', summary: null },
      ]),
    );
    assert.deepEqual(d.students[0]?.mastery, [null, 0.96]);
    assert.equal(d.students[0]?.masteredCount, 1);
    assert.deepEqual(d.students[1]?.mastery, [null, null]);
    assert.equal(d.summary.students, 2);
    assert.equal(d.summary.activeLast7Days, 1);
    assert.equal(d.summary.masteredShare, 0.25);
    assert.equal(d.summary.videoCompletionRate, 0.5);
    assert.equal(d.summary.attemptsLast7Days, 2);
  });

  test('the gain interval is mean ± 1.96·s/√n and the lift uses Welch’s standard error', () => {
    const g = compareGains({ n: 25, mean: 0.2, sd: 0.1 }, { n: 16, mean: 0.1, sd: 0.08 });
    assert.equal(g.meanGain, 0.2);
    assert.equal(g.ciLow, Number((0.2 - 1.96 * 0.02).toFixed(4)));
    assert.equal(g.lift, 0.1);
    const se = Math.sqrt(0.01 / 25 + 0.0064 / 16);
    assert.equal(g.liftCiHigh, Number((0.1 + 1.96 * se).toFixed(4)));
    const lone = compareGains({ n: 1, mean: 0.3, sd: 0 }, null);
    assert.deepEqual([lone.ciLow, lone.ciHigh, lone.lift], [0.3, 0.3, null]);
  });
});
