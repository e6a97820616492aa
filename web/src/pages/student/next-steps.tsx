/** The student's next steps (from the recommender), each with the reasons it was chosen. */
import type { ContentType, Recommendation } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { typeName } from '../../components/content-summary';

/** Where a piece of content opens in the student app. */
export function contentHref(courseId: string, type: ContentType, contentId: string): string {
  switch (type) {
    case 'assessment_item':
      return routeHref('courses', courseId, 'practice', contentId);
    case 'video':
      return routeHref('courses', courseId, 'watch', contentId);
    case 'reading':
    case 'interactive':
      return routeHref('courses', courseId, 'read', contentId);
  }
}

const ACTION: Record<ContentType, string> = {
  assessment_item: 'Practise',
  video: 'Watch',
  reading: 'Read',
  interactive: 'Open',
};

export function NextSteps(props: { courseId: string; items: readonly Recommendation[] }) {
  if (props.items.length === 0) {
    return (
      <p className="muted">
        Nothing to suggest right now: every objective you are ready for is mastered.
      </p>
    );
  }
  return (
    <ol className="next-steps" aria-label="Recommended next steps">
      {props.items.map((r) => (
        <li key={r.contentId} className="next-step" data-content-id={r.contentId}>
          <a className="next-step-link" href={contentHref(props.courseId, r.type, r.contentId)}>
            <span className={`content-type content-type-${r.type}`}>{typeName(r.type)}</span>{' '}
            <span className="next-step-title">
              {ACTION[r.type]}: {r.title}
            </span>
          </a>
          {r.reasons.length > 0 ? (
            <ul className="next-step-reasons" aria-label={`Why ${r.title}`}>
              {r.reasons.map((reason) => (
                <li key={reason.code}>{reason.text}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
