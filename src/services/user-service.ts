/**
 * Users of a tenant. Admins manage everyone; an instructor sees themself and the people in the
 * sections they teach (legitimate educational interest); a student sees only themself. Every
 * read or write of a student's user record is audited.
 */
import { invalidInput, notFound } from '../domain/errors.js';
import type { PageRequest, User } from '../domain/records.js';
import type { SectionStore, UserFilter, UserInput, UserStore } from '../ports.js';
import { authorize, scopedSectionIds, tenantActor, type Actor, type Authorizer } from './access.js';
import type { AuditTrail } from './audit.js';

export interface UserServiceDeps {
  users: UserStore;
  sections: SectionStore;
  authz: Authorizer;
  audit: AuditTrail;
  newId: () => string;
}

const studentIds = (users: readonly User[]) =>
  users.filter((u) => u.role === 'student').map((u) => u.id);

function checkStudentFields(input: Partial<UserInput>, role: UserInput['role'] | undefined): void {
  if (role !== undefined && role !== 'student' && (input.birthDate || input.ageBand)) {
    throw invalidInput('Only students carry a birth date or age band', [
      { path: input.birthDate ? '/birthDate' : '/ageBand', message: 'applies to students only' },
    ]);
  }
}

export function createUserService({ users, sections, authz, audit, newId }: UserServiceDeps) {
  async function visible(actor: Actor, id: string): Promise<User> {
    const user = await findVisible(actor, id);
    await audit.record(actor, studentIds([user]), 'read', 'users');
    return user;
  }

  async function findVisible(actor: Actor, id: string): Promise<User> {
    const a = tenantActor(actor);
    authorize(authz, a, 'users', 'read');
    const user = await users.get(a.tenantId, id);
    if (!user) {
      throw notFound('User');
    }
    if (a.role === 'admin' || (a.userId !== null && a.userId === id)) {
      return user;
    }
    if (a.role === 'instructor') {
      const scope = await scopedSectionIds(sections, a);
      if (scope === undefined) {
        return user;
      }
      const enrolled = await sections.sectionsOfUser(a.tenantId, id);
      if (enrolled.some((s) => scope.includes(s.id))) {
        return user;
      }
    }
    throw notFound('User'); // not 403: do not confirm that the record exists
  }

  return {
    get: visible,
    async list(actor: Actor, filter: UserFilter, page: PageRequest) {
      const a = tenantActor(actor);
      authorize(authz, a, 'users', 'read');
      if (a.role === 'student') {
        const self = a.userId ? await users.get(a.tenantId, a.userId) : null;
        const items =
          self && (!filter.role || filter.role === self.role) && !page.cursor ? [self] : [];
        await audit.record(a, studentIds(items), 'read', 'users');
        return { items, nextCursor: null };
      }
      const scope = await scopedSectionIds(sections, a);
      const result = await users.list(
        a.tenantId,
        { ...filter, ...(scope ? { inSections: scope } : {}) },
        page,
      );
      await audit.record(a, studentIds(result.items), 'read', 'users');
      return result;
    },
    async create(actor: Actor, input: UserInput): Promise<User> {
      const a = tenantActor(actor);
      authorize(authz, a, 'users', 'write');
      checkStudentFields(input, input.role);
      const user = await users.create(a.tenantId, { ...input, id: newId() });
      await audit.record(a, studentIds([user]), 'write', 'users');
      return user;
    },
    async update(actor: Actor, id: string, patch: Partial<UserInput>): Promise<User> {
      const a = tenantActor(actor);
      authorize(authz, a, 'users', 'write');
      const current = await users.get(a.tenantId, id);
      if (!current) {
        throw notFound('User');
      }
      checkStudentFields(patch, patch.role ?? current.role);
      const updated = await users.update(a.tenantId, id, patch);
      if (!updated) {
        throw notFound('User');
      }
      await audit.record(a, studentIds([current, updated]), 'write', 'users');
      return updated;
    },
    async delete(actor: Actor, id: string): Promise<void> {
      const a = tenantActor(actor);
      authorize(authz, a, 'users', 'write');
      const current = await users.get(a.tenantId, id);
      if (!current || !(await users.delete(a.tenantId, id))) {
        throw notFound('User');
      }
      await audit.record(a, studentIds([current]), 'write', 'users');
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
