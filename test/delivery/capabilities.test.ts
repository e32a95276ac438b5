import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  AccessLogFilter, CAPABILITY_PROPS, Client, DisruptionBudget, DELIVERY_CAPABILITIES, Delivery, DeliveryCapabilityRow, GrpcApi, GrpcMeshError,
  GrpcMeshServiceProps, LinkerdMode, LoadBalancer, Mesh, MutualTlsMode, RetryOn, Streaming, UndeclaredMethods, renderDeliveryCapabilityMatrix,
} from '../../src';
import { only, synthService } from '../support/service';

const DELIVERY_PAGE = path.join(__dirname, '..', '..', 'docs', 'delivery.md');

type Column = Exclude<keyof DeliveryCapabilityRow, 'prop'>;
const COLUMNS: [Column, string, () => Mesh, () => Delivery][] = [
  ['flaggerIstio', 'Flagger on Istio', () => Mesh.istio(), () => Delivery.flagger()],
  ['flaggerLinkerd', 'Flagger on Linkerd', () => Mesh.linkerd(), () => Delivery.flagger()],
  ['flaggerLinkerdLegacy', 'Flagger on Linkerd legacy', () => Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), () => Delivery.flagger()],
  ['argoRolloutsIstio', 'Argo Rollouts on Istio', () => Mesh.istio(), () => Delivery.argoRollouts()],
];

/** A check of a mapped cell: the output with delivery, and the output of the same props without it. */
type Check = (m: any[], withoutDelivery: () => any[]) => void;

interface Sample {
  readonly props: Partial<GrpcMeshServiceProps>;
  /** A check per column whose cell names a field; `as without delivery` cells use {@link sameAsWithoutDelivery}. */
  readonly maps?: { readonly [C in Column]?: Check };
}

const API = GrpcApi.fromProtoText(`
  syntax = "proto3";
  package shop;
  message Req {}
  message Res {}
  service Orders {
    rpc Get (Req) returns (Res) { option idempotency_level = NO_SIDE_EFFECTS; }
    rpc Put (Req) returns (Res);
  }`, { fileName: 'orders.proto' });

const canary = (m: any[]) => only(m, 'Canary', 'svc').spec;
const service = (m: any[]) => canary(m).service;
const policy = (m: any[]) => service(m).trafficPolicy;
const drPolicy = (m: any[]) => only(m, 'DestinationRule').spec.trafficPolicy;
const vsRoute = (m: any[], name: string) => only(m, 'VirtualService', 'svc').spec.http.find((r: any) => r.name === name);
const spRoute = (m: any[], name: string) => only(m, 'ServiceProfile').spec.routes.find((r: any) => r.name === name);
const argo = (m: any[]) => only(m, 'Rollout').spec;
const podTemplate = (m: any[]) => (m.find((o) => o.kind === 'Deployment') ?? only(m, 'Rollout')).spec.template;
/** Kinds the delivery controller replaces or renders differently; the others must be as without delivery. */
const REPLACED = new Set(['Deployment', 'Service', 'VirtualService', 'DestinationRule', 'GRPCRoute', 'TrafficSplit', 'Rollout']);

/** An `as without delivery` cell: every object the controller does not replace, and the pod spec, unchanged. */
const sameAsWithoutDelivery: Check = (m, withoutDelivery) => {
  const before = withoutDelivery();
  const kept = (list: any[]) => list.filter((o) => !REPLACED.has(o.kind) || (o.kind === 'GRPCRoute' && o.spec.parentRefs[0].kind === 'Server'));
  expect(kept(m).filter((o) => !['Canary', 'MetricTemplate', 'AnalysisTemplate'].includes(o.kind))).toEqual(kept(before));
  // A Rollout's pods are spread by their `rollouts-pod-template-hash` (see the Argo Rollouts tests).
  const spec = JSON.parse(JSON.stringify(podTemplate(m).spec).replace(/"rollouts-pod-template-hash"/g, '"pod-template-hash"'));
  expect(spec).toEqual(podTemplate(before).spec);
  expect(podTemplate(m).metadata.annotations).toEqual(podTemplate(before).metadata.annotations);
};
/** The Istio routing the static rendering writes is what Argo Rollouts keeps (but the destinations). */
const argoSameRoutes: Check = (m, withoutDelivery) => {
  const strip = (vs: any) => vs.spec.http.map(({ route, ...rest }: any) => rest);
  expect(strip(only(m, 'VirtualService', 'svc'))).toEqual(strip(only(withoutDelivery(), 'VirtualService', 'svc')));
  expect(argo(m).strategy.canary.trafficRouting.istio.virtualServices[0].routes).toEqual(only(m, 'VirtualService', 'svc').spec.http.map((r: any) => r.name));
};
const argoSamePolicy: Check = (m, withoutDelivery) => expect(drPolicy(m)).toEqual(drPolicy(withoutDelivery()));
const flaggerSamePolicy: Check = (m, withoutDelivery) => expect(policy(m)).toEqual(drPolicy(withoutDelivery()));
const istioPolicy = { flaggerIstio: flaggerSamePolicy, argoRolloutsIstio: argoSamePolicy };

const SAMPLES: { [prop: string]: Sample } = {
  '`mesh`': {
    props: {},
    maps: {
      flaggerIstio: (m) => expect(canary(m).provider).toBe('istio'),
      flaggerLinkerd: (m) => expect([canary(m).provider, service(m).gatewayRefs[0].kind]).toEqual(['gatewayapi:v1', 'Service']),
      flaggerLinkerdLegacy: (m) => expect(canary(m).provider).toBe('linkerd'),
      argoRolloutsIstio: (m) => expect(Object.keys(argo(m).strategy.canary.trafficRouting)).toEqual(['istio']),
    },
  },
  '`serviceName`, `namespace`': {
    props: { serviceName: 'orders', namespace: 'shop' },
    maps: Object.fromEntries(['flaggerIstio', 'flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[]) => {
      expect(only(m, 'Canary', 'orders').metadata).toEqual({ name: 'orders', namespace: 'shop', labels: only(m, 'ServiceAccount', 'orders').metadata.labels });
      expect(only(m, 'Canary', 'orders').metadata.labels.app).toBe('orders');
      expect(only(m, 'Canary', 'orders').spec.service.name).toBe('orders');
    }])),
  },
  '`port`': {
    props: { port: 9090 },
    maps: {
      flaggerIstio: (m) => expect(service(m)).toMatchObject({ port: 9090, portName: 'grpc', targetPort: 'grpc', appProtocol: 'grpc' }),
      flaggerLinkerd: (m) => expect(service(m)).toMatchObject({ port: 9090, portName: 'grpc', targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' }),
      flaggerLinkerdLegacy: (m) => expect(service(m)).toMatchObject({ port: 9090, portName: 'grpc', targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' }),
    },
  },
  '`healthPort`': { props: { healthPort: 8080 } },
  '`versions`': { props: { versions: [{ name: 'blue', image: 'r/a:1' }, { name: 'green', image: 'r/a:2' }] } },
  '`image`, `replicas`, `resources`': {
    props: { image: 'r/a:1', replicas: 1, versions: [{ name: 'v1' }] },
    maps: {
      ...Object.fromEntries(['flaggerIstio', 'flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[]) => {
        expect(canary(m).targetRef.name).toBe(only(m, 'Deployment').metadata.name);
        expect([only(m, 'Deployment').spec.replicas, podTemplate(m).spec.containers[0].image]).toEqual([1, 'r/a:1']);
      }])),
      argoRolloutsIstio: (m) => expect([argo(m).replicas, podTemplate(m).spec.containers[0].image]).toEqual([1, 'r/a:1']),
    },
  },
  '`readinessProbe`, `livenessProbe`': { props: { readinessProbe: { service: 'shop.Orders' }, livenessProbe: { period: Duration.seconds(30) } } },
  '`defaultRoute.weights`': {
    props: { defaultRoute: { weights: { v1: 100 } } },
    maps: {
      flaggerIstio: (m) => expect(m.filter((o) => o.kind === 'VirtualService')).toEqual([]),
      flaggerLinkerd: (m) => expect(m.filter((o) => o.kind === 'GRPCRoute' && o.spec.parentRefs[0].kind === 'Service')).toEqual([]),
      flaggerLinkerdLegacy: (m) => expect(m.filter((o) => o.kind === 'TrafficSplit')).toEqual([]),
      argoRolloutsIstio: (m) => expect(vsRoute(m, 'default').route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['stable', 100], ['canary', 0]]),
    },
  },
  '`methods[].name`': {
    props: { methods: [{ name: 'shop.Orders/Get', timeout: Duration.seconds(1) }] },
    maps: {
      flaggerLinkerdLegacy: (m) => expect(spRoute(m, 'Get').condition).toEqual({ method: 'POST', pathRegex: '/shop\\.Orders/Get' }),
      argoRolloutsIstio: argoSameRoutes,
    },
  },
  '`methods[].weights` (other than the default route\'s)': {
    props: { versions: [{ name: 'v1', image: 'r/a:1' }, { name: 'v2', image: 'r/a:2' }], methods: [{ name: 'shop.Orders/Get', weights: { v1: 50, v2: 50 } }] },
  },
  '`api`': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, api: API, defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2 } } },
    maps: {
      flaggerLinkerdLegacy: (m) => expect(only(m, 'ServiceProfile').spec.routes.map((r: any) => r.name)).toEqual(['Put', 'default']),
      argoRolloutsIstio: argoSameRoutes,
    },
  },
  '`defaultRoute.timeout`, `methods[].timeout`': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { timeout: Duration.seconds(5) } },
    maps: {
      flaggerIstio: (m) => expect(service(m).timeout).toBe('5s'),
      flaggerLinkerd: (m) => expect(service(m).timeout).toBe('5s'),
      flaggerLinkerdLegacy: (m) => expect(spRoute(m, 'default').timeout).toBe('5s'),
      argoRolloutsIstio: (m) => expect(vsRoute(m, 'default').timeout).toBe('5s'),
    },
  },
  '`methods[].streaming`': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { timeout: Duration.seconds(5) }, methods: [{ name: 'shop.Orders/Watch', streaming: Streaming.SERVER }] },
    maps: {
      flaggerLinkerdLegacy: (m) => expect(spRoute(m, 'Watch').timeout).toBeUndefined(),
      argoRolloutsIstio: (m) => expect([vsRoute(m, 'shop-orders-watch').timeout, vsRoute(m, 'shop-orders-watch').retries]).toEqual([undefined, { attempts: 0 }]),
    },
  },
  '`methods[].idempotent: false`': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { retry: { attempts: 2 } }, methods: [{ name: 'shop.Orders/Put', idempotent: false }] },
    maps: {
      flaggerLinkerdLegacy: (m) => expect(spRoute(m, 'Put').isRetryable).toBeUndefined(),
      argoRolloutsIstio: (m) => expect(vsRoute(m, 'shop-orders-put').retries).toEqual({ attempts: 0 }),
    },
  },
  '`retry.attempts`': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { retry: { attempts: 3 } } },
    maps: {
      flaggerIstio: (m) => expect(service(m).retries.attempts).toBe(3),
      flaggerLinkerdLegacy: (m) => expect(spRoute(m, 'default').isRetryable).toBe(true),
      argoRolloutsIstio: (m) => expect(vsRoute(m, 'default').retries.attempts).toBe(3),
    },
  },
  '`retry.perTryTimeout`': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { timeout: Duration.seconds(6), retry: { attempts: 2, perTryTimeout: Duration.seconds(2) } } },
    maps: {
      flaggerIstio: (m) => expect(service(m).retries.perTryTimeout).toBe('2s'),
      argoRolloutsIstio: (m) => expect(vsRoute(m, 'default').retries.perTryTimeout).toBe('2s'),
    },
  },
  '`retry.on` (gRPC statuses)': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE, RetryOn.CANCELLED] } } },
    maps: {
      flaggerIstio: (m) => expect(service(m).retries.retryOn).toBe('cancelled,unavailable'),
      argoRolloutsIstio: (m) => expect(vsRoute(m, 'default').retries.retryOn).toBe('cancelled,unavailable'),
    },
  },
  '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { retry: { attempts: 2, on: [RetryOn.CONNECT_FAILURE, RetryOn.RESET] } } },
    maps: {
      flaggerIstio: (m) => expect(service(m).retries.retryOn).toBe('connect-failure,reset'),
      argoRolloutsIstio: (m) => expect(vsRoute(m, 'default').retries.retryOn).toBe('connect-failure,reset'),
    },
  },
  '`connectionPool.maxConnections`': { props: { connectionPool: { maxConnections: 10 } }, maps: { argoRolloutsIstio: argoSamePolicy } },
  '`connectionPool.connectTimeout`': { props: { connectionPool: { connectTimeout: Duration.seconds(3) } }, maps: { argoRolloutsIstio: argoSamePolicy } },
  '`connectionPool.maxRequests`': { props: { connectionPool: { maxRequests: 10 } }, maps: istioPolicy },
  '`connectionPool.maxRequestsPerConnection`': { props: { connectionPool: { maxRequestsPerConnection: 10 } }, maps: istioPolicy },
  '`connectionPool.maxConcurrentStreams`': { props: { connectionPool: { maxConcurrentStreams: 10 } }, maps: { argoRolloutsIstio: argoSamePolicy } },
  '`connectionPool.idleTimeout`': { props: { connectionPool: { idleTimeout: Duration.minutes(10) } }, maps: istioPolicy },
  '`undeclaredMethods`': {
    props: { undeclaredMethods: UndeclaredMethods.UNARY, defaultRoute: { timeout: Duration.seconds(5) } },
    maps: {
      flaggerIstio: (m) => expect([service(m).timeout, service(m).retries]).toEqual(['5s', { attempts: 0 }]),
      flaggerLinkerd: (m) => expect(service(m).timeout).toBe('5s'),
    },
  },
  '`connectionPool.maxRetries`': { props: { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, defaultRoute: { retry: { attempts: 2 } }, connectionPool: { maxRetries: 5 } }, maps: istioPolicy },
  '`loadBalancer: LoadBalancer.leastRequest()`': { props: { loadBalancer: LoadBalancer.leastRequest() }, maps: istioPolicy },
  '`loadBalancer: LoadBalancer.roundRobin()`': { props: { loadBalancer: LoadBalancer.roundRobin() }, maps: istioPolicy },
  '`loadBalancer: LoadBalancer.random()`': { props: { loadBalancer: LoadBalancer.random() }, maps: istioPolicy },
  '`loadBalancer: LoadBalancer.consistentHashByHeader()`': { props: { loadBalancer: LoadBalancer.consistentHashByHeader('x-user') }, maps: istioPolicy },
  '`loadBalancer: LoadBalancer.consistentHashByCookie()`': { props: { loadBalancer: LoadBalancer.consistentHashByCookie('s', Duration.hours(1)) }, maps: istioPolicy },
  '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`': { props: { loadBalancer: LoadBalancer.consistentHashBySourceIp() }, maps: istioPolicy },
  '`outlierDetection.consecutive5xxErrors`': {
    props: { outlierDetection: { consecutive5xxErrors: 5 } },
    maps: {
      ...istioPolicy,
      flaggerLinkerd: (m) => expect(service(m).apex.annotations).toMatchObject({ 'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '5' }),
    },
  },
  '`outlierDetection.consecutiveGatewayErrors`': { props: { outlierDetection: { consecutiveGatewayErrors: 5 } }, maps: istioPolicy },
  '`outlierDetection.interval`': { props: { outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(5) } }, maps: istioPolicy },
  '`outlierDetection.baseEjectionTime`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, baseEjectionTime: Duration.seconds(10) } },
    maps: {
      ...istioPolicy,
      flaggerLinkerd: (m) => expect(service(m).apex.annotations['balancer.linkerd.io/failure-accrual-consecutive-min-penalty']).toBe('10s'),
    },
  },
  '`outlierDetection.maxEjectionPercent`': { props: { outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 50 } }, maps: istioPolicy },
  '`outlierDetection.minHealthPercent`': { props: { outlierDetection: { consecutive5xxErrors: 5, minHealthPercent: 10 } }, maps: istioPolicy },
  '`mtls: MutualTlsMode.STRICT`': {
    props: { mtls: MutualTlsMode.STRICT },
    maps: {
      flaggerIstio: (m, withoutDelivery) => {
        sameAsWithoutDelivery(m, withoutDelivery);
        expect(policy(m).tls).toEqual({ mode: 'ISTIO_MUTUAL' });
      },
      flaggerLinkerd: sameAsWithoutDelivery,
      flaggerLinkerdLegacy: sameAsWithoutDelivery,
    },
  },
  '`mtls: MutualTlsMode.PERMISSIVE`': { props: { mtls: MutualTlsMode.PERMISSIVE } },
  '`authorization` (whole service)': { props: { authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front'), Client.namespace('ops')] }] } } },
  '`authorization.allow[].methods` (per method)': { props: { authorization: { allow: [{ clients: [Client.namespace('ops')], methods: ['shop.Orders/Get'] }] } } },
  '`authorization: { allow: [] }`': { props: { authorization: { allow: [] } } },
  '`telemetry.tracing`': { props: { telemetry: { tracing: { samplingPercentage: 5 } } } },
  '`telemetry.accessLogging: AccessLogFilter.allCalls()`': { props: { telemetry: { accessLogging: AccessLogFilter.allCalls() } } },
  '`telemetry.accessLogging: failedCalls()` or `expression()`': { props: { telemetry: { accessLogging: AccessLogFilter.failedCalls() } } },
  '`ingress`': {
    props: { ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert' } },
    maps: {
      flaggerIstio: (m) => {
        expect(only(m, 'Gateway').metadata.name).toBe('svc-gateway');
        expect([service(m).gateways, service(m).hosts]).toEqual([['default/svc-gateway', 'mesh'], ['svc', 'grpc.example.com']]);
      },
      argoRolloutsIstio: (m) => {
        expect(argo(m).strategy.canary.trafficRouting.istio.virtualServices.map((v: any) => v.name)).toEqual(['svc', 'svc-ingress']);
        expect(only(m, 'VirtualService', 'svc-ingress').spec.http[0].route.map((d: any) => d.destination.subset)).toEqual(['stable', 'canary']);
      },
    },
  },
  '`ingress.jwt`': { props: { ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert', jwt: { issuer: 'https://idp.example.com' } } } },
  '`autoscaling`, `versions[].autoscaling`': {
    props: { autoscaling: { minReplicas: 2, maxReplicas: 5 } },
    maps: {
      ...Object.fromEntries(['flaggerIstio', 'flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[]) => {
        expect(canary(m).autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: only(m, 'HorizontalPodAutoscaler').metadata.name });
        expect(only(m, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: canary(m).targetRef.name });
      }])),
      argoRolloutsIstio: (m) => {
        expect(only(m, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: only(m, 'Rollout').metadata.name });
        expect(argo(m).replicas).toBeUndefined();
      },
    },
  },
  '`disruptionBudget`, `versions[].disruptionBudget`': {
    props: { replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(2) },
    maps: Object.fromEntries(['flaggerIstio', 'flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[], withoutDelivery: () => any[]) => {
      sameAsWithoutDelivery(m, withoutDelivery);
      const selector = only(m, 'PodDisruptionBudget').spec.selector.matchLabels;
      const labels = podTemplate(m).metadata.labels;
      // Flagger renames `name` only (the target's selector has no `app`): the budget's labels stay on the primary pods.
      expect(Object.keys(selector)).not.toContain('name');
      for (const [k, v] of Object.entries(selector)) expect(labels[k]).toBe(v);
    }])),
  },
  '`topologySpread`': {
    props: { topologySpread: { topologyKeys: ['kubernetes.io/hostname'], required: true } },
    maps: { argoRolloutsIstio: (m) => expect(podTemplate(m).spec.topologySpreadConstraints[0].matchLabelKeys).toEqual(['rollouts-pod-template-hash']) },
  },
  '`drain`': { props: { drain: { preStopDelay: Duration.seconds(3), drainWindow: Duration.seconds(4), terminationGracePeriod: Duration.seconds(40) } } },
  '`healthPortPolicy`': { props: { healthPort: 8081, healthPortPolicy: { probeNetworks: ['10.0.0.0/8'] } } },
  '`strict`': { props: { strict: true } },
  '`delivery.stepWeight`, `delivery.maxWeight`': {
    props: { delivery: undefined },
    maps: {
      ...Object.fromEntries(['flaggerIstio', 'flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[]) => expect([canary(m).analysis.stepWeight, canary(m).analysis.maxWeight]).toEqual([10, 50])])),
      argoRolloutsIstio: (m) => expect(argo(m).strategy.canary.steps.filter((s: any) => s.setWeight).map((s: any) => s.setWeight)).toEqual([10, 20, 30, 40, 50]),
    },
  },
  '`delivery.interval`': {
    props: {},
    maps: {
      ...Object.fromEntries(['flaggerIstio', 'flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[]) => expect([canary(m).analysis.interval, canary(m).analysis.metrics[0].interval]).toEqual(['1m', '1m'])])),
      argoRolloutsIstio: (m) => {
        expect(argo(m).strategy.canary.steps[1]).toEqual({ pause: { duration: '1m' } });
        expect(only(m, 'AnalysisTemplate').spec.metrics[0].provider.prometheus.query).toContain('[1m]');
      },
    },
  },
  '`delivery.failureThreshold`': {
    props: {},
    maps: {
      ...Object.fromEntries(['flaggerIstio', 'flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[]) => expect(canary(m).analysis.threshold).toBe(5)])),
      argoRolloutsIstio: (m) => expect(only(m, 'AnalysisTemplate').spec.metrics[0].failureLimit).toBe(4),
    },
  },
  '`delivery.prometheusAddress`': {
    props: {},
    maps: {
      flaggerIstio: (m) => expect(only(m, 'MetricTemplate').spec.provider.address).toBe('http://prometheus.istio-system:9090'),
      flaggerLinkerd: (m) => expect(only(m, 'MetricTemplate').spec.provider.address).toBe('http://prometheus.linkerd-viz:9090'),
      flaggerLinkerdLegacy: (m) => expect(only(m, 'MetricTemplate').spec.provider.address).toBe('http://prometheus.linkerd-viz:9090'),
      argoRolloutsIstio: (m) => expect(only(m, 'AnalysisTemplate').spec.metrics[0].provider.prometheus.address).toBe('http://prometheus.istio-system:9090'),
    },
  },
  '`delivery.minSuccessRate`': {
    props: {},
    maps: {
      flaggerIstio: (m) => {
        expect(only(m, 'MetricTemplate').spec.query).toContain('grpc_response_status=~');
        expect(canary(m).analysis.metrics[0].thresholdRange).toEqual({ min: 99 });
      },
      ...Object.fromEntries(['flaggerLinkerd', 'flaggerLinkerdLegacy'].map((c) => [c, (m: any[]) => {
        expect(only(m, 'MetricTemplate').spec.query).toContain('classification="failure"');
        expect(canary(m).analysis.metrics[0].thresholdRange).toEqual({ min: 99 });
      }])),
      argoRolloutsIstio: (m) => {
        expect(only(m, 'AnalysisTemplate').spec.metrics[0].provider.prometheus.query).toContain('grpc_response_status=~');
        expect(only(m, 'AnalysisTemplate').spec.metrics[0].successCondition).toBe('len(result) > 0 && result[0] >= 99');
      },
    },
  },
  '`delivery.maxLatency`': {
    props: {},
    maps: {
      flaggerIstio: (m) => expect(only(m, 'MetricTemplate', 'svc-grpc-latency').spec.query).toContain('istio_request_duration_milliseconds_bucket'),
      flaggerLinkerd: (m) => expect(only(m, 'MetricTemplate', 'svc-grpc-latency').spec.query).toContain('response_latency_ms_bucket'),
      flaggerLinkerdLegacy: (m) => expect(only(m, 'MetricTemplate', 'svc-grpc-latency').spec.query).toContain('response_latency_ms_bucket'),
      argoRolloutsIstio: (m) => expect(only(m, 'AnalysisTemplate', 'svc-grpc-latency').spec.metrics[0].successCondition).toBe('len(result) > 0 && result[0] <= 300'),
    },
  },
};

/** The delivery of a column, with a latency threshold for the `delivery.maxLatency` row. */
function deliveryOf(prop: string, factory: () => Delivery): Delivery {
  if (prop !== '`delivery.maxLatency`') return factory();
  const d = factory();
  return d.engine === 'FLAGGER' ? Delivery.flagger({ maxLatency: Duration.millis(300) }) : Delivery.argoRollouts({ maxLatency: Duration.millis(300) });
}

function props(mesh: Mesh, sample: Partial<GrpcMeshServiceProps>, delivery?: Delivery): GrpcMeshServiceProps {
  return { mesh, versions: [{ name: 'v1', image: 'registry/app:v1' }], ...sample, ...(delivery ? { delivery } : {}) };
}

describe('delivery capability matrix', () => {
  test('the table in docs/delivery.md is the one generated from DELIVERY_CAPABILITIES', () => {
    const readme = fs.readFileSync(DELIVERY_PAGE, 'utf8');
    const between = readme.split('<!-- delivery-capabilities:start -->')[1]?.split('<!-- delivery-capabilities:end -->')[0];
    expect(between?.trim()).toBe(renderDeliveryCapabilityMatrix());
  });

  test('every prop of the capability matrix has a delivery row, then the delivery options', () => {
    const props = DELIVERY_CAPABILITIES.map((r) => r.prop);
    expect(props.slice(0, CAPABILITY_PROPS.length)).toEqual([...CAPABILITY_PROPS]);
    expect(props.slice(CAPABILITY_PROPS.length).every((p) => p.startsWith('`delivery.'))).toBe(true);
    expect(Object.keys(SAMPLES).sort()).toEqual([...props].sort());
  });

  test('every mapped cell that names a field has a check of it, and no rejected cell has one', () => {
    for (const row of DELIVERY_CAPABILITIES) {
      for (const [column] of COLUMNS) {
        const named = row[column].supported && row[column].note !== 'as without delivery';
        expect([row.prop, column, SAMPLES[row.prop].maps?.[column] !== undefined]).toEqual([row.prop, column, named]);
      }
    }
  });

  const cells = DELIVERY_CAPABILITIES.flatMap((row) => COLUMNS.map(([column, name, mesh, delivery]) => [row.prop, name, row, column, mesh, delivery] as const));
  test.each(cells)('%s with %s: renders the field it maps when mapped, fails naming the prop when rejected', (prop, _name, row, column, mesh, delivery) => {
    const sample = SAMPLES[prop];
    const run = () => synthService(props(mesh(), sample.props, deliveryOf(prop, delivery))).manifests;
    const withoutDelivery = () => synthService(props(mesh(), sample.props)).manifests;
    if (row[column].supported) {
      const check = sample.maps?.[column] ?? sameAsWithoutDelivery;
      check(run(), withoutDelivery);
      return;
    }
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GrpcMeshError);
    const named = (error as GrpcMeshError).prop;
    // The prop of the row (or of the case it covers) is the one named.
    const rowProps = prop.match(/`([^`]+)`/g)!.map((p) => p.slice(1, -1).split(/[:[ ]/)[0].split('.')[0]);
    const oneVersion = row[column].note.startsWith('one version') && named === 'versions';
    expect([named, oneVersion || rowProps.some((p) => named.startsWith(p) || (p === 'retry' && /retry/.test(named)) || (p === 'api' && named.startsWith('methods')))]).toEqual([named, true]);
  });
});
