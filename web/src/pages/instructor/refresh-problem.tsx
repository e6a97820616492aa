/** A quiet note when a live poll failed and older data is still shown. */
import { describeError } from '../../api/api-client';

export function RefreshProblem({ error }: { error: unknown }) {
  if (error === null || error === undefined) {
    return null;
  }
  return (
    <p className="refresh-problem">
      Live updates paused: {describeError(error)} Showing the last data received; retrying every 5
      s.
    </p>
  );
}
