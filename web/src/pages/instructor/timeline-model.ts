/** Groups a student's timeline (newest first) into days for the recent-activity list. */
import type { TimelineItem } from '../../api/api-types';

export interface TimelineDay {
  /** YYYY-MM-DD in the given time zone; the key of the group. */
  day: string;
  items: TimelineItem[];
}

/**
 * Splits items (already newest first) into consecutive days, keeping their order. `timeZone`
 * is an IANA name (the browser's own by default); tests pass 'UTC'.
 */
export function groupByDay(items: readonly TimelineItem[], timeZone?: string): TimelineDay[] {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const days: TimelineDay[] = [];
  for (const item of items) {
    const day = format.format(new Date(item.at));
    const last = days[days.length - 1];
    if (last && last.day === day) {
      last.items.push(item);
    } else {
      days.push({ day, items: [item] });
    }
  }
  return days;
}

/** A short outcome marker for answers: "correct", "incorrect", or null for other kinds. */
export function outcomeOf(item: TimelineItem): 'correct' | 'incorrect' | null {
  if (item.correct === null) {
    return null;
  }
  return item.correct ? 'correct' : 'incorrect';
}
