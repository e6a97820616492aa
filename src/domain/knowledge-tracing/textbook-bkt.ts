/**
 * Plain BKT with textbook parameters (prior 0.2, learn 0.15, guess 0.2, slip 0.1, no forgetting),
 * served until a trained model is promoted, and used by the simulator as the platform's model.
 */
import { BktModel } from './bkt.js';

export function textbookBktModel(): BktModel {
  return new BktModel({
    name: 'bkt-default',
    forgetting: false,
    combine: 'mean-logit',
    objectives: new Map(),
    fallback: { prior: 0.2, learn: 0.15, forget: 0, guess: 0.2, slip: 0.1 },
  });
}
