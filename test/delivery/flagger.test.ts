import { Duration } from 'cdk8s';
import {
  Client, Delivery, FlaggerResources, GrpcMeshService, GrpcMeshServiceProps, LinkerdMode, LinkerdRelease, LoadBalancer, Mesh, RetryOn,
} from '../../src';
import { FLAGGER_SELECTOR_LABEL } from '../../src/delivery/workload-traits';
import { baseProps, only, synthService } from '../support/service';
import { ONE_VERSION } from './error-cases';

const FLAGGER = Delivery.flagger({ stepWeight: 5, maxWeight: 30, interval: Duration.seconds(30), failureThreshold: 3, minSuccessRate: 99.5, maxLatency: Duration.millis(250) });
const props = (overrides: Partial<GrpcMeshServiceProps> = {}) => baseProps({ ...ONE_VERSION, delivery: FLAGGER, ...overrides });
const synth = (overrides: Partial<GrpcMeshServiceProps> = {}) => synthService(props(overrides)).manifests;
const kindsAndNames = (m: any[]) => m.map((o) => `${o.kind}/${o.metadata.name}`);
const canary = (m: any[]) => only(m, 'Canary', 'svc').spec;
const template = (m: any[], name: string) => only(m, 'MetricTemplate', `svc-${name}`).spec;

/** The objects Flagger creates and overwrites for a Canary `svc` targeting `svc-v1` (pkg/router, pkg/canary). */
function flaggerOwned(provider: string): string[] {
  const common = ['Deployment/svc-v1-primary', 'Service/svc', 'Service/svc-primary', 'Service/svc-canary'];
  switch (provider) {
    case 'istio': return [...common, 'VirtualService/svc', 'DestinationRule/svc-primary', 'DestinationRule/svc-canary'];
    case 'gatewayapi:v1': return [...common, 'HTTPRoute/svc'];
    default: return [...common, 'TrafficSplit/svc'];
  }
}

/** Flagger's primary pod labels: its selector label gets `-primary`, the others are copied (makePrimaryLabels). */
function primaryLabels(deployment: any): { [k: string]: string } {
  const selector = deployment.spec.selector.matchLabels;
  const label = ['app', 'name', 'app.kubernetes.io/name'].find((l) => l in selector)!;
  const labels = { ...deployment.spec.template.metadata.labels };
  labels[label] = `${selector[label]}-primary`;
  return labels;
}

/** Every pod selector of the output, with where it is. */
function podSelectors(m: any[]): [string, { [k: string]: string }][] {
  return m.flatMap((o): [string, { [k: string]: string }][] => {
    const s = o.spec?.selector?.matchLabels ?? o.spec?.podSelector?.matchLabels;
    return s && o.kind !== 'Deployment' && o.kind !== 'Gateway' ? [[`${o.kind}/${o.metadata.name}`, s]] : [];
  });
}

describe('Delivery.flagger() on Istio', () => {
  const m = synth({
    defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2, perTryTimeout: Duration.seconds(2), on: [RetryOn.UNAVAILABLE, RetryOn.RESET] } },
    loadBalancer: LoadBalancer.roundRobin(),
    connectionPool: { maxRequests: 50, idleTimeout: Duration.minutes(5) },
    outlierDetection: { consecutive5xxErrors: 4, interval: Duration.seconds(10) },
    ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert' },
    authorization: { allow: [{ clients: [Client.namespace('front')] }] },
  });

  test('emits the Canary and its templates, and none of the objects Flagger owns', () => {
    expect(kindsAndNames(m)).toEqual([
      'ServiceAccount/svc', 'Deployment/svc-v1', 'PodDisruptionBudget/svc-v1', 'PeerAuthentication/svc', 'AuthorizationPolicy/svc', 'Gateway/svc-gateway',
      'MetricTemplate/svc-grpc-success-rate', 'MetricTemplate/svc-grpc-latency', 'Canary/svc',
    ]);
    for (const owned of flaggerOwned('istio')) expect(kindsAndNames(m)).not.toContain(owned);
    // No routing object of the library for the host at all: Flagger's VirtualService is the only one.
    expect(m.filter((o) => ['VirtualService', 'DestinationRule', 'Service'].includes(o.kind))).toEqual([]);
  });

  test('the Canary targets the Deployment, with the port named and typed for Istio', () => {
    const spec = canary(m);
    expect(spec.provider).toBe('istio');
    expect(spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: only(m, 'Deployment').metadata.name });
    expect(spec.service).toMatchObject({ name: 'svc', port: 50051, portName: 'grpc', targetPort: 'grpc', appProtocol: 'grpc' });
    expect(only(m, 'Deployment').spec.template.spec.containers[0].ports).toContainEqual({ name: 'grpc', containerPort: 50051 });
  });

  test('the route\'s timeout and retries and the traffic policy are what the static rendering writes', () => {
    const staticOutput = synthService(props({
      delivery: undefined,
      defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2, perTryTimeout: Duration.seconds(2), on: [RetryOn.UNAVAILABLE, RetryOn.RESET] } },
      loadBalancer: LoadBalancer.roundRobin(),
      connectionPool: { maxRequests: 50, idleTimeout: Duration.minutes(5) },
      outlierDetection: { consecutive5xxErrors: 4, interval: Duration.seconds(10) },
    })).manifests;
    const route = only(staticOutput, 'VirtualService', 'svc').spec.http[0];
    const service = canary(m).service;
    expect(service.timeout).toBe(route.timeout);
    expect(service.retries).toEqual(route.retries);
    expect(service.retries).toEqual({ attempts: 2, perTryTimeout: '2s', retryOn: 'unavailable,reset' });
    expect(service.trafficPolicy).toEqual(only(staticOutput, 'DestinationRule').spec.trafficPolicy);
    expect(service.trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
  });

  test('a route without retries turns Istio\'s default retries off', () => {
    expect(canary(synth()).service.retries).toEqual({ attempts: 0 });
  });

  test('ingress binds Flagger\'s VirtualService to the library\'s Gateway, and keeps the mesh', () => {
    expect(canary(m).service.gateways).toEqual(['default/svc-gateway', 'mesh']);
    expect(canary(m).service.hosts).toEqual(['svc', 'grpc.example.com']);
    expect(only(m, 'Gateway').metadata.name).toBe('svc-gateway');
  });

  test('the analysis steps and thresholds are the delivery options', () => {
    expect(canary(m).analysis).toEqual({
      interval: '30s', threshold: 3, stepWeight: 5, maxWeight: 30,
      metrics: [
        { name: 'grpc-success-rate', templateRef: { name: 'svc-grpc-success-rate', namespace: 'default' }, thresholdRange: { min: 99.5 }, interval: '30s' },
        { name: 'grpc-latency', templateRef: { name: 'svc-grpc-latency', namespace: 'default' }, thresholdRange: { max: 250 }, interval: '30s' },
      ],
    });
  });

  test('the success rate counts gRPC statuses of the canary Deployment, not HTTP codes', () => {
    const t = template(m, 'grpc-success-rate');
    expect(t.provider).toEqual({ type: 'prometheus', address: 'http://prometheus.istio-system:9090' });
    expect(t.query).toContain('grpc_response_status=~"2|4|12|13|14|15"');
    expect(t.query).toContain('destination_workload=~"{{ target }}"');
    expect(t.query).toContain('reporter="destination"');
    expect(t.query).not.toMatch(/response_code!~/);
    expect(template(m, 'grpc-latency').query).toContain('histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{');
  });

  test('every pod selector of the mesh selects the primary pods Flagger clones as well as the canary pods', () => {
    const deployment = only(m, 'Deployment');
    // Flagger rewrites the first of app, name, app.kubernetes.io/name in the selector: `name`.
    expect(deployment.spec.selector.matchLabels).toMatchObject({ [FLAGGER_SELECTOR_LABEL]: 'svc', 'app.kubernetes.io/name': 'svc' });
    expect(deployment.spec.selector.matchLabels.app).toBeUndefined();
    const canaryLabels = deployment.spec.template.metadata.labels;
    const primary = primaryLabels(deployment);
    expect(primary[FLAGGER_SELECTOR_LABEL]).toBe('svc-primary');
    const selectors = podSelectors(m);
    expect(selectors.map(([where]) => where)).toEqual(['PodDisruptionBudget/svc-v1', 'PeerAuthentication/svc', 'AuthorizationPolicy/svc']);
    for (const [, selector] of selectors) {
      for (const [k, v] of Object.entries(selector)) {
        expect([k, canaryLabels[k]]).toEqual([k, v]);
        expect([k, primary[k]]).toEqual([k, v]);
      }
    }
  });

  test('an autoscaled version: Flagger clones the target\'s HorizontalPodAutoscaler for the primary', () => {
    const out = synth({ autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 } });
    expect(canary(out).autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'svc-v1' });
    expect(only(out, 'HorizontalPodAutoscaler', 'svc-v1').spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'svc-v1' });
    expect(canary(synth()).autoscalerRef).toBeUndefined();
  });

  test('the Flagger objects are reachable, typed', () => {
    const { service } = synthService(props());
    const resources = FlaggerResources.of(service);
    expect(resources).toBeInstanceOf(FlaggerResources);
    expect(resources).toBe((service as GrpcMeshService).deliveryResources);
    expect(resources.canary.name).toBe('svc');
    expect(Object.keys(resources.metricTemplates)).toEqual(['grpc-success-rate', 'grpc-latency']);
  });
});

describe('Delivery.flagger() on Linkerd (Gateway API)', () => {
  const m = synth({
    mesh: Mesh.linkerd({ failureAccrual: { maxPenalty: Duration.seconds(30) } }),
    defaultRoute: { timeout: Duration.seconds(3) },
    outlierDetection: { consecutive5xxErrors: 5 },
  });

  test('an HTTPRoute on the Service (GAMMA), and no outbound GRPCRoute to take the calls from it', () => {
    const spec = canary(m);
    expect(spec.provider).toBe('gatewayapi:v1');
    expect(spec.service.gatewayRefs).toEqual([{ group: 'core', kind: 'Service', name: 'svc', namespace: 'default', port: 50051 }]);
    expect(m.filter((o) => o.kind === 'GRPCRoute' && o.spec.parentRefs.some((p: any) => p.kind === 'Service'))).toEqual([]);
    for (const owned of flaggerOwned('gatewayapi:v1')) expect(kindsAndNames(m)).not.toContain(owned);
    expect(m.filter((o) => o.kind === 'Service')).toEqual([]);
  });

  test('the port is typed for Linkerd, the timeout and failure accrual go on Flagger\'s route and apex Service', () => {
    const service = canary(m).service;
    expect(service).toMatchObject({ portName: 'grpc', targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c', timeout: '3s' });
    expect(service.apex.annotations).toEqual({
      'balancer.linkerd.io/failure-accrual': 'consecutive',
      'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '5',
      'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': '30s',
    });
  });

  test('the success rate uses Linkerd\'s gRPC-aware classification of the canary Deployment\'s inbound calls', () => {
    const t = template(m, 'grpc-success-rate');
    expect(t.provider.address).toBe('http://prometheus.linkerd-viz:9090');
    expect(t.query).toContain('response_total{direction="inbound", namespace="{{ namespace }}", deployment=~"{{ target }}", classification="failure"}');
    expect(t.query).not.toMatch(/status_code/);
  });

  test('on Linkerd 2.16-2.17, whose Gateway API v0.7.1 serves HTTPRoute up to v1beta1, Flagger writes a v1beta1 HTTPRoute', () => {
    const out = synth({ mesh: Mesh.linkerd({ release: LinkerdRelease.V2_16_TO_2_17 }) });
    expect(canary(out).provider).toBe('gatewayapi:v1beta1');
    expect(canary(m).provider).toBe('gatewayapi:v1');
  });

  test('the Server and its policies select the primary pods too', () => {
    const deployment = only(m, 'Deployment');
    const primary = primaryLabels(deployment);
    const server = only(m, 'Server').spec.podSelector.matchLabels;
    for (const [k, v] of Object.entries(server)) expect(primary[k]).toBe(v);
  });
});

describe('Delivery.flagger() on Linkerd\'s legacy API', () => {
  const m = synth({
    mesh: Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }),
    defaultRoute: { timeout: Duration.seconds(3) },
    methods: [{ name: 'p.S/Get', timeout: Duration.seconds(1) }],
    delivery: Delivery.flagger({ prometheusAddress: 'http://prom.monitoring:9090' }),
  });

  test('Flagger\'s SMI TrafficSplit; the per-method routes stay in the library\'s ServiceProfile', () => {
    expect(canary(m).provider).toBe('linkerd');
    expect(only(m, 'ServiceProfile').spec.routes.map((r: any) => [r.name, r.timeout])).toEqual([['Get', '1s'], ['default', '3s']]);
    for (const owned of flaggerOwned('linkerd')) expect(kindsAndNames(m)).not.toContain(owned);
    expect(template(m, 'grpc-success-rate').provider.address).toBe('http://prom.monitoring:9090');
  });

  test('without maxLatency, only the success rate is checked', () => {
    expect(canary(m).analysis.metrics.map((x: any) => x.name)).toEqual(['grpc-success-rate']);
    expect(m.filter((o) => o.kind === 'MetricTemplate').length).toBe(1);
  });
});
