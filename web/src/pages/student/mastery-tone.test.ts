import assert from 'node:assert/strict';
import { test } from 'node:test';
import { masteryLook } from './mastery-tone';

test('an objective without an estimate reads "Not started"', () => {
  assert.deepEqual(masteryLook(undefined, 0.9), { tone: 'none', text: 'Not started' });
});

test('an estimate at the threshold is mastered, and says so in words', () => {
  assert.deepEqual(masteryLook(0.9, 0.9), { tone: 'mastered', text: '90% · mastered' });
});

test('an estimate between one half and the threshold is learning; below, needs practice', () => {
  assert.deepEqual(masteryLook(0.72, 0.9), { tone: 'developing', text: '72% · learning' });
  assert.deepEqual(masteryLook(0.2, 0.9), { tone: 'low', text: '20% · needs practice' });
});
