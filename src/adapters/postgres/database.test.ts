import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warningsFor } from './database.js';

test('no warning when autovacuum and track_counts are on', () => {
  assert.deepEqual(warningsFor({ autovacuum: 'on', track_counts: 'on' }), []);
});

test('autovacuum or track_counts off: one warning that says what to do', () => {
  for (const settings of [
    { autovacuum: 'off', track_counts: 'on' },
    { autovacuum: 'on', track_counts: 'off' },
    { autovacuum: 'off', track_counts: 'off' },
  ]) {
    const warnings = warningsFor(settings);
    assert.equal(warnings.length, 1, JSON.stringify(settings));
    assert.match(warnings[0] as string, /autovacuum .*off.*ANALYZE/);
  }
});
