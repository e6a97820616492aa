/**
 * The knowledge-tracing model registry (`kt_models`, migration 0007): a platform table, so no
 * tenant binding; `tenant_id` is the scope of a model (null: platform-wide). Promotion and
 * rollback each run in one transaction, so a scope never has two promoted models.
 */
import { sql, type Selectable } from 'kysely';
import { AppError, notFound } from '../../domain/errors.js';
import type { ModelRecord, ModelRegistryStore, ModelStatus } from '../../ports.js';
import type { Db, Tx } from './database.js';
import type { KtModelsTable } from './database-schema.js';
import { iso } from './pagination.js';

const SUMMARY = [
  'id',
  'tenant_id',
  'name',
  'version',
  'status',
  'data_hash',
  'git_commit',
  'params_sha256',
  'metrics',
  'training_data',
  'created_at',
  'promoted_at',
] as const;

type SummaryRow = Pick<Selectable<KtModelsTable>, (typeof SUMMARY)[number]>;

const toRecord = (r: SummaryRow): ModelRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  version: r.version,
  status: r.status as ModelStatus,
  dataHash: r.data_hash,
  gitCommit: r.git_commit,
  paramsSha256: r.params_sha256,
  metrics: r.metrics,
  trainingData: r.training_data,
  createdAt: iso(r.created_at),
  promotedAt: r.promoted_at ? iso(r.promoted_at) : null,
});

/** Rows of one scope (null tenant: the platform scope). */
function inScope(tenantId: string | null) {
  return tenantId === null
    ? sql<boolean>`tenant_id is null`
    : sql<boolean>`tenant_id = ${tenantId}::uuid`;
}

async function promotedOf(tx: Tx, tenantId: string | null): Promise<SummaryRow | undefined> {
  return tx
    .selectFrom('kt_models')
    .select(SUMMARY)
    .where(inScope(tenantId))
    .where('status', '=', 'promoted')
    .forUpdate()
    .executeTakeFirst();
}

export function createPostgresModelRegistryStore(db: Db): ModelRegistryStore {
  return {
    async register(input) {
      const row = await db
        .insertInto('kt_models')
        .values({
          id: input.id,
          tenant_id: input.tenantId,
          name: input.name,
          version: input.version,
          data_hash: input.dataHash,
          git_commit: input.gitCommit,
          params: JSON.stringify(input.params),
          params_sha256: input.paramsSha256,
          metrics: JSON.stringify(input.metrics),
          training_data: JSON.stringify(input.trainingData),
        })
        .returning(SUMMARY)
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async list(filter) {
      let q = db.selectFrom('kt_models').select(SUMMARY);
      if (filter.tenantId !== undefined) {
        q = q.where(inScope(filter.tenantId));
      }
      if (filter.name !== undefined) {
        q = q.where('name', '=', filter.name);
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1000)
        .execute();
      return rows.map(toRecord);
    },

    async versionsOf(tenantId, name) {
      const rows = await db
        .selectFrom('kt_models')
        .select(SUMMARY)
        .where(inScope(tenantId))
        .where('name', '=', name)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toRecord);
    },

    async paramsOf(id) {
      const row = await db
        .selectFrom('kt_models')
        .select('params')
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? row.params : null;
    },

    promote(tenantId, name, version, at) {
      return db.transaction().execute(async (tx) => {
        const target = await tx
          .selectFrom('kt_models')
          .select(SUMMARY)
          .where(inScope(tenantId))
          .where('name', '=', name)
          .where('version', '=', version)
          .forUpdate()
          .executeTakeFirst();
        if (!target) {
          throw notFound(`Model ${name}@${version}`);
        }
        const current = await promotedOf(tx, tenantId);
        if (current && current.id !== target.id) {
          await tx
            .updateTable('kt_models')
            .set({ status: 'retired' })
            .where('id', '=', current.id)
            .execute();
        }
        const row = await tx
          .updateTable('kt_models')
          .set({ status: 'promoted', promoted_at: at })
          .where('id', '=', target.id)
          .returning(SUMMARY)
          .executeTakeFirstOrThrow();
        return toRecord(row);
      });
    },

    rollback(tenantId, name) {
      return db.transaction().execute(async (tx) => {
        const current = await promotedOf(tx, tenantId);
        if (!current || current.name !== name) {
          throw new AppError({
            kind: 'Conflict',
            code: 'not_promoted',
            message: `${name} is not the promoted model of this scope`,
          });
        }
        // A rolled-back version is no longer a "previously promoted" one.
        const retired = await tx
          .updateTable('kt_models')
          .set({ status: 'retired', promoted_at: null })
          .where('id', '=', current.id)
          .returning(SUMMARY)
          .executeTakeFirstOrThrow();
        const previous = await tx
          .selectFrom('kt_models')
          .select('id')
          .where(inScope(tenantId))
          .where('name', '=', name)
          .where('id', '!=', current.id)
          .where('promoted_at', 'is not', null)
          .orderBy('promoted_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (!previous) {
          return { retired: toRecord(retired), promoted: null };
        }
        const promoted = await tx
          .updateTable('kt_models')
          .set({ status: 'promoted' })
          .where('id', '=', previous.id)
          .returning(SUMMARY)
          .executeTakeFirstOrThrow();
        return { retired: toRecord(retired), promoted: toRecord(promoted) };
      });
    },

    async promoted() {
      const rows = await db
        .selectFrom('kt_models')
        .select(['id', 'tenant_id', 'name', 'version'])
        .where('status', '=', 'promoted')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        tenantId: r.tenant_id,
        name: r.name,
        version: r.version,
      }));
    },
  };
}
