/**
 * Authentication: API keys (bearer tokens, stored only as a hash) and web sign-in sessions
 * (an HttpOnly cookie holding a random token, stored only as a hash).
 */
import { AppError, invalidInput, notFound } from '../domain/errors.js';
import type { Role } from '../domain/records.js';
import type {
  Clock,
  CredentialStore,
  Principal,
  SectionStore,
  TenantStore,
  UserStore,
} from '../ports.js';
import { hashPassword, newApiKey, newSessionToken, sha256, verifyPassword } from './secrets.js';

export interface AuthServiceDeps {
  credentials: CredentialStore;
  tenants: TenantStore;
  users: UserStore;
  sections: SectionStore;
  clock: Clock;
  newId: () => string;
  sessionTtlHours: number;
}

const unauthenticated = (message: string) =>
  new AppError({ kind: 'Unauthenticated', code: 'authentication_required', message });

const KEY_CACHE_MS = 30_000;

export interface SessionView {
  user: { id: string; role: Role; displayName: string; email: string | null };
  tenant: { id: string; slug: string; name: string } | null;
  sections: {
    id: string;
    code: string;
    name: string;
    courseId: string;
    courseTitle: string;
    role: 'student' | 'instructor';
  }[];
}

export function createAuthService(deps: AuthServiceDeps) {
  const { credentials, tenants, users, sections, clock, newId } = deps;
  const keyCache = new Map<string, { principal: Principal; at: number }>();

  return {
    /**
     * The principal of an API key. Valid keys are remembered for 30 s, so a busy client costs
     * one lookup per half minute; a revoked key therefore stops working within 30 s.
     */
    async principalForApiKey(key: string): Promise<Principal> {
      const hash = sha256(key);
      const now = clock.now().getTime();
      const hit = keyCache.get(hash);
      if (hit && now - hit.at < KEY_CACHE_MS) {
        return hit.principal;
      }
      const principal = key.startsWith('pw_') ? await credentials.principalForKeyHash(hash) : null;
      if (!principal) {
        keyCache.delete(hash);
        throw unauthenticated('The API key is not valid');
      }
      if (keyCache.size >= 10_000) {
        keyCache.clear();
      }
      keyCache.set(hash, { principal, at: now });
      return principal;
    },

    /** Forgets this process's cached keys of a user (after an erasure deleted them). */
    forgetUser(tenantId: string, userId: string): void {
      for (const [hash, { principal }] of keyCache) {
        if (
          principal.kind === 'user' &&
          principal.tenantId === tenantId &&
          principal.userId === userId
        ) {
          keyCache.delete(hash);
        }
      }
    },

    async principalForSession(token: string): Promise<Principal> {
      const principal = await credentials.principalForWebSession(sha256(token), clock.now());
      if (!principal) {
        throw unauthenticated('The session has expired; sign in again');
      }
      return principal;
    },

    /** Checks email and password; returns a new session token for the cookie. */
    async signIn(input: {
      email: string;
      password: string;
      tenant?: string | undefined;
    }): Promise<{ token: string; principal: Principal }> {
      const candidates = await credentials.signInCandidates(
        input.email.trim().toLowerCase(),
        input.tenant,
      );
      const matches: Principal[] = [];
      for (const c of candidates) {
        if (await verifyPassword(input.password, c.passwordHash)) {
          matches.push(c.principal);
        }
      }
      if (matches.length === 0) {
        throw unauthenticated('Email or password is wrong');
      }
      if (matches.length > 1) {
        throw invalidInput('This email belongs to several institutions', [
          { path: '/tenant', message: 'name the institution to sign in to' },
        ]);
      }
      const principal = matches[0] as Principal;
      const token = newSessionToken();
      const expiresAt = new Date(clock.now().getTime() + deps.sessionTtlHours * 3_600_000);
      await credentials.createWebSession({ idHash: sha256(token), principal, expiresAt });
      return { token, principal };
    },

    async signOut(token: string): Promise<void> {
      await credentials.deleteWebSession(sha256(token));
    },

    async describe(principal: Principal): Promise<SessionView> {
      if (principal.kind === 'operator') {
        const op = await credentials.getOperator(principal.operatorId);
        return {
          user: {
            id: principal.operatorId,
            role: 'operator',
            displayName: op?.displayName ?? 'Operator',
            email: op?.email ?? null,
          },
          tenant: null,
          sections: [],
        };
      }
      const tenant = await tenants.get(principal.tenantId);
      const user = principal.userId ? await users.get(principal.tenantId, principal.userId) : null;
      return {
        user: {
          id: principal.userId ?? 'service',
          role: principal.role,
          displayName: user?.displayName ?? `${principal.role} service key`,
          email: user?.email ?? null,
        },
        tenant: tenant ? { id: tenant.id, slug: tenant.slug, name: tenant.name } : null,
        sections: principal.userId
          ? await sections.sectionsOfUser(principal.tenantId, principal.userId)
          : [],
      };
    },

    /**
     * Creates an API key and returns it once; only its hash is kept. Operator keys need no tenant;
     * student keys belong to a student user.
     */
    async createApiKey(input: {
      tenant?: string | undefined;
      role: Role;
      userId?: string | undefined;
      name?: string | undefined;
    }) {
      let tenantId: string | null = null;
      let operatorId: string | null = null;
      if (input.role === 'operator') {
        if (input.tenant) {
          throw invalidInput('Operator keys are not tied to a tenant', [
            { path: '/tenant', message: 'must be empty for role operator' },
          ]);
        }
        operatorId =
          input.userId ??
          (
            await credentials.createOperator({
              id: newId(),
              email: `operator-${newId()}@pathwise.local`,
              displayName: 'API operator',
              passwordHash: null,
            })
          ).id;
        if (!(await credentials.getOperator(operatorId))) {
          throw notFound('Operator');
        }
      } else {
        if (!input.tenant) {
          throw invalidInput('A tenant is required', [
            { path: '/tenant', message: `is required for role ${input.role}` },
          ]);
        }
        const tenant =
          (await tenants.getBySlug(input.tenant)) ??
          (/^[0-9a-f-]{36}$/.test(input.tenant) ? await tenants.get(input.tenant) : null);
        if (!tenant) {
          throw notFound('Tenant');
        }
        tenantId = tenant.id;
        if (input.userId) {
          const user = await users.get(tenant.id, input.userId);
          if (!user) {
            throw notFound('User');
          }
          if (user.role !== input.role) {
            throw invalidInput('Role mismatch', [
              { path: '/role', message: `user ${user.id} is a ${user.role}` },
            ]);
          }
        } else if (input.role === 'student') {
          throw invalidInput('A student key belongs to a student', [
            { path: '/user', message: 'is required for role student' },
          ]);
        }
      }
      const key = newApiKey();
      const record = await credentials.saveApiKey({
        id: newId(),
        tenantId,
        role: input.role,
        userId: input.role === 'operator' ? null : (input.userId ?? null),
        operatorId,
        name: input.name ?? `${input.role} key`,
        prefix: key.slice(0, 10),
        keyHash: sha256(key),
      });
      return { key, record };
    },

    hashPassword,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
