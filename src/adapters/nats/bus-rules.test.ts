import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertValidBatch,
  decodeBusMessage,
  decodeBusMessages,
  defaultRetryDelayMs,
  encodeBusMessage,
  encodeBusMessages,
  isValidSubject,
  isValidSubjectPattern,
  subjectMatches,
} from './bus-rules.js';

describe('bus rules', () => {
  test('patterns match as NATS subjects do', () => {
    assert.equal(subjectMatches('events.>', 'events.item_attempted'), true);
    assert.equal(subjectMatches('events.>', 'events.video.completed'), true);
    assert.equal(subjectMatches('events.>', 'events'), false);
    assert.equal(subjectMatches('events.*', 'events.item_attempted'), true);
    assert.equal(subjectMatches('events.*', 'events.video.completed'), false);
    assert.equal(subjectMatches('events.*.completed', 'events.video.completed'), true);
    assert.equal(subjectMatches('events.item_attempted', 'events.item_attempted'), true);
    assert.equal(subjectMatches('events.item_attempted', 'events.item_attempted.x'), false);
    assert.equal(subjectMatches('audit.>', 'events.item_attempted'), false);
  });

  test('wildcards and empty tokens are refused where they are not allowed', () => {
    assert.equal(isValidSubject('events.item_attempted'), true);
    assert.equal(isValidSubject('events.*'), false);
    assert.equal(isValidSubject('events..x'), false);
    assert.equal(isValidSubject('events x'), false);
    assert.equal(isValidSubjectPattern('events.*.done'), true);
    assert.equal(isValidSubjectPattern('events.>'), true);
    assert.equal(isValidSubjectPattern('events.>.x'), false);
  });

  test('a message survives the wire form unchanged', () => {
    const message = { id: 'e1', tenantId: 't1', subject: 'events.x', payload: { n: 1 } };

    assert.deepEqual(decodeBusMessage(encodeBusMessage(message)), message);
    assert.throws(() => decodeBusMessage('{"id":"e1"}'), /not a bus message/);
  });

  test('a batch survives the wire form unchanged and in order; one message travels as itself', () => {
    const messages = [1, 2, 3].map((n) => ({
      id: `e${n}`,
      tenantId: 't1',
      subject: 'events.x',
      payload: { n },
    }));

    assert.deepEqual(decodeBusMessages(encodeBusMessages(messages)), messages);
    assert.equal(encodeBusMessages(messages.slice(0, 1)), encodeBusMessage(messages[0]!));
    assert.deepEqual(decodeBusMessages(encodeBusMessage(messages[0]!)), messages.slice(0, 1));
    assert.throws(() => decodeBusMessages('{"batch":[]}'), /not a bus batch/);
    assert.throws(() => decodeBusMessages('{"batch":[{"id":"e1"}]}'), /not a bus message/);
  });

  test('a batch must have an id, messages, and one subject', () => {
    const message = { id: 'e1', tenantId: 't1', subject: 'events.x', payload: {} };

    assert.doesNotThrow(() => assertValidBatch({ id: 'b', messages: [message] }));
    assert.throws(() => assertValidBatch({ id: '', messages: [message] }), /non-empty id/);
    assert.throws(() => assertValidBatch({ id: 'b', messages: [] }), /no messages/);
    assert.throws(
      () => assertValidBatch({ id: 'b', messages: [message, { ...message, subject: 'events.y' }] }),
      /mixes subjects/,
    );
  });

  test('the default retry delay doubles from 1 s and stops at 60 s', () => {
    assert.deepEqual([1, 2, 3, 7, 20].map(defaultRetryDelayMs), [1000, 2000, 4000, 60_000, 60_000]);
  });
});
