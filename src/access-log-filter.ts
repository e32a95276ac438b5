/** Which calls the mesh writes to the access log. */
export class AccessLogFilter {
  /** Every call. */
  public static allCalls(): AccessLogFilter {
    return new AccessLogFilter();
  }

  /** Calls that failed: a non-OK gRPC status, or an HTTP error before any gRPC status. */
  public static failedCalls(): AccessLogFilter {
    return new AccessLogFilter('response.code >= 400 || response.grpc_status != 0');
  }

  /** Calls matching a CEL expression over Envoy attributes (Istio only). */
  public static expression(expression: string): AccessLogFilter {
    // A missing expression (plain JavaScript) must not become allCalls(): synth rejects the empty one.
    return new AccessLogFilter(expression ?? '');
  }

  private constructor(
    /** The CEL expression a call must match, or undefined for every call. */
    public readonly expression?: string,
  ) {}
}
