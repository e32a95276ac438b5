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
}

/** Ejection of failing endpoints from the load-balancing pool (circuit breaking). */
export interface OutlierDetectionOptions {
  /**
   * Consecutive server errors (gRPC UNKNOWN, INTERNAL, DATA_LOSS, UNIMPLEMENTED, UNAVAILABLE,
   * DEADLINE_EXCEEDED, and connect failures) before an endpoint is ejected.
   *
   * @default - not used
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
