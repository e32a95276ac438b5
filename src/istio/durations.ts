/** Istio reads durations as protobuf JSON: seconds with an optional fraction (`1.5s`). */
export function istioDuration(ms: number): string {
  return `${ms / 1000}s`;
}
