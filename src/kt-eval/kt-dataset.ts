/**
 * A data set ready for evaluation: student-level train/test splits of chronological attempt
 * sequences. Readers build it; `evaluateModel` consumes it.
 */
import type { AttemptSequence } from '../domain/knowledge-tracing/knowledge-tracing-model.js';

export type KtFormat = 'akt' | 'dkt' | 'pykt' | 'csv';

export const KT_FORMATS: readonly KtFormat[] = ['akt', 'dkt', 'pykt', 'csv'];

/** One split: models are fitted on `train` and scored on `test`; no student is in both. */
export interface KtFold {
  readonly name: string;
  readonly train: readonly AttemptSequence[];
  readonly test: readonly AttemptSequence[];
}

export interface KtDataset {
  /** Folder or file name, e.g. `assist2009_akt`. */
  readonly name: string;
  readonly format: KtFormat;
  readonly folds: readonly KtFold[];
  /** How the folds were made, for the report (e.g. `given by files`, `5 student folds by hash`). */
  readonly protocol: string;
}

/** A student's sequence tagged with the fold it belongs to (for readers that assign folds). */
export interface FoldedSequence {
  readonly fold: number;
  readonly sequence: AttemptSequence;
}
