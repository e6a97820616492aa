/** The `pathwise` command line, run as a real process on a fresh embedded database. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildCoursePackage } from '../builders.js';
import { runPathwise } from '../support/processes.js';

describe('pathwise CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathwise-cli-'));
    env = { PATHWISE_DATA_DIR: join(dir, 'data') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a bad setting stops the command and names every problem', () => {
    const r = runPathwise(['migrate'], { ...env, PORT: 'eighty', DATABASE_POOL_SIZE: '0' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT/);
    assert.match(r.stderr, /DATABASE_POOL_SIZE/);
  });

  test('migrate, create a tenant, import a package, create keys', async () => {
    const migrate = runPathwise(['migrate'], env);
    assert.equal(migrate.status, 0, migrate.stderr);
    const tenant = runPathwise(
      ['tenants', 'create', '--slug', 'cli-school', '--name', 'CLI School'],
      env,
    );
    assert.equal(tenant.status, 0, tenant.stderr);
    const file = join(dir, 'course.json');
    await writeFile(
      file,
      JSON.stringify(buildCoursePackage({ code: 'CLI-1', objectives: 5, itemsPerObjective: 3 })),
    );
    const imported = runPathwise(['import', file, '--tenant', 'cli-school'], env);
    assert.equal(imported.status, 0, imported.stderr);
    const summary = JSON.parse(imported.stdout) as { objectives: number; items: number };
    assert.deepEqual([summary.objectives, summary.items], [5, 15]);
    const again = runPathwise(['import', file, '--tenant', 'cli-school'], env);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /Already exists/);
    const key = runPathwise(['keys', 'create', '--tenant', 'cli-school', '--role', 'admin'], env);
    assert.equal(key.status, 0, key.stderr);
    assert.match((JSON.parse(key.stdout) as { key: string }).key, /^pw_/);
    const student = runPathwise(
      ['keys', 'create', '--tenant', 'cli-school', '--role', 'student'],
      env,
    );
    assert.equal(student.status, 1);
    assert.match(student.stderr, /student/);
    const op = runPathwise(['keys', 'create', '--role', 'operator'], env);
    assert.equal(op.status, 0, op.stderr);
  });

  test('an invalid package is refused with the JSON path of each problem', async () => {
    const file = join(dir, 'bad.json');
    const pkg = buildCoursePackage({ code: 'CLI-BAD' });
    await writeFile(
      file,
      JSON.stringify({ ...pkg, objectives: [...pkg.objectives, { key: 'obj-0', title: 'dup' }] }),
    );
    const r = runPathwise(['import', file, '--tenant', 'cli-school'], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /\/objectives\/4\/key: duplicate objective key "obj-0"/);
  });
});

describe('pathwise keys rotate and students', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathwise-keys-'));
    env = { PATHWISE_DATA_DIR: join(dir, 'data') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a first run generates a master key file (0600); rotate --new-master-key replaces it', async () => {
    assert.equal(
      runPathwise(['tenants', 'create', '--slug', 'keys-school', '--name', 'K'], env).status,
      0,
    );
    const file = join(dir, 'data', 'master-key.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const before = JSON.parse(await readFile(file, 'utf8')) as { keys: string[] };
    assert.equal(before.keys.length, 1);

    const r = runPathwise(['keys', 'rotate', '--new-master-key'], env);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2, r.stdout);
    assert.equal(lines[1]?.keysStillWrappedByOldMasterKeys, 0);
    const after = JSON.parse(await readFile(file, 'utf8')) as { keys: string[] };
    assert.equal(after.keys.length, 1);
    assert.notEqual(after.keys[0], before.keys[0]);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(
      runPathwise(['keys', 'create', '--tenant', 'keys-school', '--role', 'admin'], env).status,
      0,
    );

    const help = runPathwise(['keys', 'rotate', '--help'], env);
    assert.match(help.stdout, /ENCRYPTION keys/);
    const configured = runPathwise(['keys', 'rotate', '--new-master-key'], {
      ...env,
      PATHWISE_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    assert.equal(configured.status, 1);
    assert.match(configured.stderr, /PATHWISE_MASTER_KEY_PREVIOUS/);
  });

  test('students export and erase name a missing student and a bad mode', () => {
    const missing = runPathwise(
      [
        'students',
        'export',
        '--tenant',
        'keys-school',
        '--student',
        '0190a3b4-0000-7000-8000-000000000000',
      ],
      env,
    );
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /Student not found/);
    const bad = runPathwise(
      [
        'students',
        'erase',
        '--tenant',
        'keys-school',
        '--student',
        '0190a3b4-0000-7000-8000-000000000000',
        '--mode',
        'shred',
      ],
      env,
    );
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /delete or deidentify/);
  });
});
