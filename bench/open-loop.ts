/**
 * An open-loop load generator: requests start at a fixed rate, evenly spaced (request i at
 * t0 + i / rate), whether or not earlier replies have come back, and each latency runs from the
 * request's scheduled start to the end of its reply, so time spent queued behind a slow reply
 * counts (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it gives each connection a quota per second and resets the
 * quotas on a one-second timer, so every connection sends its quota at once when the second
 * starts and then waits: at 25 requests/s over 25 connections the server gets 25 requests
 * together once a second, and at a rate it cannot serve the test becomes a closed loop of 64
 * connections. Neither is a fixed offered load.
 */
import http from 'node:http';

export interface OpenLoopProps {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** The body of each request (called once per request). */
  body: () => string;
  onResponse?: (status: number, headers: http.IncomingHttpHeaders) => void;
  /** How long, after the last scheduled start, replies still count; the rest are timeouts. */
  drainMs?: number;
}

export interface OpenLoopResult {
  /** Requests started. */
  requests: number;
  /** Replies received per second of the run, the drain excluded. */
  achievedRate: number;
  /** Milliseconds from each request's scheduled start to the end of its reply. */
  latencies: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
}

export async function openLoop(props: OpenLoopProps): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let started = 0;
  let repliedInRun = 0;
  const pending = new Set<http.ClientRequest>();
  const total = Math.round(props.rate * props.seconds);
  const intervalMs = 1000 / props.rate;
  const t0 = performance.now();
  const endOfRun = t0 + props.seconds * 1000;
  const send = (scheduled: number) => {
    const body = props.body();
    const req = http.request(props.url, {
      method: props.method,
      agent,
      headers: { ...props.headers, 'content-length': Buffer.byteLength(body) },
    });
    pending.add(req);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        pending.delete(req);
        const now = performance.now();
        latencies.push(now - scheduled);
        if (now <= endOfRun) {
          repliedInRun++;
        }
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          non2xx++;
        }
        props.onResponse?.(status, res.headers);
      });
    });
    req.on('error', () => {
      if (pending.delete(req)) {
        errors++;
      }
    });
    req.end(body);
  };
  while (started < total) {
    const now = performance.now();
    while (started < total && t0 + started * intervalMs <= now) {
      send(t0 + started * intervalMs);
      started++;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(1, intervalMs / 2))));
  }
  const drainUntil = performance.now() + (props.drainMs ?? 30_000);
  while (pending.size > 0 && performance.now() < drainUntil) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const timeouts = pending.size;
  for (const req of pending) {
    req.destroy();
  }
  pending.clear();
  agent.destroy();
  return {
    requests: started,
    achievedRate: Number((repliedInRun / props.seconds).toFixed(2)),
    latencies,
    non2xx,
    errors,
    timeouts,
  };
}
