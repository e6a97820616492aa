import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { createInProcessEventBus } from '../adapters/memory/in-process-event-bus.js';
import type { BusConsumer, BusMessage, EventBus } from '../ports.js';
import { startConsumers } from './consumer-runner.js';

/** A logger whose JSON lines land in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function buildMessage(id: string): BusMessage {
  return { id, tenantId: 'tenant-a', subject: 'events.item_attempted', payload: {} };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await sleep(10);
  }
  assert.ok(condition(), 'timed out');
}

describe('startConsumers', () => {
  test('delivers to every consumer and stops them all', async (t) => {
    const { logger } = capturingLogger();
    const bus = createInProcessEventBus({ logger });
    t.after(() => bus.close());
    const seen: string[] = [];
    const consumer = (name: string): BusConsumer => ({
      name,
      subjects: ['events.>'],
      perform: (m) => {
        seen.push(`${name}:${m.id}`);
        return Promise.resolve();
      },
    });
    const running = await startConsumers(bus, [consumer('one'), consumer('two')], logger);

    await bus.publish([buildMessage('m1')]);
    await waitFor(() => seen.length === 2);
    await running.stop();
    await bus.publish([buildMessage('m2')]);
    await sleep(50);

    assert.deepEqual(seen.sort(), ['one:m1', 'two:m1']);
  });

  test('logs a message given up on with its id, consumer and attempt, then calls onFailed', async (t) => {
    const { logger, lines } = capturingLogger();
    const bus = createInProcessEventBus({ logger, retryDelayMs: () => 1 });
    t.after(() => bus.close());
    const failed: string[] = [];
    const running = await startConsumers(
      bus,
      [
        {
          name: 'broken',
          subjects: ['events.>'],
          maxDeliveries: 2,
          perform: () => Promise.reject(new Error('boom')),
          onFailed: (m) => {
            failed.push(m.id);
            return Promise.resolve();
          },
        },
      ],
      logger,
    );
    t.after(() => running.stop());

    await bus.publish([buildMessage('m1')]);
    await waitFor(() => failed.length === 1);

    const givenUp = lines.find((l) => l.msg === 'bus message given up on');
    assert.equal(givenUp?.messageId, 'm1');
    assert.equal(givenUp?.consumer, 'broken');
    assert.equal(givenUp?.attempt, 2);
    assert.deepEqual(failed, ['m1']);
  });

  test('refuses two consumers with one name', async () => {
    const { logger } = capturingLogger();
    const bus = createInProcessEventBus({ logger });
    const consumer: BusConsumer = {
      name: 'twin',
      subjects: ['events.>'],
      perform: () => Promise.resolve(),
    };

    await assert.rejects(startConsumers(bus, [consumer, consumer], logger), /twin/);
    await bus.close();
  });

  test('stops the consumers already started when one fails to subscribe', async () => {
    const { logger } = capturingLogger();
    const stopped: string[] = [];
    const bus: EventBus = {
      kind: 'in-process',
      publish: () => Promise.resolve(),
      publishBatches: () => Promise.resolve(),
      subscribe: (c) =>
        c.name === 'bad'
          ? Promise.reject(new Error('no such stream'))
          : Promise.resolve({
              stop: () => {
                stopped.push(c.name);
                return Promise.resolve();
              },
            }),
      check: () => Promise.resolve({ ok: true }),
      close: () => Promise.resolve(),
    };
    const consumer = (name: string): BusConsumer => ({
      name,
      subjects: ['events.>'],
      perform: () => Promise.resolve(),
    });

    await assert.rejects(
      startConsumers(bus, [consumer('good'), consumer('bad')], logger),
      /no such stream/,
    );
    assert.deepEqual(stopped, ['good']);
  });
});
