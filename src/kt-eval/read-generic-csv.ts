/**
 * Reader for Pathwise's generic attempt CSV: a header line naming the columns, then one row per
 * attempt, in any order:
 *
 *   student,item,objectives,correct,timestamp
 *   s1,q17,fractions;ratios,1,1700000000
 *
 * - `student`, `item`: any text.
 * - `objectives`: one or more objective ids separated by `;` (may be empty: then the item is its
 *   own objective).
 * - `correct`: `1`/`0` or `true`/`false`.
 * - `timestamp` (optional column, cells may be empty): seconds since the Unix epoch, or an ISO 8601
 *   date-time. Each student's rows are ordered by timestamp (stable, so rows without a timestamp,
 *   or ties, keep file order).
 * Fields may be quoted (RFC 4180).
 */
import type { Attempt } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import { parseCsv } from './parse-csv.js';

function parseTimestamp(cell: string | undefined): number | undefined {
  const text = (cell ?? '').trim();
  if (text === '') {
    return undefined;
  }
  const n = Number(text);
  if (Number.isFinite(n)) {
    return n;
  }
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** Parses a generic CSV into chronological sequences, one per student (first-seen order). */
export function parseGenericCsvText(text: string): Attempt[][] {
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [studentCol, itemCol, objectivesCol, correctCol, timeCol] = [
    col('student'),
    col('item'),
    col('objectives'),
    col('correct'),
    col('timestamp'),
  ];
  if (studentCol < 0 || itemCol < 0 || correctCol < 0) {
    throw new Error('generic CSV needs the columns student, item, correct (objectives, timestamp)');
  }
  const byStudent = new Map<string, Attempt[]>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    const student = (row[studentCol] ?? '').trim();
    const item = (row[itemCol] ?? '').trim();
    const tags = objectivesCol >= 0 ? (row[objectivesCol] ?? '').split(';') : [];
    const objectives = tags.map((s) => s.trim()).filter((s) => s.length > 0);
    const cell = (row[correctCol] ?? '').trim().toLowerCase();
    if (!['0', '1', 'true', 'false'].includes(cell)) {
      throw new Error(`generic CSV row ${r + 1}: correct must be 0, 1, true or false`);
    }
    const timestamp = timeCol >= 0 ? parseTimestamp(row[timeCol]) : undefined;
    const attempt: Attempt = {
      student,
      item,
      objectives: objectives.length > 0 ? objectives : [item],
      correct: cell === '1' || cell === 'true',
      ...(timestamp === undefined ? {} : { timestamp }),
    };
    const list = byStudent.get(student);
    if (list) {
      list.push(attempt);
    } else {
      byStudent.set(student, [attempt]);
    }
  }
  return [...byStudent.values()].map((list) =>
    list
      .map((a, i) => ({ a, i }))
      .sort((x, y) => {
        const tx = x.a.timestamp;
        const ty = y.a.timestamp;
        if (tx !== undefined && ty !== undefined && tx !== ty) {
          return tx - ty;
        }
        return x.i - y.i;
      })
      .map((x) => x.a),
  );
}
