import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SectionAtRisk, SectionDashboard } from '../../api/api-types';
import { changedCells, describeUpdate } from './live-update';

function dashboard(
  updatedAt: string,
  mastery: (number | null)[],
  masteredCount: number,
): SectionDashboard {
  return {
    sectionId: 's',
    courseId: 'c',
    updatedAt,
    objectives: [
      { id: 'o1', key: 'a', title: 'A' },
      { id: 'o2', key: 'b', title: 'B' },
    ],
    students: [
      { id: 'u1', name: 'Ada', lastActiveAt: null, masteredCount, atRisk: false, mastery },
    ],
    summary: {
      students: 1,
      activeLast7Days: 1,
      meanMastery: 0,
      masteredShare: 0,
      videoCompletionRate: 0,
      attemptsLast7Days: 0,
      engagementTrend: 0,
    },
  };
}

function atRisk(count: number): SectionAtRisk {
  return {
    sectionId: 's',
    updatedAt: 't',
    students: Array.from({ length: count }, (_, i) => ({
      studentId: `u${i}`,
      name: `Student ${i}`,
      risk: 0.8,
      lastActiveAt: null,
      reasons: [],
    })),
  };
}

void describe('describeUpdate', () => {
  void test('says nothing when only the timestamp moved', () => {
    const before = { dashboard: dashboard('t1', [0.5, null], 0), atRisk: atRisk(2), queued: 3 };
    const after = { dashboard: dashboard('t2', [0.5, null], 0), atRisk: atRisk(2), queued: 3 };
    assert.equal(describeUpdate(before, after, '10:00'), null);
  });

  void test('counts students at risk, the review queue and objectives mastered, without names', () => {
    const before = { dashboard: dashboard('t1', [0.5, null], 0), atRisk: atRisk(2), queued: 3 };
    const after = { dashboard: dashboard('t2', [0.97, null], 1), atRisk: atRisk(1), queued: 4 };
    const text = describeUpdate(before, after, '10:00');
    assert.equal(
      text,
      'Updated at 10:00: 1 student at risk (was 2); 4 interventions to review (was 3); +1 objectives mastered.',
    );
    assert.ok(!text?.includes('Student 0'));
  });

  void test('mentions changed estimates when no objective crossed the threshold', () => {
    const before = { dashboard: dashboard('t1', [0.5, null], 0), atRisk: null, queued: null };
    const after = { dashboard: dashboard('t2', [0.6, 0.1], 0), atRisk: null, queued: null };
    assert.equal(
      describeUpdate(before, after, '10:00'),
      'Updated at 10:00: mastery estimates changed.',
    );
    assert.equal(changedCells(before.dashboard, after.dashboard), 2);
  });
});
