import { Duration } from 'cdk8s';

/**
 * A native Kubernetes gRPC probe (`grpc.health.v1.Health/Check`).
 */
export interface GrpcProbeOptions {
  /**
   * The service name sent in the health check request.
   *
   * @default - the server's overall health ("")
   */
  readonly service?: string;

  /**
   * Time after the container starts before the first probe.
   *
   * @default - 5s for readiness, 15s for liveness
   */
  readonly initialDelay?: Duration;

  /**
   * Time between probes.
   *
   * @default - 10s for readiness, 20s for liveness
   */
  readonly period?: Duration;

  /**
   * Time a probe may take (whole seconds).
   *
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive failures before the probe is considered failed.
   *
   * @default 3
   */
  readonly failureThreshold?: number;
}
