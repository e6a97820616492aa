/**
 * The audit log on PostgreSQL. `append` is a plain insert as the app role (no lock); `seal` and
 * `prune` run as the owner under a per-tenant advisory lock, the only writers of the chain.
 */
import { sql } from 'kysely';
import type { AuditEntry, AuditEntryInput, AuditStore } from '../../ports.js';
import { invalidInput } from '../../domain/errors.js';
import { inTenant, type Db, type Tx } from './database.js';
import { iso } from './pagination.js';

/** Audit pages are keyed by arrival order (`seq`); the cursor is opaque to clients. */
const encodeSeqCursor = (seq: number) => Buffer.from(`seq:${seq}`, 'utf8').toString('base64url');
function decodeSeqCursor(cursor: string): number {
  const m = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) {
    throw invalidInput('Invalid cursor', [
      { path: '/cursor', message: 'is not a cursor returned by this API' },
    ]);
  }
  return Number(m[1]);
}

interface AuditRow {
  tenant_id: string;
  seq: number;
  id: string;
  at: Date | string;
  actor_kind: AuditEntry['actorKind'];
  actor_id: string | null;
  role: string;
  purpose: string;
  subject_id: string;
  action: AuditEntry['action'];
  resource: string;
  request_id: string | null;
  chain_index: number | null;
  prev_hash: string | null;
  hash: string | null;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  tenantId: r.tenant_id,
  seq: Number(r.seq),
  id: r.id,
  at: iso(r.at),
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  role: r.role,
  purpose: r.purpose,
  subjectId: r.subject_id,
  action: r.action,
  resource: r.resource,
  requestId: r.request_id,
  chainIndex: r.chain_index === null ? null : Number(r.chain_index),
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * A call appending audit entries (`pathwise_audit_append`, migration 0005: PL/pgSQL, so its plan
 * is cached), as a statement or inside a larger one such as the ingestion's. Takes no lock.
 */
export function appendAuditEntries(tenantId: string, entries: readonly AuditEntryInput[]) {
  const rows = entries.map((e) => ({
    id: e.id,
    at: e.at,
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    role: e.role,
    purpose: e.purpose,
    subject_id: e.subjectId,
    action: e.action,
    resource: e.resource,
    request_id: e.requestId,
  }));
  return sql<number>`pathwise_audit_append(${tenantId}::uuid, ${JSON.stringify(rows)}::jsonb)`;
}

async function lockChain(tx: Tx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`audit/${tenantId}`}, 0))`.execute(tx);
}

export function createPostgresAuditStore(db: Db): AuditStore {
  return {
    async append(tenantId, entries) {
      if (entries.length === 0) {
        return;
      }
      await inTenant(db, tenantId, (tx) =>
        sql`select ${appendAuditEntries(tenantId, entries)}`.execute(tx),
      );
    },

    seal(tenantId, limit, link) {
      // As the owner: the app role may not write the chain columns.
      return db.transaction().execute(async (tx) => {
        await lockChain(tx, tenantId);
        const state = await tx
          .selectFrom('audit_chains')
          .select(['head_index', 'head_hash'])
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst();
        const rows = await tx
          .selectFrom('audit_log')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('chain_index', 'is', null)
          .orderBy('seq')
          .limit(limit)
          .execute();
        if (rows.length === 0) {
          return 0;
        }
        const links = link(
          { index: Number(state?.head_index ?? 0), hash: state?.head_hash ?? null },
          rows.map((r) => toEntry(r as AuditRow)),
        );
        const last = links.at(-1);
        if (!last) {
          return 0;
        }
        await sql`
          update audit_log a set chain_index = l.ci, prev_hash = l.ph, hash = l.h
            from unnest(${links.map((l) => l.seq)}::bigint[], ${links.map((l) => l.chainIndex)}::bigint[],
                        ${links.map((l) => l.prevHash)}::text[], ${links.map((l) => l.hash)}::text[]) as l(seq, ci, ph, h)
           where a.tenant_id = ${tenantId}::uuid and a.seq = l.seq`.execute(tx);
        await sql`
          insert into audit_chains (tenant_id, head_index, head_hash, sealed_at)
          values (${tenantId}::uuid, ${last.chainIndex}, ${last.hash}, now())
          on conflict (tenant_id) do update set
            head_index = excluded.head_index, head_hash = excluded.head_hash, sealed_at = excluded.sealed_at`.execute(
          tx,
        );
        return links.length;
      });
    },

    async tenantsWithPending() {
      const rows = await sql<{ tenant_id: string }>`
        select distinct tenant_id from audit_log where chain_index is null`.execute(db);
      return rows.rows.map((r) => r.tenant_id);
    },

    async chainState(tenantId) {
      const row = await db
        .selectFrom('audit_chains')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row
        ? {
            headIndex: Number(row.head_index),
            headHash: row.head_hash,
            anchorIndex: Number(row.anchor_index),
            anchorHash: row.anchor_hash,
            pruned: Number(row.pruned),
          }
        : null;
    },

    async readChain(tenantId, afterIndex, limit) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('chain_index', '>', afterIndex)
        .orderBy('chain_index')
        .limit(limit)
        .execute();
      return rows.map((r) => toEntry(r as AuditRow));
    },

    async countUnsealed(tenantId) {
      const row = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('chain_index', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    list(tenantId, filter, page) {
      return inTenant(db, tenantId, async (tx) => {
        let q = tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
        if (filter.subjectId) {
          q = q.where('subject_id', '=', filter.subjectId);
        }
        if (page.cursor) {
          q = q.where(sql<boolean>`seq > ${decodeSeqCursor(page.cursor)}::bigint`);
        }
        const rows = await q
          .orderBy('seq')
          .limit(page.limit + 1)
          .execute();
        const items = rows.slice(0, page.limit).map((r) => toEntry(r as AuditRow));
        const last = items.at(-1);
        return {
          items,
          nextCursor: rows.length > page.limit && last ? encodeSeqCursor(last.seq) : null,
        };
      });
    },

    prune(tenantId, before) {
      return db.transaction().execute(async (tx) => {
        await lockChain(tx, tenantId);
        const state = await tx
          .selectFrom('audit_chains')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst();
        if (!state) {
          return { pruned: 0, anchorIndex: 0 };
        }
        // The longest prefix of the chain whose entries are all older than `before`.
        const firstKept = await sql<{ ci: number | null }>`
          select min(chain_index) as ci from audit_log
           where tenant_id = ${tenantId}::uuid and chain_index is not null and at >= ${before}`.execute(
          tx,
        );
        const keptFrom = firstKept.rows[0]?.ci;
        const lastPruned =
          keptFrom === null || keptFrom === undefined
            ? Number(state.head_index)
            : Number(keptFrom) - 1;
        if (lastPruned <= Number(state.anchor_index)) {
          return { pruned: 0, anchorIndex: Number(state.anchor_index) };
        }
        const anchor = await tx
          .selectFrom('audit_log')
          .select('hash')
          .where('tenant_id', '=', tenantId)
          .where('chain_index', '=', lastPruned)
          .executeTakeFirst();
        const deleted = await tx
          .deleteFrom('audit_log')
          .where('tenant_id', '=', tenantId)
          .where('chain_index', '<=', lastPruned)
          .executeTakeFirst();
        const pruned = Number(deleted.numDeletedRows);
        await tx
          .updateTable('audit_chains')
          .set({
            anchor_index: lastPruned,
            anchor_hash: anchor?.hash ?? null,
            pruned: Number(state.pruned) + pruned,
            pruned_at: new Date(),
          })
          .where('tenant_id', '=', tenantId)
          .execute();
        return { pruned, anchorIndex: lastPruned };
      });
    },
  };
}
