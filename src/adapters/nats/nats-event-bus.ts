/**
 * The event bus on NATS JetStream, used when NATS_URL is set and several processes run.
 *
 * - One stream (default `PATHWISE_EVENTS`) holds `${prefix}.>` on file storage, with a
 *   duplicate window: a message is published with `Nats-Msg-Id` = its id, so the outbox can
 *   re-publish safely. The stream is created, or updated when its config differs, at start.
 * - A consumer is a durable pull consumer named after `BusConsumer.name` (explicit ack,
 *   `ack_wait`, `max_deliver`, `filter_subjects`, deliver policy `all`): it resumes where it
 *   left off, a consumer name created later first catches up on what the stream retains, and
 *   processes subscribing under the same name share its messages. The consumer's config is
 *   updated in place when its subjects or limits change.
 * - Each subscription performs one message at a time, acks on success, naks with a backoff
 *   delay on failure, and after `maxDeliveries` calls `onFailed` and terminates the message.
 *   A consumer with `performBatch` is handed the first deliveries that are waiting together
 *   (up to `batchSize`) at once and they are acked together; if the batch fails, its messages
 *   are performed one by one as above. Redeliveries are always performed one by one.
 *
 * The subject on the wire is `${prefix}.${message.subject}`; the body is JSON of the whole
 * message.
 */
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  Events,
  NatsError,
  RetentionPolicy,
  StorageType,
  connect,
  nanos,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  type StreamInfo,
} from 'nats';
import type { Logger } from 'pino';
import type { BusConsumer, BusMessage, BusSubscription, EventBus } from '../../ports.js';
import {
  assertValidConsumer,
  decodeBusMessage,
  defaultMaxDeliveries,
  defaultRetryDelayMs,
  encodeBusMessage,
  subjectMatchesAny,
} from './bus-rules.js';

export interface NatsEventBusProps {
  /** NATS server URL, or several separated by commas. */
  url: string;
  logger: Logger;
  /** JetStream stream holding the bus's messages; default `PATHWISE_EVENTS`. */
  streamName?: string;
  /** First subject token of every bus message; default `pathwise`. */
  subjectPrefix?: string;
  /** A message id seen again within this window is not stored twice, ms; default 2 min. */
  duplicateWindowMs?: number;
  /** How long the stream keeps messages, ms; default 7 days. */
  maxAgeMs?: number;
  /**
   * How long a delivered message may stay unacknowledged before JetStream redelivers it, ms;
   * default 30 s. A running `perform` keeps its message alive with progress acks.
   */
  ackWaitMs?: number;
  /**
   * Delay before redelivering a message whose delivery `attempt` (1-based) failed, in ms.
   * Default: 1 s doubling per attempt, capped at 60 s.
   */
  retryDelayMs?: (attempt: number) => number;
  /** Publishes awaiting their PubAck at once within one `publish` call; default 128. */
  publishConcurrency?: number;
  /**
   * Messages a subscription pulls ahead of the one it is performing; default 10. Pulled messages
   * wait unacknowledged, so prefetch × the slowest perform should stay well under `ackWaitMs`.
   */
  prefetch?: number;
  /** Most messages handed to a consumer's `performBatch` at once; default 100. */
  batchSize?: number;
  /**
   * How long a consumer with `performBatch` waits, after a first delivery, for more to join its
   * batch (fewer, larger batches under a steady trickle); default 0.
   */
  lingerMs?: number;
}

interface Worker {
  stop(): Promise<void>;
}

/** Connects to NATS, ensures the stream exists with the wanted config, and returns the bus. */
export async function createNatsEventBus(props: NatsEventBusProps): Promise<EventBus> {
  const streamName = props.streamName ?? 'PATHWISE_EVENTS';
  const prefix = props.subjectPrefix ?? 'pathwise';
  const ackWaitMs = props.ackWaitMs ?? 30_000;
  const retryDelayMs = props.retryDelayMs ?? defaultRetryDelayMs;
  const publishConcurrency = props.publishConcurrency ?? 128;
  const prefetch = props.prefetch ?? 10;
  const batchSize = props.batchSize ?? 100;
  const lingerMs = props.lingerMs ?? 0;
  const logger = props.logger.child({ component: 'event-bus', bus: 'nats', stream: streamName });

  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: props.url.split(',').map((s) => s.trim()),
      name: 'pathwise',
      maxReconnectAttempts: -1,
      // Without this every request (each JetStream publish) captures a stack trace up front for
      // its errors, about 19 µs per published message here. Errors keep their message and code.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw new Error(`cannot connect to NATS at ${redactUrl(props.url)}`, { cause: error });
  }
  logStatus(nc, logger);
  let jsm: JetStreamManager;
  try {
    jsm = await nc.jetstreamManager();
    await ensureStream(jsm, logger, {
      name: streamName,
      subjects: [`${prefix}.>`],
      duplicateWindowMs: props.duplicateWindowMs ?? 120_000,
      maxAgeMs: props.maxAgeMs ?? 7 * 24 * 3_600_000,
    });
  } catch (error) {
    await nc.close();
    throw error;
  }
  const js = nc.jetstream();
  // Consumer filters: `filter_subjects` from server 2.10, which can also change them in place.
  // Server 2.9 accepts a change of `filter_subject` but then delivers nothing, so there every
  // consumer reads all of `${prefix}.>` and skips (acks) other subjects itself: its filter
  // never changes when its subjects do.
  const serverFilters = serverAtLeast(nc.info?.version, 2, 10);
  const workers = new Set<Worker>();
  let closed = false;

  function consumerConfig(consumer: BusConsumer): Partial<ConsumerConfig> {
    const filter = serverFilters
      ? {
          filter_subjects: consumer.subjects.map((subject) => `${prefix}.${subject}`),
          filter_subject: undefined,
        }
      : { filter_subject: `${prefix}.>` };
    return {
      durable_name: consumer.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ackWaitMs),
      // One more than ours: if the last delivery is never acked (a crash), the next one still
      // reaches us, and we call onFailed instead of JetStream dropping it silently.
      max_deliver: (consumer.maxDeliveries ?? defaultMaxDeliveries) + 1,
      ...filter,
    };
  }

  async function ensureConsumer(consumer: BusConsumer, log: Logger): Promise<void> {
    const wanted = consumerConfig(consumer);
    const existing = await consumerInfo(jsm, streamName, consumer.name);
    if (existing === null) {
      try {
        await jsm.consumers.add(streamName, wanted);
        log.info('created durable consumer');
        return;
      } catch (error) {
        // Another process may have created it at the same moment; check again below.
        if ((await consumerInfo(jsm, streamName, consumer.name)) === null) {
          throw error;
        }
      }
    }
    const current = existing ?? (await consumerInfo(jsm, streamName, consumer.name));
    if (current !== null && consumerDiffers(current, wanted)) {
      await jsm.consumers.update(streamName, consumer.name, {
        ack_wait: wanted.ack_wait,
        max_deliver: wanted.max_deliver,
        filter_subject: wanted.filter_subject,
        filter_subjects: wanted.filter_subjects,
      });
      log.info('updated durable consumer config');
    }
  }

  async function handle(consumer: BusConsumer, log: Logger, msg: JsMsg): Promise<void> {
    const attempt = msg.info.deliveryCount;
    let message: BusMessage;
    try {
      message = decodeBusMessage(msg.string());
    } catch (error) {
      log.error({ err: error, streamSequence: msg.seq }, 'undecodable bus message; terminated');
      msg.term();
      return;
    }
    if (!subjectMatchesAny(consumer.subjects, message.subject)) {
      msg.ack();
      return;
    }
    const maxDeliveries = consumer.maxDeliveries ?? defaultMaxDeliveries;
    const fields = { messageId: message.id, attempt, maxDeliveries };
    if (attempt > maxDeliveries) {
      log.error(fields, 'bus message delivered too often without an ack; giving up');
      await reportFailure(consumer, log, message, new Error('never acknowledged'));
      msg.term();
      return;
    }
    const progress = setInterval(() => msg.working(), Math.max(1000, ackWaitMs / 3));
    try {
      await consumer.perform(message);
      msg.ack();
    } catch (error) {
      if (attempt < maxDeliveries) {
        const delay = retryDelayMs(attempt);
        log.warn({ err: error, ...fields, retryInMs: delay }, 'bus message failed; will retry');
        msg.nak(delay);
      } else {
        log.error({ err: error, ...fields }, 'bus message failed on its last delivery; giving up');
        await reportFailure(consumer, log, message, error);
        msg.term();
      }
    } finally {
      clearInterval(progress);
    }
  }

  /**
   * Performs deliveries that were waiting together: with `performBatch` when the consumer has
   * one (first deliveries only), falling back to `handle` one by one if it fails.
   */
  async function handleBatch(consumer: BusConsumer, log: Logger, msgs: JsMsg[]): Promise<void> {
    const performBatch = consumer.performBatch?.bind(consumer);
    const ready: { msg: JsMsg; message: BusMessage }[] = [];
    for (const msg of msgs) {
      let message: BusMessage | undefined;
      if (performBatch && msgs.length > 1 && msg.info.deliveryCount === 1) {
        try {
          message = decodeBusMessage(msg.string());
        } catch {
          message = undefined; // handle() terminates it with a log line
        }
      }
      if (message === undefined) {
        await handle(consumer, log, msg);
      } else if (!subjectMatchesAny(consumer.subjects, message.subject)) {
        msg.ack();
      } else {
        ready.push({ msg, message });
      }
    }
    if (ready.length === 0 || !performBatch) {
      return;
    }
    const progress = setInterval(
      () => ready.forEach((r) => r.msg.working()),
      Math.max(1000, ackWaitMs / 3),
    );
    let failed = false;
    try {
      await performBatch(ready.map((r) => r.message));
      ready.forEach((r) => r.msg.ack());
    } catch (error) {
      failed = true;
      log.warn(
        { err: error, messages: ready.length },
        'bus batch failed; performing its messages one by one',
      );
    } finally {
      clearInterval(progress);
    }
    if (failed) {
      for (const r of ready) {
        await handle(consumer, log, r.msg);
      }
    }
  }

  function startWorker(consumer: BusConsumer, log: Logger): Worker {
    let stopping = false;
    let messages: ConsumerMessages | undefined;
    let wakeFromPause: (() => void) | undefined;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wakeFromPause = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const done = (async () => {
      while (!stopping) {
        try {
          const pull = await js.consumers.get(streamName, consumer.name);
          messages = await pull.consume({ max_messages: prefetch });
          if (stopping) {
            // Ends the iteration below after anything already pulled (which is handed back).
            void messages.close();
          }
          // Deliveries are collected while a batch is being performed, so whatever arrived
          // meanwhile goes to the consumer together (at most batchSize at once); collecting
          // pauses while a full batch waits, so at most batchSize + prefetch are in hand.
          const waiting: JsMsg[] = [];
          let wakePerformer: (() => void) | undefined;
          let wakeCollector: (() => void) | undefined;
          let ended = false;
          const performer = (async () => {
            for (;;) {
              if (waiting.length === 0) {
                if (ended) {
                  return;
                }
                await new Promise<void>((resolve) => (wakePerformer = resolve));
                wakePerformer = undefined;
                continue;
              }
              if (
                lingerMs > 0 &&
                consumer.performBatch &&
                waiting.length < batchSize &&
                !stopping &&
                !ended
              ) {
                await new Promise((resolve) => setTimeout(resolve, lingerMs));
              }
              const batch = waiting.splice(0, batchSize);
              wakeCollector?.();
              if (stopping) {
                // Pulled ahead but never started: hand them back for immediate redelivery.
                batch.forEach((msg) => msg.nak());
                continue;
              }
              await handleBatch(consumer, log, batch);
            }
          })();
          try {
            for await (const msg of messages) {
              waiting.push(msg);
              wakePerformer?.();
              while (waiting.length >= batchSize && !stopping) {
                await new Promise<void>((resolve) => (wakeCollector = resolve));
                wakeCollector = undefined;
              }
            }
          } finally {
            ended = true;
            wakePerformer?.();
            await performer;
          }
          if (!stopping) {
            log.warn('consuming ended; restarting in 1 s');
            await pause(1000);
          }
        } catch (error) {
          if (stopping) {
            break;
          }
          log.error({ err: error }, 'consuming failed; restarting in 1 s');
          await pause(1000);
          await ensureConsumer(consumer, log).catch((err: unknown) =>
            log.error({ err }, 'cannot recreate durable consumer'),
          );
        }
      }
    })();
    return {
      async stop() {
        stopping = true;
        wakeFromPause?.();
        // Closing ends the loop once the message in hand is done; the rest is handed back.
        void messages?.close();
        await done;
      },
    };
  }

  function assertOpen(): void {
    if (closed) {
      throw new Error('the event bus is closed');
    }
  }

  return {
    kind: 'nats',

    async publish(messages: readonly BusMessage[]): Promise<void> {
      assertOpen();
      const bodies = messages.map(encodeBusMessage);
      let duplicates = 0;
      const results = await mapWithConcurrency(messages, publishConcurrency, async (message, i) => {
        const ack = await js.publish(`${prefix}.${message.subject}`, bodies[i], {
          msgID: message.id,
          expect: { streamName },
        });
        if (ack.duplicate) {
          duplicates++;
        }
      });
      const failures = results.filter((r) => r.status === 'rejected');
      if (failures.length > 0) {
        throw new Error(`${failures.length} of ${messages.length} bus messages were not accepted`, {
          cause: failures[0]?.reason,
        });
      }
      if (duplicates > 0) {
        logger.debug({ duplicates }, 'bus messages already in the duplicate window');
      }
    },

    async subscribe(consumer: BusConsumer): Promise<BusSubscription> {
      assertOpen();
      assertValidConsumer(consumer);
      const log = logger.child({ consumer: consumer.name });
      await ensureConsumer(consumer, log);
      const worker = startWorker(consumer, log);
      workers.add(worker);
      let stopping: Promise<void> | undefined;
      return {
        stop: () => (stopping ??= worker.stop().finally(() => workers.delete(worker))),
      };
    },

    async check() {
      if (nc.isClosed()) {
        return { ok: false, error: 'the NATS connection is closed' };
      }
      try {
        await jsm.streams.info(streamName);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },

    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await Promise.all([...workers].map((worker) => worker.stop()));
      if (!nc.isClosed()) {
        // Drain flushes the acks of the work just finished before closing.
        await nc.drain();
      }
    },
  };
}

async function ensureStream(
  jsm: JetStreamManager,
  logger: Logger,
  wanted: { name: string; subjects: string[]; duplicateWindowMs: number; maxAgeMs: number },
): Promise<void> {
  const config = {
    name: wanted.name,
    subjects: wanted.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(wanted.duplicateWindowMs),
    max_age: nanos(wanted.maxAgeMs),
  };
  let info = await streamInfo(jsm, wanted.name);
  if (info === null) {
    try {
      await jsm.streams.add(config);
      logger.info('created JetStream stream');
      return;
    } catch (error) {
      // Another process may have created it at the same moment, perhaps with another config.
      info = await streamInfo(jsm, wanted.name);
      if (info === null) {
        throw error;
      }
    }
  }
  const current = info.config;
  if (current.storage !== config.storage) {
    logger.warn(
      { storage: current.storage },
      'JetStream stream storage differs from file; it cannot be changed in place',
    );
  }
  if (
    !sameItems(current.subjects ?? [], config.subjects) ||
    current.duplicate_window !== config.duplicate_window ||
    current.max_age !== config.max_age
  ) {
    await jsm.streams.update(wanted.name, {
      subjects: config.subjects,
      duplicate_window: config.duplicate_window,
      max_age: config.max_age,
    });
    logger.info('updated JetStream stream config');
  }
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
}

async function consumerInfo(
  jsm: JetStreamManager,
  stream: string,
  name: string,
): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, name);
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
}

function consumerDiffers(info: ConsumerInfo, wanted: Partial<ConsumerConfig>): boolean {
  const current = info.config;
  return (
    current.ack_wait !== wanted.ack_wait ||
    current.max_deliver !== wanted.max_deliver ||
    (current.filter_subject ?? '') !== (wanted.filter_subject ?? '') ||
    !sameItems(current.filter_subjects ?? [], wanted.filter_subjects ?? [])
  );
}

async function reportFailure(
  consumer: BusConsumer,
  log: Logger,
  message: BusMessage,
  error: unknown,
): Promise<void> {
  try {
    await consumer.onFailed?.(message, error);
  } catch (onFailedError) {
    log.error({ err: onFailedError, messageId: message.id }, 'onFailed threw');
  }
}

/** Runs `task` over `items` with at most `limit` at once; settles every one. */
async function mapWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = new Array<PromiseSettledResult<void>>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        await task(items[index] as T, index);
        results[index] = { status: 'fulfilled', value: undefined };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Logs connection events until the connection closes (the iterator never ends by itself). */
function logStatus(nc: NatsConnection, logger: Logger): void {
  void (async () => {
    for await (const status of nc.status()) {
      const fields = { natsStatus: status.type, data: status.data };
      if (status.type === Events.Disconnect) {
        logger.warn(fields, 'disconnected from NATS');
      } else if (status.type === Events.Reconnect) {
        logger.info(fields, 'reconnected to NATS');
      } else if (status.type === Events.Error || status.type === Events.LDM) {
        logger.error(fields, 'NATS connection problem');
      } else {
        logger.debug(fields, 'NATS connection status');
      }
    }
  })();
}

function isNotFound(error: unknown): boolean {
  return error instanceof NatsError && error.code === '404';
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function serverAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = (version ?? '0.0').split('.').map((n) => Number.parseInt(n, 10));
  return maj > major || (maj === major && min >= minor);
}

/** The URL without credentials, for messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/g, '//***@');
}
