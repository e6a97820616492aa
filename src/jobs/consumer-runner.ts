/**
 * Starts the worker role's bus consumers and stops them together. The bus retries a failed
 * `perform` (and logs each failed attempt with the message id, consumer name and attempt);
 * this adds the log line when a message is given up on, then calls the consumer's own
 * `onFailed`.
 */
import type { Logger } from 'pino';
import type { BusConsumer, BusSubscription, EventBus } from '../ports.js';

/** The running consumers. */
export interface RunningConsumers {
  /** Stops every consumer; each finishes the message in hand first. */
  stop(): Promise<void>;
}

/**
 * Subscribes every consumer on `bus`. Names must be unique in the list: two entries with one
 * name would silently share that name's messages. If one subscription fails, those already
 * started are stopped and the error is rethrown.
 */
export async function startConsumers(
  bus: EventBus,
  consumers: readonly BusConsumer[],
  logger: Logger,
): Promise<RunningConsumers> {
  const names = consumers.map((c) => c.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) {
    throw new Error(`two bus consumers are named ${repeated}`);
  }
  const subscriptions: BusSubscription[] = [];
  try {
    for (const consumer of consumers) {
      subscriptions.push(await bus.subscribe(withFailureLog(consumer, logger)));
    }
  } catch (error) {
    await Promise.allSettled(subscriptions.map((s) => s.stop()));
    throw error;
  }
  logger.info({ bus: bus.kind, consumers: names }, 'bus consumers started');
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        await Promise.allSettled(subscriptions.map((s) => s.stop()));
        logger.info({ consumers: names }, 'bus consumers stopped');
      })()),
  };
}

function withFailureLog(consumer: BusConsumer, logger: Logger): BusConsumer {
  const log = logger.child({ consumer: consumer.name });
  return {
    name: consumer.name,
    subjects: consumer.subjects,
    maxDeliveries: consumer.maxDeliveries,
    perform: (message) => consumer.perform(message),
    ...(consumer.performBatch ? { performBatch: consumer.performBatch.bind(consumer) } : {}),
    async onFailed(message, error) {
      log.error(
        {
          err: error,
          messageId: message.id,
          tenantId: message.tenantId,
          subject: message.subject,
          // onFailed comes after the last delivery; 5 is the port's default.
          attempt: consumer.maxDeliveries ?? 5,
        },
        'bus message given up on',
      );
      await consumer.onFailed?.(message, error);
    },
  };
}
