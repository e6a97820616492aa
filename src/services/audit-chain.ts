/**
 * The audit hash chain. Each sealed entry's hash is SHA-256 over the previous entry's hash and a
 * canonical serialisation of the entry; the first entry of a tenant follows GENESIS, and after
 * pruning the chain continues from the anchor (the hash of the last pruned entry).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEntryInput, AuditLink } from '../ports.js';

/** The "previous hash" of a tenant's first entry. */
export const GENESIS = '0'.repeat(64);

/**
 * The entry as hashed: a JSON array of its fields in a fixed order, the instant normalised to
 * milliseconds in UTC. The chain position is not hashed: order is carried by `prevHash`.
 */
export function canonicalAuditEntry(
  e: AuditEntryInput & { tenantId: string; seq: number },
): string {
  return JSON.stringify([
    'pathwise-audit-v1',
    e.tenantId,
    e.seq,
    e.id,
    new Date(e.at).toISOString(),
    e.actorKind,
    e.actorId,
    e.role,
    e.purpose,
    e.subjectId,
    e.action,
    e.resource,
    e.requestId,
  ]);
}

/** SHA-256 (hex) of the previous hash, a newline and the canonical entry. */
export function auditHash(
  prevHash: string,
  e: AuditEntryInput & { tenantId: string; seq: number },
): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalAuditEntry(e)}`)
    .digest('hex');
}

/** Links pending entries (in arrival order) after the chain head. */
export function linkAuditEntries(
  head: { index: number; hash: string | null },
  pending: readonly AuditEntry[],
): AuditLink[] {
  let index = head.index;
  let prev = head.hash ?? GENESIS;
  return pending.map((e) => {
    index += 1;
    const hash = auditHash(prev, e);
    const link = { seq: e.seq, chainIndex: index, prevHash: prev, hash };
    prev = hash;
    return link;
  });
}

/** The first entry that breaks the chain, and why. */
export interface ChainBreak {
  chainIndex: number;
  seq: number | null;
  id: string | null;
  reason: 'edited' | 'deleted' | 'reordered' | 'head_mismatch';
  detail: string;
}

/**
 * Walks sealed entries in chain order and reports the first break. Feed pages with `next`,
 * then call `end` with the stored head.
 */
export function createChainWalker(start: { index: number; hash: string | null }) {
  let index = start.index;
  let prev = start.hash ?? GENESIS;
  let count = 0;
  return {
    get position() {
      return { index, hash: prev, count };
    },
    next(e: AuditEntry): ChainBreak | null {
      const at = { chainIndex: e.chainIndex ?? -1, seq: e.seq, id: e.id };
      if (e.chainIndex !== index + 1) {
        return {
          ...at,
          reason: 'deleted',
          detail: `entries ${index + 1}..${(e.chainIndex ?? 0) - 1} of the chain are missing before this one`,
        };
      }
      if (!e.prevHash || !e.hash || auditHash(e.prevHash, e) !== e.hash) {
        return { ...at, reason: 'edited', detail: 'its contents do not match its hash' };
      }
      if (e.prevHash !== prev) {
        return {
          ...at,
          reason: 'reordered',
          detail: `it does not follow entry ${index}: its previous hash is that of another entry`,
        };
      }
      index = e.chainIndex;
      prev = e.hash;
      count += 1;
      return null;
    },
    end(head: { index: number; hash: string | null }): ChainBreak | null {
      if (head.index !== index || (head.hash ?? GENESIS) !== prev) {
        return {
          chainIndex: index + 1,
          seq: null,
          id: null,
          reason: head.index > index ? 'deleted' : 'head_mismatch',
          detail:
            head.index > index
              ? `entries ${index + 1}..${head.index} at the end of the chain are missing`
              : `the chain ends at entry ${index} but its recorded head is entry ${head.index}`,
        };
      }
      return null;
    },
  };
}
