/**
 * Student-level cross-validation folds: each student goes to fold hash(seed, student) mod K, so a
 * student's whole history is in exactly one fold and the assignment does not depend on file order.
 */
import type { AttemptSequence } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import type { FoldedSequence, KtFold } from './kt-dataset.js';

/** FNV-1a 32-bit hash of `${seed}:${text}`. */
export function hashStudent(seed: number, text: string): number {
  let h = 0x811c9dc5;
  const s = `${seed}:${text}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Assigns each sequence to one of `k` folds by a seeded hash of its student id. */
export function assignStudentFolds(
  sequences: readonly AttemptSequence[],
  k: number,
  seed: number,
): FoldedSequence[] {
  return sequences
    .filter((s) => s.length > 0)
    .map((sequence) => ({
      fold: hashStudent(seed, (sequence[0] as { student: string }).student) % k,
      sequence,
    }));
}

/** Cross-validation over the distinct fold numbers: fold f is the test set once. */
export function crossValidationFolds(folded: readonly FoldedSequence[], label = 'fold'): KtFold[] {
  const ids = [...new Set(folded.map((f) => f.fold))].sort((a, b) => a - b);
  return ids.map((id) => ({
    name: `${label} ${id}`,
    train: folded.filter((f) => f.fold !== id).map((f) => f.sequence),
    test: folded.filter((f) => f.fold === id).map((f) => f.sequence),
  }));
}
