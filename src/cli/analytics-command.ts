/**
 * `pathwise analytics rebuild [--tenant]`: recomputes the analytics tables (docs/ANALYTICS.md)
 * of one tenant or all from the event log, with the knowledge-tracing model each is served.
 * For operators after an outage, and for the dashboard benchmark. Prints a JSON line per tenant.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { tenantsOf, type WithContainer } from './cli-support.js';
import { rebuildAnalytics } from '../services/analytics.js';

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
