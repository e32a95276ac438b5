/** How a gRPC method streams. */
export enum Streaming {
  /** One request, one response. */
  UNARY = 'UNARY',
  /** A stream of requests, one response. */
  CLIENT = 'CLIENT',
  /** One request, a stream of responses. */
  SERVER = 'SERVER',
  /** Streams in both directions. */
  BIDIRECTIONAL = 'BIDIRECTIONAL',
}

/**
 * A condition on which the mesh retries a call.
 *
 * The gRPC conditions match the `grpc-status` of a trailers-only response; the
 * connection conditions match failures before any response arrived.
 */
export enum RetryOn {
  /** gRPC status CANCELLED (1). */
  CANCELLED = 'cancelled',
  /** gRPC status DEADLINE_EXCEEDED (4). */
  DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** gRPC status INTERNAL (13). */
  INTERNAL = 'internal',
  /** gRPC status RESOURCE_EXHAUSTED (8); retrying it amplifies overload. */
  RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** gRPC status UNAVAILABLE (14): the server did not process the call. */
  UNAVAILABLE = 'unavailable',
  /** The connection to the upstream could not be established. */
  CONNECT_FAILURE = 'connect-failure',
  /** The upstream refused the stream with REFUSED_STREAM. */
  REFUSED_STREAM = 'refused-stream',
  /** The upstream reset the connection or stream before responding. */
  RESET = 'reset',
}

/**
 * The gRPC-status retry conditions, in the order meshes list them.
 *
 * @internal
 */
export const GRPC_STATUS_RETRY_CONDITIONS: readonly RetryOn[] = [
  RetryOn.CANCELLED,
  RetryOn.DEADLINE_EXCEEDED,
  RetryOn.INTERNAL,
  RetryOn.RESOURCE_EXHAUSTED,
  RetryOn.UNAVAILABLE,
];

/** Mutual TLS for traffic into the service. */
export enum MutualTlsMode {
  /** Only mutual-TLS traffic from mesh workloads is accepted. */
  STRICT = 'STRICT',
  /** Plain-text and mutual-TLS traffic are both accepted (for migrations). */
  PERMISSIVE = 'PERMISSIVE',
}
