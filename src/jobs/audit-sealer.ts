/**
 * The worker's audit job: every few seconds it links new audit entries into each tenant's hash
 * chain; once a day (and at start) it prunes entries past the retention period.
 */
import type { Logger } from 'pino';
import type { AuditService } from '../services/audit.js';

export interface AuditSealerProps {
  audit: Pick<AuditService, 'sealAll' | 'prune'>;
  /** The tenants to prune. */
  tenantIds: () => Promise<string[]>;
  intervalMs: number;
  logger: Logger;
  pruneEveryMs?: number;
  now?: () => number;
}

export function startAuditSealer(props: AuditSealerProps): { stop(): Promise<void> } {
  const pruneEvery = props.pruneEveryMs ?? 86_400_000;
  const now = props.now ?? (() => Date.now());
  let lastPrune = -Infinity;
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    try {
      const sealed = await props.audit.sealAll();
      if (sealed > 0) {
        props.logger.debug({ sealed }, 'audit entries sealed');
      }
      if (now() - lastPrune >= pruneEvery) {
        lastPrune = now();
        for (const tenantId of await props.tenantIds()) {
          const result = await props.audit.prune(tenantId);
          if ('ok' in result) {
            props.logger.error(
              { tenantId, firstBad: result.ok ? undefined : result.firstBad },
              'audit chain is broken; nothing pruned',
            );
          } else if (result.pruned > 0) {
            props.logger.info({ tenantId, ...result }, 'audit entries pruned');
          }
        }
      }
    } catch (error) {
      props.logger.warn({ err: error }, 'audit sealing failed; retrying at the next interval');
    }
  }

  let busy = false;
  const run = () => {
    if (!busy) {
      busy = true;
      running = tick().finally(() => {
        busy = false;
      });
    }
  };
  const timer = setInterval(run, props.intervalMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
