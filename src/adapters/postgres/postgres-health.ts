import { sql } from 'kysely';
import type { DatabaseHealth } from '../../ports.js';
import { pendingMigrations, type Db } from './database.js';

export function createPostgresHealth(db: Db, timeoutMs = 2000): DatabaseHealth {
  return {
    async check() {
      try {
        const probe = (async () => {
          await sql`select 1`.execute(db);
          return pendingMigrations(db);
        })();
        const timeout = new Promise<never>((_, reject) => {
          setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          ).unref();
        });
        const pending = await Promise.race([probe, timeout]);
        return { reachable: true, pendingMigrations: pending };
      } catch (error) {
        return {
          reachable: false,
          pendingMigrations: [],
          error: error instanceof Error ? error.message : String(error),
        };
      }
    },
  };
}
