/**
 * The class overview: summary figures, the students at risk with their reasons, the class
 * heatmap, the CSV exports, then the course map and roster.
 */
import type { ReactNode } from 'react';
import { exportCsvHref } from '../../api/api-client';
import type { SectionAtRisk, SectionDashboard } from '../../api/api-types';
import { Panel } from '../../components/panel';
import { ErrorMessage, LoadingMessage } from '../../components/status-message';
import { AtRiskList } from './at-risk-list';
import { ClassHeatmap } from './class-heatmap';
import { formatPercent } from './mastery-scale';
import type { SectionContext } from './section-dashboard';
import type { LiveState } from './use-live-poll';
import { RefreshProblem } from './refresh-problem';

export function ClassOverview(props: {
  context: SectionContext;
  dashboard: LiveState<SectionDashboard>;
  atRisk: LiveState<SectionAtRisk>;
  onRetry: () => void;
  courseDetails: ReactNode;
}) {
  const { context, dashboard, atRisk, onRetry } = props;
  const { section } = context;
  return (
    <div className="page-grid">
      <section className="span-full" aria-label="Class summary">
        {dashboard.data ? (
          <SummaryStats dashboard={dashboard.data} />
        ) : dashboard.status === 'loading' ? (
          <LoadingMessage>Loading the class summary…</LoadingMessage>
        ) : (
          <ErrorMessage error={dashboard.error} what="the class dashboard" onRetry={onRetry} />
        )}
        <RefreshProblem error={dashboard.refreshError} />
      </section>
      <Panel
        title="Students at risk"
        aside={atRisk.data ? `${atRisk.data.students.length} flagged` : undefined}
        className="span-full"
      >
        {atRisk.data ? (
          <AtRiskList sectionId={section.id} atRisk={atRisk.data} objectives={context.objectives} />
        ) : atRisk.status === 'loading' ? (
          <LoadingMessage>Loading students at risk…</LoadingMessage>
        ) : (
          <ErrorMessage error={atRisk.error} what="the students at risk" onRetry={onRetry} />
        )}
        <RefreshProblem error={atRisk.refreshError} />
        <p className="panel-footer">
          <a
            className="button button-secondary"
            href={exportCsvHref(section.id, 'at-risk')}
            download
          >
            Download at-risk list (CSV)
          </a>
        </p>
      </Panel>
      <Panel
        title="Class mastery heatmap"
        aside={
          dashboard.data
            ? `${dashboard.data.students.length} students × ${dashboard.data.objectives.length} objectives`
            : undefined
        }
        className="span-full"
      >
        {dashboard.data ? (
          <ClassHeatmap
            sectionId={section.id}
            sectionName={section.name}
            dashboard={dashboard.data}
          />
        ) : dashboard.status === 'loading' ? (
          <LoadingMessage>Loading the heatmap…</LoadingMessage>
        ) : (
          <p className="muted">The heatmap appears once the class dashboard loads.</p>
        )}
        <p className="panel-footer">
          <a
            className="button button-secondary"
            href={exportCsvHref(section.id, 'heatmap')}
            download
          >
            Download heatmap (CSV)
          </a>
        </p>
      </Panel>
      {props.courseDetails}
    </div>
  );
}

function SummaryStats({ dashboard }: { dashboard: SectionDashboard }) {
  const { summary } = dashboard;
  const trend =
    summary.engagementTrend > 0 ? 'rising' : summary.engagementTrend < 0 ? 'falling' : 'steady';
  const stats: { label: string; value: string; detail?: string }[] = [
    { label: 'Students', value: String(summary.students) },
    { label: 'Active in the last 7 days', value: String(summary.activeLast7Days) },
    { label: 'Mean mastery', value: formatPercent(summary.meanMastery) },
    {
      label: 'Objectives mastered',
      value: formatPercent(summary.masteredShare),
      detail: 'of all student × objective pairs',
    },
    { label: 'Videos completed', value: formatPercent(summary.videoCompletionRate) },
    { label: 'Answers in the last 7 days', value: String(summary.attemptsLast7Days) },
    { label: 'Engagement', value: trend, detail: 'against the week before' },
  ];
  return (
    <dl className="stats">
      {stats.map((stat) => (
        <div className="stat" key={stat.label}>
          <dt>{stat.label}</dt>
          <dd>
            {stat.value}
            {stat.detail ? <span className="stat-detail">{stat.detail}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
