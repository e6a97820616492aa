/** Runs the real `pathwise` command as a child process, for CLI and start-up tests. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { connect } from 'nats';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = 'bin/pathwise.js';
/**
 * Extra node flags for the server processes started here, e.g. `--cpu-prof --cpu-prof-dir=…` to
 * profile a bench's server (node refuses `--cpu-prof` in NODE_OPTIONS).
 */
const nodeArgs = process.env.PATHWISE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

export function runPathwise(
  args: string[],
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: '', PATHWISE_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Deletes a JetStream stream a test created. */
export async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Milliseconds from spawn until /ready answered 200. */
  readyAfterMs: number;
  stop(): Promise<void>;
}

/** Starts `pathwise serve` and waits until /ready answers 200. */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<RunningServer> {
  const port = await freePort();
  // On a shared NATS server each run gets its own stream (callers that restart a server pass one).
  const natsUrl = env.NATS_URL ?? process.env.NATS_URL;
  const ownStream =
    natsUrl && !env.PATHWISE_NATS_STREAM ? `PATHWISE_TEST_${port}_${Date.now()}` : null;
  if (ownStream) {
    env = {
      ...env,
      PATHWISE_NATS_STREAM: ownStream,
      PATHWISE_NATS_PREFIX: ownStream.toLowerCase(),
    };
  }
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PATHWISE_LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    if (ownStream && natsUrl) {
      await deleteStream(natsUrl, ownStream);
    }
  };
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    }
    try {
      if ((await fetch(`${url}/ready`)).status === 200) {
        return { url, child, output: () => out, readyAfterMs: Date.now() - started, stop };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`server not ready within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts `pathwise serve` as a worker (PATHWISE_ROLE=worker: no HTTP) and waits for its start. */
export async function startWorker(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<{ child: ChildProcess; output: () => string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PATHWISE_LOG_LEVEL: 'info',
      ...env,
      PATHWISE_ROLE: 'worker',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  const started = Date.now();
  while (!out.includes('worker started')) {
    if (child.exitCode !== null) {
      throw new Error(`worker exited with ${child.exitCode}:\n${out}`);
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`worker not started within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => out, stop };
}
