/**
 * The role/resource/action check, decided by casbin from `policy/model.conf` and
 * `policy/policy.csv`. Fails closed: if the policy cannot be evaluated, the answer is no.
 */
import { fileURLToPath } from 'node:url';
import { newEnforcer, type Enforcer } from 'casbin';
import type { Logger } from 'pino';
import type { Action, Authorizer, Resource } from '../../services/access.js';
import type { Role } from '../../domain/records.js';

const policyDir = fileURLToPath(new URL('../../../policy/', import.meta.url));

export async function createCasbinAuthorizer(
  log: Logger,
  files = { model: `${policyDir}model.conf`, policy: `${policyDir}policy.csv` },
): Promise<Authorizer> {
  const enforcer: Enforcer = await newEnforcer(files.model, files.policy);
  // The policy is loaded once and never changes while the process runs, so each decision is
  // computed once; a failed evaluation is not cached.
  const decided = new Map<string, boolean>();
  return {
    allows(role: Role, resource: Resource, action: Action): boolean {
      const key = `${role}\u0000${resource}\u0000${action}`;
      const known = decided.get(key);
      if (known !== undefined) {
        return known;
      }
      try {
        const allowed = enforcer.enforceSync(role, resource, action);
        decided.set(key, allowed);
        return allowed;
      } catch (error) {
        log.error({ err: error, role, resource, action }, 'policy evaluation failed; denying');
        return false;
      }
    },
  };
}
