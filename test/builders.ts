/**
 * Builders for test data, with overrides. Values an assertion depends on should be passed
 * explicitly by the test.
 */
import type {
  CoursePackage,
  ContentEntry,
} from '../src/domain/course-package/course-package-schema.js';
import { createRng, randomInt } from '../src/domain/random.js';

/** A small valid course: `objectives` objectives in a diamond-ish DAG, `itemsPerObjective` items each. */
export function buildCoursePackage(
  props: { code?: string; objectives?: number; itemsPerObjective?: number; seed?: number } = {},
): CoursePackage {
  const n = props.objectives ?? 4;
  const perObjective = props.itemsPerObjective ?? 2;
  const rng = createRng(props.seed ?? 7);
  const objectives = Array.from({ length: n }, (_, i) => ({
    key: `obj-${i}`,
    title: `Objective ${i}`,
    prerequisites:
      i === 0
        ? []
        : [`obj-${Math.floor((i - 1) / 2)}`, ...(i > 2 ? [`obj-${i - 1}`] : [])].filter(
            (v, j, a) => a.indexOf(v) === j,
          ),
  }));
  const content: ContentEntry[] = [];
  objectives.forEach((o, i) => {
    content.push({
      key: `${o.key}-video`,
      type: 'video',
      title: `Video for ${o.title}`,
      objectives: [o.key],
      media: { url: `https://media.example/${o.key}.mp4`, durationSeconds: 120 + i },
    });
    for (let j = 0; j < perObjective; j++) {
      const kind = (i + j) % 3;
      const base = {
        key: `${o.key}-item-${j}`,
        type: 'assessment_item' as const,
        title: `Item ${j} of ${o.title}`,
        objectives: [o.key],
        hints: ['Think first.', 'Work it out step by step.'],
        difficulty: Number(rng().toFixed(2)),
      };
      if (kind === 0) {
        content.push({
          ...base,
          item: {
            format: 'multiple_choice',
            prompt: 'Which is one half?',
            choices: [
              { id: 'a', text: '1/2' },
              { id: 'b', text: '1/3' },
            ],
            answer: { correct: ['a'] },
          },
        });
      } else if (kind === 1) {
        const a = randomInt(rng, 1, 9);
        content.push({
          ...base,
          item: {
            format: 'numeric',
            prompt: 'What is {{x}} + {{y}}?',
            parameters: { x: { min: 1, max: 9 }, y: { min: a, max: a + 5 } },
            answer: { expression: 'x + y' },
          },
        });
      } else {
        content.push({
          ...base,
          item: {
            format: 'short_text',
            prompt: 'Write one half as a fraction.',
            answer: { accepted: ['1/2'] },
          },
        });
      }
    }
  });
  return {
    format: 'pathwise-course',
    version: 1,
    course: { code: props.code ?? 'TEST-101', title: 'Test course', masteryThreshold: 0.9 },
    objectives,
    content,
  };
}
