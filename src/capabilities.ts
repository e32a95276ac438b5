/**
 * What each mesh does with each prop of `GrpcMeshServiceProps`: the capability matrix. The README
 * table between the `capabilities` markers is generated from it (`renderCapabilityMatrix()`), and a
 * test synthesizes every cell from a sample of its row: a mapped prop must synthesize and render the
 * field its cell names (each supported cell's sample has a check of it), a rejected one must fail
 * naming it.
 */

/** How one mesh handles one prop. */
export interface MeshSupport {
  /** Whether the prop is honoured (else synth fails with an error naming the prop). */
  readonly supported: boolean;
  /** How it maps, or why it is rejected. */
  readonly note: string;
}

/** One row of the capability matrix: a column per mesh release line (and Linkerd mode). */
export interface CapabilityRow {
  /** The prop, e.g. `methods[].retry.perTryTimeout`, with the case it covers when it has several. */
  readonly prop: string;
  /** Istio 1.22 and later. */
  readonly istio: MeshSupport;
  /** Linkerd 2.18 and later, and edge (`LinkerdRelease.V2_18_OR_LATER`), GATEWAY_API mode. */
  readonly linkerd: MeshSupport;
  /** Linkerd 2.16 and 2.17 (`LinkerdRelease.V2_16_TO_2_17`), GATEWAY_API mode. */
  readonly linkerd216: MeshSupport;
  /** Linkerd 2.16 and later in the ServiceProfile mode (`LinkerdMode.SERVICE_PROFILE`). */
  readonly linkerdLegacy: MeshSupport;
  /** Linkerd 2.15 (`LinkerdRelease.V2_15`), where the ServiceProfile mode is the only one. */
  readonly linkerd215: MeshSupport;
}

const yes = (note: string): MeshSupport => ({ supported: true, note });
const no = (note: string): MeshSupport => ({ supported: false, note });
const same = (note: string) => ({ linkerd: yes(note), linkerdLegacy: yes(note) });
const rejected = (note: string) => ({ linkerd: no(note), linkerdLegacy: no(note) });
const NO_POOL = 'no connection-pool limits: one HTTP/2 connection per endpoint, every request balanced';

/**
 * A row as written below: Linkerd 2.16-2.17 maps like 2.18+ (with GRPCRoute `v1alpha2`) and 2.15
 * like the ServiceProfile mode, unless the row says otherwise.
 */
type RowSpec = Omit<CapabilityRow, 'linkerd216' | 'linkerd215'> & Partial<Pick<CapabilityRow, 'linkerd216' | 'linkerd215'>>;
const row = (r: RowSpec): CapabilityRow => ({ ...r, linkerd216: r.linkerd216 ?? r.linkerd, linkerd215: r.linkerd215 ?? r.linkerdLegacy });

/**
 * The capability matrix, in the order of the props.
 *
 * @internal
 */
export const CAPABILITIES: readonly CapabilityRow[] = ([
  {
    prop: '`mesh`',
    istio: yes('`Mesh.istio()`'),
    linkerd: yes('`Mesh.linkerd()`: GRPCRoutes `gateway.networking.k8s.io/v1`, Server `policy.linkerd.io/v1beta3`'),
    linkerd216: yes('`Mesh.linkerd({ release: LinkerdRelease.V2_16_TO_2_17 })`: GRPCRoutes `v1alpha2` (`grpcRouteVersion: GrpcRouteVersion.V1` with Gateway API 1.1+ CRDs installed), Server `v1beta3`'),
    linkerdLegacy: yes('`Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE })`: a ServiceProfile instead of outbound GRPCRoutes; the policy objects as in GATEWAY_API mode for the release'),
    linkerd215: yes('`Mesh.linkerd({ release: LinkerdRelease.V2_15 })`: ServiceProfile mode only, Server `v1beta2`, inbound `policy.linkerd.io/v1beta3` HTTPRoutes, no GRPCRoute'),
  },
  {
    prop: '`serviceName`, `namespace`',
    istio: yes('Service, ServiceAccount, `app` label; host `<name>.<namespace>.svc.<clusterDomain>`'),
    ...same('Service, ServiceAccount, `app` label'),
    linkerdLegacy: yes('Service, ServiceAccount, `app` label; ServiceProfile `<name>.<namespace>.svc.<clusterDomain>`'),
  },
  {
    prop: '`port`',
    istio: yes('Service port `grpc`, `appProtocol: grpc`'),
    ...same('Service port `grpc`, `appProtocol: kubernetes.io/h2c` (Linkerd makes `grpc` opaque); Server `port: grpc`, `proxyProtocol: gRPC`'),
  },
  {
    prop: '`healthPort`',
    istio: yes('container port `health`, pod annotation `traffic.sidecar.istio.io/excludeInboundPorts`'),
    ...same('container port `health`, pod annotation `config.linkerd.io/skip-inbound-ports`'),
  },
  {
    prop: '`versions`',
    istio: yes('a Deployment per version, a DestinationRule subset per version'),
    linkerd: yes('a Deployment and a Service `<name>-<version>` per version: the GRPCRoute backends'),
    linkerdLegacy: yes('a Deployment and a Service `<name>-<version>` per version: the ServiceProfile `dstOverrides` authorities (the TrafficSplit backends with `split: LinkerdSplit.SMI_TRAFFIC_SPLIT`)'),
  },
  {
    prop: '`image`, `replicas`, `resources`',
    istio: yes('defaults of the versions\' Deployments'),
    ...same('defaults of the versions\' Deployments'),
  },
  {
    prop: '`readinessProbe`, `livenessProbe`',
    istio: yes('native gRPC probes (Istio rewrites them to pass under STRICT mTLS)'),
    ...same('native gRPC probes; without `healthPort`, an inbound GRPCRoute for `grpc.health.v1.Health/Check` admits them, and only that method, from `probeNetworks` (NetworkAuthentication, every address by default)'),
    linkerd215: yes('native gRPC probes; without `healthPort`, an inbound `policy.linkerd.io` HTTPRoute for `POST /grpc.health.v1.Health/Check` admits them, and only that method, from `probeNetworks`'),
  },
  {
    prop: '`defaultRoute.weights`',
    istio: yes('weighted subsets of the last VirtualService route'),
    linkerd: yes('weighted `backendRefs` of the GRPCRoute without a method match'),
    linkerdLegacy: yes('ServiceProfile `dstOverrides` weights, or SMI TrafficSplit weights with `split: LinkerdSplit.SMI_TRAFFIC_SPLIT` (the whole service); no split with one version'),
  },
  {
    prop: '`methods[].name`',
    istio: yes('VirtualService route, `uri` exact `/pkg.Svc/Method` or prefix `/pkg.Svc/`'),
    linkerd: yes('a GRPCRoute per method or service, `method` match of type Exact'),
    linkerdLegacy: yes('a ServiceProfile route, `pathRegex` quoted as `linkerd profile --proto` writes it'),
  },
  {
    prop: '`methods[].weights` (other than the default route\'s)',
    istio: yes('weighted subsets of that route'),
    linkerd: yes('weighted `backendRefs` of that GRPCRoute'),
    linkerdLegacy: no('`dstOverrides` (or a TrafficSplit) split the whole service'),
  },
  {
    prop: '`api`',
    istio: yes('a route per declared method, as `methods`'),
    ...same('a route per declared method, as `methods`'),
  },
  {
    prop: '`defaultRoute.timeout`, `methods[].timeout`',
    istio: yes('route `timeout`'),
    linkerd: yes('`timeout.linkerd.io/request` on the GRPCRoute'),
    linkerdLegacy: yes('route `timeout`'),
  },
  {
    prop: '`methods[].streaming`',
    istio: yes('no `timeout`, `retries: {attempts: 0}`'),
    linkerd: yes('no timeout annotation, no retry annotation'),
    linkerdLegacy: yes('no `timeout`, not `isRetryable`'),
  },
  {
    prop: '`methods[].idempotent: false`',
    istio: yes('`retries: {attempts: 0}` unless the route sets `retry`'),
    linkerd: yes('no retry annotation unless the route sets `retry`'),
    linkerdLegacy: yes('not `isRetryable` unless the route sets `retry`'),
  },
  {
    prop: '`retry.attempts`',
    istio: yes('`retries.attempts`'),
    linkerd: yes('`retry.linkerd.io/limit`'),
    linkerdLegacy: yes('`isRetryable: true`; the count is not honoured: retries are bounded by the retry budget'),
  },
  {
    prop: '`retry.perTryTimeout`',
    istio: yes('`retries.perTryTimeout`'),
    linkerd: yes('`retry.linkerd.io/timeout`'),
    linkerdLegacy: no('a ServiceProfile has no per-try timeout'),
  },
  {
    prop: '`retry.on` (gRPC statuses)',
    istio: yes('`retries.retryOn`'),
    linkerd: yes('`retry.linkerd.io/grpc`'),
    linkerdLegacy: no('a retryable route retries UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE, DATA_LOSS; leave `on` unset for that'),
  },
  {
    prop: '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)',
    istio: yes('`retries.retryOn`'),
    ...rejected('Linkerd retries on gRPC statuses only'),
  },
  {
    prop: '`connectionPool.maxConnections`',
    istio: yes('DestinationRule `connectionPool.tcp.maxConnections`'),
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.connectTimeout`',
    istio: yes('`connectionPool.tcp.connectTimeout`'),
    ...rejected('a proxy setting of the callers (`config.linkerd.io/proxy-outbound-connect-timeout`)'),
  },
  {
    prop: '`connectionPool.maxRequests`',
    istio: yes('`connectionPool.http.http2MaxRequests`'),
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.maxRequestsPerConnection`',
    istio: yes('`connectionPool.http.maxRequestsPerConnection`'),
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.maxConcurrentStreams`',
    istio: yes('`connectionPool.http.maxConcurrentStreams`'),
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.idleTimeout`',
    istio: yes('`connectionPool.http.idleTimeout`'),
    ...rejected(NO_POOL),
  },
  {
    prop: '`undeclaredMethods`',
    istio: yes('the default route (`UNKNOWN`: no `timeout`, `retries: {attempts: 0}`)'),
    linkerd: yes('the default GRPCRoute (`UNKNOWN`: no timeout or retry annotation)'),
    linkerdLegacy: yes('the ServiceProfile default route (`UNKNOWN`: no `timeout`, not `isRetryable`)'),
  },
  {
    prop: '`connectionPool.maxRetries`',
    istio: yes('`connectionPool.http.maxRetries` (10 by default when a route retries)'),
    linkerd: no('retries are bounded per call by `retry.linkerd.io/limit` (`retry.attempts`)'),
    linkerdLegacy: no('the ServiceProfile retry budget bounds retries: `Mesh.linkerd({ retryBudget })`'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.leastRequest()`',
    istio: yes('`loadBalancer.simple: LEAST_REQUEST`'),
    ...same('nothing to emit: Linkerd always balances each request by latency (EWMA, best of two endpoints)'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.roundRobin()`',
    istio: yes('`loadBalancer.simple: ROUND_ROBIN`'),
    ...rejected('Linkerd has one algorithm (EWMA, best of two)'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.random()`',
    istio: yes('`loadBalancer.simple: RANDOM`'),
    ...rejected('Linkerd has one algorithm (EWMA, best of two)'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.consistentHashByHeader()`',
    istio: yes('`loadBalancer.consistentHash.httpHeaderName`'),
    ...rejected('Linkerd has no session affinity'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.consistentHashByCookie()`',
    istio: yes('`loadBalancer.consistentHash.httpCookie`'),
    ...rejected('Linkerd has no session affinity'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`',
    istio: yes('`loadBalancer.consistentHash.useSourceIp`'),
    ...rejected('Linkerd has no session affinity'),
  },
  {
    prop: '`outlierDetection.consecutive5xxErrors`',
    istio: yes('DestinationRule `outlierDetection.consecutive5xxErrors`'),
    linkerd: yes('Service annotations `balancer.linkerd.io/failure-accrual: consecutive`, `...-consecutive-max-failures` (failures: UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE, DATA_LOSS)'),
    linkerdLegacy: no('with a ServiceProfile the proxy balances without failure accrual'),
  },
  {
    prop: '`outlierDetection.consecutiveGatewayErrors`',
    istio: yes('`outlierDetection.consecutiveGatewayErrors`'),
    ...rejected('failure accrual counts every failure, not gateway errors alone'),
  },
  {
    prop: '`outlierDetection.interval`',
    istio: yes('`outlierDetection.interval`'),
    ...rejected('failure accrual reacts to consecutive failures, with no periodic sweep'),
  },
  {
    prop: '`outlierDetection.baseEjectionTime`',
    istio: yes('`outlierDetection.baseEjectionTime`'),
    linkerd: yes('`balancer.linkerd.io/failure-accrual-consecutive-min-penalty` (grows up to `failureAccrual.maxPenalty`, 60s by default)'),
    linkerdLegacy: no('with a ServiceProfile the proxy balances without failure accrual'),
  },
  {
    prop: '`outlierDetection.maxEjectionPercent`',
    istio: yes('`outlierDetection.maxEjectionPercent`'),
    ...rejected('no cap on the endpoints kept out'),
  },
  {
    prop: '`outlierDetection.minHealthPercent`',
    istio: yes('`outlierDetection.minHealthPercent`'),
    ...rejected('no panic threshold'),
  },
  {
    prop: '`mtls: MutualTlsMode.STRICT`',
    istio: yes('PeerAuthentication `mtls.mode: STRICT`'),
    ...same('Linkerd\'s automatic mTLS; pod annotation `config.linkerd.io/default-inbound-policy: all-authenticated`, Server `accessPolicy: deny`, policies on mTLS identities'),
    linkerd215: yes('Linkerd\'s automatic mTLS; pod annotation `config.linkerd.io/default-inbound-policy: all-authenticated`, a Server `v1beta2` (it denies what no policy authorizes), policies on mTLS identities'),
  },
  {
    prop: '`mtls: MutualTlsMode.PERMISSIVE`',
    istio: yes('PeerAuthentication `mtls.mode: PERMISSIVE`'),
    ...rejected('plain text needs a NetworkAuthentication, which would bypass the identity-based authorization'),
  },
  {
    prop: '`authorization` (whole service)',
    istio: yes('AuthorizationPolicy `ALLOW`, `source.principals` / `source.namespaces`'),
    ...same('Server, MeshTLSAuthentication (`identityRefs` ServiceAccount / Namespace; `identities: [\'*\']` for any mesh workload), an AuthorizationPolicy per authentication'),
  },
  {
    prop: '`authorization.allow[].methods` (per method)',
    istio: yes('`to.operation.paths`'),
    ...same('inbound GRPCRoutes on the Server (one per method or service, and a catch-all), each with its own AuthorizationPolicies'),
    linkerd215: yes('inbound `policy.linkerd.io` HTTPRoutes on the Server (`POST` to the exact path `/pkg.Svc/Method` or the prefix `/pkg.Svc/`, and a catch-all), each with its own AuthorizationPolicies'),
  },
  {
    prop: '`authorization: { allow: [] }`',
    istio: yes('an `ALLOW` policy without rules: every call denied (with `ingress`, but the gateway\'s)'),
    ...same('a Server (`accessPolicy: deny`) and no client policy: every client call denied; without `healthPort` the inbound routes and the probe AuthorizationPolicy remain, admitting the kubelet to `grpc.health.v1.Health/Check` only'),
    linkerd215: yes('a Server `v1beta2` and no client policy: every client call denied; without `healthPort` the inbound HTTPRoutes and the probe AuthorizationPolicy remain, admitting the kubelet to `grpc.health.v1.Health/Check` only'),
  },
  {
    prop: '`telemetry.tracing`',
    istio: yes('Telemetry `tracing.randomSamplingPercentage`, custom tag `grpc.method` from `:path`'),
    ...rejected('no per-service tracing setting: the proxy joins the traces callers sample'),
  },
  {
    prop: '`telemetry.accessLogging: AccessLogFilter.allCalls()`',
    istio: yes('Telemetry `accessLogging` (provider `envoy`)'),
    ...same('pod annotation `config.linkerd.io/access-log: json`'),
  },
  {
    prop: '`telemetry.accessLogging: failedCalls()` or `expression()`',
    istio: yes('Telemetry `accessLogging.filter.expression`'),
    ...rejected('the proxy access log cannot filter calls'),
  },
  {
    prop: '`ingress`',
    istio: yes('Gateway (TLS on 443, hosts `./<host>`) and a VirtualService bound to it, exported to the gateway\'s namespace; with `ingress.methods` (or an `api`), routes for those methods only and a `DENY` policy for the gateway\'s calls to other methods'),
    ...rejected('Linkerd has no ingress gateway'),
  },
  {
    prop: '`strict`',
    istio: yes('lint warnings fail synth'),
    ...same('lint warnings fail synth'),
  },
] as RowSpec[]).map(row);

/**
 * The capability matrix as a Markdown table: a column per mesh release line (and Linkerd mode).
 *
 * @internal
 */
export function renderCapabilityMatrix(rows: readonly CapabilityRow[] = CAPABILITIES): string {
  const cell = (s: MeshSupport) => (s.supported ? s.note : `**rejected**: ${s.note}`).replace(/\|/g, '\\|');
  return [
    '| prop | Istio 1.22+ | Linkerd 2.18+ | Linkerd 2.16-2.17 | Linkerd ServiceProfile mode (2.16+) | Linkerd 2.15 (legacy) |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.prop} | ${cell(r.istio)} | ${cell(r.linkerd)} | ${cell(r.linkerd216)} | ${cell(r.linkerdLegacy)} | ${cell(r.linkerd215)} |`),
  ].join('\n');
}
