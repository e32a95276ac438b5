import { Duration } from 'cdk8s';
import { GrpcMeshServiceProps, Streaming } from '../../src';
import { selectorOf, versionSelectorOf } from '../support/labels';
import { only } from '../support/service';

// The Istio ambient column of the capability matrix: for each row, the props when the row's shared
// sample cannot be used as is (it sets a retry, which ambient rejects), the prop a rejection names,
// and the check of the field a supported cell maps.

type Check = (manifests: any[], again: (props: Partial<GrpcMeshServiceProps>) => any[]) => void;

export interface AmbientSample {
  /** Replaces the row's sample props on ambient. */
  readonly props?: Partial<GrpcMeshServiceProps>;
  /** The prop a rejection names. */
  readonly rejects?: string;
  /** The check of a supported cell. */
  readonly check?: Check;
}

const ofKind = (m: any[], kind: string) => m.filter((o) => o.kind === kind);
const pod = (m: any[], version = 'v1') => only(m, 'Deployment', `svc-${version}`).spec.template;
const container = (m: any[]) => pod(m).spec.containers[0];
const route = (m: any[], name: string) => m.find((o) => (o.kind === 'GRPCRoute' || o.kind === 'HTTPRoute') && o.metadata.name === name);
const backends = (m: any[], name: string) => route(m, name).spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight]);
/** The waypoint's policy for the calls to version v1 (each version has the same). */
const policy = (m: any[]) => only(m, 'DestinationRule', 'svc-v1').spec.trafficPolicy;
const serviceRefs = (name = 'svc') => [name, `${name}-v1`, `${name}-v2`].map((n) => ({ group: '', kind: 'Service', name: n }));
const waypointPrincipal = ['cluster.local/ns/default/sa/svc-waypoint'];
const backendPolicy = (field: string, expected: unknown): Check => (m) => {
  expect(ofKind(m, 'DestinationRule').map((d) => d.spec.host)).toEqual(['svc-v1.default.svc.cluster.local', 'svc-v2.default.svc.cluster.local']);
  expect(policy(m)).not.toHaveProperty('tls');
  expect(field.split('.').reduce((o: any, k) => o?.[k], policy(m))).toEqual(expected);
};
const retryRejected = (prop: string): AmbientSample => ({ rejects: prop });

export const AMBIENT_SAMPLES: { readonly [prop: string]: AmbientSample } = {
  '`mesh`': {
    check: (m) => {
      expect(pod(m).metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
      expect(pod(m).metadata.labels).not.toHaveProperty('sidecar.istio.io/inject');
      expect(only(m, 'Gateway', 'svc-waypoint').spec.gatewayClassName).toBe('istio-waypoint');
      expect(route(m, 'svc-default').spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'svc', port: 50051 }]);
      expect(ofKind(m, 'VirtualService')).toEqual([]);
    },
  },
  '`serviceName`, `namespace`': {
    check: (m) => {
      expect(only(m, 'Service', 'orders').metadata).toMatchObject({ namespace: 'shop', labels: { 'istio.io/use-waypoint': 'orders-waypoint' } });
      expect(only(m, 'Gateway', 'orders-waypoint').metadata.namespace).toBe('shop');
      for (const o of m) expect([o.metadata.namespace, o.metadata.labels?.app]).toEqual(['shop', 'orders']);
    },
  },
  '`port`': {
    check: (m) => {
      expect(only(m, 'Service', 'svc').spec.ports).toEqual([expect.objectContaining({ name: 'grpc', port: 9090, appProtocol: 'grpc' })]);
      expect(route(m, 'svc-default').spec.parentRefs[0].port).toBe(9090);
    },
  },
  '`healthPort`': {
    check: (m) => {
      expect(container(m).ports).toContainEqual({ name: 'health', containerPort: 8080 });
      expect(container(m).readinessProbe.grpc.port).toBe(8080);
      expect(pod(m).metadata.annotations ?? {}).toEqual({});
    },
  },
  '`versions`': {
    check: (m) => {
      expect(only(m, 'Service', 'svc-green').spec.selector).toEqual(versionSelectorOf('svc', 'green'));
      expect(only(m, 'Service', 'svc-green').metadata.labels['istio.io/use-waypoint']).toBe('svc-waypoint');
      expect(backends(m, 'svc-default')).toEqual([['svc-blue', 100]]);
    },
  },
  '`image`, `replicas`, `resources`': {
    check: (m) => {
      expect(only(m, 'Deployment').spec.replicas).toBe(1);
      expect(container(m).image).toBe('r/a:1');
    },
  },
  '`readinessProbe`, `livenessProbe`': {
    check: (m) => {
      expect(container(m).readinessProbe.grpc).toEqual({ port: 50051, service: 'shop.Orders' });
      expect(container(m).livenessProbe.periodSeconds).toBe(30);
    },
  },
  '`defaultRoute.weights`': { check: (m) => expect(backends(m, 'svc-default')).toEqual([['svc-v1', 80], ['svc-v2', 20]]) },
  '`methods[].name`': {
    check: (m) => {
      expect(only(m, 'GRPCRoute', 'svc-shop-orders-get').spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'shop.Orders', method: 'Get' } }]);
      expect(only(m, 'GRPCRoute', 'svc-shop-admin').spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'shop.Admin' } }]);
    },
  },
  '`methods[].weights` (other than the default route\'s)': {
    check: (m) => expect(backends(m, 'svc-shop-orders-get')).toEqual([['svc-v1', 50], ['svc-v2', 50]]),
  },
  '`api`': {
    props: { defaultRoute: { timeout: Duration.seconds(5) } },
    check: (m) => {
      // The unary methods share the default route's timeout; Watch streams, so it has a route without one.
      expect(only(m, 'GRPCRoute', 'svc-shop-orders-watch').spec.rules[0]).toEqual({
        matches: [{ method: { type: 'Exact', service: 'shop.Orders', method: 'Watch' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'svc-v1', port: 50051, weight: 100 }],
      });
      expect(only(m, 'HTTPRoute', 'svc-default').spec.rules[0].timeouts).toEqual({ request: '5s' });
    },
  },
  '`defaultRoute.timeout`, `methods[].timeout`': {
    check: (m) => {
      expect(only(m, 'HTTPRoute', 'svc-shop-orders-get').spec.rules[0]).toMatchObject({
        matches: [{ path: { type: 'Exact', value: '/shop.Orders/Get' } }], timeouts: { request: '1s' },
      });
      expect(only(m, 'HTTPRoute', 'svc-default').spec.rules[0].timeouts).toEqual({ request: '5s' });
    },
  },
  '`methods[].streaming`': {
    props: { defaultRoute: { timeout: Duration.seconds(5) }, methods: [{ name: 'shop.Orders/Watch', streaming: Streaming.SERVER }] },
    check: (m) => {
      expect(only(m, 'GRPCRoute', 'svc-shop-orders-watch').spec.rules[0]).not.toHaveProperty('timeouts');
      expect(only(m, 'HTTPRoute', 'svc-default').spec.rules[0].timeouts).toEqual({ request: '5s' });
    },
  },
  '`methods[].idempotent: false`': {
    props: { defaultRoute: undefined, methods: [{ name: 'shop.Orders/Put', idempotent: false }] },
    check: (m) => expect(only(m, 'GRPCRoute', 'svc-shop-orders-put').spec.rules[0]).not.toHaveProperty('retry'),
  },
  '`undeclaredMethods`': {
    props: { defaultRoute: { timeout: Duration.seconds(5) } },
    check: (m) => {
      expect(only(m, 'HTTPRoute', 'svc-shop-orders-get').spec.rules[0].timeouts).toEqual({ request: '5s' });
      expect(only(m, 'GRPCRoute', 'svc-default').spec.rules[0]).not.toHaveProperty('timeouts');
    },
  },
  '`connectionPool.maxRetries`': { check: backendPolicy('connectionPool.http.maxRetries', 25) },
  '`retry.attempts`': retryRejected('defaultRoute.retry'),
  '`retry.perTryTimeout`': retryRejected('methods[0].retry'),
  '`retry.on` (gRPC statuses)': retryRejected('defaultRoute.retry'),
  '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)': retryRejected('methods[0].retry'),
  '`connectionPool.maxConnections`': { check: backendPolicy('connectionPool.tcp.maxConnections', 10) },
  '`connectionPool.connectTimeout`': { check: backendPolicy('connectionPool.tcp.connectTimeout', '3s') },
  '`connectionPool.maxRequests`': { check: backendPolicy('connectionPool.http.http2MaxRequests', 10) },
  '`connectionPool.maxRequestsPerConnection`': { check: backendPolicy('connectionPool.http.maxRequestsPerConnection', 10) },
  '`connectionPool.maxConcurrentStreams`': { check: backendPolicy('connectionPool.http.maxConcurrentStreams', 10) },
  '`connectionPool.idleTimeout`': { check: backendPolicy('connectionPool.http.idleTimeout', '600s') },
  '`loadBalancer: LoadBalancer.leastRequest()`': { check: backendPolicy('loadBalancer', { simple: 'LEAST_REQUEST' }) },
  '`loadBalancer: LoadBalancer.roundRobin()`': { check: backendPolicy('loadBalancer', { simple: 'ROUND_ROBIN' }) },
  '`loadBalancer: LoadBalancer.random()`': { check: backendPolicy('loadBalancer', { simple: 'RANDOM' }) },
  '`loadBalancer: LoadBalancer.consistentHashByHeader()`': { check: backendPolicy('loadBalancer', { consistentHash: { httpHeaderName: 'x-user' } }) },
  '`loadBalancer: LoadBalancer.consistentHashByCookie()`': { check: backendPolicy('loadBalancer', { consistentHash: { httpCookie: { name: 's', ttl: '3600s' } } }) },
  '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`': { check: backendPolicy('loadBalancer', { consistentHash: { useSourceIp: true } }) },
  '`outlierDetection.consecutive5xxErrors`': { check: backendPolicy('outlierDetection.consecutive5xxErrors', 5) },
  '`outlierDetection.consecutiveGatewayErrors`': { check: backendPolicy('outlierDetection.consecutiveGatewayErrors', 5) },
  '`outlierDetection.interval`': { check: backendPolicy('outlierDetection.interval', '5s') },
  '`outlierDetection.baseEjectionTime`': { check: backendPolicy('outlierDetection.baseEjectionTime', '10s') },
  '`outlierDetection.maxEjectionPercent`': { check: backendPolicy('outlierDetection.maxEjectionPercent', 50) },
  '`outlierDetection.minHealthPercent`': { check: backendPolicy('outlierDetection.minHealthPercent', 10) },
  '`mtls: MutualTlsMode.STRICT`': {
    check: (m) => expect(only(m, 'PeerAuthentication').spec).toEqual({ selector: { matchLabels: selectorOf('svc') }, mtls: { mode: 'STRICT' } }),
  },
  '`mtls: MutualTlsMode.PERMISSIVE`': { check: (m) => expect(only(m, 'PeerAuthentication').spec.mtls).toEqual({ mode: 'PERMISSIVE' }) },
  '`authorization` (whole service)': {
    check: (m) => {
      expect(only(m, 'AuthorizationPolicy', 'svc').spec).toEqual({
        targetRefs: serviceRefs(),
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/front/sa/web', '*'] } }, { source: { namespaces: ['ops'] } }] }],
      });
      expect(only(m, 'AuthorizationPolicy', 'svc-ztunnel').spec).toEqual({
        selector: { matchLabels: selectorOf('svc') }, action: 'ALLOW', rules: [{ from: [{ source: { principals: waypointPrincipal } }] }],
      });
    },
  },
  '`authorization.allow[].methods` (per method)': {
    check: (m) => expect(only(m, 'AuthorizationPolicy', 'svc').spec.rules).toEqual([
      { from: [{ source: { namespaces: ['ops'] } }], to: [{ operation: { paths: ['/shop.Orders/Get', '/shop.Admin/*'] } }] },
    ]),
  },
  '`authorization: { allow: [] }`': {
    check: (m) => expect(only(m, 'AuthorizationPolicy', 'svc').spec).toEqual({ targetRefs: serviceRefs(), action: 'ALLOW' }),
  },
  '`telemetry.tracing`': {
    check: (m) => expect(only(m, 'Telemetry').spec).toEqual({
      targetRefs: serviceRefs(), tracing: [{ randomSamplingPercentage: 5, customTags: { 'grpc.method': { header: { name: ':path' } } } }],
    }),
  },
  '`telemetry.accessLogging: AccessLogFilter.allCalls()`': {
    check: (m) => expect(only(m, 'Telemetry').spec).toEqual({ targetRefs: serviceRefs(), accessLogging: [{ providers: [{ name: 'envoy' }] }] }),
  },
  '`telemetry.accessLogging: failedCalls()` or `expression()`': {
    check: (m) => expect(only(m, 'Telemetry').spec.accessLogging[0].filter).toEqual({ expression: 'response.code >= 400 || response.grpc_status != 0' }),
  },
  '`ingress`': {
    check: (m) => {
      expect(only(m, 'Gateway', 'svc-gateway').spec.servers[0].hosts).toEqual(['./grpc.example.com']);
      expect(only(m, 'Service', 'svc').metadata.labels['istio.io/ingress-use-waypoint']).toBe('true');
      expect(only(m, 'VirtualService', 'svc-ingress').spec.http[0].route).toEqual([{ destination: { host: 'svc.default.svc.cluster.local', port: { number: 50051 } } }]);
      expect(only(m, 'AuthorizationPolicy', 'svc-ingress-methods').spec).toMatchObject({
        targetRefs: serviceRefs(), action: 'DENY', rules: [{ to: [{ operation: { notPaths: ['/pkg.Svc/Get'] } }] }],
      });
    },
  },
  '`ingress.jwt`': {
    check: (m) => {
      expect(only(m, 'RequestAuthentication', 'svc').spec).toEqual({ targetRefs: serviceRefs(), jwtRules: [{ issuer: 'https://idp.example.com' }] });
      expect(only(m, 'AuthorizationPolicy', 'svc-ingress-methods').spec).toMatchObject({
        targetRefs: serviceRefs(), action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
      });
    },
  },
  '`autoscaling`, `versions[].autoscaling`': {
    check: (m) => {
      expect(ofKind(m, 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.minReplicas, h.spec.maxReplicas])).toEqual([['svc-v1', 2, 5], ['svc-v2', 1, 3]]);
      expect(only(m, 'Deployment', 'svc-v1').spec).not.toHaveProperty('replicas');
    },
  },
  '`disruptionBudget`, `versions[].disruptionBudget`': {
    check: (m) => expect(ofKind(m, 'PodDisruptionBudget').map((p) => [p.metadata.name, p.spec.maxUnavailable ?? p.spec.minAvailable])).toEqual([['svc-v1', 1], ['svc-v2', 2]]),
  },
  '`topologySpread`': {
    check: (m) => expect(pod(m).spec.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' })]),
  },
  '`drain`': {
    check: (m) => {
      expect(pod(m).spec.terminationGracePeriodSeconds).toBe(40);
      expect(container(m).lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '3'] } } });
      expect(pod(m).metadata.annotations ?? {}).toEqual({});
    },
  },
  '`healthPortPolicy`': {
    check: (m) => expect(only(m, 'NetworkPolicy', 'svc-health-port').spec.ingress).toEqual([
      { ports: [50051, 15008].map((port) => ({ protocol: 'TCP', port })) },
      { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 8081 }] },
    ]),
  },
  '`strict`': {
    check: (_m, again) => expect(() => again({ strict: true, authorization: { allow: [] } })).toThrow(/GM114/),
  },
};
