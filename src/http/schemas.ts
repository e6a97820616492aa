/**
 * Request and response schemas shared by the routes. They drive validation, serialization and
 * the OpenAPI document.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import {
  ContentEntry,
  ContentTypeSchema,
  Irt,
  Item,
  Media,
} from '../domain/course-package/course-package-schema.js';

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'Page size.' }),
  cursor: Type.Optional(
    Type.String({ maxLength: 200, description: 'The nextCursor of the previous page.' }),
  ),
};

export const Page = <T extends TSchema>(item: T, name: string) =>
  Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Nullable(
        Type.String({ description: 'Pass as ?cursor= for the next page; null on the last page.' }),
      ),
    },
    { title: `${name}Page` },
  );

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable snake_case error code.' }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'JSON Pointer to the field at fault.' }),
          in: Type.Optional(Type.String({ description: 'body, querystring, params or headers.' })),
          message: Type.String(),
        }),
      ),
    ),
    cycle: Type.Optional(Type.Array(Type.Object({ id: Type.String(), key: Type.String() }))),
  },
  { $id: 'Problem', title: 'Problem', description: 'RFC 9457 problem details.' },
);

/** The error responses every authenticated route may give. */
export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  413: Type.Ref('Problem'),
};

const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
  description: 'URL-safe tenant name.',
});
export const Tenant = Type.Object(
  {
    id: Uuid,
    slug: Slug,
    name: Type.String(),
    settings: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Tenant' },
);
export const TenantCreate = Type.Object(
  {
    slug: Slug,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

const TenantRoleSchema = Type.Union([
  Type.Literal('student'),
  Type.Literal('instructor'),
  Type.Literal('admin'),
]);
const AgeBand = Type.Union([
  Type.Literal('under_13'),
  Type.Literal('13_17'),
  Type.Literal('18_plus'),
]);
const Email = Type.String({ format: 'email', maxLength: 320 });
export const User = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    role: TenantRoleSchema,
    email: Nullable(Type.String()),
    displayName: Type.String(),
    givenName: Nullable(Type.String()),
    familyName: Nullable(Type.String()),
    externalId: Nullable(Type.String()),
    birthDate: Nullable(Type.String({ format: 'date' })),
    ageBand: Nullable(AgeBand),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'User' },
);
const UserFields = {
  email: Type.Optional(Nullable(Email)),
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  givenName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  familyName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  externalId: Type.Optional(
    Nullable(Type.String({ maxLength: 100, description: 'The SIS or LMS id.' })),
  ),
  birthDate: Type.Optional(
    Nullable(Type.String({ format: 'date', description: 'For COPPA; students only.' })),
  ),
  ageBand: Type.Optional(Nullable(AgeBand)),
};
export const UserCreate = Type.Object(
  { role: TenantRoleSchema, ...UserFields },
  { additionalProperties: false },
);
export const UserUpdate = Type.Partial(Type.Object({ role: TenantRoleSchema, ...UserFields }), {
  additionalProperties: false,
  minProperties: 1,
});

const CourseCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
export const Course = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    code: Type.String(),
    title: Type.String(),
    description: Nullable(Type.String()),
    masteryThreshold: Type.Number(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Course' },
);
const CourseFields = {
  code: CourseCode,
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
  masteryThreshold: Type.Optional(Type.Number({ minimum: 0.5, maximum: 0.999 })),
};
export const CourseCreate = Type.Object(CourseFields, { additionalProperties: false });
export const CourseUpdate = Type.Partial(Type.Object(CourseFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const Section = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    courseId: Uuid,
    code: Type.String(),
    name: Type.String(),
    goalObjectiveId: Nullable(Uuid),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Section' },
);
const SectionFields = {
  code: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  goalObjectiveId: Type.Optional(Nullable(Uuid)),
};
export const SectionCreate = Type.Object(SectionFields, { additionalProperties: false });
export const SectionUpdate = Type.Partial(Type.Object(SectionFields), {
  additionalProperties: false,
  minProperties: 1,
});

const EnrollmentRole = Type.Union([Type.Literal('student'), Type.Literal('instructor')]);
export const Enrollment = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    sectionId: Uuid,
    userId: Uuid,
    role: EnrollmentRole,
    createdAt: Timestamp,
    user: Type.Object({ id: Uuid, displayName: Type.String(), email: Nullable(Type.String()) }),
  },
  { title: 'Enrollment' },
);
export const EnrollmentCreate = Type.Object(
  { userId: Uuid, role: Type.Optional(EnrollmentRole) },
  { additionalProperties: false },
);
export const EnrollmentUpdate = Type.Object(
  { role: EnrollmentRole },
  { additionalProperties: false },
);

const ObjectiveKey = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,127}$' });
export const Objective = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    courseId: Uuid,
    key: Type.String(),
    title: Type.String(),
    description: Nullable(Type.String()),
    position: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Objective' },
);
const ObjectiveFields = {
  key: ObjectiveKey,
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
};
export const ObjectiveCreate = Type.Object(ObjectiveFields, { additionalProperties: false });
export const ObjectiveUpdate = Type.Partial(Type.Object(ObjectiveFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const Prerequisite = Type.Object(
  { courseId: Uuid, objectiveId: Uuid, prerequisiteId: Uuid, createdAt: Timestamp },
  { title: 'Prerequisite', description: 'prerequisiteId must be mastered before objectiveId.' },
);
export const PrerequisiteCreate = Type.Object(
  { prerequisiteId: Uuid },
  { additionalProperties: false },
);

export const Content = Type.Object(
  {
    id: Uuid,
    tenantId: Uuid,
    courseId: Uuid,
    key: Type.String(),
    type: ContentTypeSchema,
    title: Type.String(),
    description: Nullable(Type.String()),
    objectiveIds: Type.Array(Uuid),
    media: Nullable(Media),
    item: Nullable(
      Type.Unknown({
        description:
          'The assessment item. Readers without answer access get it without `answer` (and without hints).',
      }),
    ),
    hints: Type.Optional(Type.Array(Type.String())),
    difficulty: Nullable(Type.Number()),
    irt: Nullable(Irt),
    position: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Content' },
);
const ContentFields = {
  key: ContentEntry.properties.key,
  type: ContentTypeSchema,
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  objectiveIds: Type.Array(Uuid, { minItems: 1, maxItems: 50 }),
  media: Type.Optional(Media),
  item: Type.Optional(Item),
  hints: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 10 }),
  ),
  difficulty: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  irt: Type.Optional(Irt),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
};
export const ContentCreate = Type.Object(ContentFields, { additionalProperties: false });
const { key: _key, ...UpdatableContentFields } = ContentFields;
export const ContentUpdate = Type.Partial(Type.Object(UpdatableContentFields), {
  additionalProperties: false,
  minProperties: 1,
});
export const ContentTypeQuery = Type.Optional(ContentTypeSchema);

export const ImportSummary = Type.Object(
  {
    course: Course,
    objectives: Type.Integer(),
    prerequisites: Type.Integer(),
    content: Type.Integer(),
    items: Type.Integer(),
  },
  { title: 'ImportSummary' },
);
