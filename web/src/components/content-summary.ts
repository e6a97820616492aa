/** Groups and counts course content for display. */
import type { ContentEntry, ContentType } from '../api/api-types';

/** Display order of content types, practice items last. */
export const CONTENT_TYPES: readonly ContentType[] = [
  'video',
  'reading',
  'interactive',
  'assessment_item',
];

const NAMES: Record<ContentType, { one: string; many: string }> = {
  video: { one: 'video', many: 'videos' },
  reading: { one: 'reading', many: 'readings' },
  interactive: { one: 'interactive', many: 'interactives' },
  assessment_item: { one: 'practice item', many: 'practice items' },
};

/** "1 video", "3 practice items". */
export function countLabel(type: ContentType, count: number): string {
  const name = NAMES[type];
  return `${count} ${count === 1 ? name.one : name.many}`;
}

/** Heading for a content type: "Videos", "Practice items". */
export function typeHeading(type: ContentType): string {
  return capitalize(NAMES[type].many);
}

/** Label of one entry's type: "Video", "Practice item". */
export function typeName(type: ContentType): string {
  return capitalize(NAMES[type].one);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type ContentCounts = Record<ContentType, number>;

export function countByType(entries: readonly ContentEntry[]): ContentCounts {
  const counts: ContentCounts = { video: 0, reading: 0, interactive: 0, assessment_item: 0 };
  for (const entry of entries) {
    counts[entry.type] += 1;
  }
  return counts;
}

/** Content of each objective; an entry teaching several objectives appears under each. */
export function groupByObjective(entries: readonly ContentEntry[]): Map<string, ContentEntry[]> {
  const groups = new Map<string, ContentEntry[]>();
  const ordered = [...entries].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  for (const entry of ordered) {
    for (const objectiveId of new Set(entry.objectiveIds)) {
      const group = groups.get(objectiveId);
      if (group) {
        group.push(entry);
      } else {
        groups.set(objectiveId, [entry]);
      }
    }
  }
  return groups;
}

/** "4 min", "1 h 5 min"; rounds seconds up to whole minutes. */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(1, Math.ceil(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) {
    return `${rest} min`;
  }
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** How long an entry takes, from its media, if known. */
export function durationOf(entry: ContentEntry): string | undefined {
  const media = entry.media;
  if (!media) {
    return undefined;
  }
  if (media.durationSeconds !== undefined) {
    return formatMinutes(media.durationSeconds / 60);
  }
  if (media.estimatedMinutes !== undefined) {
    return formatMinutes(media.estimatedMinutes);
  }
  return undefined;
}
