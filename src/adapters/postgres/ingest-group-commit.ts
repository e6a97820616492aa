/**
 * Group commit for the ingestion statement (`pathwise_ingest`, migration 0009).
 *
 * A request writes alone when fewer than `maxInFlight` (2) statements of its tenant are being
 * written. Requests that arrive while they are in flight wait for one to finish, then go together
 * in the next statement: one round trip and one commit for all of them, so under load the cost per
 * request falls instead of the queue growing. At low load nothing waits, so nothing is slower.
 *
 * A group never holds two requests for the same student or with the same client event id (the
 * statement locks per student and derives each from one version; a client id is stored once), and
 * holds at most `maxEvents` events. The statement is all or nothing, so a group shares its
 * answer: `ok`; `stale` (each request then re-derives what changed, the others write again as
 * they were); `duplicates` (each drops what is stored). A request fails only for its own reason:
 * when a group's statement fails, its requests are written again one by one, unless the failure
 * is a race on a client id (23505), which each request already handles by reading the ids again.
 */

/** The parts of an ingestion document the grouping reads and merges (see the learning store). */
export interface IngestDocument {
  months: string[];
  pairs: { student: string; course: string }[];
  events: { c: string }[];
  mastery: unknown[];
  features: unknown[];
  outbox: unknown[];
}

type Send<D extends IngestDocument, A, R> = (
  tenantId: string,
  doc: D,
  audit: readonly A[],
) => Promise<R>;

interface Waiting<D, A, R> {
  doc: D;
  audit: readonly A[];
  students: string[];
  clientIds: string[];
  resolve(reply: R): void;
  reject(error: unknown): void;
}

/** A tenant's waiting requests and how many statements of it are in flight. */
interface Queue<D, A, R> {
  waiting: Waiting<D, A, R>[];
  writers: number;
}

/** Merges the documents of a group; the first one's other fields are kept. */
function merge<D extends IngestDocument>(docs: readonly D[]): D {
  const first = docs[0] as D;
  return {
    ...first,
    months: [...new Set(docs.flatMap((d) => d.months))],
    pairs: docs.flatMap((d) => d.pairs),
    events: docs.flatMap((d) => d.events),
    mastery: docs.flatMap((d) => d.mastery),
    features: docs.flatMap((d) => d.features),
    outbox: docs.flatMap((d) => d.outbox),
  };
}

interface GroupCommitStats {
  /** Statements sent. */
  statements: number;
  /** Requests written, alone or in groups. */
  requests: number;
}

export function createGroupCommit<D extends IngestDocument, A, R>(
  send: Send<D, A, R>,
  options: { maxEvents?: number; maxInFlight?: number } = {},
) {
  const maxEvents = options.maxEvents ?? 1000;
  const maxInFlight = options.maxInFlight ?? 2;
  const queues = new Map<string, Queue<D, A, R>>();
  const stats: GroupCommitStats = { statements: 0, requests: 0 };

  /** The first waiting request, and each later one that fits with those taken so far. */
  function take(waiting: Waiting<D, A, R>[]): Waiting<D, A, R>[] {
    const group: Waiting<D, A, R>[] = [];
    const students = new Set<string>();
    const clientIds = new Set<string>();
    let events = 0;
    for (let i = 0; i < waiting.length;) {
      const w = waiting[i] as Waiting<D, A, R>;
      const fits =
        group.length === 0 ||
        (events + w.doc.events.length <= maxEvents &&
          !w.students.some((s) => students.has(s)) &&
          !w.clientIds.some((c) => clientIds.has(c)));
      if (!fits) {
        i++;
        continue;
      }
      group.push(w);
      waiting.splice(i, 1);
      w.students.forEach((s) => students.add(s));
      w.clientIds.forEach((c) => clientIds.add(c));
      events += w.doc.events.length;
    }
    return group;
  }

  async function sendOne(tenantId: string, w: Waiting<D, A, R>): Promise<void> {
    stats.statements++;
    stats.requests++;
    try {
      w.resolve(await send(tenantId, w.doc, w.audit));
    } catch (error) {
      w.reject(error);
    }
  }

  async function flush(tenantId: string, group: Waiting<D, A, R>[]): Promise<void> {
    if (group.length === 1) {
      return sendOne(tenantId, group[0] as Waiting<D, A, R>);
    }
    let reply: R;
    try {
      stats.statements++;
      reply = await send(
        tenantId,
        merge(group.map((w) => w.doc)),
        group.flatMap((w) => w.audit),
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        group.forEach((w) => w.reject(error));
        return;
      }
      // Nothing was written: each request again on its own, so only a bad one fails.
      for (const w of group) {
        await sendOne(tenantId, w);
      }
      return;
    }
    stats.requests += group.length;
    group.forEach((w) => w.resolve(reply));
  }

  /** One writer of a tenant: writes groups until nothing waits. */
  async function drain(tenantId: string, queue: Queue<D, A, R>): Promise<void> {
    while (queue.waiting.length > 0) {
      await flush(tenantId, take(queue.waiting));
    }
    queue.writers--;
    if (queue.writers === 0) {
      queues.delete(tenantId);
    }
  }

  return {
    stats,
    /** Writes one request's document, alone or with others of its tenant; its statement's answer. */
    write(tenantId: string, doc: D, audit: readonly A[]): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        const w: Waiting<D, A, R> = {
          doc,
          audit,
          students: doc.pairs.map((p) => p.student),
          clientIds: doc.events.map((e) => e.c),
          resolve,
          reject,
        };
        let queue = queues.get(tenantId);
        if (!queue) {
          queue = { waiting: [], writers: 0 };
          queues.set(tenantId, queue);
        }
        queue.waiting.push(w);
        if (queue.writers < maxInFlight) {
          queue.writers++;
          void drain(tenantId, queue);
        }
      });
    },
  };
}
