/**
 * Event bus contract: the same suite runs on the in-process bus and, when NATS_URL is set, on a
 * real NATS JetStream server (each test on its own stream, deleted afterwards). With
 * PATHWISE_REQUIRE_SERVICES=1 a missing NATS_URL fails the run instead of skipping.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'nats';
import { pino } from 'pino';
import { createInProcessEventBus } from '../../src/adapters/memory/in-process-event-bus.js';
import { createNatsEventBus } from '../../src/adapters/nats/nats-event-bus.js';
import type { BusConsumer, BusMessage, EventBus } from '../../src/ports.js';

const natsUrl = process.env.NATS_URL || undefined;
if (process.env.PATHWISE_REQUIRE_SERVICES === '1' && !natsUrl) {
  throw new Error('PATHWISE_REQUIRE_SERVICES=1 but NATS_URL is not set');
}
const logger = pino({ level: 'silent' });
const retryDelayMs = () => 20;

interface BusKind {
  name: 'in-process' | 'nats';
  /** Why this kind is skipped, or undefined when it runs. */
  skip: string | undefined;
  /**
   * Whether opening the same scope again gives another process on the same durable bus. When
   * false, "another process" is the same bus instance.
   */
  shared: boolean;
  /** Opens a bus for one test's scope; each scope is isolated from the others. */
  open(scope: string, options?: { lingerMs?: number; batchSize?: number }): Promise<EventBus>;
  /** How many messages the bus holds durably for the scope, where it can tell. */
  storedCount?(scope: string): Promise<number>;
  cleanup(): Promise<void>;
}

const runId = randomBytes(4).toString('hex');
const natsStreams = new Set<string>();
const streamOf = (scope: string) => `PATHWISE_TEST_${runId}_${scope}`;

const kinds: BusKind[] = [
  {
    name: 'in-process',
    skip: undefined,
    shared: false,
    open: (_scope, options) =>
      Promise.resolve(createInProcessEventBus({ logger, retryDelayMs, ...options })),
    cleanup: () => Promise.resolve(),
  },
  {
    name: 'nats',
    skip: natsUrl ? undefined : 'skipped: no NATS server (set NATS_URL to run it)',
    shared: true,
    open(scope, options) {
      natsStreams.add(streamOf(scope));
      return createNatsEventBus({
        ...options,
        url: natsUrl as string,
        logger,
        streamName: streamOf(scope),
        subjectPrefix: `pwtest_${runId}_${scope}`,
        retryDelayMs,
      });
    },
    async storedCount(scope) {
      const nc = await connect({ servers: natsUrl });
      try {
        const jsm = await nc.jetstreamManager();
        return (await jsm.streams.info(streamOf(scope))).state.messages;
      } finally {
        await nc.close();
      }
    },
    async cleanup() {
      if (natsStreams.size === 0) {
        return;
      }
      const nc = await connect({ servers: natsUrl });
      const jsm = await nc.jetstreamManager();
      for (const stream of natsStreams) {
        await jsm.streams.delete(stream).catch(() => false);
      }
      await nc.close();
    },
  },
];

function buildMessage(subject = 'events.item_attempted', n = 0): BusMessage {
  return { id: randomUUID(), tenantId: 'tenant-a', subject, payload: { n } };
}

/** A consumer that records the ids it performs, in order. */
function recordingConsumer(
  name: string,
  overrides: Partial<BusConsumer> = {},
): BusConsumer & { seen: string[] } {
  const seen: string[] = [];
  return {
    name,
    subjects: ['events.>'],
    seen,
    perform(message) {
      seen.push(message.id);
      return Promise.resolve();
    },
    ...overrides,
  };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await sleep(10);
  }
}

/** How long to keep watching for a delivery that must not happen. */
const quietMs = 250;

const sorted = (ids: readonly string[]) => [...ids].sort();

after(async () => {
  for (const kind of kinds) {
    if (!kind.skip) {
      await kind.cleanup();
    }
  }
});

for (const kind of kinds) {
  describe(`event bus on ${kind.name}`, { skip: kind.skip }, () => {
    test('every consumer gets every matching message exactly once', async (t) => {
      const bus = await kind.open('fanout');
      t.after(() => bus.close());
      const analytics = recordingConsumer('analytics');
      const detectors = recordingConsumer('detectors');
      await bus.subscribe(analytics);
      await bus.subscribe(detectors);
      const messages = Array.from({ length: 10 }, (_, n) => buildMessage(undefined, n));

      await bus.publish(messages);
      await waitFor(() => analytics.seen.length >= 10 && detectors.seen.length >= 10, '10 each');
      await sleep(quietMs);

      const ids = sorted(messages.map((m) => m.id));
      assert.deepEqual(sorted(analytics.seen), ids);
      assert.deepEqual(sorted(detectors.seen), ids);
    });

    test('a consumer gets only messages on the subjects it names', async (t) => {
      const bus = await kind.open('filter');
      t.after(() => bus.close());
      const received: BusMessage[] = [];
      const items = recordingConsumer('items', {
        subjects: ['events.item_attempted', 'events.video.*'],
        perform(message) {
          received.push(message);
          return Promise.resolve();
        },
      });
      await bus.subscribe(items);
      const attempted = buildMessage('events.item_attempted');
      const video = buildMessage('events.video.completed');
      const others = [
        buildMessage('events.hint_requested'),
        buildMessage('events.video.completed.late'),
        buildMessage('audit.item_attempted'),
      ];

      await bus.publish([others[0] as BusMessage, attempted, ...others.slice(1), video]);
      await waitFor(() => received.length >= 2, 'the two matching messages');
      await sleep(quietMs);

      assert.deepEqual(sorted(received.map((m) => m.id)), sorted([attempted.id, video.id]));
      assert.deepEqual(
        received.find((m) => m.id === attempted.id),
        attempted,
        'the message arrives whole',
      );
    });

    test('a consumer subscribed again with other subjects gets the new subjects', async (t) => {
      const bus = await kind.open('resubjects');
      t.after(() => bus.close());
      const before = await bus.subscribe(recordingConsumer('changing', { subjects: ['events.a'] }));
      await before.stop();
      const consumer = recordingConsumer('changing', {
        subjects: ['events.a', 'events.b'],
        maxDeliveries: 3,
      });
      await bus.subscribe(consumer);
      const b = buildMessage('events.b');

      await bus.publish([b, buildMessage('events.c')]);
      await waitFor(() => consumer.seen.length >= 1, 'the message on the added subject');
      await sleep(quietMs);

      assert.deepEqual(consumer.seen, [b.id]);
    });

    test('a message id published again is delivered once', async (t) => {
      const bus = await kind.open('dedupe');
      t.after(() => bus.close());
      const consumer = recordingConsumer('dedupe');
      await bus.subscribe(consumer);
      const first = buildMessage();
      const second = buildMessage();

      await bus.publish([first]);
      await bus.publish([first, second]);
      await bus.publish([second, { ...second, payload: { changed: true } }]);
      await waitFor(() => consumer.seen.length >= 2, 'both messages');
      await sleep(quietMs);

      assert.deepEqual(sorted(consumer.seen), sorted([first.id, second.id]));
    });

    test('a failing perform is retried until it succeeds', async (t) => {
      const bus = await kind.open('retry');
      t.after(() => bus.close());
      let calls = 0;
      const failed: string[] = [];
      await bus.subscribe(
        recordingConsumer('flaky', {
          perform() {
            calls++;
            return calls <= 2 ? Promise.reject(new Error('transient')) : Promise.resolve();
          },
          onFailed(message) {
            failed.push(message.id);
            return Promise.resolve();
          },
        }),
      );

      await bus.publish([buildMessage()]);
      await waitFor(() => calls >= 3, 'the third delivery');
      await sleep(quietMs);

      assert.equal(calls, 3);
      assert.deepEqual(failed, []);
    });

    test('a message that always fails is given up after maxDeliveries and onFailed is called', async (t) => {
      const bus = await kind.open('poison');
      t.after(() => bus.close());
      const poison = buildMessage('events.item_attempted', 1);
      const healthy = buildMessage('events.item_attempted', 2);
      let poisonCalls = 0;
      const done: string[] = [];
      const failures: { id: string; error: unknown }[] = [];
      await bus.subscribe(
        recordingConsumer('strict', {
          maxDeliveries: 3,
          perform(message) {
            if (message.id === poison.id) {
              poisonCalls++;
              return Promise.reject(new Error('always fails'));
            }
            done.push(message.id);
            return Promise.resolve();
          },
          onFailed(message, error) {
            failures.push({ id: message.id, error });
            return Promise.resolve();
          },
        }),
      );

      await bus.publish([poison, healthy]);
      await waitFor(() => failures.length >= 1, 'onFailed');
      await sleep(quietMs);

      assert.equal(poisonCalls, 3);
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.id, poison.id);
      assert.match(String(failures[0]?.error), /always fails/);
      assert.deepEqual(done, [healthy.id], 'other messages are not held up');
    });

    test('two subscriptions with the same name share the messages', async (t) => {
      const first = await kind.open('shared');
      t.after(() => first.close());
      const second = kind.shared ? await kind.open('shared') : first;
      t.after(() => second.close());
      const slowly = { perform: () => sleep(5) };
      const a = recordingConsumer('grader');
      const b = recordingConsumer('grader');
      await first.subscribe({ ...a, perform: (m) => a.perform(m).then(slowly.perform) });
      await second.subscribe({ ...b, perform: (m) => b.perform(m).then(slowly.perform) });
      const messages = Array.from({ length: 60 }, (_, n) => buildMessage(undefined, n));

      await first.publish(messages);
      await waitFor(() => a.seen.length + b.seen.length >= 60, 'all 60 messages');
      await sleep(quietMs);

      assert.deepEqual(sorted([...a.seen, ...b.seen]), sorted(messages.map((m) => m.id)));
      assert.ok(a.seen.length > 0 && b.seen.length > 0, `split ${a.seen.length}/${b.seen.length}`);
    });

    test('a consumer that stops and subscribes again resumes where it left off', async (t) => {
      const before = await kind.open('resume');
      t.after(() => before.close());
      const consumer = recordingConsumer('resumer');
      const subscription = await before.subscribe(consumer);
      const early = Array.from({ length: 5 }, (_, n) => buildMessage(undefined, n));
      const late = Array.from({ length: 5 }, (_, n) => buildMessage(undefined, 5 + n));
      await before.publish(early);
      await waitFor(() => consumer.seen.length >= 5, 'the early messages');

      await subscription.stop();
      await before.publish(late);
      let afterRestart = before;
      if (kind.shared) {
        await before.close();
        afterRestart = await kind.open('resume');
        t.after(() => afterRestart.close());
      }
      await afterRestart.subscribe(consumer);
      await waitFor(() => consumer.seen.length >= 10, 'the late messages');
      await sleep(quietMs);

      assert.deepEqual(
        consumer.seen.slice(0, 5),
        early.map((m) => m.id),
      );
      assert.deepEqual(sorted(consumer.seen.slice(5)), sorted(late.map((m) => m.id)));
    });

    test('performBatch gets the messages waiting together, in order, each exactly once', async (t) => {
      const bus = await kind.open('batch');
      t.after(() => bus.close());
      const batches: string[][] = [];
      const consumer = recordingConsumer('batcher');
      consumer.performBatch = (messages) => {
        batches.push(messages.map((m) => m.id));
        consumer.seen.push(...messages.map((m) => m.id));
        return Promise.resolve();
      };
      const messages = Array.from({ length: 60 }, (_, n) => buildMessage(undefined, n));
      // Waiting before the consumer subscribes again, so they are handed over together.
      const first = await bus.subscribe(consumer);
      await first.stop();
      await bus.publish(messages);
      await bus.subscribe(consumer);
      await waitFor(() => consumer.seen.length >= 60, 'all 60');
      await sleep(quietMs);

      assert.deepEqual(
        consumer.seen,
        messages.map((m) => m.id),
      );
      assert.ok(
        batches.some((b) => b.length > 1),
        `batch sizes ${batches.map((b) => b.length).join(',')}`,
      );
    });

    test('with a linger, messages published one after another are performed as one batch', async (t) => {
      const bus = await kind.open('linger', { lingerMs: 400 });
      t.after(() => bus.close());
      const batches: string[][] = [];
      const consumer = recordingConsumer('lingerer');
      consumer.performBatch = (messages) => {
        batches.push(messages.map((m) => m.id));
        return Promise.resolve();
      };
      consumer.perform = (message) => {
        batches.push([message.id]);
        return Promise.resolve();
      };
      await bus.subscribe(consumer);
      await sleep(quietMs);
      const messages = Array.from({ length: 3 }, (_, n) => buildMessage(undefined, n));
      for (const m of messages) {
        await bus.publish([m]);
        await sleep(30);
      }
      await waitFor(() => batches.flat().length >= 3, 'all 3');
      assert.deepEqual(batches, [messages.map((m) => m.id)]);
    });

    test('a failing performBatch falls back to perform on each message, with its retries', async (t) => {
      const bus = await kind.open('batchfail');
      t.after(() => bus.close());
      const messages = Array.from({ length: 20 }, (_, n) => buildMessage(undefined, n));
      const flaky = messages[7]?.id;
      let failedOnce = false;
      let batchCalls = 0;
      const consumer = recordingConsumer('batchfailer', {
        performBatch() {
          batchCalls++;
          return Promise.reject(new Error('one of them is bad'));
        },
      });
      const perform = consumer.perform.bind(consumer);
      consumer.perform = (message) => {
        if (message.id === flaky && !failedOnce) {
          failedOnce = true;
          return Promise.reject(new Error('first delivery fails'));
        }
        return perform(message);
      };
      const first = await bus.subscribe(consumer);
      await first.stop();
      await bus.publish(messages);
      await bus.subscribe(consumer);
      await waitFor(() => consumer.seen.length >= 20, 'all 20 one by one');
      await sleep(quietMs);

      assert.ok(batchCalls > 0, 'performBatch was tried');
      assert.ok(failedOnce, 'the flaky message failed once');
      assert.deepEqual(sorted(consumer.seen), sorted(messages.map((m) => m.id)));
    });

    test('the messages of a batch reach every consumer once each, in order', async (t) => {
      const bus = await kind.open('batches');
      t.after(() => bus.close());
      const plain = recordingConsumer('plain');
      const batched = recordingConsumer('batched');
      const handed: number[] = [];
      batched.performBatch = (messages) => {
        handed.push(messages.length);
        batched.seen.push(...messages.map((m) => m.id));
        return Promise.resolve();
      };
      await bus.subscribe(plain);
      await bus.subscribe(batched);
      const first = Array.from({ length: 30 }, (_, n) => buildMessage(undefined, n));
      const second = Array.from({ length: 3 }, (_, n) => buildMessage(undefined, 30 + n));

      await bus.publishBatches([
        { id: randomUUID(), messages: first },
        { id: randomUUID(), messages: second },
      ]);
      await waitFor(() => plain.seen.length >= 33 && batched.seen.length >= 33, 'all 33 twice');
      await sleep(quietMs);

      const ids = [...first, ...second].map((m) => m.id);
      assert.deepEqual(plain.seen, ids);
      assert.deepEqual(batched.seen, ids);
      assert.ok(
        handed.some((n) => n > 1),
        `performBatch got ${handed.join(',')}`,
      );
      if (kind.storedCount) {
        assert.equal(await kind.storedCount('batches'), 2, 'one stored message per batch');
      }
    });

    test('performBatch never gets more than batchSize messages, however they were published', async (t) => {
      const bus = await kind.open('batchsize', { batchSize: 5 });
      t.after(() => bus.close());
      const sizes: number[] = [];
      const consumer = recordingConsumer('sizer');
      consumer.performBatch = (messages) => {
        sizes.push(messages.length);
        consumer.seen.push(...messages.map((m) => m.id));
        return Promise.resolve();
      };
      const batches = [3, 3, 3, 8, 1].map((n) => ({
        id: randomUUID(),
        messages: Array.from({ length: n }, (_, i) => buildMessage(undefined, i)),
      }));
      // Waiting before the consumer subscribes again, so they are handed over together.
      const first = await bus.subscribe(consumer);
      await first.stop();
      await bus.publishBatches(batches);
      await bus.subscribe(consumer);
      await waitFor(() => consumer.seen.length >= 18, 'all 18');
      await sleep(quietMs);

      assert.deepEqual(
        consumer.seen,
        batches.flatMap((b) => b.messages.map((m) => m.id)),
      );
      assert.ok(
        sizes.every((n) => n <= 5),
        `sizes ${sizes.join(',')}`,
      );
    });

    test('a batch published again is delivered once', async (t) => {
      const bus = await kind.open('batchdedupe');
      t.after(() => bus.close());
      const consumer = recordingConsumer('batchdedupe');
      await bus.subscribe(consumer);
      const batch = { id: randomUUID(), messages: [buildMessage(), buildMessage()] };

      await bus.publishBatches([batch]);
      await bus.publishBatches([batch]);
      await waitFor(() => consumer.seen.length >= 2, 'both messages');
      await sleep(quietMs);

      assert.deepEqual(
        consumer.seen,
        batch.messages.map((m) => m.id),
      );
    });

    test('a failing message in a batch is retried; the others are performed once', async (t) => {
      const bus = await kind.open('batchretry');
      t.after(() => bus.close());
      const messages = [buildMessage(), buildMessage(), buildMessage()];
      const flaky = messages[1]?.id;
      const calls = new Map<string, number>();
      const failed: string[] = [];
      await bus.subscribe(
        recordingConsumer('batchretry', {
          perform(message) {
            const n = (calls.get(message.id) ?? 0) + 1;
            calls.set(message.id, n);
            return message.id === flaky && n <= 2
              ? Promise.reject(new Error('transient'))
              : Promise.resolve();
          },
          onFailed(message) {
            failed.push(message.id);
            return Promise.resolve();
          },
        }),
      );

      await bus.publishBatches([{ id: randomUUID(), messages }]);
      await waitFor(() => (calls.get(flaky as string) ?? 0) >= 3, 'the third delivery');
      await sleep(quietMs);

      assert.deepEqual(
        messages.map((m) => calls.get(m.id)),
        [1, 3, 1],
      );
      assert.deepEqual(failed, []);
    });

    test('a message of a batch that always fails goes to onFailed; the others are not held up', async (t) => {
      const bus = await kind.open('batchpoison');
      t.after(() => bus.close());
      const messages = [buildMessage(), buildMessage(), buildMessage()];
      const poison = messages[0]?.id;
      let poisonCalls = 0;
      const done: string[] = [];
      const failures: string[] = [];
      await bus.subscribe(
        recordingConsumer('batchpoison', {
          maxDeliveries: 3,
          perform(message) {
            if (message.id === poison) {
              poisonCalls++;
              return Promise.reject(new Error('always fails'));
            }
            done.push(message.id);
            return Promise.resolve();
          },
          onFailed(message) {
            failures.push(message.id);
            return Promise.resolve();
          },
        }),
      );

      await bus.publishBatches([{ id: randomUUID(), messages }]);
      await waitFor(() => failures.length >= 1, 'onFailed');
      await sleep(quietMs);

      assert.equal(poisonCalls, 3);
      assert.deepEqual(failures, [poison]);
      assert.deepEqual(
        done,
        messages.slice(1).map((m) => m.id),
      );
    });

    test('publishBatches refuses an empty or mixed batch and accepts none of them', async (t) => {
      const bus = await kind.open('badbatch');
      t.after(() => bus.close());
      const consumer = recordingConsumer('badbatch');
      await bus.subscribe(consumer);
      const good = { id: randomUUID(), messages: [buildMessage()] };

      await assert.rejects(
        bus.publishBatches([
          good,
          { id: randomUUID(), messages: [buildMessage(), buildMessage('events.other')] },
        ]),
        /mixes subjects/,
      );
      await assert.rejects(bus.publishBatches([good, { id: randomUUID(), messages: [] }]));
      await sleep(quietMs);

      assert.deepEqual(consumer.seen, []);
    });

    test('a batch too large for one wire message still arrives whole, each message once', async (t) => {
      const bus = await kind.open('bigbatch');
      t.after(() => bus.close());
      const consumer = recordingConsumer('bigbatch');
      await bus.subscribe(consumer);
      // 24 × 64 KB: over NATS's default 1 MB payload limit.
      const messages = Array.from({ length: 24 }, (_, n) => ({
        ...buildMessage(undefined, n),
        payload: { n, text: 'x'.repeat(64 * 1024) },
      }));

      await bus.publishBatches([{ id: randomUUID(), messages }]);
      await waitFor(() => consumer.seen.length >= 24, 'all 24');
      await sleep(quietMs);

      assert.deepEqual(
        consumer.seen,
        messages.map((m) => m.id),
      );
      if (kind.storedCount) {
        assert.ok((await kind.storedCount('bigbatch')) > 1, 'split into several wire messages');
      }
    });

    test('publish resolves once accepted, without waiting for consumers', async (t) => {
      const bus = await kind.open('accept');
      t.after(() => bus.close());
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const consumer = recordingConsumer('gated', {
        async perform(message) {
          await gate;
          consumer.seen.push(message.id);
        },
      });
      await bus.subscribe(consumer);
      const messages = [buildMessage(), buildMessage(), buildMessage()];

      await bus.publish(messages);

      assert.deepEqual(consumer.seen, []);
      if (kind.storedCount) {
        assert.equal(await kind.storedCount('accept'), 3);
      }
      release();
      await waitFor(() => consumer.seen.length >= 3, 'the gated messages');
    });

    test('publish refuses a batch with an invalid subject and accepts none of it', async (t) => {
      const bus = await kind.open('invalid');
      t.after(() => bus.close());
      const consumer = recordingConsumer('strict-input');
      await bus.subscribe(consumer);

      await assert.rejects(bus.publish([buildMessage(), buildMessage('events.*')]));
      await sleep(quietMs);

      assert.deepEqual(consumer.seen, []);
    });

    test('close waits for in-flight work, then publish and check report closed', async (t) => {
      const bus = await kind.open('close');
      let started = 0;
      let finished = 0;
      await bus.subscribe(
        recordingConsumer('slow', {
          async perform() {
            started++;
            await sleep(300);
            finished++;
          },
        }),
      );
      await bus.publish([buildMessage()]);
      await waitFor(() => started === 1, 'the perform to start');
      assert.deepEqual(await bus.check(), { ok: true });

      await bus.close();

      assert.equal(finished, 1);
      await assert.rejects(bus.publish([buildMessage()]));
      assert.equal((await bus.check()).ok, false);
      if (kind.shared) {
        // The ack was flushed before the connection closed: nothing comes back.
        const reopened = await kind.open('close');
        t.after(() => reopened.close());
        const again = recordingConsumer('slow');
        await reopened.subscribe(again);
        await sleep(quietMs * 2);
        assert.deepEqual(again.seen, []);
      }
    });
  });
}

describe('in-process event bus: settle', () => {
  test('a graceful stop performs what is queued first; settle gives up after its timeout', async () => {
    const bus = createInProcessEventBus({ logger, retryDelayMs });
    const consumer = recordingConsumer('slow', {
      async perform(message) {
        await sleep(20);
        consumer.seen.push(message.id);
      },
    });
    await bus.subscribe(consumer);
    const messages = Array.from({ length: 10 }, (_, n) => buildMessage('events.item_attempted', n));
    await bus.publish(messages);
    // 10 × 20 ms of work queued: not done within 50 ms, done within 5 s.
    assert.equal(await bus.settle?.(50), false);
    assert.equal(await bus.settle?.(5000), true);
    assert.deepEqual(
      consumer.seen,
      messages.map((m) => m.id),
    );
    await bus.close();
  });
});
