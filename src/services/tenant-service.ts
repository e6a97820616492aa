/** Tenants (institutions): operators create, list, rename and remove them. */
import { notFound } from '../domain/errors.js';
import type { PageRequest, Tenant } from '../domain/records.js';
import type { TenantInput, TenantStore } from '../ports.js';
import { authorize, type Actor, type Authorizer } from './access.js';

export interface TenantServiceDeps {
  tenants: TenantStore;
  authz: Authorizer;
  newId: () => string;
}

export function createTenantService({ tenants, authz, newId }: TenantServiceDeps) {
  return {
    create(actor: Actor, input: TenantInput): Promise<Tenant> {
      authorize(authz, actor, 'tenants', 'write');
      return tenants.create({ ...input, id: newId() });
    },
    list(actor: Actor, page: PageRequest) {
      authorize(authz, actor, 'tenants', 'read');
      return tenants.list(page);
    },
    async get(actor: Actor, id: string): Promise<Tenant> {
      authorize(authz, actor, 'tenants', 'read');
      return (await tenants.get(id)) ?? Promise.reject(notFound('Tenant'));
    },
    async update(actor: Actor, id: string, patch: Partial<TenantInput>): Promise<Tenant> {
      authorize(authz, actor, 'tenants', 'write');
      return (await tenants.update(id, patch)) ?? Promise.reject(notFound('Tenant'));
    },
    async delete(actor: Actor, id: string): Promise<void> {
      authorize(authz, actor, 'tenants', 'write');
      if (!(await tenants.delete(id))) {
        throw notFound('Tenant');
      }
    },
  };
}

export type TenantService = ReturnType<typeof createTenantService>;
