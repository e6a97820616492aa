#!/usr/bin/env node
// `npm test`: typecheck, lint, then every unit, contract, HTTP and CLI test with node's test runner.
// Without service URLs the storage suites run on embedded PGlite only, and this says which
// suites were skipped for lack of a server. `--integration` runs test/integration instead
// (servers required) and `--browser` the Chromium suite; both skip typecheck and lint.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const integration = args.has('--integration');
const browser = args.has('--browser');
const onlyTests = integration || browser;

function find(dir, out = []) {
  if (!existsSync(dir)) {
    return out;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      find(path, out);
    } else if (entry.name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out.sort();
}

function run(title, command, commandArgs) {
  process.stdout.write(`\n> ${title}\n`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stdout.write(`\n${title} failed\n`);
    process.exit(result.status ?? 1);
  }
}

const services = [
  ['PostgreSQL', 'DATABASE_URL', 'storage contract and first-start suites also run on the server'],
  ['NATS', 'NATS_URL', 'the event-bus contract also runs on NATS JetStream'],
  ['Redis', 'REDIS_URL', 'the integration suite checks rate limits shared through Redis'],
];
const require = process.env.PATHWISE_REQUIRE_SERVICES === '1';
process.stdout.write('Services:\n');
for (const [name, variable, use] of services) {
  if (process.env[variable]) {
    process.stdout.write(`  ${name}: ${variable} is set; ${use}\n`);
  } else if (require) {
    process.stdout.write(`  ${name}: ${variable} is not set but PATHWISE_REQUIRE_SERVICES=1\n`);
    process.exit(1);
  } else {
    process.stdout.write(`  ${name}: skipped suites that need it (set ${variable} to run them)\n`);
  }
}

if (!onlyTests) {
  run('typecheck (server)', 'npx', ['tsc', '-p', 'tsconfig.json']);
  run('typecheck (web)', 'npx', ['tsc', '-p', 'web/tsconfig.json']);
  run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
}

const files = onlyTests
  ? [...(integration ? find('test/integration') : []), ...(browser ? find('test/browser') : [])]
  : [
      ...find('src'),
      ...find('web/src'),
      ...find('test/contract'),
      ...find('test/http'),
      ...find('test/cli'),
    ];
if (files.length === 0) {
  process.stdout.write('\nNo test files in the selected suites.\n');
  process.exit(0);
}
run(`tests (${files.length} files)`, process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  ...files,
]);
