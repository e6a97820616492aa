/**
 * COPPA consents (docs/PRIVACY.md): admins record, list and revoke them per student; the
 * event guardrail asks `minimise` what an under-13 student's events may keep. Consents are
 * admin-only: who consented and the evidence are a parent's personal data, and instructors do
 * not need them (a refused forum post tells the student and teacher why).
 */
import { AppError, invalidInput, notFound, type FieldProblem } from '../domain/errors.js';
import type { LearningEvent } from '../domain/events/learning-event.js';
import {
  CONSENT_PURPOSES,
  SCHOOL_CONSENT_PURPOSES,
  ageStatusOf,
  consentDecision,
  readPrivacySettings,
  type ConsentKind,
  type ConsentPurpose,
  type PrivacySettings,
} from '../domain/privacy/consent-policy.js';
import type {
  ConsentRecord,
  ConsentStore,
  StudentPrivacyFacts,
  TenantStore,
  UserStore,
} from '../ports.js';
import { authorize, tenantActor, type Actor, type Authorizer } from './access.js';

export interface ConsentInput {
  kind: ConsentKind;
  scope: ConsentPurpose[];
  grantedBy?: string | null | undefined;
  evidence?: string | null | undefined;
  /** When it was given (ISO date-time); default now. Not in the future. */
  grantedAt?: string | undefined;
}

export interface ConsentServiceDeps {
  consents: ConsentStore;
  users: UserStore;
  tenants: TenantStore;
  authz: Authorizer;
  newId: () => string;
  now: () => Date;
}

/** How long the guardrail reuses a tenant's settings and a student's consent facts. */
const CACHE_MS = 30_000;

export function createConsentService(deps: ConsentServiceDeps) {
  const facts = new Map<string, { at: number; value: StudentPrivacyFacts | null }>();
  const settings = new Map<string, { at: number; value: PrivacySettings }>();

  async function student(actor: Actor, id: string, action: 'read' | 'write') {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'consents', action);
    const user = await deps.users.get(a.tenantId, id);
    if (!user || user.role !== 'student') {
      throw notFound('Student');
    }
    return a;
  }

  async function settingsOf(tenantId: string): Promise<PrivacySettings> {
    const now = deps.now().getTime();
    const hit = settings.get(tenantId);
    if (hit && now - hit.at < CACHE_MS) {
      return hit.value;
    }
    const tenant = await deps.tenants.get(tenantId);
    const value = readPrivacySettings(tenant?.settings ?? {});
    settings.set(tenantId, { at: now, value });
    return value;
  }

  async function factsOf(
    tenantId: string,
    ids: readonly string[],
  ): Promise<Map<string, StudentPrivacyFacts | null>> {
    const now = deps.now().getTime();
    const out = new Map<string, StudentPrivacyFacts | null>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = facts.get(`${tenantId}/${id}`);
      if (hit && now - hit.at < CACHE_MS) {
        out.set(id, hit.value);
      } else {
        missing.push(id);
      }
    }
    if (missing.length > 0) {
      const loaded = await deps.consents.factsOf(tenantId, missing);
      if (facts.size > 100_000) {
        facts.clear();
      }
      for (const id of missing) {
        const value = loaded.get(id) ?? null;
        facts.set(`${tenantId}/${id}`, { at: now, value });
        out.set(id, value);
      }
    }
    return out;
  }

  return {
    async record(actor: Actor, studentId: string, input: ConsentInput): Promise<ConsentRecord> {
      const a = await student(actor, studentId, 'write');
      const problems: FieldProblem[] = [];
      const scope = [...new Set(input.scope)];
      scope.forEach((p, i) => {
        if (!CONSENT_PURPOSES.includes(p)) {
          problems.push({
            path: `/scope/${i}`,
            message: `must be one of ${CONSENT_PURPOSES.join(', ')}`,
          });
        } else if (input.kind === 'school' && !SCHOOL_CONSENT_PURPOSES.includes(p)) {
          problems.push({
            path: `/scope/${i}`,
            message: `a school may consent only for ${SCHOOL_CONSENT_PURPOSES.join(', ')}; ${p} needs a parent`,
          });
        }
      });
      const now = deps.now();
      const grantedAt = input.grantedAt ? new Date(input.grantedAt) : now;
      if (Number.isNaN(grantedAt.getTime()) || grantedAt.getTime() > now.getTime() + 60_000) {
        problems.push({ path: '/grantedAt', message: 'must be a date-time not in the future' });
      }
      if (problems.length > 0) {
        throw invalidInput('The consent is invalid', problems);
      }
      const record = await deps.consents.record(a.tenantId, {
        id: deps.newId(),
        studentId,
        kind: input.kind,
        scope,
        grantedBy: input.grantedBy ?? null,
        evidence: input.evidence ?? null,
        grantedAt: grantedAt.toISOString(),
        recordedBy: a.userId,
      });
      facts.delete(`${a.tenantId}/${studentId}`);
      return record;
    },
    async list(actor: Actor, studentId: string): Promise<ConsentRecord[]> {
      const a = await student(actor, studentId, 'read');
      return deps.consents.list(a.tenantId, studentId);
    },
    async revoke(
      actor: Actor,
      studentId: string,
      consentId: string,
      note: string | null,
    ): Promise<ConsentRecord> {
      const a = await student(actor, studentId, 'write');
      const revoked = await deps.consents.revoke(a.tenantId, studentId, consentId, {
        userId: a.userId,
        at: deps.now(),
        note,
      });
      if (!revoked) {
        throw notFound('Consent in force');
      }
      facts.delete(`${a.tenantId}/${studentId}`);
      return revoked;
    },

    /** Drops what the guardrail cached about a student (after an erasure, say). */
    forget(tenantId: string, studentId: string): void {
      facts.delete(`${tenantId}/${studentId}`);
    },

    /**
     * The guardrail's data minimisation (COPPA): applies `consentDecision` to every event and
     * returns the events to store, and how many were withheld; throws NotAllowed
     * (`consent_required`) naming every refused event. Settings and consents are cached for
     * up to 30 s, so a consent recorded or revoked in another process applies within that time.
     */
    async minimise(props: {
      tenantId: string;
      events: readonly LearningEvent[];
      isFreeTextItem: (courseId: string, itemId: string) => boolean;
      path: (index: number, field: string) => string;
    }): Promise<{ events: LearningEvent[]; withheld: number }> {
      const settings = await settingsOf(props.tenantId);
      const known = await factsOf(props.tenantId, [
        ...new Set(props.events.map((e) => e.studentId)),
      ]);
      const now = deps.now();
      const kept: LearningEvent[] = [];
      const problems: FieldProblem[] = [];
      let withheld = 0;
      props.events.forEach((event, i) => {
        const f = known.get(event.studentId) ?? null;
        if (f?.erased) {
          problems.push({ path: props.path(i, 'studentId'), message: 'this student was erased' });
          return;
        }
        const decision = consentDecision({
          event,
          age: f ? ageStatusOf({ birthDate: f.birthDate, ageBand: f.ageBand, now }) : 'unknown',
          consents: f?.consents ?? [],
          settings,
          isFreeTextItem: (itemId) => props.isFreeTextItem(event.courseId, itemId),
        });
        switch (decision.action) {
          case 'keep':
            kept.push(event);
            break;
          case 'strip':
            kept.push(decision.event);
            break;
          case 'withhold':
            withheld += 1;
            break;
          case 'refuse':
            problems.push({ path: props.path(i, decision.field), message: decision.message });
            break;
        }
      });
      if (problems.length > 0) {
        throw new AppError({
          kind: 'NotAllowed',
          code: 'consent_required',
          message: 'Some events need a recorded COPPA consent; none were stored',
          problems: problems.slice(0, 200),
        });
      }
      return { events: kept, withheld };
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
