/**
 * The `pathwise` command line: serve, migrate, import, tenants, keys, eval-kt, train, models, audit, analytics, simulate. Each command loads and validates
 * the config first, then goes through the composition root.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import {
  createContainer,
  createLogger,
  loadMasterKeys,
  rotateEncryptionKeys,
  start,
  writeMasterKeyFile,
  type Container,
} from '../main.js';
import { registerAnalyticsCommand } from './analytics-command.js';
import { registerAuditCommand } from './audit-command.js';
import { registerEvalKtCommand } from './eval-kt-command.js';
import { registerModelCommands } from './model-commands.js';
import { registerSimulateCommand } from './simulate-command.js';
import type { Role } from '../domain/records.js';

function config(): Config {
  return loadConfig();
}

async function withContainer<T>(
  fn: (c: Awaited<ReturnType<typeof createContainer>>) => Promise<T>,
  options: { gitCommit?: string | null } = {},
): Promise<T> {
  // One-shot commands print their result on stdout: logs go to stderr, and they need neither
  // the shared event bus nor Redis (nothing they write goes through the outbox).
  const loaded = config();
  const cfg: Config = {
    ...loaded,
    models: {
      ...loaded.models,
      gitCommit: loaded.models.gitCommit ?? options.gitCommit ?? undefined,
    },
    bus: { ...loaded.bus, natsUrl: undefined },
    rateLimit: { ...loaded.rateLimit, redisUrl: undefined },
  };
  const container = await createContainer(
    cfg,
    createLogger(
      { log: { ...cfg.log, level: cfg.log.level === 'info' ? 'warn' : cfg.log.level } },
      2,
    ),
    { migrate: true },
  );
  try {
    return await fn(container);
  } finally {
    await container.close();
  }
}

const ROLES = ['operator', 'admin', 'instructor', 'student'] as const;
function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  }
  return value as Role;
}

export function buildCli(): Command {
  const program = new Command('pathwise')
    .description('Pathwise adaptive learning platform')
    .showHelpAfterError();

  program
    .command('serve', { isDefault: true })
    .description('run the API and worker (PATHWISE_ROLE chooses api, worker or both)')
    .action(async () => {
      const server = await start(config());
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          return;
        }
        stopping = true;
        process.stderr.write(`\n${signal}: shutting down\n`);
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      await withContainer(() => Promise.resolve());
      process.stdout.write('migrations are current\n');
    });

  program
    .command('import')
    .description('import a course package (JSON) into a tenant')
    .argument('<file>', 'course package file')
    .requiredOption('--tenant <slug-or-id>', 'tenant to import into')
    .action(async (file: string, opts: { tenant: string }) => {
      const pkg: unknown = JSON.parse(await readFile(file, 'utf8'));
      await withContainer(async (c) => {
        const tenant =
          (await c.stores.tenants.getBySlug(opts.tenant)) ??
          (await c.stores.tenants.get(opts.tenant).catch(() => null));
        if (!tenant) {
          throw new AppError({
            kind: 'NotFound',
            code: 'not_found',
            message: `no tenant "${opts.tenant}"`,
          });
        }
        const started = performance.now();
        const summary = await c.services.courses.importCourse(
          { kind: 'user', tenantId: tenant.id, userId: null, role: 'admin' },
          pkg,
        );
        process.stdout.write(
          `${JSON.stringify({ courseId: summary.course.id, code: summary.course.code, objectives: summary.objectives, prerequisites: summary.prerequisites, content: summary.content, items: summary.items, seconds: Number(((performance.now() - started) / 1000).toFixed(3)) })}\n`,
        );
      });
    });

  const tenants = program.command('tenants').description('manage tenants (institutions)');
  tenants
    .command('create')
    .description('create a tenant')
    .requiredOption('--slug <slug>', 'URL-safe name, e.g. riverside')
    .requiredOption('--name <name>', 'display name')
    .action(async (opts: { slug: string; name: string }) => {
      await withContainer(async (c) => {
        const tenant = await c.stores.tenants.create({
          id: c.newId(),
          slug: opts.slug,
          name: opts.name,
        });
        process.stdout.write(
          `${JSON.stringify({ id: tenant.id, slug: tenant.slug, name: tenant.name })}\n`,
        );
      });
    });
  tenants
    .command('list')
    .description('list tenants as JSON lines')
    .action(async () => {
      await withContainer(async (c) => {
        let cursor: string | undefined;
        do {
          const page = await c.stores.tenants.list({ limit: 1000, cursor });
          for (const t of page.items) {
            process.stdout.write(`${JSON.stringify({ id: t.id, slug: t.slug, name: t.name })}\n`);
          }
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      });
    });

  const keys = program
    .command('keys')
    .description('manage API keys (create) and the encryption keys of data at rest (rotate)');
  keys
    .command('create')
    .description('create an API key; it is printed once and only its hash is stored')
    .option('--tenant <slug-or-id>', 'tenant (not for operator keys)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .option(
      '--user <id>',
      'the user the key acts as (required for students; operator id for operators)',
    )
    .option('--name <name>', 'a label for the key')
    .action(async (opts: { tenant?: string; role: Role; user?: string; name?: string }) => {
      await withContainer(async (c) => {
        const { key, record } = await c.services.auth.createApiKey({
          tenant: opts.tenant,
          role: opts.role,
          userId: opts.user,
          name: opts.name,
        });
        process.stdout.write(
          `${JSON.stringify({ key, id: record.id, role: record.role, tenantId: record.tenantId, userId: record.userId ?? record.operatorId })}\n`,
        );
      });
    });

  keys
    .command('rotate')
    .description(
      'rotate the ENCRYPTION keys of personal data at rest (not API keys): new data keys per tenant, ' +
        'every encrypted value re-encrypted, old keys deleted; resumable and safe to re-run',
    )
    .option(
      '--new-master-key',
      'also generate a new master key in the data directory (embedded setups without ' +
        'PATHWISE_MASTER_KEY; otherwise put the new key in PATHWISE_MASTER_KEY and the old one in ' +
        'PATHWISE_MASTER_KEY_PREVIOUS, then run this)',
    )
    .action(async (opts: { newMasterKey?: boolean }) => {
      const cfg = config();
      const fileManaged = cfg.encryption.masterKeys.length === 0;
      if (opts.newMasterKey) {
        if (!fileManaged) {
          throw new AppError({
            kind: 'InvalidInput',
            code: 'master_key_configured',
            message:
              'PATHWISE_MASTER_KEY is set: put the new key there and the old one in PATHWISE_MASTER_KEY_PREVIOUS, then run `pathwise keys rotate`',
          });
        }
        const logger = createLogger({ log: { ...cfg.log, level: 'warn' } }, 2);
        const current = await loadMasterKeys(cfg, logger);
        await writeMasterKeyFile(cfg.dataDir, [new Uint8Array(randomBytes(32)), ...current]);
      }
      await withContainer(async (c) => {
        const { masterKeyId, stale } = await rotateEncryptionKeys(c, (outcome) =>
          process.stdout.write(`${JSON.stringify(outcome)}\n`),
        );
        if (fileManaged && stale === 0 && !cfg.dataDir.startsWith('memory://')) {
          // Every data key is wrapped by the current master key: older ones can go.
          const logger = createLogger({ log: { ...cfg.log, level: 'warn' } }, 2);
          await writeMasterKeyFile(cfg.dataDir, [
            (await loadMasterKeys(cfg, logger))[0] as Uint8Array,
          ]);
        }
        process.stdout.write(
          `${JSON.stringify({ rotated: true, masterKeyId, keysStillWrappedByOldMasterKeys: stale })}\n`,
        );
      });
    });

  const students = program
    .command('students')
    .description("students' data rights: export everything about a student, or erase them");
  const tenantOf = async (c: Container, slugOrId: string) => {
    const tenant =
      (await c.stores.tenants.getBySlug(slugOrId)) ??
      (await c.stores.tenants.get(slugOrId).catch(() => null));
    if (!tenant) {
      throw new AppError({
        kind: 'NotFound',
        code: 'not_found',
        message: `no tenant "${slugOrId}"`,
      });
    }
    return tenant;
  };
  const asAdmin = (tenantId: string) => ({
    kind: 'user' as const,
    tenantId,
    userId: null,
    role: 'admin' as const,
  });
  students
    .command('export')
    .description('print everything held about a student as one JSON document')
    .requiredOption('--tenant <slug-or-id>', 'tenant')
    .requiredOption('--student <id>', 'student id')
    .action(async (opts: { tenant: string; student: string }) => {
      await withContainer(async (c) => {
        const tenant = await tenantOf(c, opts.tenant);
        const doc = await c.services.dataRights.exportStudent(asAdmin(tenant.id), opts.student);
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      });
    });
  students
    .command('erase')
    .description(
      'erase a student: no PII remains, events stay under the id as a pseudonym (docs/PRIVACY.md)',
    )
    .requiredOption('--tenant <slug-or-id>', 'tenant')
    .requiredOption('--student <id>', 'student id')
    .requiredOption(
      '--mode <mode>',
      'delete (also mastery and features) or deidentify (keeps them)',
      (v: string) => {
        if (v !== 'delete' && v !== 'deidentify') {
          throw new InvalidArgumentError('must be delete or deidentify');
        }
        return v;
      },
    )
    .option('--reason <text>', 'why, for the record')
    .action(
      async (opts: {
        tenant: string;
        student: string;
        mode: 'delete' | 'deidentify';
        reason?: string;
      }) => {
        await withContainer(async (c) => {
          const tenant = await tenantOf(c, opts.tenant);
          const result = await c.services.dataRights.erase(asAdmin(tenant.id), opts.student, {
            mode: opts.mode,
            reason: opts.reason,
          });
          process.stdout.write(`${JSON.stringify(result)}\n`);
        });
      },
    );

  registerEvalKtCommand(program);
  registerAuditCommand(program, withContainer);
  registerAnalyticsCommand(program, withContainer);
  registerModelCommands(program, withContainer);
  registerSimulateCommand(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof AppError) {
      const fields = error.problems.map((p) => `\n  ${p.path}: ${p.message}`).join('');
      process.stderr.write(`pathwise: ${error.message}${fields}\n`);
    } else {
      process.stderr.write(
        `pathwise: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  }
}
