/**
 * A reading page. The time it is visible (hidden tabs do not count) is reported as one
 * `content_viewed` event with `durationMs` through `POST /v1/events`: when the student says they
 * have finished, or else when they leave the page.
 */
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../api/api-client';
import type { ContentEntry } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { usePageHeading } from '../../app/use-page-heading';
import { Panel } from '../../components/panel';
import { postLearningEvents } from './learning-events';

interface ReadingPageProps {
  studentId: string;
  courseId: string;
  entry: ContentEntry;
}

/** Visible time on the page in milliseconds, paused while the tab is hidden. */
function useVisibleTime() {
  const total = useRef(0);
  const since = useRef<number | null>(document.hidden ? null : performance.now());
  useEffect(() => {
    const onChange = () => {
      if (document.hidden && since.current !== null) {
        total.current += performance.now() - since.current;
        since.current = null;
      } else if (!document.hidden && since.current === null) {
        since.current = performance.now();
      }
    };
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return () =>
    Math.round(total.current + (since.current === null ? 0 : performance.now() - since.current));
}

export function ReadingPage({ studentId, courseId, entry }: ReadingPageProps) {
  const headingRef = usePageHeading(entry.title, entry.id);
  const elapsed = useVisibleTime();
  const sent = useRef(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const record = (leaving: boolean) => {
    if (sent.current) {
      return Promise.resolve();
    }
    sent.current = true;
    const durationMs = Math.min(86_400_000, elapsed());
    return postLearningEvents(
      { studentId, courseId },
      [{ type: 'content_viewed', contentId: entry.id, durationMs }],
      leaving,
    ).then(
      () => setStatus(`Recorded ${Math.round(durationMs / 1000)} s of reading.`),
      (e: unknown) => {
        sent.current = false;
        setError(`Could not record your reading: ${describeError(e)}`);
      },
    );
  };
  const recordRef = useRef(record);
  recordRef.current = record;
  useEffect(() => () => void recordRef.current(true), []);

  const paragraphs = (entry.media?.body ?? entry.description ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

  return (
    <>
      <p className="breadcrumb">
        <a href={routeHref('courses', courseId)}>← Back to the course</a>
      </p>
      <h1 ref={headingRef} tabIndex={-1}>
        {entry.title}
      </h1>
      <div className="page-grid">
        <Panel
          title="Reading"
          aside={entry.media?.estimatedMinutes ? `${entry.media.estimatedMinutes} min` : undefined}
          className="span-full"
        >
          <article className="reading-body">
            {paragraphs.length === 0 ? (
              <p className="muted">This reading has no text yet.</p>
            ) : null}
            {paragraphs.map((p, i) =>
              /^#{1,6}\s/.test(p) ? (
                <h3 key={i}>{p.replace(/^#{1,6}\s+/, '')}</h3>
              ) : (
                <p key={i}>{p.replace(/\*\*/g, '')}</p>
              ),
            )}
          </article>
          <div className="practice-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={status !== ''}
              onClick={() => void record(false)}
            >
              I have finished reading
            </button>
          </div>
          <p className="muted" role="status" aria-live="polite">
            {status}
          </p>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </Panel>
      </div>
    </>
  );
}
