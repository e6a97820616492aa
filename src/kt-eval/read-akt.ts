/**
 * Reader for the AKT 4-line format (github.com/arghosh/AKT, `data/assist2009_pid/*.csv`):
 * per student, four lines
 *   1. `<student index>,<original user id>` (any text; it becomes the student id)
 *   2. comma-separated problem ids
 *   3. comma-separated skill ids
 *   4. comma-separated 0/1 answers, chronological.
 *
 * No leakage: a problem tagged with k skills is written as k consecutive rows with the same
 * problem id and the same answer. Such a run is collapsed into ONE attempt whose objectives are
 * the run's distinct skills, so it is scored once. A row repeating a skill already in the run
 * starts a new attempt (a genuine second attempt at the same problem).
 */
import type { Attempt } from '../domain/knowledge-tracing/knowledge-tracing-model.js';

function splitList(line: string): string[] {
  return line
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses one AKT-format file into chronological attempt sequences, one per student. */
export function parseAktText(text: string): Attempt[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length % 4 !== 0) {
    throw new Error(`AKT format needs 4 lines per student; got ${lines.length} lines`);
  }
  const sequences: Attempt[][] = [];
  for (let i = 0; i < lines.length; i += 4) {
    const header = (lines[i] as string).trim();
    const problems = splitList(lines[i + 1] as string);
    const skills = splitList(lines[i + 2] as string);
    const answers = splitList(lines[i + 3] as string);
    if (problems.length !== skills.length || problems.length !== answers.length) {
      throw new Error(`AKT student "${header}": lines 2-4 have different lengths`);
    }
    const parts = header.split(',');
    const student = (parts[1] ?? parts[0] ?? header).trim();
    const attempts: Attempt[] = [];
    let current: { item: string; objectives: string[]; correct: boolean } | null = null;
    for (let t = 0; t < problems.length; t++) {
      const item = problems[t] as string;
      const skill = skills[t] as string;
      const correct = answers[t] === '1';
      if (
        current !== null &&
        current.item === item &&
        current.correct === correct &&
        !current.objectives.includes(skill)
      ) {
        current.objectives.push(skill);
        continue;
      }
      if (current !== null) {
        attempts.push({ student, ...current });
      }
      current = { item, objectives: [skill], correct };
    }
    if (current !== null) {
      attempts.push({ student, ...current });
    }
    sequences.push(attempts);
  }
  return sequences;
}
