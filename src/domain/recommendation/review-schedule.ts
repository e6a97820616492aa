/**
 * When a mastered objective is due for review, by FSRS (`ts-fsrs`, default parameters, no
 * fuzz, so the schedule is deterministic).
 *
 * The hot path keeps one mastery record per objective (P(mastered), attempts, correct, last
 * update), not an FSRS card per objective. Until cards are kept, the card is approximated from
 * the record: `reps` = correct − incorrect answers (clamped to 1..8) successful ("Good") reviews,
 * each taken when it fell due, the last one at the record's last update. The interval after the
 * n-th such review (counting only intervals of a day or more: the objective is mastered, so a new
 * card's short learning steps are skipped) is read from a table computed once by ts-fsrs.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs';

const MAX_REPS = 8;
const DAY_MS = 86_400_000;

let intervals: number[] | null = null;

/** Interval in ms after the n-th successful review (index n − 1). */
function intervalTable(): number[] {
  if (!intervals) {
    const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));
    const out: number[] = [];
    let now = new Date(0);
    let card = createEmptyCard(now);
    // Intervals of a day or more only: the objective is already mastered, so the short
    // learning steps of a new card do not apply.
    while (out.length < MAX_REPS) {
      card = scheduler.next(card, now, Rating.Good).card;
      const interval = card.due.getTime() - now.getTime();
      if (interval >= DAY_MS) {
        out.push(interval);
      }
      now = card.due;
    }
    intervals = out;
  }
  return intervals;
}

export interface ReviewRecord {
  attempts: number;
  correct: number;
  /** Last update, ms since the epoch. */
  updatedAt: number;
}

export interface ReviewDue {
  /** When the review falls due, ms since the epoch. */
  dueAt: number;
  /** The interval that led to it, in days. */
  intervalDays: number;
}

/** The next review of a mastered objective. */
export function reviewDue(record: ReviewRecord): ReviewDue {
  const reps = Math.min(MAX_REPS, Math.max(1, 2 * record.correct - record.attempts));
  const interval = intervalTable()[reps - 1] as number;
  return { dueAt: record.updatedAt + interval, intervalDays: interval / DAY_MS };
}
