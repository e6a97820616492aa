/**
 * The audit log of student records: who read or wrote which student's record, how, when, why
 * and in which request.
 *
 * - `createAuditTrail` builds entries and appends them; services call it for every read or write
 *   of a student record (the ingestion hot path hands its entries to the learning store, which
 *   writes them in the ingestion transaction).
 * - `createAuditService` seals (chains) entries, verifies the chain, prunes by retention and
 *   lets tenant admins read the log.
 */
import { notFound } from '../domain/errors.js';
import type { PageRequest } from '../domain/records.js';
import type { AuditEntry, AuditEntryInput, AuditStore, UserStore } from '../ports.js';
import { authorize, defaultPurpose, tenantActor, type Actor, type Authorizer } from './access.js';
import { createChainWalker, linkAuditEntries, type ChainBreak } from './audit-chain.js';

export type AuditAction = AuditEntryInput['action'];

export interface AuditTrailDeps {
  store: Pick<AuditStore, 'append'>;
  newId: () => string;
  now: () => Date;
}

/** Builds and appends audit entries for an actor's access to students' records. */
export function createAuditTrail(deps: AuditTrailDeps) {
  function entries(
    actor: Actor,
    subjects: Iterable<string>,
    action: AuditAction,
    resource: string,
  ): AuditEntryInput[] {
    const at = deps.now().toISOString();
    const who =
      actor.kind === 'operator'
        ? { actorKind: 'operator' as const, actorId: actor.operatorId }
        : actor.userId
          ? { actorKind: 'user' as const, actorId: actor.userId }
          : { actorKind: 'service_key' as const, actorId: null };
    const purpose = actor.purpose ?? defaultPurpose(actor.role);
    return [...new Set(subjects)].map((subjectId) => ({
      id: deps.newId(),
      at,
      ...who,
      role: actor.role,
      purpose,
      subjectId,
      action,
      resource,
      requestId: actor.requestId ?? null,
    }));
  }
  return {
    entries,
    /** Appends one entry per distinct subject; resolves once they are stored. */
    async record(
      actor: Actor,
      subjects: Iterable<string>,
      action: AuditAction,
      resource: string,
    ): Promise<void> {
      if (actor.kind !== 'user') {
        return; // operators never reach student records (the services refuse them first)
      }
      const list = entries(actor, subjects, action, resource);
      if (list.length > 0) {
        await deps.store.append(actor.tenantId, list);
      }
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;

export interface AuditServiceDeps {
  audit: AuditStore;
  trail: AuditTrail;
  users: UserStore;
  authz: Authorizer;
  now: () => Date;
  /** Entries older than this many days are pruned (the chain keeps an anchor). */
  retentionDays: number;
}

export type VerifyResult =
  | {
      ok: true;
      tenantId: string;
      /** Sealed entries checked. */
      entries: number;
      /** The chain starts after this index (entries up to it were pruned); 0 if none. */
      anchorIndex: number;
      headIndex: number;
      /** Record this outside the database to make later rewrites of the whole chain evident. */
      headHash: string | null;
      pruned: number;
    }
  | { ok: false; tenantId: string; entries: number; firstBad: ChainBreak };

const SEAL_BATCH = 1000;

export function createAuditService(deps: AuditServiceDeps) {
  const { audit } = deps;

  /** Chains every unsealed entry of the tenant; returns how many. */
  async function seal(tenantId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await audit.seal(tenantId, SEAL_BATCH, linkAuditEntries);
      total += n;
      if (n < SEAL_BATCH) {
        return total;
      }
    }
  }

  async function verify(tenantId: string): Promise<VerifyResult> {
    await seal(tenantId);
    const state = await audit.chainState(tenantId);
    const walker = createChainWalker({
      index: state?.anchorIndex ?? 0,
      hash: state?.anchorHash ?? null,
    });
    let after = state?.anchorIndex ?? 0;
    for (;;) {
      const page = await audit.readChain(tenantId, after, SEAL_BATCH);
      for (const e of page) {
        const broken = walker.next(e);
        if (broken) {
          return { ok: false, tenantId, entries: walker.position.count, firstBad: broken };
        }
      }
      const last = page.at(-1);
      if (!last || page.length < SEAL_BATCH) {
        break;
      }
      after = last.chainIndex ?? after;
    }
    const broken = walker.end({
      index: state?.headIndex ?? 0,
      hash: state?.headHash ?? null,
    });
    if (broken) {
      return { ok: false, tenantId, entries: walker.position.count, firstBad: broken };
    }
    return {
      ok: true,
      tenantId,
      entries: walker.position.count,
      anchorIndex: state?.anchorIndex ?? 0,
      headIndex: walker.position.index,
      headHash: state?.headHash ?? null,
      pruned: state?.pruned ?? 0,
    };
  }

  return {
    seal,
    verify,
    /** Seals every tenant with pending entries (the worker's job). */
    async sealAll(): Promise<number> {
      let total = 0;
      for (const tenantId of await audit.tenantsWithPending()) {
        total += await seal(tenantId);
      }
      return total;
    },
    /**
     * Drops entries older than the retention period, after verifying the chain (a broken chain
     * is kept as evidence: nothing is pruned). The chain stays verifiable from the anchor.
     */
    async prune(
      tenantId: string,
    ): Promise<{ pruned: number; anchorIndex: number; before: string } | VerifyResult> {
      const checked = await verify(tenantId);
      if (!checked.ok) {
        return checked;
      }
      const before = new Date(deps.now().getTime() - deps.retentionDays * 86_400_000);
      return { ...(await audit.prune(tenantId, before)), before: before.toISOString() };
    },
    /** Every entry of a tenant (or of one student), oldest first, for export. */
    async *export(tenantId: string, subjectId?: string): AsyncGenerator<AuditEntry> {
      await seal(tenantId);
      let cursor: string | undefined;
      do {
        const page = await audit.list(tenantId, { subjectId }, { limit: SEAL_BATCH, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    /**
     * The audit log for a tenant admin: the whole tenant or one student, oldest first. Reading
     * it is itself audited (resource `audit`, one entry per student on the page).
     */
    async list(actor: Actor, filter: { studentId?: string | undefined }, page: PageRequest) {
      const a = tenantActor(actor);
      authorize(deps.authz, a, 'audit', 'read');
      if (filter.studentId) {
        const student = await deps.users.get(a.tenantId, filter.studentId);
        if (!student || student.role !== 'student') {
          throw notFound('Student');
        }
      }
      await seal(a.tenantId);
      const result = await audit.list(a.tenantId, { subjectId: filter.studentId }, page);
      await deps.trail.record(
        a,
        filter.studentId ? [filter.studentId] : result.items.map((e) => e.subjectId),
        'read',
        'audit',
      );
      return result;
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
