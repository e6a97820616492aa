/**
 * The demo course "Fractions" (FRACTIONS-101), seeded on the first start of the app: 32
 * objectives from "what is a fraction" to ratios, each with a video, a reading and assessment
 * items, plus a few interactives. Built deterministically from the unit tables in
 * `demo-units-*.ts`.
 */
import type {
  ContentEntry,
  CoursePackage,
  ObjectiveEntry,
} from '../domain/course-package/course-package-schema.js';
import type { UnitSpec } from './course-builders.js';
import { applicationUnits } from './demo-units-applications.js';
import { foundationUnits } from './demo-units-foundations.js';
import { operationUnits } from './demo-units-operations.js';

/** The course code of the demo course. */
export const DEMO_COURSE_CODE = 'FRACTIONS-101';

const MEDIA_BASE = 'https://media.pathwise.example/fractions';

/** Every unit of the course, in teaching order. */
export function demoUnits(): UnitSpec[] {
  return [...foundationUnits(), ...operationUnits(), ...applicationUnits()];
}

function objectiveOf(unit: UnitSpec): ObjectiveEntry {
  return {
    key: unit.key,
    title: unit.title,
    description: unit.description,
    ...(unit.prerequisites.length > 0 ? { prerequisites: [...unit.prerequisites] } : {}),
  };
}

/** `frac.equivalent` → `equivalent`, the slug used in media URLs. */
const slugOf = (key: string) => key.replace(/^frac\./, '');

function contentOf(unit: UnitSpec): ContentEntry[] {
  const slug = slugOf(unit.key);
  const entries: ContentEntry[] = [
    {
      key: `${unit.key}.video`,
      type: 'video',
      title: unit.video.title,
      description: `Video lesson: ${unit.title.toLowerCase()}.`,
      objectives: [unit.key],
      media: {
        url: `${MEDIA_BASE}/${unit.key}.mp4`,
        durationSeconds: unit.video.durationSeconds,
        transcript: unit.video.transcript,
      },
    },
    {
      key: `${unit.key}.reading`,
      type: 'reading',
      title: unit.reading.title,
      description: `Reading with a worked example: ${unit.title.toLowerCase()}.`,
      objectives: [unit.key],
      media: { estimatedMinutes: unit.reading.estimatedMinutes, body: unit.reading.body },
    },
  ];
  if (unit.interactive) {
    entries.push({
      key: `${unit.key}.interactive`,
      type: 'interactive',
      title: unit.interactive.title,
      description: unit.interactive.description,
      objectives: [unit.key],
      media: {
        url: `${MEDIA_BASE}/interactive/${slug}`,
        estimatedMinutes: unit.interactive.estimatedMinutes,
      },
    });
  }
  unit.items.forEach((d, i) => {
    const n = String(i + 1).padStart(2, '0');
    entries.push({
      key: `${unit.key}.item.${n}`,
      type: 'assessment_item',
      title: `${unit.title}: question ${i + 1}`,
      objectives: [unit.key, ...(d.also ?? [])],
      item: d.item,
      hints: [...d.hints],
      difficulty: d.difficulty,
    });
  });
  return entries;
}

/**
 * Builds the demo course package. Pure and deterministic: every call returns a fresh, deeply
 * equal package that passes `validateCoursePackage`.
 */
export function buildDemoCoursePackage(): CoursePackage {
  const units = demoUnits();
  return {
    format: 'pathwise-course',
    version: 1,
    course: {
      code: DEMO_COURSE_CODE,
      title: 'Fractions',
      description:
        'A middle-school course on fractions: what a fraction is, equivalent fractions, comparing and ordering, adding and subtracting with like and unlike denominators, mixed numbers, multiplying and dividing, fractions as decimals and percents, word problems, and a first look at ratios.',
      masteryThreshold: 0.95,
    },
    objectives: units.map(objectiveOf),
    content: units.flatMap(contentOf),
  };
}
