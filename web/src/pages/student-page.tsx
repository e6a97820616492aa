/**
 * The student's view: their courses, and for the chosen course its objective map and the
 * materials for each objective. Recommendations and mastery are placeholders until the learner
 * model reports them.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/api-client';
import type { ContentEntry, Course, Objective, Prerequisite } from '../api/api-types';
import { routeHref, useRoute } from '../app/hash-route';
import { useSession } from '../app/session-context';
import { usePageHeading } from '../app/use-page-heading';
import { useResource } from '../app/use-resource';
import { countLabel, durationOf, groupByObjective, typeName } from '../components/content-summary';
import { Panel, PlaceholderPanel } from '../components/panel';
import { ShellLayout } from '../components/shell-layout';
import { SideNav } from '../components/side-nav';
import { ErrorMessage, LoadingMessage } from '../components/status-message';
import { layerObjectives } from '../objective-graph/layer-objectives';
import { ObjectiveGraph } from '../objective-graph/objective-graph';

interface EnrolledCourse {
  courseId: string;
  courseTitle: string;
  sectionNames: string[];
}

export function StudentPage() {
  const { session } = useSession();
  const route = useRoute();
  const courses = useMemo(() => {
    const byCourse = new Map<string, EnrolledCourse>();
    for (const section of session.sections) {
      if (section.role !== 'student') {
        continue;
      }
      const course = byCourse.get(section.courseId);
      if (course) {
        course.sectionNames.push(section.name);
      } else {
        byCourse.set(section.courseId, {
          courseId: section.courseId,
          courseTitle: section.courseTitle,
          sectionNames: [section.name],
        });
      }
    }
    return [...byCourse.values()].sort((a, b) => a.courseTitle.localeCompare(b.courseTitle));
  }, [session.sections]);

  const requested = route[0] === 'courses' ? route[1] : undefined;
  const current = courses.find((c) => c.courseId === requested) ?? courses[0];

  const nav =
    courses.length > 0 ? (
      <SideNav
        label="Your courses"
        groups={[
          {
            links: courses.map((course) => ({
              href: routeHref('courses', course.courseId),
              text: course.courseTitle,
              detail: course.sectionNames.join(', '),
              current: course.courseId === current?.courseId,
            })),
          },
        ]}
      />
    ) : undefined;

  return (
    <ShellLayout nav={nav}>
      {current ? (
        <CourseView key={current.courseId} course={current} />
      ) : (
        <NoCourses firstName={session.user.displayName} />
      )}
    </ShellLayout>
  );
}

function NoCourses({ firstName }: { firstName: string }) {
  const headingRef = usePageHeading('Your courses', 'none');
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Welcome, {firstName}
      </h1>
      <p className="muted">
        You are not enrolled in a course yet. Once your instructor adds you to a section, it will
        appear here.
      </p>
    </>
  );
}

interface CourseData {
  course: Course | null;
  objectives: Objective[];
  prerequisites: Prerequisite[];
  content: ContentEntry[];
}

async function loadCourse(courseId: string, signal: AbortSignal): Promise<CourseData> {
  const [objectives, prerequisites, content, course] = await Promise.all([
    api.listObjectives(courseId, signal),
    api.listPrerequisites(courseId, signal),
    api.listContent(courseId, signal),
    // The description is a nicety: the page still works if the course list is not readable.
    api
      .listCourses(signal)
      .then((list) => list.find((c) => c.id === courseId) ?? null)
      .catch(() => null),
  ]);
  return { course, objectives, prerequisites, content };
}

function CourseView({ course }: { course: EnrolledCourse }) {
  const headingRef = usePageHeading(course.courseTitle, course.courseId);
  const { state, reload } = useResource(course.courseId, (signal) =>
    loadCourse(course.courseId, signal),
  );
  return (
    <>
      <div className="page-heading">
        <h1 ref={headingRef} tabIndex={-1}>
          {course.courseTitle}
        </h1>
        <p className="page-subtitle">
          {state.status === 'ready' && state.data.course ? `${state.data.course.code} · ` : ''}
          {course.sectionNames.join(', ')}
        </p>
        {state.status === 'ready' && state.data.course?.description ? (
          <p className="page-description">{state.data.course.description}</p>
        ) : null}
      </div>
      {state.status === 'loading' ? <LoadingMessage>Loading your course…</LoadingMessage> : null}
      {state.status === 'error' ? (
        <ErrorMessage error={state.error} what="this course" onRetry={reload} />
      ) : null}
      {state.status === 'ready' ? <CourseDetails data={state.data} /> : null}
    </>
  );
}

function CourseDetails({ data }: { data: CourseData }) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const byObjective = useMemo(() => groupByObjective(data.content), [data.content]);
  const ordered = useMemo(() => {
    const { layers } = layerObjectives(data.objectives, data.prerequisites);
    const byId = new Map(data.objectives.map((o) => [o.id, o]));
    return layers.flatMap((layer) =>
      layer.flatMap((id) => byId.get(id) ?? []).sort((a, b) => a.position - b.position),
    );
  }, [data.objectives, data.prerequisites]);
  const titleOf = useMemo(
    () => new Map(data.objectives.map((o) => [o.id, o.title])),
    [data.objectives],
  );
  const selected = ordered.find((o) => o.id === selectedId);

  const describe = (objective: Objective) => {
    const entries = byObjective.get(objective.id) ?? [];
    const practice = entries.filter((e) => e.type === 'assessment_item').length;
    const study = entries.length - practice;
    if (entries.length === 0) {
      return 'No materials yet';
    }
    return `${study} to study · ${practice} practice`;
  };

  const showMaterials = (id: string) => {
    const heading = document.getElementById(`objective-${id}`);
    heading?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    heading?.focus({ preventScroll: true });
  };

  return (
    <div className="page-grid">
      <Panel
        title="Learning map"
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
        {selected ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => showMaterials(selected.id)}
          >
            Show materials for {selected.title}
          </button>
        ) : null}
      </Panel>
      <PlaceholderPanel
        title="Your next steps"
        badge="Not yet available"
        when="Appears once you start practising."
        className="span-half"
      >
        Pathwise will suggest the next three things to work on here, each with the reason it was
        chosen.
      </PlaceholderPanel>
      <PlaceholderPanel
        title="Your mastery"
        badge="Not yet available"
        when="Appears once you start practising."
        className="span-half"
      >
        Your estimated mastery of each objective will show here as you answer practice items.
      </PlaceholderPanel>
      <Panel title="Objectives and materials" className="span-full">
        {ordered.length === 0 ? (
          <p className="muted">This course has no objectives yet.</p>
        ) : (
          <ol className="objective-list">
            {ordered.map((objective) => (
              <ObjectiveMaterials
                key={objective.id}
                objective={objective}
                entries={byObjective.get(objective.id) ?? []}
                buildsOn={data.prerequisites
                  .filter((p) => p.objectiveId === objective.id)
                  .flatMap((p) => titleOf.get(p.prerequisiteId) ?? [])}
                selected={objective.id === selectedId}
              />
            ))}
          </ol>
        )}
      </Panel>
    </div>
  );
}

interface ObjectiveMaterialsProps {
  objective: Objective;
  entries: readonly ContentEntry[];
  /** Titles of its direct prerequisites. */
  buildsOn: readonly string[];
  selected: boolean;
}

function ObjectiveMaterials({ objective, entries, buildsOn, selected }: ObjectiveMaterialsProps) {
  const study = entries.filter((e) => e.type !== 'assessment_item');
  const practice = entries.length - study.length;
  return (
    <li className={selected ? 'objective-card objective-card-selected' : 'objective-card'}>
      <h3 id={`objective-${objective.id}`} tabIndex={-1}>
        {objective.title}
      </h3>
      {objective.description ? <p className="muted">{objective.description}</p> : null}
      <p className="objective-meta">
        {buildsOn.length > 0 ? `Builds on ${buildsOn.join(', ')}` : 'No prerequisites'}
      </p>
      {study.length > 0 ? (
        <ul className="content-list">
          {study.map((entry) => {
            const duration = durationOf(entry);
            return (
              <li key={entry.id} className="content-item">
                <span className={`content-type content-type-${entry.type}`}>
                  {typeName(entry.type)}
                </span>
                <span className="content-body">
                  <ContentTitle entry={entry} />
                  {duration ? <span className="content-duration"> · {duration}</span> : null}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <p className="objective-practice">
        {practice > 0
          ? countLabel('assessment_item', practice)
          : study.length === 0
            ? 'No materials yet.'
            : 'No practice items yet.'}
      </p>
    </li>
  );
}

function ContentTitle({ entry }: { entry: ContentEntry }) {
  const url = entry.media?.url;
  if (url && isWebLink(url)) {
    return (
      <a className="content-title" href={url} target="_blank" rel="noopener noreferrer">
        {entry.title}
        <span className="visually-hidden"> (opens in a new tab)</span>
      </a>
    );
  }
  return <span className="content-title">{entry.title}</span>;
}

/** Only http(s) links are followed; anything else (javascript:, data:) is shown as text. */
function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url, window.location.origin);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
