/** Outcomes per intervention type: how often the objective was mastered soon after. */
import { api } from '../../api/api-client';
import { Panel } from '../../components/panel';
import { ErrorMessage, LoadingMessage } from '../../components/status-message';
import { typeName } from './intervention-labels';
import { formatPercent } from './mastery-scale';
import { useVersionedResource } from './use-live-poll';

export function InterventionOutcomesPanel(props: { sectionId: string; version: string }) {
  const { state, refresh } = useVersionedResource(props.sectionId, props.version, (signal) =>
    api.getInterventionOutcomes(props.sectionId, signal),
  );
  return (
    <Panel title="Outcomes by intervention type" className="span-full">
      {state.status === 'loading' ? <LoadingMessage>Loading outcomes…</LoadingMessage> : null}
      {state.status === 'error' ? (
        <ErrorMessage error={state.error} what="the outcomes" onRetry={refresh} />
      ) : null}
      {state.data ? (
        state.data.items.length === 0 ? (
          <p className="muted">No intervention has an outcome yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">
                Outcomes by intervention type: mastered within {state.data.outcomeAttempts} answers
              </caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Interventions</th>
                  <th scope="col">Outcome known</th>
                  <th scope="col">Mastered within {state.data.outcomeAttempts} answers</th>
                  <th scope="col">Rate, delivered only</th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((row) => (
                  <tr key={row.type}>
                    <th scope="row">{typeName(row.type)}</th>
                    <td>{row.count}</td>
                    <td>{row.resolved}</td>
                    <td>
                      {row.masteredWithinK} ({formatPercent(row.rate)})
                    </td>
                    <td>{formatPercent(row.delivered.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <p className="muted panel-footer">
        Shares, not causal effects: students who get an intervention differ from those who do not.
      </p>
    </Panel>
  );
}
