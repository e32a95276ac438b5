import { AccessLogFilter } from './access-log-filter';

/** Distributed tracing of the service's calls. */
export interface TracingOptions {
  /** The share of calls traced, in percent (0-100, fractions allowed). */
  readonly samplingPercentage: number;

  /**
   * Tag every span with the gRPC method (`grpc.method`, from the `:path` header).
   *
   * @default true
   */
  readonly tagGrpcMethod?: boolean;
}

/** Tracing and access logging for the service. */
export interface TelemetryOptions {
  /**
   * Tracing.
   *
   * @default - the mesh-wide tracing configuration
   */
  readonly tracing?: TracingOptions;

  /**
   * Access logging, with the calls it keeps.
   *
   * @default - the mesh-wide access log configuration
   */
  readonly accessLogging?: AccessLogFilter;
}
