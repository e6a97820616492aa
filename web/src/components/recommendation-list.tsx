/**
 * A student's next steps as the recommendation API returns them: title, type, objective and
 * every reason, in rank order. Shared so an instructor sees exactly what the student sees.
 */
import type { ContentType, Recommendations } from '../api/api-types';
import { typeName } from './content-summary';

export function RecommendationList(props: {
  recommendations: Recommendations;
  objectiveTitle: (objectiveId: string) => string | null;
  /** The level of each recommendation's heading within the page. */
  headingLevel: 2 | 3 | 4;
}) {
  const { recommendations, objectiveTitle, headingLevel } = props;
  const Heading = `h${headingLevel}` as const;
  if (recommendations.items.length === 0) {
    return <p className="muted">No recommendation right now: everything ready is mastered.</p>;
  }
  return (
    <>
      {recommendations.degraded ? (
        <p className="notice">
          The learner model is unavailable, so these are ranked by simple rules (readiness, then
          popularity).
        </p>
      ) : null}
      <ol className="recommendation-list">
        {recommendations.items.map((item) => (
          <li key={item.contentId} className="recommendation">
            <Heading className="recommendation-title">{item.title}</Heading>
            <p className="recommendation-meta muted">
              {contentTypeName(item.type)}
              {objectiveTitle(item.objectiveId) ? ` · ${objectiveTitle(item.objectiveId)}` : ''}
            </p>
            <ul className="recommendation-reasons" aria-label="Why this is recommended">
              {item.reasons.map((reason) => (
                <li key={reason.code}>{reason.text}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </>
  );
}

const CONTENT_TYPES: readonly string[] = ['video', 'reading', 'interactive', 'assessment_item'];

function contentTypeName(type: string): string {
  return CONTENT_TYPES.includes(type) ? typeName(type as ContentType) : type.replace(/_/g, ' ');
}
