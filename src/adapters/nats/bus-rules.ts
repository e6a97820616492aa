/**
 * Rules both event-bus adapters share, so the in-process bus behaves as JetStream does: NATS
 * subject syntax (dot-separated tokens; in a pattern `*` matches one token and a final `>` one or
 * more), consumer names that are valid durable names, the default retry policy, and the wire
 * form of a message.
 */
import type { BusBatch, BusConsumer, BusMessage } from '../../ports.js';

/** Deliveries of one message to one consumer before it is given up on, when not configured. */
export const defaultMaxDeliveries = 5;

/**
 * Delay before the next delivery after delivery `attempt` (1-based) failed, in ms: 1 s doubling
 * per attempt, capped at 60 s.
 */
export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 60_000);
}

const tokenPattern = /^[^\s.*>]+$/;
const consumerNamePattern = /^[A-Za-z0-9_-]{1,100}$/;

/** Whether `subject` is a concrete subject one can publish to (no wildcards, no empty tokens). */
export function isValidSubject(subject: string): boolean {
  return subject.split('.').every((token) => tokenPattern.test(token));
}

/** Whether `pattern` is a valid subscription pattern (`*` anywhere, `>` only last). */
export function isValidSubjectPattern(pattern: string): boolean {
  const tokens = pattern.split('.');
  return tokens.every(
    (token, i) =>
      tokenPattern.test(token) || token === '*' || (token === '>' && i === tokens.length - 1),
  );
}

/** Whether the concrete `subject` matches `pattern`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === '>') {
      return have.length > i;
    }
    if (i >= have.length || (token !== '*' && token !== have[i])) {
      return false;
    }
  }
  return want.length === have.length;
}

/** Whether `subject` matches any of `patterns`. */
export function subjectMatchesAny(patterns: readonly string[], subject: string): boolean {
  return patterns.some((pattern) => subjectMatches(pattern, subject));
}

/**
 * Throws unless the consumer can be subscribed on either bus: a name of letters, digits, `-` and
 * `_` (a valid JetStream durable name), at least one valid subject pattern, and a positive
 * integer `maxDeliveries` if given.
 */
export function assertValidConsumer(consumer: BusConsumer): void {
  if (!consumerNamePattern.test(consumer.name)) {
    throw new Error(`invalid bus consumer name ${JSON.stringify(consumer.name)}`);
  }
  if (consumer.subjects.length === 0) {
    throw new Error(`bus consumer ${consumer.name} has no subjects`);
  }
  for (const subject of consumer.subjects) {
    if (!isValidSubjectPattern(subject)) {
      throw new Error(`bus consumer ${consumer.name} has an invalid subject ${subject}`);
    }
  }
  const max = consumer.maxDeliveries;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new Error(`bus consumer ${consumer.name}: maxDeliveries must be a positive integer`);
  }
}

/**
 * The wire form of a message: JSON of the whole message. Throws on an empty id or an invalid
 * subject, so a bad batch is refused before any of it is accepted.
 */
export function encodeBusMessage(message: BusMessage): string {
  if (typeof message.id !== 'string' || message.id.length === 0) {
    throw new Error('a bus message needs a non-empty id');
  }
  if (!isValidSubject(message.subject)) {
    throw new Error(`invalid bus subject ${JSON.stringify(message.subject)}`);
  }
  const { id, tenantId, subject, payload } = message;
  return JSON.stringify({ id, tenantId, subject, payload });
}

/**
 * Throws unless `batch` can be published: a non-empty id, at least one message, every message
 * valid (see encodeBusMessage) and all on one subject.
 */
export function assertValidBatch(batch: BusBatch): void {
  if (typeof batch.id !== 'string' || batch.id.length === 0) {
    throw new Error('a bus batch needs a non-empty id');
  }
  const first = batch.messages[0];
  if (first === undefined) {
    throw new Error(`bus batch ${batch.id} has no messages`);
  }
  if (batch.messages.some((m) => m.subject !== first.subject)) {
    throw new Error(`bus batch ${batch.id} mixes subjects`);
  }
}

/**
 * The wire form of several messages travelling as one unit: `{"batch": [message, …]}`, each
 * as encodeBusMessage writes it. One message alone is written as itself.
 */
export function encodeBusMessages(messages: readonly BusMessage[]): string {
  if (messages.length === 1) {
    return encodeBusMessage(messages[0] as BusMessage);
  }
  return `{"batch":[${messages.map(encodeBusMessage).join(',')}]}`;
}

/** Parses the wire form back; throws if it is not a bus message. */
export function decodeBusMessage(text: string): BusMessage {
  return toBusMessage(JSON.parse(text));
}

/** Parses either wire form (one message, or a batch) into its messages; throws if invalid. */
export function decodeBusMessages(text: string): BusMessage[] {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'object' && value !== null && 'batch' in value) {
    const batch = value.batch;
    if (Array.isArray(batch) && batch.length > 0) {
      return batch.map(toBusMessage);
    }
    throw new Error('not a bus batch');
  }
  return [toBusMessage(value)];
}

function toBusMessage(value: unknown): BusMessage {
  if (typeof value === 'object' && value !== null) {
    const { id, tenantId, subject, payload } = value as Record<string, unknown>;
    if (
      typeof id === 'string' &&
      typeof tenantId === 'string' &&
      typeof subject === 'string' &&
      typeof payload === 'object' &&
      payload !== null &&
      !Array.isArray(payload)
    ) {
      return { id, tenantId, subject, payload: payload as Record<string, unknown> };
    }
  }
  throw new Error('not a bus message');
}
