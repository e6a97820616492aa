import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RiskReason } from '../../api/api-types';
import { groupReasons, moreLikeThis } from './risk-reasons';

const reason = (code: string, text: string): RiskReason => ({
  code,
  text,
  objectiveId: null,
  since: null,
});

void describe('groupReasons', () => {
  void test('groups reasons by code in first-seen order and counts them', () => {
    const groups = groupReasons([
      reason('wheel_spinning', 'w1'),
      reason('open_intervention', 'o1'),
      reason('wheel_spinning', 'w2'),
      reason('open_intervention', 'o2'),
      reason('open_intervention', 'o3'),
      reason('inactive', 'i1'),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.code, g.first.text, g.count]),
      [
        ['wheel_spinning', 'w1', 2],
        ['open_intervention', 'o1', 3],
        ['inactive', 'i1', 1],
      ],
    );
    assert.equal(moreLikeThis(groups[1]!), ' (and 2 more like this)');
    assert.equal(moreLikeThis(groups[2]!), '');
  });
});
