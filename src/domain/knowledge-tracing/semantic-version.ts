/**
 * Semantic versions of registered models. A new fit of a model is versioned against the newest
 * version of the same name in the same scope: a new parameter format is a major bump (its states
 * and parameters are not interchangeable with the old ones), new training data a minor bump, a
 * refit on the same data (new code, new seed) a patch bump. The first fit is 1.0.0.
 */

/** `[major, minor, patch]` of `x.y.z`, or null. */
export function parseVersion(version: string): [number, number, number] | null {
  const m = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Negative, zero or positive as a is before, equal to or after b; unparsable versions first. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [-1, -1, -1];
  const y = parseVersion(b) ?? [-1, -1, -1];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

export interface PreviousFit {
  version: string;
  dataHash: string;
  /** The parameter format of that fit (`SerializedModel.formatVersion`). */
  format: number;
}

/** The version of a new fit given the fits already registered under the same name and scope. */
export function nextVersion(
  previous: readonly PreviousFit[],
  fit: { dataHash: string; format: number },
): string {
  const latest = [...previous].sort((a, b) => compareVersions(b.version, a.version))[0];
  const v = latest ? parseVersion(latest.version) : null;
  if (!latest || !v) {
    return '1.0.0';
  }
  if (latest.format !== fit.format) {
    return `${v[0] + 1}.0.0`;
  }
  if (latest.dataHash !== fit.dataHash) {
    return `${v[0]}.${v[1] + 1}.0`;
  }
  return `${v[0]}.${v[1]}.${v[2] + 1}`;
}
