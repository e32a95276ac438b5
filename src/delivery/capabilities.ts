import { MeshSupport } from '../capabilities';

/**
 * What each delivery engine does with each prop, per mesh: the delivery columns of the capability
 * matrix. The table in docs/delivery.md between the `delivery-capabilities` markers is generated from it
 * (`renderDeliveryCapabilityMatrix()`), and a test synthesizes every cell: a mapped prop must render
 * the field its cell names, a rejected one must fail naming it. Its rows are the capability matrix's
 * props, then the `delivery` options.
 */
export interface DeliveryCapabilityRow {
  /** The prop, as in the capability matrix. */
  readonly prop: string;
  /** `Delivery.flagger()` with `Mesh.istio()`. */
  readonly flaggerIstio: MeshSupport;
  /** `Delivery.flagger()` with `Mesh.linkerd()` (Gateway API). */
  readonly flaggerLinkerd: MeshSupport;
  /** `Delivery.flagger()` with `Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE })`. */
  readonly flaggerLinkerdLegacy: MeshSupport;
  /** `Delivery.argoRollouts()` with `Mesh.istio()`. */
  readonly argoRolloutsIstio: MeshSupport;
}

const yes = (note: string): MeshSupport => ({ supported: true, note });
const no = (note: string): MeshSupport => ({ supported: false, note });
const AS_MESH = 'as without delivery';
const asMesh = yes(AS_MESH);
/** The same on every column. */
const all = (s: MeshSupport) => ({ flaggerIstio: s, flaggerLinkerd: s, flaggerLinkerdLegacy: s, argoRolloutsIstio: s });
/** Rejected by Linkerd itself, with or without delivery. */
const LINKERD_REJECTS = no('rejected by Linkerd, as without delivery');
const linkerdRejects = { flaggerLinkerd: LINKERD_REJECTS, flaggerLinkerdLegacy: LINKERD_REJECTS };
const ONE_ROUTE = 'Flagger writes one route for the whole service: use Argo Rollouts for method routes';
const SP_ROUTE = 'a ServiceProfile route, as without delivery (Flagger splits the apex host, the profile keeps the routes)';
const FLAGGER_POLICY = (field: string) => yes(`Canary \`service.trafficPolicy.${field}\` (Flagger's DestinationRules)`);
const NO_TCP_POOL = no('Flagger\'s Canary `trafficPolicy.connectionPool` has no `tcp`');
const ARGO_DR = (field: string) => yes(`DestinationRule \`trafficPolicy.${field}\`, as without delivery`);
const ARGO_ROUTE = (field: string) => yes(`\`${field}\` of each VirtualService route, as without delivery`);

/** The delivery columns of the capability matrix, in the order of its props. */
export const DELIVERY_CAPABILITIES: readonly DeliveryCapabilityRow[] = [
  {
    prop: '`mesh`',
    flaggerIstio: yes('Canary `provider: istio`'),
    flaggerLinkerd: yes('Canary `provider: gatewayapi:v1`, an HTTPRoute parented on the Service (GAMMA)'),
    flaggerLinkerdLegacy: yes('Canary `provider: linkerd` (an SMI TrafficSplit)'),
    argoRolloutsIstio: yes('Rollout `trafficRouting.istio` (subset-level); on Linkerd Argo Rollouts is rejected (Gateway API needs its plugin binary; SMI needs canary and stable Services not rendered yet)'),
  },
  { prop: '`serviceName`, `namespace`', ...all(yes('the Canary or Rollout name, namespace and `app` label; Flagger creates the Services `<name>`, `<name>-primary`, `<name>-canary`')), argoRolloutsIstio: asMesh },
  {
    prop: '`port`',
    flaggerIstio: yes('Canary `service.port`, `portName: grpc`, `targetPort: grpc`, `appProtocol: grpc`'),
    flaggerLinkerd: yes('Canary `service.port`, `portName: grpc`, `targetPort: grpc`, `appProtocol: kubernetes.io/h2c`'),
    flaggerLinkerdLegacy: yes('Canary `service.port`, `portName: grpc`, `targetPort: grpc`, `appProtocol: kubernetes.io/h2c`'),
    argoRolloutsIstio: asMesh,
  },
  { prop: '`healthPort`', ...all(asMesh) },
  {
    prop: '`versions`',
    ...all(no('one version: the canary is its next image')),
  },
  {
    prop: '`image`, `replicas`, `resources`',
    ...all(yes('the Deployment Flagger targets (it clones it to `<name>-<version>-primary`)')),
    argoRolloutsIstio: yes('the Rollout\'s `replicas` and pod template'),
  },
  { prop: '`readinessProbe`, `livenessProbe`', ...all(asMesh) },
  {
    prop: '`defaultRoute.weights`',
    ...all(yes('the one version\'s 100 only: the controller moves the weights')),
  },
  {
    prop: '`methods[].name`',
    flaggerIstio: no(ONE_ROUTE),
    flaggerLinkerd: no(ONE_ROUTE),
    flaggerLinkerdLegacy: yes(SP_ROUTE),
    argoRolloutsIstio: yes('a VirtualService route with stable and canary subsets, named in the Rollout\'s `virtualServices[].routes`'),
  },
  { prop: '`methods[].weights` (other than the default route\'s)', ...all(no('one version: the controller moves the weights of every route')) },
  {
    prop: '`api`',
    flaggerIstio: no(`${ONE_ROUTE} (an \`api\` whose methods all share the default route's policy renders no method route and is accepted)`),
    flaggerLinkerd: no(`${ONE_ROUTE} (an \`api\` whose methods all share the default route's policy renders no method route and is accepted)`),
    flaggerLinkerdLegacy: yes(SP_ROUTE),
    argoRolloutsIstio: yes('a route per declared method, each shifted by the Rollout'),
  },
  {
    prop: '`defaultRoute.timeout`, `methods[].timeout`',
    flaggerIstio: yes('Canary `service.timeout` (the default route; method routes rejected)'),
    flaggerLinkerd: yes('Canary `service.timeout`: `timeouts.request` of Flagger\'s HTTPRoute (the default route; method routes rejected)'),
    flaggerLinkerdLegacy: yes('ServiceProfile route `timeout`, as without delivery'),
    argoRolloutsIstio: ARGO_ROUTE('timeout'),
  },
  {
    prop: '`methods[].streaming`',
    flaggerIstio: no(ONE_ROUTE),
    flaggerLinkerd: no(ONE_ROUTE),
    flaggerLinkerdLegacy: yes(SP_ROUTE),
    argoRolloutsIstio: ARGO_ROUTE('retries: {attempts: 0}` and no `timeout'),
  },
  {
    prop: '`methods[].idempotent: false`',
    flaggerIstio: no(ONE_ROUTE),
    flaggerLinkerd: no(ONE_ROUTE),
    flaggerLinkerdLegacy: yes(SP_ROUTE),
    argoRolloutsIstio: ARGO_ROUTE('retries: {attempts: 0}'),
  },
  {
    prop: '`retry.attempts`',
    flaggerIstio: yes('Canary `service.retries.attempts` (`{attempts: 0}` without retries)'),
    flaggerLinkerd: no('Flagger\'s HTTPRoute retries on HTTP statuses only, never on a gRPC status'),
    flaggerLinkerdLegacy: yes('ServiceProfile `isRetryable`, as without delivery'),
    argoRolloutsIstio: ARGO_ROUTE('retries.attempts'),
  },
  {
    prop: '`retry.perTryTimeout`',
    flaggerIstio: yes('Canary `service.retries.perTryTimeout`'),
    flaggerLinkerd: no('Flagger\'s HTTPRoute retries on HTTP statuses only, never on a gRPC status'),
    flaggerLinkerdLegacy: LINKERD_REJECTS,
    argoRolloutsIstio: ARGO_ROUTE('retries.perTryTimeout'),
  },
  {
    prop: '`retry.on` (gRPC statuses)',
    flaggerIstio: yes('Canary `service.retries.retryOn`'),
    flaggerLinkerd: no('Flagger\'s HTTPRoute retries on HTTP statuses only, never on a gRPC status'),
    flaggerLinkerdLegacy: LINKERD_REJECTS,
    argoRolloutsIstio: ARGO_ROUTE('retries.retryOn'),
  },
  {
    prop: '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)',
    flaggerIstio: yes('Canary `service.retries.retryOn`'),
    ...linkerdRejects,
    argoRolloutsIstio: ARGO_ROUTE('retries.retryOn'),
  },
  { prop: '`connectionPool.maxConnections`', flaggerIstio: NO_TCP_POOL, ...linkerdRejects, argoRolloutsIstio: ARGO_DR('connectionPool.tcp.maxConnections') },
  { prop: '`connectionPool.connectTimeout`', flaggerIstio: NO_TCP_POOL, ...linkerdRejects, argoRolloutsIstio: ARGO_DR('connectionPool.tcp.connectTimeout') },
  { prop: '`connectionPool.maxRequests`', flaggerIstio: FLAGGER_POLICY('connectionPool.http.http2MaxRequests'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('connectionPool.http.http2MaxRequests') },
  { prop: '`connectionPool.maxRequestsPerConnection`', flaggerIstio: FLAGGER_POLICY('connectionPool.http.maxRequestsPerConnection'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('connectionPool.http.maxRequestsPerConnection') },
  { prop: '`connectionPool.maxConcurrentStreams`', flaggerIstio: no('Flagger\'s Canary `trafficPolicy.connectionPool.http` has no `maxConcurrentStreams`'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('connectionPool.http.maxConcurrentStreams') },
  { prop: '`connectionPool.idleTimeout`', flaggerIstio: FLAGGER_POLICY('connectionPool.http.idleTimeout'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('connectionPool.http.idleTimeout') },
  {
    prop: '`undeclaredMethods`',
    flaggerIstio: yes('the default route\'s policy, which it sets, is Canary `service.timeout` and `service.retries`'),
    flaggerLinkerd: yes('the default route\'s policy, which it sets, is Canary `service.timeout`'),
    flaggerLinkerdLegacy: asMesh,
    argoRolloutsIstio: asMesh,
  },
  { prop: '`connectionPool.maxRetries`', flaggerIstio: FLAGGER_POLICY('connectionPool.http.maxRetries'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('connectionPool.http.maxRetries') },
  { prop: '`loadBalancer: LoadBalancer.leastRequest()`', flaggerIstio: FLAGGER_POLICY('loadBalancer.simple'), flaggerLinkerd: asMesh, flaggerLinkerdLegacy: asMesh, argoRolloutsIstio: ARGO_DR('loadBalancer.simple') },
  { prop: '`loadBalancer: LoadBalancer.roundRobin()`', flaggerIstio: FLAGGER_POLICY('loadBalancer.simple'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('loadBalancer.simple') },
  { prop: '`loadBalancer: LoadBalancer.random()`', flaggerIstio: FLAGGER_POLICY('loadBalancer.simple'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('loadBalancer.simple') },
  { prop: '`loadBalancer: LoadBalancer.consistentHashByHeader()`', flaggerIstio: FLAGGER_POLICY('loadBalancer.consistentHash'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('loadBalancer.consistentHash') },
  { prop: '`loadBalancer: LoadBalancer.consistentHashByCookie()`', flaggerIstio: FLAGGER_POLICY('loadBalancer.consistentHash'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('loadBalancer.consistentHash') },
  { prop: '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`', flaggerIstio: FLAGGER_POLICY('loadBalancer.consistentHash'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('loadBalancer.consistentHash') },
  {
    prop: '`outlierDetection.consecutive5xxErrors`',
    flaggerIstio: FLAGGER_POLICY('outlierDetection.consecutive5xxErrors'),
    flaggerLinkerd: yes('failure-accrual annotations in Canary `service.apex.annotations` (Flagger\'s apex Service)'),
    flaggerLinkerdLegacy: LINKERD_REJECTS,
    argoRolloutsIstio: ARGO_DR('outlierDetection.consecutive5xxErrors'),
  },
  { prop: '`outlierDetection.consecutiveGatewayErrors`', flaggerIstio: FLAGGER_POLICY('outlierDetection.consecutiveGatewayErrors'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('outlierDetection.consecutiveGatewayErrors') },
  { prop: '`outlierDetection.interval`', flaggerIstio: FLAGGER_POLICY('outlierDetection.interval'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('outlierDetection.interval') },
  {
    prop: '`outlierDetection.baseEjectionTime`',
    flaggerIstio: FLAGGER_POLICY('outlierDetection.baseEjectionTime'),
    flaggerLinkerd: yes('`...-consecutive-min-penalty` in Canary `service.apex.annotations`'),
    flaggerLinkerdLegacy: LINKERD_REJECTS,
    argoRolloutsIstio: ARGO_DR('outlierDetection.baseEjectionTime'),
  },
  { prop: '`outlierDetection.maxEjectionPercent`', flaggerIstio: FLAGGER_POLICY('outlierDetection.maxEjectionPercent'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('outlierDetection.maxEjectionPercent') },
  { prop: '`outlierDetection.minHealthPercent`', flaggerIstio: FLAGGER_POLICY('outlierDetection.minHealthPercent'), ...linkerdRejects, argoRolloutsIstio: ARGO_DR('outlierDetection.minHealthPercent') },
  {
    prop: '`mtls: MutualTlsMode.STRICT`',
    ...all(yes('as without delivery; the policies select `app`, which Flagger keeps on the primary pods (its selector label is `name`)')),
    flaggerIstio: yes('as without delivery, and `ISTIO_MUTUAL` in Canary `service.trafficPolicy.tls`; the policies select `app`, which Flagger keeps on the primary pods'),
    argoRolloutsIstio: asMesh,
  },
  { prop: '`mtls: MutualTlsMode.PERMISSIVE`', flaggerIstio: asMesh, ...linkerdRejects, argoRolloutsIstio: asMesh },
  { prop: '`authorization` (whole service)', ...all(asMesh) },
  { prop: '`authorization.allow[].methods` (per method)', ...all(asMesh) },
  { prop: '`authorization: { allow: [] }`', ...all(asMesh) },
  { prop: '`telemetry.tracing`', flaggerIstio: asMesh, ...linkerdRejects, argoRolloutsIstio: asMesh },
  { prop: '`telemetry.accessLogging: AccessLogFilter.allCalls()`', ...all(asMesh) },
  { prop: '`telemetry.accessLogging: failedCalls()` or `expression()`', flaggerIstio: asMesh, ...linkerdRejects, argoRolloutsIstio: asMesh },
  {
    prop: '`ingress`',
    flaggerIstio: yes('the Gateway as without delivery; Canary `service.gateways` (`<namespace>/<name>-gateway`, `mesh`) and `service.hosts` bind Flagger\'s VirtualService to it'),
    ...linkerdRejects,
    argoRolloutsIstio: yes('the Gateway and the ingress VirtualService as without delivery, its routes shifted by the Rollout too'),
  },
  { prop: '`ingress.jwt`', flaggerIstio: asMesh, ...linkerdRejects, argoRolloutsIstio: asMesh },
  {
    prop: '`autoscaling`, `versions[].autoscaling`',
    ...all(yes('the target\'s HorizontalPodAutoscaler, named in Canary `autoscalerRef`: Flagger clones it for the primary')),
    argoRolloutsIstio: yes('the HorizontalPodAutoscaler scales the Rollout (`scaleTargetRef`), which sets no `replicas`'),
  },
  { prop: '`disruptionBudget`, `versions[].disruptionBudget`', ...all(yes('as without delivery; its selector matches the primary and the canary pods alike')), argoRolloutsIstio: asMesh },
  {
    prop: '`topologySpread`',
    ...all(asMesh),
    argoRolloutsIstio: yes('the Rollout\'s `topologySpreadConstraints`, `matchLabelKeys: [rollouts-pod-template-hash]` (a Rollout\'s pods have no `pod-template-hash`)'),
  },
  { prop: '`drain`', ...all(asMesh) },
  { prop: '`healthPortPolicy`', ...all(asMesh) },
  { prop: '`strict`', ...all(asMesh) },
  {
    prop: '`delivery.stepWeight`, `delivery.maxWeight`',
    ...all(yes('Canary `analysis.stepWeight`, `analysis.maxWeight`')),
    argoRolloutsIstio: yes('Rollout `steps`: `setWeight` from `stepWeight` to `maxWeight`, each followed by a `pause`'),
  },
  {
    prop: '`delivery.interval`',
    ...all(yes('Canary `analysis.interval` and each metric\'s `interval` (the query window)')),
    argoRolloutsIstio: yes('each `pause.duration`, each metric\'s `interval` and query window'),
  },
  {
    prop: '`delivery.failureThreshold`',
    ...all(yes('Canary `analysis.threshold`')),
    argoRolloutsIstio: yes('each metric\'s `failureLimit` (the threshold minus one: Argo fails above the limit)'),
  },
  {
    prop: '`delivery.prometheusAddress`',
    ...all(yes('MetricTemplate `provider.address`')),
    argoRolloutsIstio: yes('AnalysisTemplate `provider.prometheus.address`'),
  },
  {
    prop: '`delivery.minSuccessRate`',
    flaggerIstio: yes('MetricTemplate on `istio_requests_total` by `grpc_response_status`; Canary `thresholdRange.min`'),
    flaggerLinkerd: yes('MetricTemplate on `response_total` by `classification`; Canary `thresholdRange.min`'),
    flaggerLinkerdLegacy: yes('MetricTemplate on `response_total` by `classification`; Canary `thresholdRange.min`'),
    argoRolloutsIstio: yes('AnalysisTemplate on `istio_requests_total` by `grpc_response_status` of the canary pods; `successCondition`'),
  },
  {
    prop: '`delivery.maxLatency`',
    flaggerIstio: yes('MetricTemplate on `istio_request_duration_milliseconds_bucket` (p99); Canary `thresholdRange.max`'),
    flaggerLinkerd: yes('MetricTemplate on `response_latency_ms_bucket` (p99); Canary `thresholdRange.max`'),
    flaggerLinkerdLegacy: yes('MetricTemplate on `response_latency_ms_bucket` (p99); Canary `thresholdRange.max`'),
    argoRolloutsIstio: yes('AnalysisTemplate on `istio_request_duration_milliseconds_bucket` (p99); `successCondition`'),
  },
];

/** The delivery columns as a Markdown table. */
export function renderDeliveryCapabilityMatrix(rows: readonly DeliveryCapabilityRow[] = DELIVERY_CAPABILITIES): string {
  const cell = (s: MeshSupport) => (s.supported ? s.note : `**rejected**: ${s.note}`).replace(/\|/g, '\\|');
  return [
    '| prop | Flagger on Istio | Flagger on Linkerd | Flagger on Linkerd legacy | Argo Rollouts on Istio |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.prop} | ${cell(r.flaggerIstio)} | ${cell(r.flaggerLinkerd)} | ${cell(r.flaggerLinkerdLegacy)} | ${cell(r.argoRolloutsIstio)} |`),
  ].join('\n');
}
