/** The interventions addressed to the student (messages, hints, suggested reviews). */
import type { ContentEntry, StudentIntervention } from '../../api/api-types';
import { contentHref } from './next-steps';

const KIND: Record<string, string> = {
  next_hint: 'A hint for you',
  alternate_explanation: 'Another way to learn this',
  prerequisite_review: 'A review to help',
  student_message: 'A message for you',
  instructor_alert: 'From your instructor',
};

export function StudentInterventions(props: {
  items: readonly StudentIntervention[];
  courseId: string;
  content: readonly ContentEntry[];
}) {
  if (props.items.length === 0) {
    return <p className="muted">No messages for you right now.</p>;
  }
  const byId = new Map(props.content.map((c) => [c.id, c]));
  return (
    <ul className="intervention-list" aria-label="Messages for you">
      {props.items.map((i) => {
        const target = byId.get(i.action.contentId ?? i.action.itemId ?? '');
        return (
          <li key={i.id} className="intervention-item" data-intervention-id={i.id}>
            <p className="intervention-kind">{KIND[i.action.kind] ?? 'A note for you'}</p>
            <p>{i.action.message}</p>
            {target ? (
              <a href={contentHref(props.courseId, target.type, target.id)}>Open {target.title}</a>
            ) : null}
            <p className="muted intervention-date">
              <time dateTime={i.createdAt}>{new Date(i.createdAt).toLocaleDateString()}</time>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
