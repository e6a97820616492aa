/** Loading and error messages, announced to assistive technology. */
import { describeError } from '../api/api-client';

export function LoadingMessage({ children }: { children: string }) {
  return (
    <p className="status-message" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

export function ErrorMessage(props: { error: unknown; what: string; onRetry?: () => void }) {
  return (
    <div className="error-message" role="alert">
      <p>
        <strong>Could not load {props.what}.</strong> {describeError(props.error)}
      </p>
      {props.onRetry ? (
        <button type="button" className="button button-secondary" onClick={props.onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
