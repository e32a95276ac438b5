import { CapabilityColumn, MeshSupport, no, yes } from '../capability-column';

/**
 * How Linkerd maps one prop, per column: a row as written below maps on Linkerd 2.16-2.17 like on
 * 2.18+ (with GRPCRoute `v1alpha2`), and on 2.15 like in the ServiceProfile mode, unless it says otherwise.
 */
interface LinkerdRow {
  readonly prop: string;
  /** Linkerd 2.18 and later, and edge (`LinkerdRelease.V2_18_OR_LATER`), GATEWAY_API mode. */
  readonly linkerd: MeshSupport;
  /** Linkerd 2.16 and 2.17 (`LinkerdRelease.V2_16_TO_2_17`), GATEWAY_API mode. */
  readonly linkerd216?: MeshSupport;
  /** Linkerd 2.16 and later in the ServiceProfile mode (`LinkerdMode.SERVICE_PROFILE`). */
  readonly linkerdLegacy: MeshSupport;
  /** Linkerd 2.15 (`LinkerdRelease.V2_15`), where the ServiceProfile mode is the only one. */
  readonly linkerd215?: MeshSupport;
}

const same = (note: string) => ({ linkerd: yes(note), linkerdLegacy: yes(note) });
const rejected = (note: string) => ({ linkerd: no(note), linkerdLegacy: no(note) });
const NO_POOL = 'no connection-pool limits: one HTTP/2 connection per endpoint, every request balanced';

const ROWS: LinkerdRow[] = [
  {
    prop: '`mesh`',
    linkerd: yes('`Mesh.linkerd()`: GRPCRoutes `gateway.networking.k8s.io/v1`, Server `policy.linkerd.io/v1beta3`'),
    linkerd216: yes('`Mesh.linkerd({ release: LinkerdRelease.V2_16_TO_2_17 })`: GRPCRoutes `v1alpha2` (`grpcRouteVersion: GrpcRouteVersion.V1` with Gateway API 1.1+ CRDs installed), Server `v1beta3`'),
    linkerdLegacy: yes('`Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE })`: a ServiceProfile instead of outbound GRPCRoutes; the policy objects as in GATEWAY_API mode for the release'),
    linkerd215: yes('`Mesh.linkerd({ release: LinkerdRelease.V2_15 })`: ServiceProfile mode only, Server `v1beta2`, inbound `policy.linkerd.io/v1beta3` HTTPRoutes, no GRPCRoute'),
  },
  {
    prop: '`serviceName`, `namespace`',
    ...same('Service, ServiceAccount, `app` label'),
    linkerdLegacy: yes('Service, ServiceAccount, `app` label; ServiceProfile `<name>.<namespace>.svc.<clusterDomain>`'),
  },
  {
    prop: '`port`',
    ...same('Service port `grpc`, `appProtocol: kubernetes.io/h2c` (Linkerd makes `grpc` opaque); Server `port: grpc`, `proxyProtocol: gRPC`'),
  },
  {
    prop: '`healthPort`',
    ...same('container port `health`, pod annotation `config.linkerd.io/skip-inbound-ports`'),
  },
  {
    prop: '`versions`',
    linkerd: yes('a Deployment and a Service `<name>-<version>` per version: the GRPCRoute backends'),
    linkerdLegacy: yes('a Deployment and a Service `<name>-<version>` per version: the ServiceProfile `dstOverrides` authorities (the TrafficSplit backends with `split: LinkerdSplit.SMI_TRAFFIC_SPLIT`)'),
  },
  {
    prop: '`image`, `replicas`, `resources`',
    ...same('defaults of the versions\' Deployments'),
  },
  {
    prop: '`readinessProbe`, `livenessProbe`',
    ...same('native gRPC probes; without `healthPort`, an inbound GRPCRoute for `grpc.health.v1.Health/Check` admits them, and only that method, from `probeNetworks` (NetworkAuthentication, every address by default)'),
    linkerd215: yes('native gRPC probes; without `healthPort`, an inbound `policy.linkerd.io` HTTPRoute for `POST /grpc.health.v1.Health/Check` admits them, and only that method, from `probeNetworks`'),
  },
  {
    prop: '`defaultRoute.weights`',
    linkerd: yes('weighted `backendRefs` of the GRPCRoute without a method match'),
    linkerdLegacy: yes('ServiceProfile `dstOverrides` weights, or SMI TrafficSplit weights with `split: LinkerdSplit.SMI_TRAFFIC_SPLIT` (the whole service); no split with one version'),
  },
  {
    prop: '`methods[].name`',
    linkerd: yes('a GRPCRoute per method or service, `method` match of type Exact'),
    linkerdLegacy: yes('a ServiceProfile route, `pathRegex` quoted as `linkerd profile --proto` writes it'),
  },
  {
    prop: '`methods[].weights` (other than the default route\'s)',
    linkerd: yes('weighted `backendRefs` of that GRPCRoute'),
    linkerdLegacy: no('`dstOverrides` (or a TrafficSplit) split the whole service'),
  },
  {
    prop: '`api`',
    ...same('a route per declared method, as `methods`'),
  },
  {
    prop: '`defaultRoute.timeout`, `methods[].timeout`',
    linkerd: yes('`timeout.linkerd.io/request` on the GRPCRoute'),
    linkerdLegacy: yes('route `timeout`'),
  },
  {
    prop: '`methods[].streaming`',
    linkerd: yes('no timeout annotation, no retry annotation'),
    linkerdLegacy: yes('no `timeout`, not `isRetryable`'),
  },
  {
    prop: '`methods[].idempotent: false`',
    linkerd: yes('no retry annotation unless the route sets `retry`'),
    linkerdLegacy: yes('not `isRetryable` unless the route sets `retry`'),
  },
  {
    prop: '`retry.attempts`',
    linkerd: yes('`retry.linkerd.io/limit`'),
    linkerdLegacy: yes('`isRetryable: true`; the count is not honoured: retries are bounded by the retry budget'),
  },
  {
    prop: '`retry.perTryTimeout`',
    linkerd: yes('`retry.linkerd.io/timeout`'),
    linkerdLegacy: no('a ServiceProfile has no per-try timeout'),
  },
  {
    prop: '`retry.on` (gRPC statuses)',
    linkerd: yes('`retry.linkerd.io/grpc`'),
    linkerdLegacy: no('a retryable route retries UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE, DATA_LOSS; leave `on` unset for that'),
  },
  {
    prop: '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)',
    ...rejected('Linkerd retries on gRPC statuses only'),
  },
  {
    prop: '`connectionPool.maxConnections`',
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.connectTimeout`',
    ...rejected('a proxy setting of the callers (`config.linkerd.io/proxy-outbound-connect-timeout`)'),
  },
  {
    prop: '`connectionPool.maxRequests`',
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.maxRequestsPerConnection`',
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.maxConcurrentStreams`',
    ...rejected(NO_POOL),
  },
  {
    prop: '`connectionPool.idleTimeout`',
    ...rejected(NO_POOL),
  },
  {
    prop: '`undeclaredMethods`',
    linkerd: yes('the default GRPCRoute (`UNKNOWN`: no timeout or retry annotation)'),
    linkerdLegacy: yes('the ServiceProfile default route (`UNKNOWN`: no `timeout`, not `isRetryable`)'),
  },
  {
    prop: '`connectionPool.maxRetries`',
    linkerd: no('retries are bounded per call by `retry.linkerd.io/limit` (`retry.attempts`)'),
    linkerdLegacy: no('the ServiceProfile retry budget bounds retries: `Mesh.linkerd({ retryBudget })`'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.leastRequest()`',
    ...same('nothing to emit: Linkerd always balances each request by latency (EWMA, best of two endpoints)'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.roundRobin()`',
    ...rejected('Linkerd has one algorithm (EWMA, best of two)'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.random()`',
    ...rejected('Linkerd has one algorithm (EWMA, best of two)'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.consistentHashByHeader()`',
    ...rejected('Linkerd has no session affinity'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.consistentHashByCookie()`',
    ...rejected('Linkerd has no session affinity'),
  },
  {
    prop: '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`',
    ...rejected('Linkerd has no session affinity'),
  },
  {
    prop: '`outlierDetection.consecutive5xxErrors`',
    linkerd: yes('Service annotations `balancer.linkerd.io/failure-accrual: consecutive`, `...-consecutive-max-failures` (failures: UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE, DATA_LOSS)'),
    linkerdLegacy: no('with a ServiceProfile the proxy balances without failure accrual'),
  },
  {
    prop: '`outlierDetection.consecutiveGatewayErrors`',
    ...rejected('failure accrual counts every failure, not gateway errors alone'),
  },
  {
    prop: '`outlierDetection.interval`',
    ...rejected('failure accrual reacts to consecutive failures, with no periodic sweep'),
  },
  {
    prop: '`outlierDetection.baseEjectionTime`',
    linkerd: yes('`balancer.linkerd.io/failure-accrual-consecutive-min-penalty` (grows up to `failureAccrual.maxPenalty`, 60s by default)'),
    linkerdLegacy: no('with a ServiceProfile the proxy balances without failure accrual'),
  },
  {
    prop: '`outlierDetection.maxEjectionPercent`',
    ...rejected('no cap on the endpoints kept out'),
  },
  {
    prop: '`outlierDetection.minHealthPercent`',
    ...rejected('no panic threshold'),
  },
  {
    prop: '`mtls: MutualTlsMode.STRICT`',
    ...same('Linkerd\'s automatic mTLS; pod annotation `config.linkerd.io/default-inbound-policy: all-authenticated`, Server `accessPolicy: deny`, policies on mTLS identities'),
    linkerd215: yes('Linkerd\'s automatic mTLS; pod annotation `config.linkerd.io/default-inbound-policy: all-authenticated`, a Server `v1beta2` (it denies what no policy authorizes), policies on mTLS identities'),
  },
  {
    prop: '`mtls: MutualTlsMode.PERMISSIVE`',
    ...rejected('plain text needs a NetworkAuthentication, which would bypass the identity-based authorization'),
  },
  {
    prop: '`authorization` (whole service)',
    ...same('Server, MeshTLSAuthentication (`identityRefs` ServiceAccount / Namespace; `identities: [\'*\']` for any mesh workload), an AuthorizationPolicy per authentication'),
  },
  {
    prop: '`authorization.allow[].methods` (per method)',
    ...same('inbound GRPCRoutes on the Server (one per method or service, and a catch-all), each with its own AuthorizationPolicies'),
    linkerd215: yes('inbound `policy.linkerd.io` HTTPRoutes on the Server (`POST` to the exact path `/pkg.Svc/Method` or the prefix `/pkg.Svc/`, and a catch-all), each with its own AuthorizationPolicies'),
  },
  {
    prop: '`authorization: { allow: [] }`',
    ...same('a Server (`accessPolicy: deny`) and no client policy: every client call denied; without `healthPort` the inbound routes and the probe AuthorizationPolicy remain, admitting the kubelet to `grpc.health.v1.Health/Check` only'),
    linkerd215: yes('a Server `v1beta2` and no client policy: every client call denied; without `healthPort` the inbound HTTPRoutes and the probe AuthorizationPolicy remain, admitting the kubelet to `grpc.health.v1.Health/Check` only'),
  },
  {
    prop: '`telemetry.tracing`',
    ...rejected('no per-service tracing setting: the proxy joins the traces callers sample'),
  },
  {
    prop: '`telemetry.accessLogging: AccessLogFilter.allCalls()`',
    ...same('pod annotation `config.linkerd.io/access-log: json`'),
  },
  {
    prop: '`telemetry.accessLogging: failedCalls()` or `expression()`',
    ...rejected('the proxy access log cannot filter calls'),
  },
  {
    prop: '`ingress`',
    ...rejected('Linkerd has no ingress gateway'),
  },
  {
    prop: '`ingress.jwt`',
    ...rejected('Linkerd has no end-user JWT authentication'),
  },
  {
    prop: '`autoscaling`, `versions[].autoscaling`',
    ...same('a HorizontalPodAutoscaler (`autoscaling/v2`) per version; its Deployment has no `replicas`'),
  },
  {
    prop: '`disruptionBudget`, `versions[].disruptionBudget`',
    ...same('a PodDisruptionBudget (`policy/v1`) per version; `maxUnavailable: 1` by default with more than one pod'),
  },
  {
    prop: '`topologySpread`',
    ...same('`topologySpreadConstraints` of each version\'s pods (zones and nodes by default)'),
  },
  {
    prop: '`drain`',
    ...same('`preStop` delay and `terminationGracePeriodSeconds`; `config.linkerd.io/proxy-await`, `config.alpha.linkerd.io/proxy-wait-before-exit-seconds`, `config.linkerd.io/shutdown-grace-period`'),
  },
  {
    prop: '`healthPortPolicy`',
    ...same('a NetworkPolicy `<name>-health-port`: the health port from the probe networks; the gRPC port and the proxy\'s 4143, 4191 from everywhere'),
  },
  {
    prop: '`strict`',
    ...same('lint warnings fail synth'),
  },
];

const column = (key: string, title: string, cell: (r: LinkerdRow) => MeshSupport): CapabilityColumn => ({
  key, title, cells: Object.fromEntries(ROWS.map((r) => [r.prop, cell(r)])),
});

/** How Linkerd maps each prop: its columns of the capability matrix, per release line and mode. */
export const LINKERD_CAPABILITIES: CapabilityColumn[] = [
  column('linkerd', 'Linkerd 2.18+', (r) => r.linkerd),
  column('linkerd216', 'Linkerd 2.16-2.17', (r) => r.linkerd216 ?? r.linkerd),
  column('linkerdLegacy', 'Linkerd ServiceProfile mode (2.16+)', (r) => r.linkerdLegacy),
  column('linkerd215', 'Linkerd 2.15 (legacy)', (r) => r.linkerd215 ?? r.linkerdLegacy),
];
