/**
 * Who is asking, and the checks every service applies before touching data: the role must be
 * allowed the action on the resource kind (the policy), and the rows must be in the actor's
 * scope (tenant, own record, own sections).
 */
import { notAllowed } from '../domain/errors.js';
import type { Role } from '../domain/records.js';
import type { Principal, SectionStore } from '../ports.js';

export type Resource =
  | 'tenants'
  | 'users'
  | 'courses'
  | 'sections'
  | 'enrollments'
  | 'objectives'
  | 'prerequisites'
  | 'content'
  | 'content_answers'
  | 'api_keys'
  | 'events'
  | 'learner_records'
  | 'class_aggregates'
  | 'interventions'
  | 'learner_interventions';
export type Action = 'read' | 'write';

/** Decides role × resource × action. Must return false, never throw, when it cannot decide. */
export interface Authorizer {
  allows(role: Role, resource: Resource, action: Action): boolean;
}

/** The caller of a service: an authenticated principal plus the request id for logs and audit. */
export type Actor = Principal & { requestId?: string };
export type TenantActor = Extract<Actor, { kind: 'user' }>;

/** Throws NotAllowed unless the policy allows the actor's role the action. */
export function authorize(
  authz: Authorizer,
  actor: Actor,
  resource: Resource,
  action: Action,
): void {
  let allowed: boolean;
  try {
    allowed = authz.allows(actor.role, resource, action);
  } catch {
    allowed = false; // fail closed
  }
  if (!allowed) {
    throw notAllowed(`The ${actor.role} role may not ${action} ${resource.replace('_', ' ')}`);
  }
}

/** Narrows to a tenant member; operators act on the platform, never inside a tenant's records. */
export function tenantActor(actor: Actor): TenantActor {
  if (actor.kind !== 'user') {
    throw notAllowed('Operators have no access to tenant records');
  }
  return actor;
}

/**
 * The sections whose records the actor may see: all (undefined) for an admin; for instructors
 * the sections they teach; for students those they are enrolled in.
 */
export async function scopedSectionIds(
  sections: SectionStore,
  actor: TenantActor,
): Promise<string[] | undefined> {
  if (actor.role === 'admin') {
    return undefined;
  }
  if (!actor.userId) {
    // A service key without a user has no sections of its own.
    return actor.role === 'instructor' ? undefined : [];
  }
  const mine = await sections.sectionsOfUser(actor.tenantId, actor.userId);
  return mine
    .filter((s) => (actor.role === 'instructor' ? s.role === 'instructor' : true))
    .map((s) => s.id);
}
