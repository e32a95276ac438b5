// PromQL for the canary analysis, per mesh. gRPC errors are HTTP 200 with a `grpc-status` trailer, so
// the success rate counts gRPC statuses, never HTTP codes alone.

/** The gRPC statuses counted as the canary's failures on Istio: server-side errors, not the caller's. */
export const ISTIO_FAILURE_STATUSES: readonly { code: number; name: string }[] = [
  { code: 2, name: 'UNKNOWN' },
  { code: 4, name: 'DEADLINE_EXCEEDED' },
  { code: 12, name: 'UNIMPLEMENTED' },
  { code: 13, name: 'INTERNAL' },
  { code: 14, name: 'UNAVAILABLE' },
  { code: 15, name: 'DATA_LOSS' },
];

/** The mesh whose proxy metrics a query reads. */
export enum MetricsMesh {
  ISTIO = 'ISTIO',
  LINKERD = 'LINKERD',
}

/**
 * Which pods are the canary, as PromQL label matchers (without braces), in the controller's template
 * syntax: e.g. Flagger's `destination_workload=~"{{ target }}"`, or Argo Rollouts' pod-name prefix.
 */
export interface CanaryPods {
  readonly istio: string;
  readonly linkerd: string;
  /** The rate window, e.g. Flagger's `{{ interval }}` or a literal `1m`. */
  readonly window: string;
}

/** The percentage of the canary's calls that did not fail (no data when it got no calls). */
export function successRateQuery(mesh: MetricsMesh, pods: CanaryPods): string {
  if (mesh === MetricsMesh.ISTIO) {
    const base = `reporter="destination", ${pods.istio}`;
    const statuses = ISTIO_FAILURE_STATUSES.map((s) => s.code).join('|');
    const failed = [
      `sum(rate(istio_requests_total{${base}, grpc_response_status=~"${statuses}"}[${pods.window}]))`,
      // A failure before any gRPC status was set (e.g. an HTTP 5xx from a non-gRPC hop).
      `sum(rate(istio_requests_total{${base}, grpc_response_status="", response_code=~"5.."}[${pods.window}]))`,
    ];
    const total = `sum(rate(istio_requests_total{${base}}[${pods.window}]))`;
    return `100 - 100 * ((${failed[0]} or vector(0)) + (${failed[1]} or vector(0))) / ${total}`;
  }
  // Linkerd classifies a gRPC response by its grpc-status: any status but OK is a failure.
  const base = `direction="inbound", ${pods.linkerd}`;
  const failed = `sum(rate(response_total{${base}, classification="failure"}[${pods.window}]))`;
  const total = `sum(rate(response_total{${base}}[${pods.window}]))`;
  return `100 - 100 * (${failed} or vector(0)) / ${total}`;
}

/** The canary's 99th-percentile call latency in milliseconds. */
export function latencyQuery(mesh: MetricsMesh, pods: CanaryPods): string {
  if (mesh === MetricsMesh.ISTIO) {
    return `histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination", ${pods.istio}}[${pods.window}])) by (le))`;
  }
  return `histogram_quantile(0.99, sum(rate(response_latency_ms_bucket{direction="inbound", ${pods.linkerd}}[${pods.window}])) by (le))`;
}

/** The Prometheus each mesh's standard install runs. */
export function defaultPrometheus(mesh: MetricsMesh): string {
  return mesh === MetricsMesh.ISTIO ? 'http://prometheus.istio-system:9090' : 'http://prometheus.linkerd-viz:9090';
}
