/**
 * A duration as Linkerd reads it: one integer and one unit, `1500ms` or `10s` (never `1.5s` nor
 * `1m30s`). The policy controller parses route and Service annotations this way; Go's
 * `time.ParseDuration` (ServiceProfile `timeout` and `retryBudget.ttl`) accepts the same strings.
 */
export function linkerdDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) {
    throw new Error(`linkerdDuration: ${ms} is not a whole number of milliseconds`);
  }
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
