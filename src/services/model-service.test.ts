import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textbookBktModel } from '../domain/knowledge-tracing/textbook-bkt.js';
import type { StoredAttempt } from '../ports.js';
import { replayStudent } from './model-service.js';

const served = { key: 'bkt-default', name: 'bkt-default', model: textbookBktModel() };
const attempt: StoredAttempt = {
  student: 's',
  course: 'c',
  item: 'i',
  objectives: ['o'],
  correct: true,
  timestamp: 1,
};
const masteryAfter = (formatOf?: Parameters<typeof replayStudent>[2]) =>
  replayStudent(served, [[attempt]], formatOf)[0]?.mastery[0]?.pMastery;

test('a rebuild replays each attempt with its item format, as ingestion does', () => {
  // Numeric (guess 0.05): 9/11 + (2/11) × 0.15; without a format, textbook guess 0.2.
  const numeric = masteryAfter((course, item) =>
    course === 'c' && item === 'i' ? { format: 'numeric' } : undefined,
  );
  assert.ok(Math.abs((numeric ?? 0) - (9 / 11 + (2 / 11) * 0.15)) < 1e-12, String(numeric));
  const plain = masteryAfter();
  assert.ok(Math.abs((plain ?? 0) - (0.18 / 0.34 + (0.16 / 0.34) * 0.15)) < 1e-12, String(plain));
});
