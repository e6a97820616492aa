/**
 * A section's dashboard: the views (class overview, intervention queue, content effectiveness,
 * a student's drill-down) under `#/sections/<id>/…`, with the live data they share. The class
 * data and the review queue are polled every 5 s while the page is visible; what changed is
 * announced politely, and focus never moves on its own.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../../api/api-client';
import type { ContentEntry, Course, Enrollment, Objective } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { usePageHeading } from '../../app/use-page-heading';
import { ClassOverview } from './class-overview';
import { ContentEffectivenessView } from './content-effectiveness';
import { InterventionQueue } from './intervention-queue';
import { describeUpdate, type ClassSnapshot } from './live-update';
import { StudentDrilldown } from './student-drilldown';
import { useLivePoll } from './use-live-poll';

/** A section with the course it teaches. */
export interface DashboardSection {
  id: string;
  code: string;
  name: string;
  courseId: string;
  courseTitle: string;
}

/** What the section page has already loaded for every view. */
export interface SectionContext {
  section: DashboardSection;
  enrollments: Enrollment[];
  objectives: Objective[];
  content: ContentEntry[];
  /** The course, for its mastery threshold; null when the course list is not readable. */
  course: Course | null;
}

export type SectionViewName = 'class' | 'interventions' | 'content' | 'student';

/** Reads the view from the route segments after `sections/<id>`. */
export function viewOf(rest: readonly string[]): { view: SectionViewName; studentId?: string } {
  if (rest[0] === 'interventions') {
    return { view: 'interventions' };
  }
  if (rest[0] === 'content') {
    return { view: 'content' };
  }
  if (rest[0] === 'students' && rest[1]) {
    return { view: 'student', studentId: rest[1] };
  }
  return { view: 'class' };
}

const VIEW_TITLES: Record<Exclude<SectionViewName, 'student'>, string> = {
  class: 'Class overview',
  interventions: 'Intervention queue',
  content: 'Content effectiveness',
};

export function SectionDashboard(props: {
  context: SectionContext;
  rest: readonly string[];
  /** The course map and roster, shown at the end of the class overview. */
  courseDetails: ReactNode;
}) {
  const { context, rest, courseDetails } = props;
  const { section } = context;
  const { view, studentId } = viewOf(rest);

  const dashboard = useLivePoll(`dashboard/${section.id}`, (etag, signal) =>
    api.getSectionDashboard(section.id, etag, signal),
  );
  const atRisk = useLivePoll(`at-risk/${section.id}`, (etag, signal) =>
    api.getSectionAtRisk(section.id, etag, signal),
  );
  const queue = useLivePoll(`queue/${section.id}`, (etag, signal) =>
    api.getReviewQueue(section.id, etag, signal),
  );

  const announcement = useUpdateAnnouncement({
    dashboard: dashboard.state.data,
    atRisk: atRisk.state.data,
    queued: queue.state.data?.items.length ?? null,
  });

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const enrollment of context.enrollments) {
      map.set(enrollment.userId, enrollment.user.displayName);
    }
    for (const student of dashboard.state.data?.students ?? []) {
      map.set(student.id, student.name);
    }
    return map;
  }, [context.enrollments, dashboard.state.data]);

  const studentName = studentId ? (names.get(studentId) ?? 'Student') : null;
  const title =
    view === 'student'
      ? (studentName ?? 'Student')
      : view === 'class'
        ? section.name
        : `${VIEW_TITLES[view]} · ${section.name}`;
  const headingRef = usePageHeading(title, `${section.id}/${view}/${studentId ?? ''}`);
  const queued = queue.state.data?.items.length;
  const version = dashboard.state.data?.updatedAt ?? null;

  return (
    <>
      <div className="page-heading">
        {view === 'student' ? (
          <p className="breadcrumb">
            <a href={routeHref('sections', section.id)}>← {section.name}: class overview</a>
          </p>
        ) : null}
        <h1 ref={headingRef} tabIndex={-1}>
          {view === 'student' ? studentName : section.name}
        </h1>
        <p className="page-subtitle">
          {section.code} · {section.courseTitle}
          {view === 'student' ? ` · ${section.name}` : ''}
        </p>
      </div>
      <nav className="view-tabs" aria-label="Section views">
        <ul>
          {(['class', 'interventions', 'content'] as const).map((name) => (
            <li key={name}>
              <a
                href={
                  name === 'class'
                    ? routeHref('sections', section.id)
                    : routeHref('sections', section.id, name)
                }
                aria-current={view === name ? 'page' : undefined}
              >
                {VIEW_TITLES[name]}
                {name === 'interventions' && queued !== undefined ? (
                  <span className="count-badge">
                    {queued}
                    <span className="visually-hidden"> waiting for review</span>
                  </span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
        <LiveIndicator changedAt={dashboard.state.changedAt} announcement={announcement} />
      </nav>
      {view === 'class' ? (
        <ClassOverview
          context={context}
          dashboard={dashboard.state}
          atRisk={atRisk.state}
          onRetry={() => {
            dashboard.refresh();
            atRisk.refresh();
          }}
          courseDetails={courseDetails}
        />
      ) : null}
      {view === 'interventions' ? (
        <InterventionQueue
          context={context}
          queue={queue.state}
          names={names}
          onChanged={() => {
            queue.refresh();
            atRisk.refresh();
            dashboard.refresh();
          }}
          onRetry={queue.refresh}
        />
      ) : null}
      {view === 'content' ? <ContentEffectivenessView context={context} /> : null}
      {view === 'student' && studentId ? (
        <StudentDrilldown
          key={studentId}
          context={context}
          studentId={studentId}
          studentName={studentName ?? 'Student'}
          version={version}
          atRisk={atRisk.state.data?.students.find((s) => s.studentId === studentId) ?? null}
        />
      ) : null}
    </>
  );
}

/** Remembers the last snapshot and returns the sentence describing the latest change. */
function useUpdateAnnouncement(snapshot: ClassSnapshot): string {
  const previous = useRef<ClassSnapshot | null>(null);
  const [message, setMessage] = useState('');
  const { dashboard, atRisk, queued } = snapshot;
  useEffect(() => {
    const current = { dashboard, atRisk, queued };
    const before = previous.current;
    previous.current = current;
    if (before === null) {
      return;
    }
    const time = new Date().toLocaleTimeString(undefined, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const text = describeUpdate(before, current, time);
    if (text !== null) {
      setMessage(text);
    }
  }, [dashboard, atRisk, queued]);
  return message;
}

function LiveIndicator({
  changedAt,
  announcement,
}: {
  changedAt: number | null;
  announcement: string;
}) {
  return (
    <div className="live-indicator">
      <span className="live-dot" aria-hidden="true" />
      <span>
        Live
        {changedAt !== null ? ` · checked every 5 s` : ''}
      </span>
      {/* Polite: read when the reader is idle, never moving focus. */}
      <p className="live-announcement" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </div>
  );
}
