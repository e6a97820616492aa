import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVideoTracker } from './video-tracker';

test('the first play starts the video; playing on reports each quarter once, then completion', () => {
  const tracker = createVideoTracker(100);
  assert.deepEqual(tracker.play(0), [{ type: 'video_started', positionSeconds: 0 }]);
  assert.deepEqual(tracker.position(10), []);
  assert.deepEqual(tracker.position(26), [{ type: 'video_progressed', positionSeconds: 26 }]);
  assert.deepEqual(tracker.position(30), []);
  assert.deepEqual(tracker.position(99.5), [
    { type: 'video_progressed', positionSeconds: 99.5 },
    { type: 'video_completed', positionSeconds: 99.5 },
  ]);
  assert.deepEqual(tracker.position(100), []);
});

test('positions before play report nothing, and a pause reports where it stopped', () => {
  const tracker = createVideoTracker(60);
  assert.deepEqual(tracker.position(30), []);
  tracker.play(0);
  assert.deepEqual(tracker.pause(5), [{ type: 'video_progressed', positionSeconds: 5 }]);
  assert.deepEqual(tracker.pause(5), []);
  assert.deepEqual(tracker.play(5), []);
});

test('positions past the end are clamped to the duration', () => {
  const tracker = createVideoTracker(10);
  tracker.play(0);
  const signals = tracker.position(50);
  assert.equal(signals.at(-1)?.type, 'video_completed');
  assert.equal(signals.at(-1)?.positionSeconds, 10);
});
