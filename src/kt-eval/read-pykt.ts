/**
 * Reader for pyKT's sequence CSV (github.com/pykt-team/pykt-toolkit, `data/<set>/train_valid.csv`
 * and `test.csv`): a header and one row per student with columns
 *   `fold` (0..K-1 in train_valid, -1 in test), `uid`, `concepts`, `responses`, and optionally
 *   `questions` and `timestamps` (milliseconds); other columns (`cidxs`, `usetimes`, …) are ignored.
 * List columns are quoted comma lists. A concept entry may join several concepts with `_`
 * (a question with several concepts); responses of -1 are padding and are skipped.
 * The item is the question id when the file has `questions`, otherwise the concept entry.
 */
import type { Attempt } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import type { FoldedSequence } from './kt-dataset.js';
import { parseCsv } from './parse-csv.js';

function splitList(field: string): string[] {
  return field
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses one pyKT CSV file; each sequence keeps the file's fold number. */
export function parsePyktText(text: string): FoldedSequence[] {
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const [foldCol, uidCol, conceptsCol, responsesCol] = [
    col('fold'),
    col('uid'),
    col('concepts'),
    col('responses'),
  ];
  const questionsCol = col('questions');
  const timestampsCol = col('timestamps');
  if (uidCol < 0 || conceptsCol < 0 || responsesCol < 0) {
    throw new Error('pyKT CSV needs the columns uid, concepts and responses');
  }
  const out: FoldedSequence[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    const student = (row[uidCol] ?? '').trim();
    const concepts = splitList(row[conceptsCol] ?? '');
    const responses = splitList(row[responsesCol] ?? '');
    const questions = questionsCol >= 0 ? splitList(row[questionsCol] ?? '') : null;
    const times = timestampsCol >= 0 ? splitList(row[timestampsCol] ?? '') : null;
    if (concepts.length !== responses.length) {
      throw new Error(`pyKT row ${r + 1}: concepts and responses have different lengths`);
    }
    const attempts: Attempt[] = [];
    for (let t = 0; t < responses.length; t++) {
      const response = responses[t] as string;
      if (response === '-1') {
        continue;
      }
      const concept = concepts[t] as string;
      const question = questions?.[t];
      const time = times?.[t];
      const ms = time === undefined ? Number.NaN : Number(time);
      attempts.push({
        student,
        item: question !== undefined && question !== '-1' ? question : concept,
        objectives: concept.split('_'),
        correct: response === '1',
        ...(Number.isFinite(ms) && ms >= 0 ? { timestamp: ms / 1000 } : {}),
      });
    }
    const fold = foldCol >= 0 ? Number(row[foldCol]) : 0;
    out.push({ fold: Number.isFinite(fold) ? fold : 0, sequence: attempts });
  }
  return out;
}
