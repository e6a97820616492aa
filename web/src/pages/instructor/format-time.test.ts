import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDateTime, formatRelative } from './format-time';

const NOW = Date.parse('2026-12-01T12:00:00Z');

void describe('formatRelative', () => {
  void test('picks the largest whole unit, and "just now" under a minute', () => {
    assert.equal(formatRelative('2026-11-28T12:00:00Z', NOW, 'en'), '3 days ago');
    assert.equal(formatRelative('2026-12-01T10:00:00Z', NOW, 'en'), '2 hours ago');
    assert.equal(formatRelative('2026-12-01T11:55:00Z', NOW, 'en'), '5 minutes ago');
    assert.equal(formatRelative('2026-12-01T11:59:30Z', NOW, 'en'), 'just now');
    assert.equal(formatRelative('2026-11-30T12:00:00Z', NOW, 'en'), 'yesterday');
  });
});

void describe('formatDateTime', () => {
  void test('formats in the given locale and time zone', () => {
    assert.equal(formatDateTime('2026-12-01T16:05:00Z', 'en-GB', 'UTC'), '1 Dec 2026, 16:05');
  });
});
