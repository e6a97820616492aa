/**
 * What changed between two polls of the class dashboard, as one short sentence for a polite
 * live region. Pure: the caller passes the clock's time label.
 */
import type { SectionAtRisk, SectionDashboard } from '../../api/api-types';

export interface ClassSnapshot {
  dashboard: SectionDashboard | null;
  atRisk: SectionAtRisk | null;
  /** Interventions waiting for review. */
  queued: number | null;
}

/**
 * A sentence naming what changed, or null when nothing a reader would notice did (for
 * instance only `updatedAt` moved). Counts only: no names, which a screen reader would
 * otherwise read out in a classroom.
 */
export function describeUpdate(
  previous: ClassSnapshot,
  next: ClassSnapshot,
  timeLabel: string,
): string | null {
  const parts: string[] = [];
  const prevRisk = previous.atRisk?.students.length;
  const nextRisk = next.atRisk?.students.length;
  if (prevRisk !== undefined && nextRisk !== undefined && prevRisk !== nextRisk) {
    parts.push(`${plural(nextRisk, 'student')} at risk (was ${prevRisk})`);
  }
  if (previous.queued !== null && next.queued !== null && previous.queued !== next.queued) {
    parts.push(`${plural(next.queued, 'intervention')} to review (was ${previous.queued})`);
  }
  const prevDash = previous.dashboard;
  const nextDash = next.dashboard;
  if (prevDash && nextDash && prevDash.updatedAt !== nextDash.updatedAt) {
    const prevMastered = sum(prevDash.students.map((s) => s.masteredCount));
    const nextMastered = sum(nextDash.students.map((s) => s.masteredCount));
    if (nextMastered !== prevMastered) {
      const delta = nextMastered - prevMastered;
      parts.push(`${delta > 0 ? '+' : '−'}${Math.abs(delta)} objectives mastered`);
    } else if (changedCells(prevDash, nextDash) > 0) {
      parts.push('mastery estimates changed');
    }
  }
  if (parts.length === 0) {
    return null;
  }
  return `Updated at ${timeLabel}: ${parts.join('; ')}.`;
}

/** How many student × objective cells differ between two dashboards (same section). */
export function changedCells(a: SectionDashboard, b: SectionDashboard): number {
  const before = new Map(a.students.map((s) => [s.id, s.mastery]));
  let changed = 0;
  for (const student of b.students) {
    const old = before.get(student.id);
    student.mastery.forEach((value, index) => {
      if (old?.[index] !== value) {
        changed += 1;
      }
    });
  }
  return changed;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
