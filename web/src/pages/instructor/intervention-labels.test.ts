import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evidenceEntries, humanize, queueReasonText, typeName } from './intervention-labels';

void describe('intervention labels', () => {
  void test('names known types and makes unknown codes readable', () => {
    assert.equal(typeName('wheel_spinning'), 'Wheel-spinning');
    assert.equal(typeName('new_detector'), 'New detector');
    assert.equal(humanize('activeMinutesLast7Days'), 'Active minutes last 7 days');
  });

  void test('formats evidence values in the detector order', () => {
    assert.deepEqual(
      evidenceEntries({
        fall: 0.73561,
        signal: 'activity_fall',
        attempts: 12,
        spun: true,
        none: null,
      }),
      [
        { label: 'Fall', value: '0.736' },
        { label: 'Signal', value: 'Activity fall' },
        { label: 'Attempts', value: '12' },
        { label: 'Spun', value: 'yes' },
        { label: 'None', value: '–' },
      ],
    );
  });

  void test('explains why an intervention waits for review', () => {
    assert.equal(queueReasonText('low_confidence'), 'confidence below 0.7');
    assert.equal(queueReasonText(null), null);
  });
});
