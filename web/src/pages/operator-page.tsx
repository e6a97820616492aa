/** The operator's view: every tenant (institution) this deployment serves. */
import { api } from '../api/api-client';
import { usePageHeading } from '../app/use-page-heading';
import { useResource } from '../app/use-resource';
import { Panel } from '../components/panel';
import { ShellLayout } from '../components/shell-layout';
import { ErrorMessage, LoadingMessage } from '../components/status-message';

export function OperatorPage() {
  const headingRef = usePageHeading('Tenants', 'tenants');
  const { state, reload } = useResource('tenants', (signal) => api.listTenants(signal));
  const tenants =
    state.status === 'ready' ? [...state.data].sort((a, b) => a.name.localeCompare(b.name)) : [];
  return (
    <ShellLayout>
      <div className="page-heading">
        <h1 ref={headingRef} tabIndex={-1}>
          Tenants
        </h1>
        <p className="page-subtitle">Institutions served by this deployment.</p>
      </div>
      {state.status === 'loading' ? <LoadingMessage>Loading tenants…</LoadingMessage> : null}
      {state.status === 'error' ? (
        <ErrorMessage error={state.error} what="tenants" onRetry={reload} />
      ) : null}
      {state.status === 'ready' ? (
        <Panel title="All tenants" aside={`${tenants.length} total`}>
          {tenants.length === 0 ? (
            <p className="muted">No tenants yet.</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Slug</th>
                    <th scope="col">Id</th>
                  </tr>
                </thead>
                <tbody>
                  {tenants.map((tenant) => (
                    <tr key={tenant.id}>
                      <th scope="row">{tenant.name}</th>
                      <td>
                        <code>{tenant.slug}</code>
                      </td>
                      <td>
                        <code className="id">{tenant.id}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      ) : null}
    </ShellLayout>
  );
}
