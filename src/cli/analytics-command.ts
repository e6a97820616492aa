/**
 * `pathwise analytics rebuild [--tenant]`: recomputes the analytics tables (docs/ANALYTICS.md)
 * of one tenant or all from the event log, with the knowledge-tracing model each is served.
 * For operators after an outage, and for the dashboard benchmark. Prints a JSON line per tenant.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../domain/errors.js';
import type { Tenant } from '../domain/records.js';
import type { Container } from '../main.js';
import { rebuildAnalytics } from '../services/analytics.js';

type WithContainer = <T>(fn: (c: Container) => Promise<T>) => Promise<T>;

async function tenantsOf(c: Container, slug: string | undefined): Promise<Tenant[]> {
  if (slug) {
    const tenant =
      (await c.stores.tenants.getBySlug(slug)) ??
      (/^[0-9a-f-]{36}$/.test(slug) ? await c.stores.tenants.get(slug) : null);
    if (!tenant) {
      throw new AppError({ kind: 'NotFound', code: 'not_found', message: `no tenant "${slug}"` });
    }
    return [tenant];
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

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new InvalidArgumentError('must be an integer from 1 to 64');
  }
  return n;
}

export function registerAnalyticsCommand(program: Command, withContainer: WithContainer): void {
  const analytics = program
    .command('analytics')
    .description('the analytics agent’s precomputed tables');
  analytics
    .command('rebuild')
    .description(
      'recompute the analytics of every learner from the event log (after an outage); safe while workers run',
    )
    .option('--tenant <slug-or-id>', 'only this tenant (default: every tenant)')
    .option(
      '--concurrency <n>',
      'learners rebuilt at once (a PostgreSQL server; PGlite runs one at a time)',
      parseConcurrency,
      4,
    )
    .action(async (opts: { tenant?: string; concurrency: number }) => {
      await withContainer(async (c) => {
        for (const tenant of await tenantsOf(c, opts.tenant)) {
          const t0 = performance.now();
          const result = await rebuildAnalytics({
            analytics: c.stores.analytics,
            catalog: c.catalog,
            model: (id) => c.servedModels.current(id),
            tenantId: tenant.id,
            concurrency: opts.concurrency,
          });
          process.stdout.write(
            `${JSON.stringify({ tenant: tenant.slug, ...result, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)) })}\n`,
          );
        }
      });
    });
}
