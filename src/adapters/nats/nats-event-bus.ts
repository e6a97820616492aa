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
 *   (up to `batchSize` messages) at once and they are acked together; if the batch fails, its
 *   messages are performed one by one as above. Redeliveries are always performed one by one.
 * - `publishBatches` sends each batch as one stream message (`Nats-Msg-Id` = the batch's id),
 *   split in halves only when over the server's payload limit: the bus's cost is per stream
 *   message, so a batch of 100 costs about what one message does. A delivery carrying a batch
 *   is acked when all its messages are done; if some fail it is nak'ed, and its redelivery to
 *   this process performs only the messages not done yet (`Performed`).
 *
 * The subject on the wire is `${prefix}.${message.subject}`; the body is JSON of the whole
 * message, or `{"batch": [message, …]}` (bus-rules.ts).
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
import type { BusBatch, BusConsumer, BusMessage, BusSubscription, EventBus } from '../../ports.js';
import {
  assertValidBatch,
  assertValidConsumer,
  decodeBusMessages,
  defaultMaxDeliveries,
  defaultRetryDelayMs,
  encodeBusMessage,
  encodeBusMessages,
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
  /**
   * Most messages handed to a consumer's `performBatch` at once, and held waiting; default 500
   * (the consumers rewrite a student's whole state once per batch, so larger batches under load
   * cost them about half as much per message as batches of 100).
   */
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

/** A delivery and the messages it carries for the consumer (one, or a batch's). */
interface Delivery {
  msg: JsMsg;
  messages: BusMessage[];
}

/** One message on the wire: a bus message, or a batch's messages together. */
interface WireUnit {
  /** Nats-Msg-Id, for JetStream's duplicate window. */
  id: string;
  subject: string;
  body: string;
}

/**
 * The messages of a batch delivery this process has performed while others in it failed, by
 * stream sequence, so a redelivery here performs only the rest. Bounded: the oldest entries go
 * first (a redelivery may go to another process, and then the entry is never cleared).
 */
interface Performed {
  get(sequence: number): ReadonlySet<string> | undefined;
  add(sequence: number, messageId: string): void;
  delete(sequence: number): void;
}

function createPerformed(max = 1000): Performed {
  const bySequence = new Map<number, Set<string>>();
  return {
    get: (sequence) => bySequence.get(sequence),
    add(sequence, messageId) {
      let ids = bySequence.get(sequence);
      if (ids === undefined) {
        ids = new Set();
        bySequence.set(sequence, ids);
        if (bySequence.size > max) {
          bySequence.delete(bySequence.keys().next().value as number);
        }
      }
      ids.add(messageId);
    },
    delete: (sequence) => bySequence.delete(sequence),
  };
}

/** Connects to NATS, ensures the stream exists with the wanted config, and returns the bus. */
export async function createNatsEventBus(props: NatsEventBusProps): Promise<EventBus> {
  const streamName = props.streamName ?? 'PATHWISE_EVENTS';
  const prefix = props.subjectPrefix ?? 'pathwise';
  const ackWaitMs = props.ackWaitMs ?? 30_000;
  const retryDelayMs = props.retryDelayMs ?? defaultRetryDelayMs;
  const publishConcurrency = props.publishConcurrency ?? 128;
  const prefetch = props.prefetch ?? 10;
  const batchSize = props.batchSize ?? 500;
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

  /**
   * Decodes a delivery into the messages it carries for this consumer. An undecodable one is
   * terminated, and one with nothing on the consumer's subjects is acked; both give null.
   */
  function open(consumer: BusConsumer, log: Logger, msg: JsMsg): Delivery | null {
    let messages: BusMessage[];
    try {
      messages = decodeBusMessages(msg.string());
    } catch (error) {
      log.error({ err: error, streamSequence: msg.seq }, 'undecodable bus message; terminated');
      msg.term();
      return null;
    }
    const matching = messages.filter((m) => subjectMatchesAny(consumer.subjects, m.subject));
    if (matching.length === 0) {
      msg.ack();
      return null;
    }
    return { msg, messages: matching };
  }

  /**
   * Performs a delivery's messages one by one. All done: ack. Otherwise nak with a backoff (the
   * messages already done are remembered in `performed`, so a redelivery to this process
   * performs only the rest), and on the last delivery call onFailed for each failed message and
   * terminate.
   */
  async function handle(
    consumer: BusConsumer,
    log: Logger,
    performed: Performed,
    delivery: Delivery,
  ): Promise<void> {
    const { msg, messages } = delivery;
    const attempt = msg.info.deliveryCount;
    const maxDeliveries = consumer.maxDeliveries ?? defaultMaxDeliveries;
    const done = performed.get(msg.seq);
    const todo = done ? messages.filter((m) => !done.has(m.id)) : messages;
    if (attempt > maxDeliveries) {
      for (const message of todo) {
        log.error(
          { messageId: message.id, attempt, maxDeliveries },
          'bus message delivered too often without an ack; giving up',
        );
        await reportFailure(consumer, log, message, new Error('never acknowledged'));
      }
      performed.delete(msg.seq);
      msg.term();
      return;
    }
    const failures: { message: BusMessage; error: unknown }[] = [];
    const progress = setInterval(() => msg.working(), Math.max(1000, ackWaitMs / 3));
    try {
      for (const message of todo) {
        try {
          await consumer.perform(message);
          if (messages.length > 1) {
            performed.add(msg.seq, message.id);
          }
        } catch (error) {
          failures.push({ message, error });
        }
      }
    } finally {
      clearInterval(progress);
    }
    if (failures.length === 0) {
      performed.delete(msg.seq);
      msg.ack();
      return;
    }
    if (attempt < maxDeliveries) {
      const delay = retryDelayMs(attempt);
      for (const { message, error } of failures) {
        log.warn(
          { err: error, messageId: message.id, attempt, maxDeliveries, retryInMs: delay },
          'bus message failed; will retry',
        );
      }
      msg.nak(delay);
      return;
    }
    for (const { message, error } of failures) {
      log.error(
        { err: error, messageId: message.id, attempt, maxDeliveries },
        'bus message failed on its last delivery; giving up',
      );
      await reportFailure(consumer, log, message, error);
    }
    performed.delete(msg.seq);
    msg.term();
  }

  /**
   * Performs deliveries that were waiting together: with `performBatch` when the consumer has
   * one (first deliveries only), at most `batchSize` messages at a time, falling back to
   * `handle` one delivery at a time if it fails.
   */
  async function handleBatch(
    consumer: BusConsumer,
    log: Logger,
    performed: Performed,
    deliveries: Delivery[],
  ): Promise<void> {
    const performBatch = consumer.performBatch?.bind(consumer);
    const ready: Delivery[] = [];
    for (const delivery of deliveries) {
      if (performBatch && delivery.msg.info.deliveryCount === 1) {
        ready.push(delivery);
      } else {
        await handle(consumer, log, performed, delivery);
      }
    }
    if (!performBatch) {
      return;
    }
    const performChunk = async (chunk: Delivery[]) => {
      const messages = chunk.flatMap((d) => d.messages);
      if (messages.length === 1) {
        await handle(consumer, log, performed, chunk[0] as Delivery);
        return;
      }
      const progress = setInterval(
        () => chunk.forEach((d) => d.msg.working()),
        Math.max(1000, ackWaitMs / 3),
      );
      let failed = false;
      try {
        // More than batchSize only when one delivery carries more.
        for (let i = 0; i < messages.length; i += batchSize) {
          await performBatch(messages.slice(i, i + batchSize));
        }
        chunk.forEach((d) => d.msg.ack());
      } catch (error) {
        failed = true;
        log.warn(
          { err: error, messages: messages.length },
          'bus batch failed; performing its messages one by one',
        );
      } finally {
        clearInterval(progress);
      }
      if (failed) {
        for (const delivery of chunk) {
          await handle(consumer, log, performed, delivery);
        }
      }
    };
    let chunk: Delivery[] = [];
    let size = 0;
    for (const delivery of ready) {
      if (chunk.length > 0 && size + delivery.messages.length > batchSize) {
        await performChunk(chunk);
        chunk = [];
        size = 0;
      }
      chunk.push(delivery);
      size += delivery.messages.length;
    }
    if (chunk.length > 0) {
      await performChunk(chunk);
    }
  }

  function startWorker(consumer: BusConsumer, log: Logger): Worker {
    let stopping = false;
    const performed = createPerformed();
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
          // Deliveries are decoded and collected while a batch is being performed, so whatever
          // arrived meanwhile goes to the consumer together (at most batchSize messages at once,
          // or one larger delivery); collecting pauses while batchSize messages wait, so about
          // twice batchSize messages, plus prefetch deliveries, are in hand.
          const waiting: Delivery[] = [];
          /** Messages in `waiting` (a delivery may carry a batch of them). */
          let waitingMessages = 0;
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
                waitingMessages < batchSize &&
                !stopping &&
                !ended
              ) {
                await new Promise((resolve) => setTimeout(resolve, lingerMs));
              }
              // Whole deliveries, up to batchSize messages (at least one delivery).
              let taken = 0;
              let count = 0;
              while (
                taken < waiting.length &&
                (taken === 0 || count + (waiting[taken] as Delivery).messages.length <= batchSize)
              ) {
                count += (waiting[taken] as Delivery).messages.length;
                taken++;
              }
              const batch = waiting.splice(0, taken);
              waitingMessages -= count;
              wakeCollector?.();
              if (stopping) {
                // Pulled ahead but never started: hand them back for immediate redelivery.
                batch.forEach((d) => d.msg.nak());
                continue;
              }
              await handleBatch(consumer, log, performed, batch);
            }
          })();
          try {
            for await (const msg of messages) {
              const delivery = open(consumer, log, msg);
              if (delivery === null) {
                continue;
              }
              waiting.push(delivery);
              waitingMessages += delivery.messages.length;
              wakePerformer?.();
              while (waitingMessages >= batchSize && !stopping) {
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

  /**
   * A batch's wire messages: one, unless its encoding exceeds the server's payload limit (with
   * room for headers); then halves, recursively, under the ids `${id}.0` and `${id}.1`, so the
   * same batch always splits alike and a re-publish is still deduplicated.
   */
  function wireUnits(id: string, messages: readonly BusMessage[]): WireUnit[] {
    const first = messages[0] as BusMessage;
    if (messages.length === 1) {
      return [{ id: first.id, subject: first.subject, body: encodeBusMessage(first) }];
    }
    const body = encodeBusMessages(messages);
    const limit = Math.floor((nc.info?.max_payload ?? 1_048_576) * 0.9);
    if (Buffer.byteLength(body) <= limit) {
      return [{ id, subject: first.subject, body }];
    }
    const half = Math.ceil(messages.length / 2);
    return [
      ...wireUnits(`${id}.0`, messages.slice(0, half)),
      ...wireUnits(`${id}.1`, messages.slice(half)),
    ];
  }

  /** Publishes wire messages, up to publishConcurrency awaiting their PubAck at once. */
  async function publishUnits(units: readonly WireUnit[]): Promise<void> {
    let duplicates = 0;
    const results = await mapWithConcurrency(units, publishConcurrency, async (unit) => {
      const ack = await js.publish(`${prefix}.${unit.subject}`, unit.body, {
        msgID: unit.id,
        expect: { streamName },
      });
      if (ack.duplicate) {
        duplicates++;
      }
    });
    const failures = results.filter((r) => r.status === 'rejected');
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${units.length} bus messages were not accepted`, {
        cause: failures[0]?.reason,
      });
    }
    if (duplicates > 0) {
      logger.debug({ duplicates }, 'bus messages already in the duplicate window');
    }
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
      await publishUnits(
        messages.map((m) => ({ id: m.id, subject: m.subject, body: encodeBusMessage(m) })),
      );
    },

    async publishBatches(batches: readonly BusBatch[]): Promise<void> {
      assertOpen();
      batches.forEach(assertValidBatch);
      await publishUnits(batches.flatMap((batch) => wireUnits(batch.id, batch.messages)));
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
