/**
 * The versioned migrations, applied in order at start and by `pathwise migrate`.
 * Add a file `NNNN-name.ts` exporting `statements` and list it here; never edit a released one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as events from './0002-events.js';
import * as learningState from './0003-learning-state.js';
import * as rowLevelSecurity from './0004-row-level-security.js';
import * as auditLog from './0005-audit-log.js';
import * as privacy from './0006-privacy.js';
import * as modelRegistry from './0007-model-registry.js';
import * as sectionControls from './0008-section-controls.js';
import * as oneRoundTripWrites from './0009-one-round-trip-writes.js';
import * as interventions from './0010-interventions.js';
import * as analytics from './0011-analytics.js';
import * as inactivityAlertOnce from './0015-inactivity-alert-once.js';
import * as consumerBatchReadsWrites from './0016-consumer-batch-reads-writes.js';
import * as receiptsByMessage from './0017-receipts-by-message.js';

const ordered: [string, { statements: readonly string[] }][] = [
  ['0001-foundation', foundation],
  ['0002-events', events],
  ['0003-learning-state', learningState],
  ['0004-row-level-security', rowLevelSecurity],
  ['0005-audit-log', auditLog],
  ['0006-privacy', privacy],
  ['0007-model-registry', modelRegistry],
  ['0008-section-controls', sectionControls],
  ['0009-one-round-trip-writes', oneRoundTripWrites],
  ['0010-interventions', interventions],
  ['0011-analytics', analytics],
  ['0015-inactivity-alert-once', inactivityAlertOnce],
  ['0016-consumer-batch-reads-writes', consumerBatchReadsWrites],
  ['0017-receipts-by-message', receiptsByMessage],
];

function toMigration(statements: readonly string[]): Migration {
  return {
    async up(db) {
      for (const statement of statements) {
        await sql.raw(statement).execute(db);
      }
    },
  };
}

export const migrationProvider: MigrationProvider = {
  getMigrations() {
    return Promise.resolve(
      Object.fromEntries(ordered.map(([name, m]) => [name, toMigration(m.statements)])),
    );
  },
};

export const latestMigration = (ordered.at(-1) as [string, unknown])[0];
