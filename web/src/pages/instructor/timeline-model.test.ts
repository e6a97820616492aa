import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineItem } from '../../api/api-types';
import { groupByDay, outcomeOf } from './timeline-model';

function item(at: string, correct: boolean | null = null): TimelineItem {
  return {
    at,
    kind: 'event',
    type: 'item_answered',
    text: 't',
    objectiveId: null,
    contentId: null,
    correct,
    pMastery: null,
  };
}

void describe('groupByDay', () => {
  void test('splits newest-first items into consecutive days in the given time zone', () => {
    const days = groupByDay(
      [item('2026-11-03T09:00:00Z'), item('2026-11-03T01:00:00Z'), item('2026-11-02T23:30:00Z')],
      'UTC',
    );
    assert.deepEqual(
      days.map((d) => [d.day, d.items.length]),
      [
        ['2026-11-03', 2],
        ['2026-11-02', 1],
      ],
    );
    const inNewYork = groupByDay([item('2026-11-03T01:00:00Z')], 'America/New_York');
    assert.equal(inNewYork[0]?.day, '2026-11-02');
  });

  void test('marks answers correct or incorrect and other items as neither', () => {
    assert.equal(outcomeOf(item('2026-11-03T09:00:00Z', true)), 'correct');
    assert.equal(outcomeOf(item('2026-11-03T09:00:00Z', false)), 'incorrect');
    assert.equal(outcomeOf(item('2026-11-03T09:00:00Z')), null);
  });
});
