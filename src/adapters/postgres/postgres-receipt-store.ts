/**
 * Consumer receipts (which bus messages each consumer has applied) are kept only as long as a
 * message can come again: a redelivery follows a lost acknowledgement within seconds or
 * minutes, so a week is a wide margin. Older ones are deleted in batches, oldest first, found
 * through a BRIN index on `processed_at` (migration 0017): tiny, and nearly free to maintain
 * on a table appended in time order.
 */
import { sql } from 'kysely';
import type { Db } from './database.js';

export function createPostgresReceiptStore(db: Db) {
  return {
    /** Deletes receipts recorded before `before`, `batch` rows per statement; how many. */
    async prune(before: Date, batch = 10_000): Promise<number> {
      let pruned = 0;
      for (;;) {
        const result = await sql`
          delete from consumer_receipts where ctid = any(array(
            select ctid from consumer_receipts where processed_at < ${before} limit ${batch}))`.execute(
          db,
        );
        const n = Number(result.numAffectedRows ?? 0);
        pruned += n;
        if (n < batch) {
          return pruned;
        }
      }
    },
  };
}
