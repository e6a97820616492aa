/**
 * The student's view: their courses, and for the chosen course their next steps (with reasons),
 * their mastery drawn over the prerequisite map, the interventions addressed to them, and the
 * materials per objective. `#/courses/<id>/practice|watch|read/<contentId>` open a practice
 * item, a video or a reading (pages under `pages/student/`).
 */
import { useMemo, useState } from 'react';
import { api } from '../api/api-client';
import type {
  ContentEntry,
  Course,
  MasteryEntry,
  Objective,
  Prerequisite,
  RecommendationsReply,
  StudentIntervention,
} from '../api/api-types';
import { routeHref, useRoute } from '../app/hash-route';
import { useSession } from '../app/session-context';
import { usePageHeading } from '../app/use-page-heading';
import { useResource } from '../app/use-resource';
import { countLabel, durationOf, groupByObjective, typeName } from '../components/content-summary';
import { Panel } from '../components/panel';
import { ShellLayout } from '../components/shell-layout';
import { SideNav } from '../components/side-nav';
import { ErrorMessage, LoadingMessage } from '../components/status-message';
import { layerObjectives } from '../objective-graph/layer-objectives';
import { ObjectiveGraph } from '../objective-graph/objective-graph';
import { masteryLook } from './student/mastery-tone';
import { NextSteps, contentHref } from './student/next-steps';
import { StudentInterventions } from './student/interventions-list';
import { PracticePage } from './student/practice-page';
import { ReadingPage } from './student/reading-page';
import { VideoPage } from './student/video-page';

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
        <CourseView
          key={current.courseId}
          course={current}
          studentId={session.user.id}
          subpage={current.courseId === requested ? route.slice(2) : []}
        />
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

function CourseView(props: {
  course: EnrolledCourse;
  studentId: string;
  /** The route after `courses/<id>`: `[]`, or `[practice|watch|read, contentId]`. */
  subpage: readonly string[];
}) {
  const { course, studentId, subpage } = props;
  const { state, reload } = useResource(course.courseId, (signal) =>
    loadCourse(course.courseId, signal),
  );
  const [kind, contentId] = subpage;
  if (state.status === 'ready' && kind && contentId) {
    const data = state.data;
    const entry = data.content.find((c) => c.id === contentId);
    const threshold = data.course?.masteryThreshold ?? 0.9;
    if (kind === 'practice') {
      return (
        <PracticePage
          key={contentId}
          studentId={studentId}
          courseId={course.courseId}
          itemId={contentId}
          objectives={data.objectives}
          masteryThreshold={threshold}
        />
      );
    }
    if (entry && kind === 'watch' && entry.type === 'video') {
      return (
        <VideoPage key={entry.id} studentId={studentId} courseId={course.courseId} entry={entry} />
      );
    }
    if (entry && kind === 'read') {
      return (
        <ReadingPage
          key={entry.id}
          studentId={studentId}
          courseId={course.courseId}
          entry={entry}
        />
      );
    }
  }
  return (
    <CourseOverview
      course={course}
      studentId={studentId}
      state={state}
      reload={reload}
      missing={kind !== undefined && state.status === 'ready'}
    />
  );
}

function CourseOverview(props: {
  course: EnrolledCourse;
  studentId: string;
  state: ReturnType<typeof useResource<CourseData>>['state'];
  reload: () => void;
  /** A sub-page was asked for that does not exist. */
  missing: boolean;
}) {
  const { course, state, reload } = props;
  const headingRef = usePageHeading(course.courseTitle, course.courseId);
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
      {props.missing ? (
        <p className="error-message" role="alert">
          That page does not exist in this course.
        </p>
      ) : null}
      {state.status === 'loading' ? <LoadingMessage>Loading your course…</LoadingMessage> : null}
      {state.status === 'error' ? (
        <ErrorMessage error={state.error} what="this course" onRetry={reload} />
      ) : null}
      {state.status === 'ready' ? (
        <CourseDetails data={state.data} studentId={props.studentId} courseId={course.courseId} />
      ) : null}
    </>
  );
}

interface LearnerData {
  recommendations: RecommendationsReply;
  mastery: MasteryEntry[];
  interventions: StudentIntervention[];
}

async function loadLearner(
  studentId: string,
  courseId: string,
  signal: AbortSignal,
): Promise<LearnerData> {
  const [recommendations, mastery, interventions] = await Promise.all([
    api.getRecommendations(studentId, courseId, signal),
    api.getMastery(studentId, courseId, signal),
    api.listStudentInterventions(studentId, signal),
  ]);
  return {
    recommendations,
    mastery,
    interventions: interventions.filter((i) => i.courseId === courseId),
  };
}

function CourseDetails({
  data,
  studentId,
  courseId,
}: {
  data: CourseData;
  studentId: string;
  courseId: string;
}) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Loaded afresh each time the overview is shown, so practice elsewhere is reflected.
  const learner = useResource(`${studentId}/${courseId}`, (signal) =>
    loadLearner(studentId, courseId, signal),
  );
  const threshold = data.course?.masteryThreshold ?? 0.9;
  const masteryOf = useMemo(
    () =>
      new Map(
        (learner.state.status === 'ready' ? learner.state.data.mastery : []).map((m) => [
          m.objectiveId,
          m.pMastery,
        ]),
      ),
    [learner.state],
  );
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

  const showMaterials = (id: string) => {
    const heading = document.getElementById(`objective-${id}`);
    heading?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    heading?.focus({ preventScroll: true });
  };

  return (
    <div className="page-grid">
      <Panel
        title="Your mastery map"
        aside="Colour and words show your mastery"
        className="span-full"
      >
        <ObjectiveGraph
          objectives={data.objectives}
          prerequisites={data.prerequisites}
          selectedId={selectedId}
          onSelect={(id) => setSelectedId((current) => (current === id ? null : id))}
          describe={(o) => masteryLook(masteryOf.get(o.id), threshold).text}
          tone={(o) => masteryLook(masteryOf.get(o.id), threshold).tone}
        />
        <ul className="mastery-legend" aria-label="Legend">
          <li className="mastery-legend-none">Not started</li>
          <li className="mastery-legend-low">Needs practice (below 50%)</li>
          <li className="mastery-legend-developing">Learning</li>
          <li className="mastery-legend-mastered">
            Mastered ({Math.round(threshold * 100)}% or more)
          </li>
        </ul>
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
      <Panel title="Your next steps" className="span-half">
        {learner.state.status === 'loading' ? (
          <LoadingMessage>Finding your next steps…</LoadingMessage>
        ) : null}
        {learner.state.status === 'error' ? (
          <ErrorMessage
            error={learner.state.error}
            what="your next steps"
            onRetry={learner.reload}
          />
        ) : null}
        {learner.state.status === 'ready' ? (
          <NextSteps courseId={courseId} items={learner.state.data.recommendations.items} />
        ) : null}
      </Panel>
      <Panel title="Messages for you" className="span-half">
        {learner.state.status === 'ready' ? (
          <StudentInterventions
            items={learner.state.data.interventions}
            courseId={courseId}
            content={data.content}
          />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </Panel>
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
                courseId={courseId}
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
  courseId: string;
}

function ObjectiveMaterials(props: ObjectiveMaterialsProps) {
  const { objective, entries, buildsOn, selected, courseId } = props;
  const study = entries.filter((e) => e.type !== 'assessment_item');
  const items = entries.filter((e) => e.type === 'assessment_item');
  const practice = items.length;
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
                  <a className="content-title" href={contentHref(courseId, entry.type, entry.id)}>
                    {entry.title}
                  </a>
                  <ContentLink entry={entry} />
                  {duration ? <span className="content-duration"> · {duration}</span> : null}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {items.length > 0 ? (
        <ul className="content-list practice-list" aria-label={`Practice for ${objective.title}`}>
          {items.map((item) => (
            <li key={item.id} className="content-item">
              <span className="content-type content-type-assessment_item">Practice</span>
              <span className="content-body">
                <a className="content-title" href={contentHref(courseId, item.type, item.id)}>
                  {item.title}
                </a>
              </span>
            </li>
          ))}
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

/** The original media link, when there is one. */
function ContentLink({ entry }: { entry: ContentEntry }) {
  const url = entry.media?.url;
  if (url && isWebLink(url)) {
    return (
      <a className="content-source" href={url} target="_blank" rel="noopener noreferrer">
        {' '}
        (source<span className="visually-hidden">, opens in a new tab</span>)
      </a>
    );
  }
  return null;
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
