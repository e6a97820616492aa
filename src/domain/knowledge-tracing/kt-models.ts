/**
 * The catalogue of knowledge-tracing trainers by name, for the CLI and the evaluation harness.
 */
import { BestLrTrainer } from './best-lr.js';
import { BktTrainer } from './bkt.js';
import { EloTrainer } from './elo.js';
import { PfaTrainer } from './pfa.js';
import type { KnowledgeTracingTrainer } from './knowledge-tracing-model.js';

const FACTORIES: Record<string, () => KnowledgeTracingTrainer> = {
  bkt: () => new BktTrainer({ forgetting: false }),
  'bkt-forget': () => new BktTrainer({ forgetting: true }),
  pfa: () => new PfaTrainer(),
  elo: () => new EloTrainer(),
  'best-lr': () => new BestLrTrainer(),
};

/**
 * The model to serve by default: the most accurate and best calibrated in every evaluation so far
 * (`pathwise eval-kt`), with online updates in O(objectives tagged).
 */
export const DEFAULT_KT_MODEL = 'best-lr';

/** Model names in report order. */
export const KT_MODEL_NAMES: readonly string[] = Object.keys(FACTORIES);

/** A new trainer for `name`, or undefined for an unknown name. */
export function createTrainer(name: string): KnowledgeTracingTrainer | undefined {
  return FACTORIES[name]?.();
}
