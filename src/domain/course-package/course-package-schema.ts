/**
 * The Pathwise course package: one JSON document holding a whole course (objectives, their
 * prerequisites, content, and assessment items with answers and hints). Documented in
 * docs/COURSE-PACKAGE.md; its JSON Schema is served at `/v1/schemas/course-package.json`.
 */
import { Type, type Static } from '@sinclair/typebox';

const Key = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,127}$',
  description: 'Stable identifier within the package: lowercase letters, digits, ".", "_", "-".',
});
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const ContentTypes = ['video', 'reading', 'interactive', 'assessment_item'] as const;
export type ContentType = (typeof ContentTypes)[number];
export const ContentTypeSchema = Type.Union([
  Type.Literal('video'),
  Type.Literal('reading'),
  Type.Literal('interactive'),
  Type.Literal('assessment_item'),
]);
export const ItemFormats = ['multiple_choice', 'numeric', 'short_text'] as const;
export type ItemFormat = (typeof ItemFormats)[number];

export const Irt = Type.Object(
  {
    a: Type.Number({ minimum: 0.01, maximum: 10, description: 'Discrimination.' }),
    b: Type.Number({ minimum: -10, maximum: 10, description: 'Difficulty on the theta scale.' }),
    c: Type.Optional(
      Type.Number({ minimum: 0, maximum: 0.5, description: 'Pseudo-guessing (3PL).' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Item response theory parameters (2PL/3PL logistic).',
  },
);

const Hints = Type.Array(Text(2000), {
  maxItems: 10,
  description: 'Hints revealed one at a time, from gentlest to most explicit.',
});

const Choice = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }),
    text: Text(2000),
    feedback: Type.Optional(Text(2000, 'Shown after the student picks this choice.')),
  },
  { additionalProperties: false },
);

export const MultipleChoiceItem = Type.Object(
  {
    format: Type.Literal('multiple_choice'),
    prompt: Text(10000),
    choices: Type.Array(Choice, { minItems: 2, maxItems: 12 }),
    answer: Type.Object(
      {
        correct: Type.Array(Type.String(), {
          minItems: 1,
          description: 'Ids of every correct choice.',
        }),
      },
      { additionalProperties: false },
    ),
    shuffle: Type.Optional(
      Type.Boolean({ description: 'Show the choices in random order. Default true.' }),
    ),
  },
  { additionalProperties: false },
);

export const NumericParameter = Type.Object(
  {
    min: Type.Number(),
    max: Type.Number(),
    step: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Default 1.' })),
  },
  { additionalProperties: false, description: 'A value drawn uniformly from min..max in steps.' },
);

export const NumericItem = Type.Object(
  {
    format: Type.Literal('numeric'),
    prompt: Text(10000, 'May contain {{name}} placeholders for parameters.'),
    parameters: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), NumericParameter, {
        description: 'Makes the item parameterized: each variant draws fresh values.',
      }),
    ),
    constraint: Type.Optional(
      Text(
        500,
        'A boolean expression over the parameters that every variant must satisfy, e.g. "a != b".',
      ),
    ),
    answer: Type.Union([
      Type.Object(
        { value: Type.Number(), tolerance: Type.Optional(Type.Number({ minimum: 0 })) },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          expression: Text(500, 'A math.js expression over the parameters, e.g. "a / b + c".'),
          tolerance: Type.Optional(Type.Number({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ]),
    unit: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false },
);

export const ShortTextItem = Type.Object(
  {
    format: Type.Literal('short_text'),
    prompt: Text(10000),
    answer: Type.Object(
      {
        accepted: Type.Array(Text(500), { minItems: 1, description: 'Every accepted answer.' }),
        caseSensitive: Type.Optional(Type.Boolean({ description: 'Default false.' })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const Item = Type.Union([MultipleChoiceItem, NumericItem, ShortTextItem], {
  description: 'The assessment item: its format, prompt and answer key.',
});

export const Media = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2000, description: 'Where the media lives.' })),
    durationSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'Video length.' })),
    estimatedMinutes: Type.Optional(
      Type.Number({ minimum: 0, description: 'Expected time to finish.' }),
    ),
    body: Type.Optional(
      Type.String({ maxLength: 200000, description: 'Markdown text of a reading.' }),
    ),
    transcript: Type.Optional(Type.String({ maxLength: 200000 })),
  },
  { additionalProperties: false, description: 'Metadata of a video, reading or interactive.' },
);

export const ContentEntry = Type.Object(
  {
    key: Key,
    type: ContentTypeSchema,
    title: Text(300),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    objectives: Type.Array(Key, {
      minItems: 1,
      description: 'Keys of the objectives it teaches or assesses.',
    }),
    media: Type.Optional(Media),
    item: Type.Optional(Item),
    hints: Type.Optional(Hints),
    difficulty: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'Author estimate: 0 easy .. 1 hard.' }),
    ),
    irt: Type.Optional(Irt),
  },
  { additionalProperties: false },
);

export const ObjectiveEntry = Type.Object(
  {
    key: Key,
    title: Text(300),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    prerequisites: Type.Optional(
      Type.Array(Key, { description: 'Keys of objectives to master before this one.' }),
    ),
  },
  { additionalProperties: false },
);

export const CoursePackageSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    format: Type.Literal('pathwise-course'),
    version: Type.Literal(1),
    course: Type.Object(
      {
        code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
        title: Text(300),
        description: Type.Optional(Type.String({ maxLength: 10000 })),
        masteryThreshold: Type.Optional(
          Type.Number({
            minimum: 0.5,
            maximum: 0.999,
            description: 'P(mastered) that counts as mastery. Default 0.95.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    objectives: Type.Array(ObjectiveEntry, { minItems: 1, maxItems: 5000 }),
    content: Type.Array(ContentEntry, { maxItems: 100000 }),
  },
  {
    $id: 'https://pathwise.dev/schemas/course-package.json',
    title: 'Pathwise course package',
    additionalProperties: false,
  },
);

export type CoursePackage = Static<typeof CoursePackageSchema>;
export type ObjectiveEntry = Static<typeof ObjectiveEntry>;
export type ContentEntry = Static<typeof ContentEntry>;
export type ItemSpec = Static<typeof Item>;
export type MediaSpec = Static<typeof Media>;
export type IrtParams = Static<typeof Irt>;
