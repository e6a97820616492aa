import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { AnalyticsService } from '../services/analytics.js';
import type { AuditService } from '../services/audit.js';
import type { AuthService } from '../services/auth-service.js';
import type { ClassAggregatesService } from '../services/class-aggregates.js';
import type { ConsentService } from '../services/consent-service.js';
import type { CourseService } from '../services/course-service.js';
import type { DataRightsService } from '../services/data-rights-service.js';
import type { IngestionService } from '../services/ingest-events.js';
import type { InterventionService } from '../services/interventions.js';
import type { LearnerRecordsService } from '../services/learner-records.js';
import type { ModelService } from '../services/model-service.js';
import type { PracticeService } from '../services/practice-service.js';
import type { RecommendationService } from '../services/recommendation-service.js';
import type { SectionControlsService } from '../services/section-controls-service.js';
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
  models: ModelService;
  consents: ConsentService;
  dataRights: DataRightsService;
  audit: AuditService;
  recommendations: RecommendationService;
  sectionControls: SectionControlsService;
  interventions: InterventionService;
  analytics: AnalyticsService;
  practice: PracticeService;
}
