/** The students at risk, highest risk first, each with the reasons the analytics gave. */
import type { Objective, SectionAtRisk } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { formatPercent } from './mastery-scale';
import { formatDateTime, formatRelative } from './format-time';

export function AtRiskList(props: {
  sectionId: string;
  atRisk: SectionAtRisk;
  objectives: readonly Objective[];
}) {
  const { sectionId, atRisk, objectives } = props;
  if (atRisk.students.length === 0) {
    return <p className="muted">No student is flagged at risk right now.</p>;
  }
  const titleOf = (id: string | null) =>
    id === null ? null : (objectives.find((o) => o.id === id)?.title ?? null);
  return (
    <ol className="at-risk-list">
      {atRisk.students.map((student) => (
        <li key={student.studentId} className="at-risk-item">
          <div className="at-risk-head">
            <h3>
              <a href={routeHref('sections', sectionId, 'students', student.studentId)}>
                {student.name}
              </a>
            </h3>
            <span className="risk-badge" data-level={riskLevel(student.risk)}>
              Risk {formatPercent(student.risk)}
            </span>
            <span className="muted at-risk-active">
              {student.lastActiveAt ? (
                <>
                  Last active{' '}
                  <time
                    dateTime={student.lastActiveAt}
                    title={formatDateTime(student.lastActiveAt)}
                  >
                    {formatRelative(student.lastActiveAt, Date.now())}
                  </time>
                </>
              ) : (
                'Never active'
              )}
            </span>
          </div>
          <ul className="reason-list" aria-label={`Why ${student.name} is flagged`}>
            {student.reasons.map((reason, index) => {
              const objective = titleOf(reason.objectiveId);
              return (
                <li key={`${reason.code}-${index}`}>
                  {reason.text}
                  {objective ? <span className="reason-objective"> · {objective}</span> : null}
                  {reason.since ? (
                    <span className="muted">
                      {' '}
                      · since <time dateTime={reason.since}>{formatDateTime(reason.since)}</time>
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function riskLevel(risk: number): 'high' | 'medium' | 'low' {
  return risk >= 0.7 ? 'high' : risk >= 0.4 ? 'medium' : 'low';
}
