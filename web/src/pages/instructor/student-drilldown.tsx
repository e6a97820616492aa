/**
 * One student, seen by their instructor: why they are flagged, their mastery trajectory (chart
 * and table), their recommendations exactly as the student sees them, and recent activity.
 * Each part loads on its own, and quietly again when the section's analytics change.
 */
import { api } from '../../api/api-client';
import type { AtRiskStudent } from '../../api/api-types';
import { Panel } from '../../components/panel';
import { RecommendationList } from '../../components/recommendation-list';
import { ErrorMessage, LoadingMessage } from '../../components/status-message';
import { ActivityTimeline } from './activity-timeline';
import { ReasonSummary } from './at-risk-list';
import { formatPercent } from './mastery-scale';
import { RefreshProblem } from './refresh-problem';
import type { SectionContext } from './section-dashboard';
import { TrajectoryPanel } from './trajectory-chart';
import { useVersionedResource } from './use-live-poll';

export function StudentDrilldown(props: {
  context: SectionContext;
  studentId: string;
  studentName: string;
  /** The section's analytics version (`updatedAt`); a change reloads quietly. */
  version: string | null;
  atRisk: AtRiskStudent | null;
}) {
  const { context, studentId, studentName, version, atRisk } = props;
  const { courseId } = context.section;
  const key = `${studentId}/${courseId}`;
  const history = useVersionedResource(`history/${key}`, version, (signal) =>
    api.getMasteryHistory(studentId, courseId, signal),
  );
  const recommendations = useVersionedResource(`recommendations/${key}`, version, (signal) =>
    api.getRecommendations(studentId, courseId, signal),
  );
  const titleOf = (id: string | null) =>
    id === null ? null : (context.objectives.find((o) => o.id === id)?.title ?? null);

  return (
    <div className="page-grid">
      {atRisk ? (
        <section className="span-full at-risk-callout" aria-labelledby="drilldown-risk">
          <h2 id="drilldown-risk">
            Flagged at risk <span className="risk-badge">Risk {formatPercent(atRisk.risk)}</span>
          </h2>
          <ReasonSummary reasons={atRisk.reasons} titleOf={titleOf} />
        </section>
      ) : null}
      <Panel title="Mastery trajectory" className="span-full">
        {history.state.status === 'loading' ? (
          <LoadingMessage>Loading the mastery history…</LoadingMessage>
        ) : null}
        {history.state.status === 'error' ? (
          <ErrorMessage
            error={history.state.error}
            what="the mastery history"
            onRetry={history.refresh}
          />
        ) : null}
        <RefreshProblem error={history.state.refreshError} />
        {history.state.data ? (
          <TrajectoryPanel
            history={history.state.data}
            studentName={studentName}
            threshold={context.course?.masteryThreshold ?? null}
          />
        ) : null}
      </Panel>
      <Panel
        title={`Next steps, as ${studentName} sees them`}
        className="span-half drilldown-panel"
      >
        {recommendations.state.status === 'loading' ? (
          <LoadingMessage>Loading recommendations…</LoadingMessage>
        ) : null}
        {recommendations.state.status === 'error' ? (
          <ErrorMessage
            error={recommendations.state.error}
            what="the recommendations"
            onRetry={recommendations.refresh}
          />
        ) : null}
        <RefreshProblem error={recommendations.state.refreshError} />
        {recommendations.state.data ? (
          <RecommendationList
            recommendations={recommendations.state.data}
            objectiveTitle={titleOf}
            headingLevel={3}
          />
        ) : null}
      </Panel>
      <Panel title="Recent activity" className="span-half drilldown-panel">
        <ActivityTimeline
          studentId={studentId}
          courseId={courseId}
          version={version}
          objectiveTitle={titleOf}
        />
      </Panel>
    </div>
  );
}
