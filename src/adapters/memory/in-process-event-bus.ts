/**
 * The in-process event bus: the default when NATS_URL is unset (one process). It keeps the
 * contract of the NATS bus in memory: each consumer name has its own queue and gets every
 * matching message; subscriptions sharing a name share that queue; each subscription performs
 * one message at a time (a consumer with `performBatch` gets the first deliveries waiting
 * together at once, each performed alone if the batch fails); a failed perform is retried after a backoff up to `maxDeliveries`, then
 * `onFailed` is called; a message id seen among the last `duplicateWindowSize` ids is accepted
 * but not delivered again.
 *
 * Nothing survives the process. A consumer name's queue outlives its subscriptions within the
 * process, so stopping and re-subscribing resumes where it left off. A graceful stop first waits
 * for the queues to empty (`settle`, bounded); messages still queued or waiting for a retry at
 * `close()` are dropped (and counted in the log). The database outbox
 * re-publishes what was never accepted, which is why duplicates are suppressed.
 */
import type { Logger } from 'pino';
import type { BusBatch, BusConsumer, BusMessage, BusSubscription, EventBus } from '../../ports.js';
import {
  assertValidBatch,
  assertValidConsumer,
  decodeBusMessage,
  defaultMaxDeliveries,
  defaultRetryDelayMs,
  encodeBusMessage,
  subjectMatchesAny,
} from '../nats/bus-rules.js';

export interface InProcessEventBusProps {
  logger: Logger;
  /**
   * Delay before redelivering a message whose delivery `attempt` (1-based) failed, in ms.
   * Default: 1 s doubling per attempt, capped at 60 s. Tests pass a short constant.
   */
  retryDelayMs?: (attempt: number) => number;
  /** How many recent message ids are remembered to drop duplicates; default 100,000. */
  duplicateWindowSize?: number;
  /** Most messages handed to a consumer's `performBatch` at once; default 100. */
  batchSize?: number;
  /**
   * How long a consumer with `performBatch` waits, after a first delivery, for more to join its
   * batch (fewer, larger batches under a steady trickle); default 0.
   */
  lingerMs?: number;
}

/** One message waiting for one consumer name. */
interface Delivery {
  /** Wire form; each delivery parses its own copy, so consumers cannot share mutations. */
  body: string;
  /** Deliveries made so far. */
  attempts: number;
}

/** All subscriptions under one consumer name, and the messages waiting for them. */
interface Group {
  name: string;
  subjects: readonly string[];
  queue: (Delivery | undefined)[];
  /** Index of the queue's head: shifting a long array is O(n). */
  head: number;
  members: Set<Member>;
}

interface Member {
  consumer: BusConsumer;
  log: Logger;
  stopped: boolean;
  wake: (() => void) | undefined;
  done: Promise<void>;
}

/** Creates the in-process event bus. */
export function createInProcessEventBus(props: InProcessEventBusProps): EventBus {
  const logger = props.logger.child({ component: 'event-bus', bus: 'in-process' });
  const retryDelayMs = props.retryDelayMs ?? defaultRetryDelayMs;
  const windowSize = props.duplicateWindowSize ?? 100_000;
  const batchSize = props.batchSize ?? 100;
  const lingerMs = props.lingerMs ?? 0;
  const groups = new Map<string, Group>();
  const retries = new Set<NodeJS.Timeout>();
  let pendingRetries = 0;
  /** Deliveries being performed now. */
  let performing = 0;
  let closed = false;

  // Recent ids: a Set to look up, a ring buffer to forget the oldest in O(1).
  const seen = new Set<string>();
  const ring: (string | undefined)[] = new Array<string | undefined>(windowSize);
  let ringPosition = 0;

  function remember(id: string): boolean {
    if (seen.has(id)) {
      return false;
    }
    const oldest = ring[ringPosition];
    if (oldest !== undefined) {
      seen.delete(oldest);
    }
    ring[ringPosition] = id;
    ringPosition = (ringPosition + 1) % windowSize;
    seen.add(id);
    return true;
  }

  function enqueue(group: Group, delivery: Delivery): void {
    group.queue.push(delivery);
    for (const member of group.members) {
      member.wake?.();
    }
  }

  function take(group: Group): Delivery | undefined {
    const delivery = group.queue[group.head];
    if (delivery === undefined) {
      return undefined;
    }
    group.queue[group.head] = undefined;
    group.head++;
    if (group.head === group.queue.length) {
      group.queue = [];
      group.head = 0;
    } else if (group.head > 1024 && group.head * 2 > group.queue.length) {
      group.queue = group.queue.slice(group.head);
      group.head = 0;
    }
    return delivery;
  }

  async function deliver(group: Group, member: Member, delivery: Delivery): Promise<void> {
    const { consumer, log } = member;
    const attempt = delivery.attempts + 1;
    const maxDeliveries = consumer.maxDeliveries ?? defaultMaxDeliveries;
    const message = decodeBusMessage(delivery.body);
    try {
      await consumer.perform(message);
      return;
    } catch (error) {
      if (attempt < maxDeliveries) {
        const delay = retryDelayMs(attempt);
        log.warn(
          { err: error, messageId: message.id, attempt, maxDeliveries, retryInMs: delay },
          'bus message failed; will retry',
        );
        scheduleRetry(group, { ...delivery, attempts: attempt }, delay);
        return;
      }
      log.error(
        { err: error, messageId: message.id, attempt, maxDeliveries },
        'bus message failed on its last delivery; giving up',
      );
      await reportFailure(member, message, error);
    }
  }

  /** performBatch on first deliveries; if it fails, each one is delivered alone. */
  async function deliverBatch(group: Group, member: Member, batch: Delivery[]): Promise<void> {
    try {
      await member.consumer.performBatch?.(batch.map((d) => decodeBusMessage(d.body)));
      return;
    } catch (error) {
      member.log.warn(
        { err: error, messages: batch.length },
        'bus batch failed; performing its messages one by one',
      );
    }
    for (const delivery of batch) {
      await deliver(group, member, delivery);
    }
  }

  async function reportFailure(member: Member, message: BusMessage, error: unknown) {
    try {
      await member.consumer.onFailed?.(message, error);
    } catch (onFailedError) {
      member.log.error({ err: onFailedError, messageId: message.id }, 'onFailed threw');
    }
  }

  function scheduleRetry(group: Group, delivery: Delivery, delay: number): void {
    pendingRetries++;
    const timer = setTimeout(() => {
      retries.delete(timer);
      pendingRetries--;
      enqueue(group, delivery);
    }, delay);
    retries.add(timer);
  }

  async function run(group: Group, member: Member): Promise<void> {
    // Never perform inside subscribe() itself, even with a backlog waiting.
    await Promise.resolve();
    while (!member.stopped) {
      const delivery = take(group);
      if (delivery === undefined) {
        await new Promise<void>((resolve) => {
          member.wake = resolve;
        });
        member.wake = undefined;
        continue;
      }
      const batch = [delivery];
      if (member.consumer.performBatch && delivery.attempts === 0) {
        if (lingerMs > 0 && group.queue.length - group.head < batchSize - 1) {
          await new Promise((resolve) => setTimeout(resolve, lingerMs));
        }
        // First deliveries waiting together go to performBatch at once (retries go alone).
        while (batch.length < batchSize) {
          const next = group.queue[group.head];
          if (next === undefined || next.attempts > 0) {
            break;
          }
          batch.push(take(group) as Delivery);
        }
      }
      performing += batch.length;
      try {
        if (batch.length === 1) {
          await deliver(group, member, delivery);
        } else {
          await deliverBatch(group, member, batch);
        }
      } finally {
        performing -= batch.length;
      }
      // Let I/O in between: on embedded PGlite a query can settle without leaving the microtask
      // queue, so a backlog (the demo's first start) would otherwise keep requests waiting.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async function stopMember(group: Group, member: Member): Promise<void> {
    member.stopped = true;
    member.wake?.();
    await member.done;
    group.members.delete(member);
  }

  function publish(messages: readonly BusMessage[]): Promise<void> {
    if (closed) {
      return Promise.reject(new Error('the event bus is closed'));
    }
    let bodies: string[];
    try {
      bodies = messages.map(encodeBusMessage);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    messages.forEach((message, i) => {
      if (!remember(message.id)) {
        return;
      }
      const body = bodies[i] as string;
      for (const group of groups.values()) {
        if (subjectMatchesAny(group.subjects, message.subject)) {
          enqueue(group, { body, attempts: 0 });
        }
      }
    });
    return Promise.resolve();
  }

  return {
    kind: 'in-process',
    publish,

    /** In memory a batch saves nothing: its messages are queued one by one, each deduplicated. */
    publishBatches(batches: readonly BusBatch[]): Promise<void> {
      try {
        batches.forEach(assertValidBatch);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return publish(batches.flatMap((batch) => batch.messages));
    },

    subscribe(consumer: BusConsumer): Promise<BusSubscription> {
      if (closed) {
        return Promise.reject(new Error('the event bus is closed'));
      }
      assertValidConsumer(consumer);
      let group = groups.get(consumer.name);
      if (group === undefined) {
        group = { name: consumer.name, subjects: [], queue: [], head: 0, members: new Set() };
        groups.set(consumer.name, group);
      }
      // As with a JetStream durable, the latest subscription's subjects apply to the name.
      group.subjects = [...consumer.subjects];
      const member: Member = {
        consumer,
        log: logger.child({ consumer: consumer.name }),
        stopped: false,
        wake: undefined,
        done: Promise.resolve(),
      };
      group.members.add(member);
      const joined = group;
      member.done = run(joined, member);
      let stopping: Promise<void> | undefined;
      return Promise.resolve({
        stop: () => (stopping ??= stopMember(joined, member)),
      });
    },

    async settle(timeoutMs: number): Promise<boolean> {
      const until = Date.now() + timeoutMs;
      const busy = () =>
        performing + pendingRetries > 0 ||
        [...groups.values()].some((g) => g.members.size > 0 && g.queue.length > g.head);
      while (busy()) {
        if (Date.now() >= until) {
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return true;
    },

    check() {
      return Promise.resolve(
        closed ? { ok: false, error: 'the event bus is closed' } : { ok: true },
      );
    },

    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await Promise.all(
        [...groups.values()].flatMap((group) =>
          [...group.members].map((member) => stopMember(group, member)),
        ),
      );
      for (const timer of retries) {
        clearTimeout(timer);
      }
      retries.clear();
      const queued = [...groups.values()].reduce((n, g) => n + g.queue.length - g.head, 0);
      if (queued + pendingRetries > 0) {
        logger.warn(
          { queued, awaitingRetry: pendingRetries },
          'event bus closed with undelivered messages; they are dropped',
        );
      }
      pendingRetries = 0;
      groups.clear();
    },
  };
}
