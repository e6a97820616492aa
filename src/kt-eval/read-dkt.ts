/**
 * Reader for the DKT 3-line format (github.com/chrispiech/DeepKnowledgeTracing,
 * github.com/jennyzhang0215/DKVMN): per student, three lines
 *   1. the number of answers n
 *   2. n comma-separated ids (skill ids in ASSISTments/DKT, question ids in STATICS/DKVMN)
 *   3. n comma-separated 0/1 answers, chronological.
 * Trailing commas are allowed. The format has no student id: student `<prefix>#<k>` is the k-th
 * block of the file. Each id is used both as the item and as its single objective.
 */
import type { Attempt } from '../domain/knowledge-tracing/knowledge-tracing-model.js';

function splitList(line: string): string[] {
  return line
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses one DKT-format file into chronological attempt sequences. */
export function parseDktText(text: string, studentPrefix: string): Attempt[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length % 3 !== 0) {
    throw new Error(`DKT format needs 3 lines per student; got ${lines.length} lines`);
  }
  const sequences: Attempt[][] = [];
  for (let i = 0; i < lines.length; i += 3) {
    const ids = splitList(lines[i + 1] as string);
    const answers = splitList(lines[i + 2] as string);
    if (ids.length !== answers.length) {
      throw new Error(`DKT block ${i / 3}: ids and answers have different lengths`);
    }
    const student = `${studentPrefix}#${i / 3}`;
    sequences.push(
      ids.map((id, t) => ({ student, item: id, objectives: [id], correct: answers[t] === '1' })),
    );
  }
  return sequences;
}
