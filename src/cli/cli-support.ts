/** What the one-shot commands share: running with a container, and picking tenants. */
import { AppError } from '../domain/errors.js';
import type { Tenant } from '../domain/records.js';
import type { Container } from '../main.js';

/** Runs `fn` with a container; `gitCommit` is recorded with fits. */
export type WithContainer = <T>(
  fn: (c: Container) => Promise<T>,
  options?: { gitCommit?: string | null },
) => Promise<T>;

/** The tenant named by slug or id; NotFound when there is none. */
export async function tenantOf(c: Container, slugOrId: string): Promise<Tenant> {
  const tenant =
    (await c.stores.tenants.getBySlug(slugOrId)) ??
    (/^[0-9a-f-]{36}$/.test(slugOrId) ? await c.stores.tenants.get(slugOrId) : null);
  if (!tenant) {
    throw new AppError({ kind: 'NotFound', code: 'not_found', message: `no tenant "${slugOrId}"` });
  }
  return tenant;
}

/** The tenant named by slug or id, or every tenant when none is named. */
export async function tenantsOf(c: Container, slugOrId: string | undefined): Promise<Tenant[]> {
  if (slugOrId) {
    return [await tenantOf(c, slugOrId)];
  }
  const all: Tenant[] = [];
  let cursor: string | undefined;
  do {
    const page = await c.stores.tenants.list({ limit: 1000, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
