/**
 * A student's recent activity, newest first, grouped by day, with "show older" paging. A new
 * page keeps focus on the button; when the section's analytics move on, the first page reloads.
 */
import { useEffect, useRef, useState } from 'react';
import { api, describeError } from '../../api/api-client';
import type { ListPage, TimelineItem } from '../../api/api-types';
import { ErrorMessage, LoadingMessage } from '../../components/status-message';
import { RefreshProblem } from './refresh-problem';
import { groupByDay, outcomeOf } from './timeline-model';
import { useVersionedResource } from './use-live-poll';

const PAGE_SIZE = 25;
const dayHeading = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function ActivityTimeline(props: {
  studentId: string;
  courseId: string;
  version: string | null;
  objectiveTitle: (id: string | null) => string | null;
}) {
  const { studentId, courseId, version, objectiveTitle } = props;
  const first = useVersionedResource(`timeline/${studentId}/${courseId}`, version, (signal) =>
    api.getTimeline(studentId, { courseId, limit: PAGE_SIZE, cursor: null }, signal),
  );
  const [older, setOlder] = useState<ListPage<TimelineItem>[]>([]);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const firstData = first.state.data;
  const firstPageRef = useRef(firstData);

  useEffect(() => {
    // A fresh first page starts the list over; older pages would overlap it.
    if (firstPageRef.current !== firstData) {
      firstPageRef.current = firstData;
      setOlder([]);
    }
  }, [firstData]);

  if (first.state.status === 'loading') {
    return <LoadingMessage>Loading recent activity…</LoadingMessage>;
  }
  if (first.state.status === 'error' || !firstData) {
    return (
      <ErrorMessage error={first.state.error} what="recent activity" onRetry={first.refresh} />
    );
  }
  const pages = [firstData, ...older];
  const items = pages.flatMap((p) => p.items);
  const cursor = pages[pages.length - 1]?.nextCursor ?? null;

  const loadOlder = async () => {
    if (cursor === null) {
      return;
    }
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await api.getTimeline(studentId, { courseId, limit: PAGE_SIZE, cursor });
      setOlder((list) => [...list, page]);
      setAnnounce(`${page.items.length} older entries added below.`);
    } catch (error) {
      setOlderError(describeError(error));
    } finally {
      setLoadingOlder(false);
    }
  };

  if (items.length === 0) {
    return <p className="muted">No activity in this course yet.</p>;
  }
  return (
    <div className="timeline">
      <RefreshProblem error={first.state.refreshError} />
      {groupByDay(items).map((day) => (
        <section
          key={day.day}
          className="timeline-day"
          aria-label={dayHeading.format(new Date(day.items[0]?.at ?? day.day))}
        >
          <h3 className="timeline-day-heading">
            {dayHeading.format(new Date(day.items[0]?.at ?? day.day))}
          </h3>
          <ol className="timeline-list">
            {day.items.map((item, index) => {
              const outcome = outcomeOf(item);
              const objective = objectiveTitle(item.objectiveId);
              return (
                <li key={`${item.at}-${index}`} className={`timeline-item timeline-${item.kind}`}>
                  <time dateTime={item.at}>{timeOfDay.format(new Date(item.at))}</time>
                  <span className="timeline-text">
                    {item.text}
                    {outcome ? (
                      <span className={`outcome outcome-${outcome}`}>
                        {' '}
                        {outcome === 'correct' ? '✓ correct' : '✗ incorrect'}
                      </span>
                    ) : null}
                    {objective && !item.text.includes(objective) ? (
                      <span className="muted"> · {objective}</span>
                    ) : null}
                  </span>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {olderError ? (
        <p className="form-error" role="alert">
          Could not load older activity. {olderError}
        </p>
      ) : null}
      {cursor !== null ? (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void loadOlder()}
          disabled={loadingOlder}
        >
          {loadingOlder ? 'Loading…' : 'Show older activity'}
        </button>
      ) : (
        <p className="muted">That is all the activity in this course.</p>
      )}
    </div>
  );
}
