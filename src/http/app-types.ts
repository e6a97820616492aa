import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { AuthService } from '../services/auth-service.js';
import type { ClassAggregatesService } from '../services/class-aggregates.js';
import type { CourseService } from '../services/course-service.js';
import type { IngestionService } from '../services/ingest-events.js';
import type { InterventionService } from '../services/interventions.js';
import type { LearnerRecordsService } from '../services/learner-records.js';
import type { SectionService } from '../services/section-service.js';
import type { TenantService } from '../services/tenant-service.js';
import type { UserService } from '../services/user-service.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface Services {
  auth: AuthService;
  tenants: TenantService;
  users: UserService;
  courses: CourseService;
  sections: SectionService;
  ingestion: IngestionService;
  learnerRecords: LearnerRecordsService;
  classAggregates: ClassAggregatesService;
  interventions: InterventionService;
}
