/**
 * `pathwise audit verify|export|prune`: checks the audit hash chain of one tenant or all, exports
 * a tenant's (or one student's) entries as JSON lines, and prunes by retention.
 */
import type { Command } from 'commander';
import { tenantOf, tenantsOf, type WithContainer } from './cli-support.js';

export function registerAuditCommand(program: Command, withContainer: WithContainer): void {
  const audit = program.command('audit').description('the audit log of student records');

  audit
    .command('verify')
    .description(
      'seal pending entries, then recompute the hash chain; exit 0 with a JSON summary when intact, 2 naming the first bad entry',
    )
    .option('--tenant <slug-or-id>', 'only this tenant (default: every tenant)')
    .action(async (opts: { tenant?: string }) => {
      const broken = await withContainer(async (c) => {
        const results = [];
        for (const tenant of await tenantsOf(c, opts.tenant)) {
          results.push({ tenant: tenant.slug, ...(await c.services.audit.verify(tenant.id)) });
        }
        const bad = results.filter((r) => !r.ok);
        process.stdout.write(
          `${JSON.stringify({ ok: bad.length === 0, tenants: results.length, results })}\n`,
        );
        for (const r of bad) {
          if (!r.ok) {
            const e = r.firstBad;
            process.stderr.write(
              `pathwise: audit chain of tenant ${r.tenant} is broken at entry ${e.chainIndex}` +
                `${e.seq === null ? '' : ` (seq ${e.seq}, id ${e.id})`}: ${e.reason}: ${e.detail}\n`,
            );
          }
        }
        return bad.length > 0;
      });
      if (broken) {
        process.exitCode = 2;
      }
    });

  audit
    .command('export')
    .description('print the audit entries of a tenant, or of one student, as JSON lines')
    .requiredOption('--tenant <slug-or-id>', 'tenant')
    .option('--student <id>', "only this student's entries")
    .action(async (opts: { tenant: string; student?: string }) => {
      await withContainer(async (c) => {
        const tenant = await tenantOf(c, opts.tenant);
        for await (const e of c.services.audit.export(tenant.id, opts.student)) {
          process.stdout.write(`${JSON.stringify(e)}\n`);
        }
      });
    });

  audit
    .command('prune')
    .description(
      'drop entries older than PATHWISE_AUDIT_RETENTION_DAYS (after verifying the chain); prints JSON per tenant',
    )
    .option('--tenant <slug-or-id>', 'only this tenant (default: every tenant)')
    .action(async (opts: { tenant?: string }) => {
      const broken = await withContainer(async (c) => {
        let bad = false;
        for (const tenant of await tenantsOf(c, opts.tenant)) {
          const result = await c.services.audit.prune(tenant.id);
          bad ||= 'ok' in result;
          process.stdout.write(`${JSON.stringify({ tenant: tenant.slug, ...result })}\n`);
        }
        return bad;
      });
      if (broken) {
        process.stderr.write('pathwise: a broken audit chain was not pruned; run audit verify\n');
        process.exitCode = 2;
      }
    });
}
