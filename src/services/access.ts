/**
 * Who is asking, and the checks every service applies before touching data: the role must be
 * allowed the action on the resource kind (the policy), and the rows must be in the actor's
 * scope (tenant, own record, own sections).
 */
import { notAllowed, notFound } from '../domain/errors.js';
import type { Role } from '../domain/records.js';
import type { Principal, SectionStore, UserStore } from '../ports.js';

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
  | 'class_analytics'
  | 'models'
  | 'consents'
  | 'data_rights'
  | 'audit'
  | 'section_controls'
  | 'interventions'
  | 'learner_interventions'
  | 'practice';
export type Action = 'read' | 'write';

/** Decides role × resource × action. Must return false, never throw, when it cannot decide. */
export interface Authorizer {
  allows(role: Role, resource: Resource, action: Action): boolean;
}

/**
 * Why a record is accessed, recorded on every audit entry. Each role may state only some
 * purposes; without one stated, the role's default applies (the first listed).
 */
export const PURPOSES_BY_ROLE = {
  student: ['self_service', 'data_rights'],
  instructor: ['instruction'],
  admin: ['administration', 'instruction', 'data_rights'],
  operator: ['operations'],
} as const satisfies Record<Role, readonly string[]>;
export type Purpose = (typeof PURPOSES_BY_ROLE)[Role][number];

/** The role's default purpose. */
export function defaultPurpose(role: Role): Purpose {
  return PURPOSES_BY_ROLE[role][0];
}

/** Whether the role may state this purpose. */
export function purposeAllowed(role: Role, purpose: string): purpose is Purpose {
  return (PURPOSES_BY_ROLE[role] as readonly string[]).includes(purpose);
}

/**
 * The caller of a service: an authenticated principal plus the request id and the stated
 * purpose, for logs and the audit log.
 */
export type Actor = Principal & { requestId?: string; purpose?: Purpose };
export type TenantActor = Extract<Actor, { kind: 'user' }>;

/** The policy's answer, false when it cannot be evaluated (fail closed). */
export function allows(authz: Authorizer, role: Role, resource: Resource, action: Action): boolean {
  try {
    return authz.allows(role, resource, action) === true;
  } catch {
    return false;
  }
}

/** Throws NotAllowed unless the policy allows the actor's role the action. */
export function authorize(
  authz: Authorizer,
  actor: Actor,
  resource: Resource,
  action: Action,
): void {
  if (!allows(authz, actor.role, resource, action)) {
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
 * Of these students, those an instructor with a user of their own does not teach (in none of
 * the sections they teach); always empty for other actors, whose scope is checked elsewhere.
 */
export async function studentsOutsideScope(
  sections: SectionStore,
  actor: TenantActor,
  studentIds: readonly string[],
): Promise<Set<string>> {
  const outside = new Set<string>();
  if (actor.role !== 'instructor' || studentIds.length === 0) {
    return outside;
  }
  const scope = await scopedSectionIds(sections, actor);
  if (scope === undefined) {
    return outside;
  }
  for (const id of studentIds) {
    const enrolled = await sections.sectionsOfUser(actor.tenantId, id);
    if (!enrolled.some((s) => s.role === 'student' && scope.includes(s.id))) {
      outside.add(id);
    }
  }
  return outside;
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

/**
 * Throws NotFound unless `studentId` is a student the actor may see: themself (a student), a
 * student of the sections they teach (an instructor), anyone in the tenant (an admin). A record
 * out of scope is not found, so its existence is not revealed. The caller checks the policy.
 */
export async function assertStudentInScope(
  deps: { users: Pick<UserStore, 'get'>; sections: SectionStore },
  actor: TenantActor,
  studentId: string,
): Promise<void> {
  if (actor.role === 'student') {
    if (actor.userId !== studentId) {
      throw notFound('Student');
    }
    return;
  }
  const student = await deps.users.get(actor.tenantId, studentId);
  if (!student || student.role !== 'student') {
    throw notFound('Student');
  }
  const scope = await scopedSectionIds(deps.sections, actor);
  if (scope) {
    const enrolled = await deps.sections.sectionsOfUser(actor.tenantId, studentId);
    if (!enrolled.some((s) => scope.includes(s.id))) {
      throw notFound('Student');
    }
  }
}
