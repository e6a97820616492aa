/**
 * `pathwise train` and `pathwise models list|promote|rollback`: fit knowledge-tracing models from
 * a tenant's events or a file, register them, and choose the one served. Run as the platform
 * operator; each prints JSON lines on stdout.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.js';
import { KT_MODEL_NAMES } from '../domain/knowledge-tracing/kt-models.js';
import { KT_FORMATS, type KtFormat } from '../kt-eval/kt-dataset.js';
import { loadDataset } from '../kt-eval/load-dataset.js';
import type { Container } from '../main.js';
import type { Actor } from '../services/access.js';
import type { TrainingData } from '../services/model-service.js';
import { tenantOf, type WithContainer } from './cli-support.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'cli', role: 'operator' };

/** The checkout's commit (`git rev-parse HEAD`), or null outside a git checkout. */
export function readGitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: dirname(fileURLToPath(import.meta.url)),
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

async function tenantIdOf(c: Container, slugOrId: string): Promise<string> {
  return (await tenantOf(c, slugOrId)).id;
}

function parseModels(value: string): string[] {
  const names = value === 'all' ? [...KT_MODEL_NAMES] : value.split(',').map((v) => v.trim());
  const unknown = names.filter((n) => !KT_MODEL_NAMES.includes(n));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`must be all or a list of ${KT_MODEL_NAMES.join(', ')}`);
  }
  return names;
}

function parseFormat(value: string): KtFormat {
  if (!(KT_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${KT_FORMATS.join(', ')}`);
  }
  return value as KtFormat;
}

interface TrainOptions {
  fromDb?: boolean;
  tenant?: string;
  course?: string;
  data?: string;
  format?: KtFormat;
  model: string[];
  seed: string;
  promote?: boolean;
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

/**
 * After a tenant's promotion or rollback: waits one registry poll, so every server serves the
 * new model, then recomputes the tenant's student states and mastery with it.
 */
async function rebuildAfterChange(c: Container, tenantId: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, loadConfig().models.pollSeconds * 1000 + 500));
  print(await c.services.models.rebuildStates(OPERATOR, tenantId));
}

export function registerModelCommands(program: Command, withContainer: WithContainer): void {
  program
    .command('train')
    .description(
      'fit knowledge-tracing models from a tenant’s events or a file, evaluate them on held-out students and register them; one JSON line per model',
    )
    .option('--from-db', 'train on the item_attempted events of --tenant')
    .option('--tenant <slug-or-id>', 'the tenant whose events to train on (and the model scope)')
    .option('--course <id>', 'only this course’s events')
    .option('--data <path>', 'train on a file or directory instead')
    .option('--format <format>', `format of --data: ${KT_FORMATS.join(', ')}`, parseFormat)
    .option(
      '--model <names>',
      `all, or a comma list of ${KT_MODEL_NAMES.join(', ')}`,
      parseModels,
      ['best-lr'],
    )
    .option('--seed <n>', 'seed of the held-out split and the fits', '1')
    .option('--promote', 'promote the fit with the lowest held-out log loss')
    .action(async (opts: TrainOptions) => {
      if (Boolean(opts.fromDb) === Boolean(opts.data)) {
        throw new InvalidArgumentError(
          'give either --from-db --tenant SLUG or --data PATH --format F',
        );
      }
      if (opts.fromDb && !opts.tenant) {
        throw new InvalidArgumentError('--from-db needs --tenant');
      }
      if (opts.data && !opts.format) {
        throw new InvalidArgumentError('--data needs --format');
      }
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) {
        throw new InvalidArgumentError('--seed must be an integer');
      }
      await withContainer(
        async (c) => {
          let tenantId: string | null = null;
          let data: TrainingData;
          if (opts.fromDb) {
            tenantId = await tenantIdOf(c, opts.tenant as string);
            const sequences = await c.stores.attemptHistory.attemptSequences(tenantId, opts.course);
            data = {
              sequences,
              description: {
                source: 'events',
                tenantId,
                ...(opts.course ? { courseId: opts.course } : {}),
              },
            };
          } else {
            if (opts.tenant) {
              tenantId = await tenantIdOf(c, opts.tenant);
            }
            const dataset = await loadDataset({
              path: opts.data as string,
              format: opts.format as KtFormat,
              seed,
            });
            const fold = dataset.folds[0];
            data = {
              sequences: fold ? [...fold.train, ...fold.test] : [],
              split: fold,
              description: {
                source: 'file',
                dataset: dataset.name,
                format: dataset.format,
                heldOutFold: fold?.name,
              },
            };
          }
          const records = await c.services.models.train(OPERATOR, {
            tenantId,
            data,
            models: opts.model,
            seed,
          });
          for (const r of records) {
            print(r);
          }
          if (opts.promote && records.length > 0) {
            const best = [...records].sort(
              (a, b) => Number(a.metrics.logloss) - Number(b.metrics.logloss),
            )[0];
            if (best) {
              print(
                await c.services.models.promote(OPERATOR, tenantId, `${best.name}@${best.version}`),
              );
            }
          }
        },
        { gitCommit: readGitCommit() },
      );
    });

  const models = program.command('models').description('the knowledge-tracing model registry');
  models
    .command('list')
    .description('registered models, newest first, as JSON lines')
    .option('--tenant <slug-or-id>', 'only this tenant’s models (default: every scope)')
    .option('--platform', 'only platform-wide models')
    .action(async (opts: { tenant?: string; platform?: boolean }) => {
      await withContainer(async (c) => {
        const tenantId = opts.tenant
          ? await tenantIdOf(c, opts.tenant)
          : opts.platform
            ? null
            : undefined;
        for (const r of await c.services.models.list(OPERATOR, { tenantId })) {
          print(r);
        }
      });
    });
  models
    .command('promote')
    .description('serve NAME@VERSION from now on (every process picks it up within seconds)')
    .argument('<ref>', 'NAME@VERSION, e.g. best-lr@1.0.0')
    .option('--tenant <slug-or-id>', 'the tenant scope (default: platform-wide)')
    .option('--no-rebuild', 'do not recompute the tenant’s student states with the new model')
    .action(async (ref: string, opts: { tenant?: string; rebuild: boolean }) => {
      await withContainer(async (c) => {
        const tenantId = opts.tenant ? await tenantIdOf(c, opts.tenant) : null;
        print(await c.services.models.promote(OPERATOR, tenantId, ref));
        if (tenantId && opts.rebuild) {
          await rebuildAfterChange(c, tenantId);
        }
      });
    });
  models
    .command('rollback')
    .description('go back to the version of NAME promoted before the current one')
    .argument('<name>', 'model name, e.g. best-lr')
    .option('--tenant <slug-or-id>', 'the tenant scope (default: platform-wide)')
    .option('--no-rebuild', 'do not recompute the tenant’s student states with the model served')
    .action(async (name: string, opts: { tenant?: string; rebuild: boolean }) => {
      await withContainer(async (c) => {
        const tenantId = opts.tenant ? await tenantIdOf(c, opts.tenant) : null;
        print(await c.services.models.rollback(OPERATOR, tenantId, name));
        if (tenantId && opts.rebuild) {
          await rebuildAfterChange(c, tenantId);
        }
      });
    });
  models
    .command('rebuild-states')
    .description(
      'recompute every student state and mastery of a tenant from its events with the model it is served',
    )
    .requiredOption('--tenant <slug-or-id>', 'the tenant')
    .action(async (opts: { tenant: string }) => {
      await withContainer(async (c) => {
        print(await c.services.models.rebuildStates(OPERATOR, await tenantIdOf(c, opts.tenant)));
      });
    });
}
