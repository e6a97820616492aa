import type { Selectable } from 'kysely';
import type { Tenant } from '../../domain/records.js';
import type { TenantStore } from '../../ports.js';
import type { Db } from './database.js';
import type { TenantsTable } from './database-schema.js';
import { iso, paginate } from './pagination.js';

const toTenant = (r: Selectable<TenantsTable>): Tenant => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  settings: r.settings,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** Tenants are the platform's top level: operators manage them, so no tenant scope applies. */
export function createPostgresTenantStore(db: Db): TenantStore {
  return {
    async create(input) {
      const row = await db
        .insertInto('tenants')
        .values({
          id: input.id,
          slug: input.slug,
          name: input.name,
          settings: JSON.stringify(input.settings ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTenant(row);
    },
    async get(id) {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toTenant(row) : null;
    },
    async getBySlug(slug) {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirst();
      return row ? toTenant(row) : null;
    },
    list(page) {
      return paginate(db.selectFrom('tenants').selectAll(), 'id', page, toTenant);
    },
    async update(id, patch) {
      const row = await db
        .updateTable('tenants')
        .set({
          ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.settings !== undefined ? { settings: JSON.stringify(patch.settings) } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toTenant(row) : null;
    },
    async delete(id) {
      const result = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async count() {
      const row = await db
        .selectFrom('tenants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
