import { Duration } from 'cdk8s';

/** Limits on the connections and requests each client proxy opens to the service. */
export interface ConnectionPoolOptions {
  /**
   * Maximum TCP connections to the service, per client proxy.
   *
   * @default - unlimited (the mesh default)
   */
  readonly maxConnections?: number;

  /**
   * TCP connect timeout.
   *
   * @default - the mesh default (10s on Istio)
   */
  readonly connectTimeout?: Duration;

  /**
   * Maximum concurrent requests (HTTP/2 streams, each gRPC call counts for its life) to the
   * whole service, per client proxy.
   *
   * @default - unlimited (the mesh default)
   */
  readonly maxRequests?: number;

  /**
   * Maximum requests over one connection's lifetime (`1` turns keep-alive off).
   *
   * @default - unlimited
   */
  readonly maxRequestsPerConnection?: number;

  /**
   * Maximum concurrent HTTP/2 streams per connection.
   *
   * @default - the mesh default
   */
  readonly maxConcurrentStreams?: number;

  /**
   * How long a connection may stay without active requests before it is closed.
   *
   * @default - the mesh default (1h on Istio)
   */
  readonly idleTimeout?: Duration;

  /**
   * The retry budget: the most retries outstanding at once to the whole service, per client
   * proxy (Istio `connectionPool.http.maxRetries`, Envoy's `max_retries` circuit breaker). A retry
   * over the budget is not made: the call fails with the try's error. Istio's own default is
   * unlimited, so an outage multiplies the load by the attempts. Not supported on Linkerd, which
   * bounds retries per call (`retry.attempts`) or by its ServiceProfile retry budget.
   *
   * @default - 10 on Istio when any route retries (DEFAULT_MAX_RETRIES); unset otherwise
   */
  readonly maxRetries?: number;
}

/**
 * The retry budget (`connectionPool.http.maxRetries`) given on Istio when a route retries and
 * `connectionPool.maxRetries` is unset: 10 retries outstanding at once per client proxy, above
 * Envoy's own 3 (which Istio found too low while pods churn), far below Istio's unlimited default.
 */
export const DEFAULT_MAX_RETRIES = 10;

/** Ejection of failing endpoints from the load-balancing pool (circuit breaking). */
export interface OutlierDetectionOptions {
  /**
   * Consecutive failures before an endpoint is ejected. On Istio: server errors (gRPC UNKNOWN,
   * INTERNAL, DATA_LOSS, UNIMPLEMENTED, UNAVAILABLE, DEADLINE_EXCEEDED, and connect failures).
   * On Linkerd: failure accrual's failures (UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED,
   * INTERNAL, UNAVAILABLE, DATA_LOSS).
   *
   * @default - not used: on Istio `consecutive5xxErrors: 0` is written, as Envoy would otherwise
   * eject after 5 server errors
   */
  readonly consecutive5xxErrors?: number;

  /**
   * Consecutive gateway errors (gRPC UNAVAILABLE, DEADLINE_EXCEEDED and connect failures)
   * before an endpoint is ejected.
   *
   * @default - not used
   */
  readonly consecutiveGatewayErrors?: number;

  /**
   * How often endpoints are checked.
   *
   * @default - the mesh default (10s on Istio)
   */
  readonly interval?: Duration;

  /**
   * The minimum ejection time; it grows with each further ejection.
   *
   * @default - the mesh default (30s on Istio)
   */
  readonly baseEjectionTime?: Duration;

  /**
   * The most endpoints (percent, 0-100) that can be ejected at once.
   *
   * @default - the mesh default (10 on Istio)
   */
  readonly maxEjectionPercent?: number;

  /**
   * Below this share of healthy endpoints (percent, 0-100), ejection stops (panic mode).
   *
   * @default - the mesh default (0 on Istio)
   */
  readonly minHealthPercent?: number;
}
