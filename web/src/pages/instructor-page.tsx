/**
 * The instructor's view (also used by admins, who see every section of every course): the
 * sections they teach, and per section the dashboard (pages/instructor/): class overview with
 * heatmap and students at risk, intervention queue, content effectiveness, student drill-down;
 * the class overview ends with the course's objective map, content counts and roster.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/api-client';
import type { ContentEntry, Course, Enrollment, Objective, Prerequisite } from '../api/api-types';
import { routeHref, useRoute } from '../app/hash-route';
import { useSession } from '../app/session-context';
import { usePageHeading } from '../app/use-page-heading';
import { useResource } from '../app/use-resource';
import {
  CONTENT_TYPES,
  countByType,
  groupByObjective,
  typeHeading,
} from '../components/content-summary';
import { Panel } from '../components/panel';
import { ShellLayout } from '../components/shell-layout';
import { SideNav, type NavGroup } from '../components/side-nav';
import { ErrorMessage, LoadingMessage } from '../components/status-message';
import { ObjectiveGraph } from '../objective-graph/objective-graph';
import { SectionDashboard } from './instructor/section-dashboard';

/** A section with the course it belongs to. */
interface TaughtSection {
  id: string;
  code: string;
  name: string;
  courseId: string;
  courseTitle: string;
}

/** Every section of every course, for admins. */
async function loadAllSections(signal: AbortSignal): Promise<TaughtSection[]> {
  const courses = await api.listCourses(signal);
  const perCourse = await Promise.all(
    courses.map(async (course) =>
      (await api.listCourseSections(course.id, signal)).map((section) => ({
        id: section.id,
        code: section.code,
        name: section.name,
        courseId: course.id,
        courseTitle: course.title,
      })),
    ),
  );
  return perCourse.flat();
}

export function InstructorPage() {
  const { session } = useSession();
  const isAdmin = session.user.role === 'admin';
  const { state, reload } = useResource(isAdmin ? 'all-sections' : 'own-sections', (signal) =>
    isAdmin
      ? loadAllSections(signal)
      : Promise.resolve<TaughtSection[]>(
          session.sections.filter((section) => section.role === 'instructor'),
        ),
  );

  if (state.status === 'loading') {
    return (
      <ShellLayout>
        <h1>Sections</h1>
        <LoadingMessage>Loading sections…</LoadingMessage>
      </ShellLayout>
    );
  }
  if (state.status === 'error') {
    return (
      <ShellLayout>
        <h1>Sections</h1>
        <ErrorMessage error={state.error} what="your sections" onRetry={reload} />
      </ShellLayout>
    );
  }
  return <SectionsShell sections={state.data} isAdmin={isAdmin} />;
}

function SectionsShell({ sections, isAdmin }: { sections: TaughtSection[]; isAdmin: boolean }) {
  const route = useRoute();
  const sorted = useMemo(
    () =>
      [...sections].sort(
        (a, b) => a.courseTitle.localeCompare(b.courseTitle) || a.code.localeCompare(b.code),
      ),
    [sections],
  );
  const requested = route[0] === 'sections' ? route[1] : undefined;
  const current = sorted.find((s) => s.id === requested) ?? sorted[0];

  const groups: NavGroup[] = [];
  for (const section of sorted) {
    let group = groups.find((g) => g.label === section.courseTitle);
    if (!group) {
      group = { label: section.courseTitle, links: [] };
      groups.push(group);
    }
    group.links.push({
      href: routeHref('sections', section.id),
      text: section.name,
      detail: section.code,
      current: section.id === current?.id,
    });
  }
  const nav =
    groups.length > 0 ? (
      <SideNav label={isAdmin ? 'All sections' : 'Sections you teach'} groups={groups} />
    ) : undefined;

  return (
    <ShellLayout nav={nav}>
      {current ? (
        <SectionView key={current.id} section={current} rest={route.slice(2)} />
      ) : (
        <NoSections isAdmin={isAdmin} />
      )}
    </ShellLayout>
  );
}

function NoSections({ isAdmin }: { isAdmin: boolean }) {
  const headingRef = usePageHeading('Sections', 'none');
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Sections
      </h1>
      <p className="muted">
        {isAdmin
          ? 'No course has a section yet. Import a course and its roster to get started.'
          : 'You do not teach a section yet. Sections you are assigned to will appear here.'}
      </p>
    </>
  );
}

interface SectionData {
  enrollments: Enrollment[];
  objectives: Objective[];
  prerequisites: Prerequisite[];
  content: ContentEntry[];
  /** For the mastery threshold; null when the course list is not readable. */
  course: Course | null;
}

async function loadSection(section: TaughtSection, signal: AbortSignal): Promise<SectionData> {
  const [enrollments, objectives, prerequisites, content, course] = await Promise.all([
    api.listEnrollments(section.id, signal),
    api.listObjectives(section.courseId, signal),
    api.listPrerequisites(section.courseId, signal),
    api.listContent(section.courseId, signal),
    api
      .listCourses(signal)
      .then((list) => list.find((c) => c.id === section.courseId) ?? null)
      .catch(() => null),
  ]);
  return { enrollments, objectives, prerequisites, content, course };
}

function SectionView({ section, rest }: { section: TaughtSection; rest: readonly string[] }) {
  const { state, reload } = useResource(section.id, (signal) => loadSection(section, signal));
  if (state.status !== 'ready') {
    return <SectionLoading section={section} state={state} reload={reload} />;
  }
  const { data } = state;
  return (
    <SectionDashboard
      context={{
        section,
        enrollments: data.enrollments,
        objectives: data.objectives,
        content: data.content,
        course: data.course,
      }}
      rest={rest}
      courseDetails={<SectionDetails section={section} data={data} />}
    />
  );
}

function SectionLoading(props: {
  section: TaughtSection;
  state: { status: 'loading' } | { status: 'error'; error: unknown };
  reload: () => void;
}) {
  const { section, state, reload } = props;
  const headingRef = usePageHeading(section.name, section.id);
  return (
    <>
      <div className="page-heading">
        <h1 ref={headingRef} tabIndex={-1}>
          {section.name}
        </h1>
        <p className="page-subtitle">
          {section.code} · {section.courseTitle}
        </p>
      </div>
      {state.status === 'loading' ? <LoadingMessage>Loading the section…</LoadingMessage> : null}
      {state.status === 'error' ? (
        <ErrorMessage error={state.error} what="this section" onRetry={reload} />
      ) : null}
    </>
  );
}

function SectionDetails({ section, data }: { section: TaughtSection; data: SectionData }) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const byName = (a: Enrollment, b: Enrollment) =>
    a.user.displayName.localeCompare(b.user.displayName);
  const students = data.enrollments.filter((e) => e.role === 'student').sort(byName);
  const teachers = data.enrollments.filter((e) => e.role === 'instructor').sort(byName);
  const counts = countByType(data.content);
  const byObjective = useMemo(() => groupByObjective(data.content), [data.content]);

  const describe = (objective: Objective) => {
    const entries = byObjective.get(objective.id) ?? [];
    const items = entries.filter((e) => e.type === 'assessment_item').length;
    return `${entries.length - items} materials · ${items} items`;
  };

  return (
    <>
      <section className="span-full" aria-label="Course content at a glance">
        <dl className="stats">
          <div className="stat">
            <dt>Students</dt>
            <dd>{students.length}</dd>
          </div>
          <div className="stat">
            <dt>Objectives</dt>
            <dd>{data.objectives.length}</dd>
          </div>
          {CONTENT_TYPES.map((type) => (
            <div className="stat" key={type}>
              <dt>{typeHeading(type)}</dt>
              <dd>{counts[type]}</dd>
            </div>
          ))}
        </dl>
      </section>
      <Panel
        title="Course map"
        aside={`${data.objectives.length} objectives`}
        className="span-full"
      >
        <ObjectiveGraph
          objectives={data.objectives}
          prerequisites={data.prerequisites}
          selectedId={selectedId}
          onSelect={(id) => setSelectedId((current) => (current === id ? null : id))}
          describe={describe}
        />
      </Panel>
      <Panel title="Roster" aside={`${students.length} students`} className="span-full">
        {students.length === 0 ? (
          <p className="muted">No students are enrolled in this section yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Students in {section.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                </tr>
              </thead>
              <tbody>
                {students.map((enrollment) => (
                  <tr key={enrollment.id}>
                    <th scope="row">
                      <a href={routeHref('sections', section.id, 'students', enrollment.userId)}>
                        {enrollment.user.displayName}
                      </a>
                    </th>
                    <td>
                      {enrollment.user.email ? (
                        <a href={`mailto:${enrollment.user.email}`}>{enrollment.user.email}</a>
                      ) : (
                        <span className="muted">No email</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {teachers.length > 0 ? (
          <p className="roster-teachers">
            Taught by {teachers.map((t) => t.user.displayName).join(', ')}
          </p>
        ) : null}
      </Panel>
    </>
  );
}
