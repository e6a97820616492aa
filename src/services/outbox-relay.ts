/**
 * Moves committed outbox rows to the event bus: take some (locked, so several processes can
 * relay side by side), publish each as one batch of messages, delete them — in one transaction, so a crash between publish
 * and delete re-publishes, and the bus's duplicate detection drops the repeat. Runs on a timer
 * and whenever an ingestion commits (`poke`).
 */
import type { Logger } from 'pino';
import type { EventBus, LearningStore } from '../ports.js';

export interface OutboxRelayProps {
  learning: LearningStore;
  bus: EventBus;
  logger: Logger;
  /** How often to look for messages when nobody pokes; default 500 ms. */
  intervalMs?: number;
  /**
   * How long a poke waits before draining, so that the commits of that moment go out as one
   * batch (one transaction) instead of one each; default 5 ms.
   */
  coalesceMs?: number;
  /** Outbox rows per transaction (each up to 100 messages); default 100. */
  batchSize?: number;
}

export function createOutboxRelay(props: OutboxRelayProps) {
  const interval = props.intervalMs ?? 500;
  const batch = props.batchSize ?? 100;
  const coalesce = props.coalesceMs ?? 5;
  let running = false;
  let scheduled: NodeJS.Timeout | undefined;
  let draining: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function drain(): Promise<void> {
    do {
      again = false;
      let moved: number;
      do {
        moved = await props.learning.takeOutbox(batch, (batches) =>
          props.bus.publishBatches(batches),
        );
      } while (moved === batch);
    } while (again);
  }

  function poke(): void {
    if (!running) {
      return;
    }
    if (draining) {
      again = true;
      return;
    }
    scheduled ??= setTimeout(drainNow, coalesce);
  }

  function drainNow(): void {
    scheduled = undefined;
    if (!running || draining) {
      again = true;
      return;
    }
    draining = drain()
      .catch((error: unknown) =>
        props.logger.error({ err: error }, 'outbox relay failed; will retry'),
      )
      .finally(() => {
        draining = null;
      });
  }

  return {
    start(): void {
      running = true;
      timer = setInterval(poke, interval);
      timer.unref();
      drainNow();
    },
    poke,
    /** Drains what is committed now; for tests and shutdown. */
    async flush(): Promise<void> {
      await draining;
      await drain();
    },
    async stop(): Promise<void> {
      running = false;
      clearInterval(timer);
      clearTimeout(scheduled);
      await draining;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
