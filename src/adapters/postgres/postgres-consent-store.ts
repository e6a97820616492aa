import type { Selectable } from 'kysely';
import type { ConsentPurpose } from '../../domain/privacy/consent-policy.js';
import type { ConsentRecord, ConsentStore, StudentPrivacyFacts } from '../../ports.js';
import { inTenant, type Db } from './database.js';
import type { ConsentsTable } from './database-schema.js';
import type { FieldEncryption, TenantCipher } from './field-encryption.js';
import { iso } from './pagination.js';

const toConsent = (c: TenantCipher, r: Selectable<ConsentsTable>): ConsentRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  studentId: r.student_id,
  kind: r.kind,
  scope: r.scope as ConsentPurpose[],
  grantedBy: c.decryptNullable(r.granted_by, 'consents.granted_by', r.id),
  evidence: c.decryptNullable(r.evidence, 'consents.evidence', r.id),
  grantedAt: iso(r.granted_at),
  recordedBy: r.recorded_by,
  recordedAt: iso(r.recorded_at),
  revokedAt: r.revoked_at ? iso(r.revoked_at) : null,
  revokedBy: r.revoked_by,
  revocationNote: r.revocation_note,
});

/** COPPA consents; who gave a consent and the evidence are personal data, stored encrypted. */
export function createPostgresConsentStore(db: Db, enc: FieldEncryption): ConsentStore {
  return {
    record(tenantId, input) {
      return inTenant(db, tenantId, async (tx) => {
        const c = await enc.forTenant(tx, tenantId, { encrypt: true });
        const row = await tx
          .insertInto('consents')
          .values({
            id: input.id,
            tenant_id: tenantId,
            student_id: input.studentId,
            kind: input.kind,
            scope: input.scope,
            granted_by: c.encryptNullable(input.grantedBy, 'consents.granted_by', input.id),
            evidence: c.encryptNullable(input.evidence, 'consents.evidence', input.id),
            granted_at: input.grantedAt,
            recorded_by: input.recordedBy,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toConsent(c, row);
      });
    },
    list(tenantId, studentId) {
      return inTenant(db, tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('consents')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId)
          .orderBy('id')
          .execute();
        const c = await enc.forTenant(tx, tenantId, {
          decrypt: rows.flatMap((r) => [r.granted_by, r.evidence]),
        });
        return rows.map((r) => toConsent(c, r));
      });
    },
    revoke(tenantId, studentId, id, by) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .updateTable('consents')
          .set({ revoked_at: by.at, revoked_by: by.userId, revocation_note: by.note })
          .where('tenant_id', '=', tenantId)
          .where('student_id', '=', studentId)
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!row) {
          return null;
        }
        const c = await enc.forTenant(tx, tenantId, { decrypt: [row.granted_by, row.evidence] });
        return toConsent(c, row);
      });
    },
    factsOf(tenantId, ids) {
      return inTenant(db, tenantId, async (tx) => {
        const facts = new Map<string, StudentPrivacyFacts>();
        if (ids.length === 0) {
          return facts;
        }
        const users = await tx
          .selectFrom('users')
          .select(['id', 'birth_date', 'age_band', 'pseudonymised'])
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', [...ids])
          .execute();
        const consents = await tx
          .selectFrom('consents')
          .select(['student_id', 'kind', 'scope'])
          .where('tenant_id', '=', tenantId)
          .where('student_id', 'in', [...ids])
          .where('revoked_at', 'is', null)
          .execute();
        const c = await enc.forTenant(tx, tenantId, { decrypt: users.map((u) => u.birth_date) });
        for (const u of users) {
          facts.set(u.id, {
            birthDate: c.decryptNullable(u.birth_date, 'users.birth_date', u.id),
            ageBand: u.age_band,
            consents: [],
            erased: u.pseudonymised,
          });
        }
        for (const r of consents) {
          facts
            .get(r.student_id)
            ?.consents.push({ kind: r.kind, scope: r.scope as ConsentPurpose[] });
        }
        return facts;
      });
    },
  };
}
