import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  AccessLogFilter, capabilityColumns, capabilityMatrix, CAPABILITY_PROPS, Client, DisruptionBudget, GrpcApi, GrpcMeshError, GrpcMeshServiceProps, LinkerdMode, LinkerdRelease,
  LoadBalancer, Mesh, MutualTlsMode, RetryOn, Streaming, UndeclaredMethods, renderCapabilityMatrix,
} from '../../src';
import { ValidationRelease } from '../../src/validation';
import { only, synthService } from '../support/service';
import { expectValidManifests } from '../support/validate';
import { labelsOf, selectorOf, versionSelectorOf } from '../support/labels';

const CAPABILITIES_PAGE = path.join(__dirname, '..', '..', 'docs', 'capabilities.md');

/**
 * What a mesh that maps a row must render: an assertion on the field the row's cell names, so that a
 * renderer dropping a mapped field fails. `again` synthesizes other props on the same mesh.
 */
type Check = (manifests: any[], again: (props: Partial<GrpcMeshServiceProps>) => any[]) => void;

/** Props that exercise one row, the prop a rejection must name, and the field each mapping mesh renders. */
interface Sample {
  readonly props: Partial<GrpcMeshServiceProps>;
  /** The prop named in the error; by default the same on every mesh that rejects the row. */
  readonly rejects?: string;
  readonly rejectsLegacy?: string;
  /**
   * One check per mesh whose cell is supported (and none for a rejected cell). Linkerd 2.16-2.17
   * takes the `linkerd` check and 2.15 the `linkerdLegacy` one unless the sample has its own.
   */
  readonly maps: {
    readonly istio?: Check; readonly linkerd?: Check; readonly linkerd216?: Check; readonly linkerdLegacy?: Check; readonly linkerd215?: Check;
  };
}

/** The check of a mesh's cell, with the fallbacks of `Sample.maps`. */
function checkOf(sample: Sample, key: MeshKey): Check | undefined {
  if (key === 'linkerd216') return sample.maps.linkerd216 ?? sample.maps.linkerd;
  if (key === 'linkerd215') return sample.maps.linkerd215 ?? sample.maps.linkerdLegacy;
  return sample.maps[key];
}

const API = GrpcApi.fromProtoText(`
  syntax = "proto3";
  package shop;
  message Req {}
  message Res {}
  service Orders {
    rpc Get (Req) returns (Res) { option idempotency_level = NO_SIDE_EFFECTS; }
    rpc Put (Req) returns (Res);
    rpc Watch (Req) returns (stream Res);
  }`, { fileName: 'orders.proto' });

// Accessors on the synthesized objects of the service `svc` (namespace `default`).
const ofKind = (m: any[], kind: string) => m.filter((o) => o.kind === kind);
const pod = (m: any[], version = 'v1') => only(m, 'Deployment', `svc-${version}`).spec.template;
const container = (m: any[], version = 'v1') => pod(m, version).spec.containers[0];
const podAnnotations = (m: any[]) => pod(m).metadata.annotations ?? {};
const trafficPolicy = (m: any[]) => only(m, 'DestinationRule').spec.trafficPolicy;
const vsRoute = (m: any[], name: string) => only(m, 'VirtualService', 'svc').spec.http.find((r: any) => r.name === name);
const vsWeights = (route: any) => route.route.map((d: any) => [d.destination.subset, d.weight]);
const grpcRoute = (m: any[], name: string) => only(m, 'GRPCRoute', name);
const routeAnnotations = (m: any[], name: string) => grpcRoute(m, name).metadata.annotations ?? {};
const backends = (m: any[], name: string) => grpcRoute(m, name).spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight]);
const spRoute = (m: any[], name: string) => only(m, 'ServiceProfile').spec.routes.find((r: any) => r.name === name);
const apexAnnotations = (m: any[]) => only(m, 'Service', 'svc').metadata.annotations ?? {};
const policyRefs = (m: any[], name: string) => only(m, 'AuthorizationPolicy', name).spec.requiredAuthenticationRefs;
const linkerdRetryKeys = (m: any[], name: string) => Object.keys(routeAnnotations(m, name)).filter((k) => k.startsWith('retry.linkerd.io/'));
const GM103_PROPS: Partial<GrpcMeshServiceProps> = { strict: true, methods: [{ name: 'shop.Orders/Put', idempotent: false, retry: { attempts: 1 } }] };

/** Checks that hold on both Linkerd modes. */
const bothLinkerd = (check: Check) => ({ linkerd: check, linkerdLegacy: check });

const probesThroughProxy: Check = (m) => {
  expect(container(m).readinessProbe.grpc).toEqual({ port: 50051, service: 'shop.Orders' });
  expect(container(m).livenessProbe.periodSeconds).toBe(30);
  expect(grpcRoute(m, 'svc-inbound-health').spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'grpc.health.v1.Health', method: 'Check' } }]);
  expect(policyRefs(m, 'svc-inbound-health-probes')).toEqual([{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'svc-probes' }]);
  expect(only(m, 'NetworkAuthentication', 'svc-probes').spec.networks).toEqual([{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]);
};
/** Linkerd 2.15: the probe route is a policy.linkerd.io HTTPRoute on the Check path. */
const probesThroughProxy215: Check = (m) => {
  expect(container(m).readinessProbe.grpc).toEqual({ port: 50051, service: 'shop.Orders' });
  expect(container(m).livenessProbe.periodSeconds).toBe(30);
  expect(only(m, 'HTTPRoute', 'svc-inbound-health').spec.rules[0].matches).toEqual([{ path: { type: 'Exact', value: '/grpc.health.v1.Health/Check' }, method: 'POST' }]);
  expect(only(m, 'AuthorizationPolicy', 'svc-inbound-health-probes').spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'svc-inbound-health' });
  expect(policyRefs(m, 'svc-inbound-health-probes')).toEqual([{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'svc-probes' }]);
  expect(ofKind(m, 'GRPCRoute')).toEqual([]);
};
const dstOverrides = (m: any[]) => only(m, 'ServiceProfile').spec.dstOverrides.map((d: any) => [d.authority, d.weight]);
const linkerdPort: Check = (m) => {
  expect(only(m, 'Service', 'svc').spec.ports).toEqual([expect.objectContaining({ name: 'grpc', port: 9090, appProtocol: 'kubernetes.io/h2c' })]);
  expect(container(m).ports).toEqual([{ name: 'grpc', containerPort: 9090 }]);
  expect(only(m, 'Server').spec).toMatchObject({ port: 'grpc', proxyProtocol: 'gRPC' });
};
const linkerdHealthPort: Check = (m) => {
  expect(container(m).ports).toContainEqual({ name: 'health', containerPort: 8080 });
  expect(podAnnotations(m)['config.linkerd.io/skip-inbound-ports']).toBe('8080');
  expect(container(m).readinessProbe.grpc.port).toBe(8080);
};
const defaults: Check = (m) => {
  expect(only(m, 'Deployment').spec.replicas).toBe(1);
  expect(container(m).image).toBe('r/a:1');
  expect(container(m).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
};
const linkerdStrict: Check = (m) => {
  expect(podAnnotations(m)['config.linkerd.io/default-inbound-policy']).toBe('all-authenticated');
  expectServerDenies(only(m, 'Server'));
  const policies = ofKind(m, 'AuthorizationPolicy');
  expect(policies.length).toBeGreaterThan(1);
  // Every policy needs an mTLS identity, but the probes' one (Check from the probe networks).
  for (const p of policies.filter((x) => x.metadata.name !== 'svc-inbound-health-probes')) {
    expect(p.spec.requiredAuthenticationRefs.map((r: any) => r.kind)).toEqual(['MeshTLSAuthentication']);
  }
};
/** A v1beta3 Server says `accessPolicy: deny`; a v1beta2 one (Linkerd 2.15) has no such field and denies what no policy authorizes. */
function expectServerDenies(server: any): void {
  if (server.apiVersion === 'policy.linkerd.io/v1beta2') expect(server.spec.accessPolicy).toBeUndefined();
  else expect(server.spec.accessPolicy).toBe('deny');
}
const linkerdAllCalls: Check = (m) => expect(podAnnotations(m)['config.linkerd.io/access-log']).toBe('json');
const nothingEmitted: Check = (m, again) => expect(m).toEqual(again({}));
const strictFails: Check = (_m, again) => expect(() => again(GM103_PROPS)).toThrow(/GM103/);
const SAMPLES: { [prop: string]: Sample } = {
  '`mesh`': {
    props: {},
    maps: {
      istio: (m) => {
        expect(pod(m).metadata.labels['sidecar.istio.io/inject']).toBe('true');
        expect(only(m, 'VirtualService', 'svc').spec.hosts).toEqual(['svc.default.svc.cluster.local']);
      },
      linkerd: (m) => {
        expect(podAnnotations(m)['linkerd.io/inject']).toBe('enabled');
        expect(grpcRoute(m, 'svc-default').spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'svc', port: 50051 }]);
        expect(ofKind(m, 'ServiceProfile')).toEqual([]);
      },
      linkerd216: (m) => {
        expect(grpcRoute(m, 'svc-default').apiVersion).toBe('gateway.networking.k8s.io/v1alpha2');
        expect(only(m, 'Server').apiVersion).toBe('policy.linkerd.io/v1beta3');
      },
      linkerdLegacy: (m) => {
        expect(podAnnotations(m)['linkerd.io/inject']).toBe('enabled');
        expect(only(m, 'ServiceProfile').apiVersion).toBe('linkerd.io/v1alpha2');
        expect(ofKind(m, 'GRPCRoute').filter((r) => r.spec.parentRefs[0].kind === 'Service')).toEqual([]);
      },
      linkerd215: (m) => {
        expect(only(m, 'ServiceProfile').apiVersion).toBe('linkerd.io/v1alpha2');
        expect(only(m, 'Server').apiVersion).toBe('policy.linkerd.io/v1beta2');
        expect(ofKind(m, 'HTTPRoute').map((r) => r.apiVersion)).toEqual(['policy.linkerd.io/v1beta3', 'policy.linkerd.io/v1beta3']);
        expect(ofKind(m, 'GRPCRoute')).toEqual([]);
      },
    },
  },
  '`serviceName`, `namespace`': {
    props: { serviceName: 'orders', namespace: 'shop' },
    maps: {
      istio: (m) => {
        expect(only(m, 'Service', 'orders').metadata.namespace).toBe('shop');
        expect(only(m, 'ServiceAccount', 'orders').metadata.labels).toEqual(labelsOf('orders'));
        expect(only(m, 'VirtualService', 'orders').spec.hosts).toEqual(['orders.shop.svc.cluster.local']);
      },
      ...bothLinkerd((m) => {
        expect(only(m, 'Service', 'orders').metadata.namespace).toBe('shop');
        expect(only(m, 'ServiceAccount', 'orders').metadata.namespace).toBe('shop');
        for (const o of m) expect([o.metadata.namespace, o.metadata.labels?.app]).toEqual(['shop', 'orders']);
      }),
      linkerdLegacy: (m) => {
        expect(only(m, 'Service', 'orders').metadata.namespace).toBe('shop');
        expect(only(m, 'ServiceProfile').metadata).toMatchObject({ name: 'orders.shop.svc.cluster.local', namespace: 'shop' });
      },
    },
  },
  '`port`': {
    props: { port: 9090 },
    maps: {
      istio: (m) => expect(only(m, 'Service', 'svc').spec.ports).toEqual([expect.objectContaining({ name: 'grpc', port: 9090, appProtocol: 'grpc' })]),
      ...bothLinkerd(linkerdPort),
    },
  },
  '`healthPort`': {
    props: { healthPort: 8080 },
    maps: {
      istio: (m) => {
        expect(container(m).ports).toContainEqual({ name: 'health', containerPort: 8080 });
        expect(podAnnotations(m)['traffic.sidecar.istio.io/excludeInboundPorts']).toBe('8080');
      },
      ...bothLinkerd(linkerdHealthPort),
    },
  },
  '`versions`': {
    props: { versions: [{ name: 'blue', image: 'r/a:1' }, { name: 'green', image: 'r/a:2', replicas: 1 }] },
    maps: {
      istio: (m) => {
        expect(ofKind(m, 'Deployment').map((d) => d.metadata.name)).toEqual(['svc-blue', 'svc-green']);
        expect(only(m, 'DestinationRule').spec.subsets).toEqual([{ name: 'blue', labels: versionSelectorOf('svc', 'blue') }, { name: 'green', labels: versionSelectorOf('svc', 'green') }]);
      },
      linkerd: (m) => {
        expect(only(m, 'Service', 'svc-green').spec.selector).toEqual(versionSelectorOf('svc', 'green'));
        expect(backends(m, 'svc-default')).toEqual([['svc-blue', 100]]);
      },
      linkerdLegacy: (m, again) => {
        expect(only(m, 'Service', 'svc-green').spec.selector).toEqual(versionSelectorOf('svc', 'green'));
        expect(dstOverrides(m)).toEqual([['svc-blue.default.svc.cluster.local:50051', 100]]);
        expect(ofKind(m, 'TrafficSplit')).toEqual([]);
        expect(ofKind(again({ versions: [{ name: 'v1', image: 'r/a:1' }] }), 'ServiceProfile')[0].spec.dstOverrides).toBeUndefined();
      },
    },
  },
  '`image`, `replicas`, `resources`': {
    props: { image: 'r/a:1', replicas: 1, versions: [{ name: 'v1' }] },
    maps: { istio: defaults, ...bothLinkerd(defaults) },
  },
  '`readinessProbe`, `livenessProbe`': {
    props: { readinessProbe: { service: 'shop.Orders' }, livenessProbe: { period: Duration.seconds(30) } },
    maps: {
      istio: (m) => {
        expect(container(m).readinessProbe.grpc).toEqual({ port: 50051, service: 'shop.Orders' });
        expect(container(m).livenessProbe.periodSeconds).toBe(30);
      },
      ...bothLinkerd(probesThroughProxy),
      linkerd215: probesThroughProxy215,
    },
  },
  '`defaultRoute.weights`': {
    props: { defaultRoute: { weights: { v1: 80, v2: 20 } } },
    maps: {
      istio: (m) => expect(vsWeights(vsRoute(m, 'default'))).toEqual([['v1', 80], ['v2', 20]]),
      linkerd: (m) => expect(backends(m, 'svc-default')).toEqual([['svc-v1', 80], ['svc-v2', 20]]),
      linkerdLegacy: (m) => expect(dstOverrides(m)).toEqual([['svc-v1.default.svc.cluster.local:50051', 80], ['svc-v2.default.svc.cluster.local:50051', 20]]),
    },
  },
  '`methods[].name`': {
    props: { methods: [{ name: 'shop.Orders/Get' }, { name: 'shop.Admin' }] },
    maps: {
      istio: (m) => {
        expect(vsRoute(m, 'shop-orders-get').match).toEqual([{ uri: { exact: '/shop.Orders/Get' } }]);
        expect(vsRoute(m, 'shop-admin').match).toEqual([{ uri: { prefix: '/shop.Admin/' } }]);
      },
      linkerd: (m) => {
        expect(grpcRoute(m, 'svc-shop-orders-get').spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'shop.Orders', method: 'Get' } }]);
        expect(grpcRoute(m, 'svc-shop-admin').spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'shop.Admin' } }]);
      },
      linkerdLegacy: (m) => {
        expect(spRoute(m, 'Get').condition).toEqual({ method: 'POST', pathRegex: '/shop\\.Orders/Get' });
        expect(spRoute(m, 'shop.Admin').condition).toEqual({ method: 'POST', pathRegex: '/shop\\.Admin/.*' });
      },
    },
  },
  '`methods[].weights` (other than the default route\'s)': {
    props: { methods: [{ name: 'shop.Orders/Get', weights: { v1: 50, v2: 50 } }] }, rejects: 'methods[0].weights',
    maps: {
      istio: (m) => expect(vsWeights(vsRoute(m, 'shop-orders-get'))).toEqual([['v1', 50], ['v2', 50]]),
      linkerd: (m) => expect(backends(m, 'svc-shop-orders-get')).toEqual([['svc-v1', 50], ['svc-v2', 50]]),
    },
  },
  '`api`': {
    // Get inherits the default route; Put (no idempotency level) gets no retries, Watch (streaming) neither a timeout.
    props: { api: API, defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2 } } },
    maps: {
      istio: (m) => {
        expect(only(m, 'VirtualService', 'svc').spec.http.map((r: any) => r.name)).toEqual(['shop-orders-put', 'shop-orders-watch', 'default']);
        expect(vsRoute(m, 'shop-orders-put')).toMatchObject({ timeout: '5s', retries: { attempts: 0 } });
        expect(vsRoute(m, 'shop-orders-watch').timeout).toBeUndefined();
      },
      linkerd: (m) => {
        expect(routeAnnotations(m, 'svc-shop-orders-put')).toEqual({ 'timeout.linkerd.io/request': '5s' });
        expect(routeAnnotations(m, 'svc-shop-orders-watch')).toEqual({});
        expect(ofKind(m, 'GRPCRoute').map((r) => r.metadata.name)).not.toContain('svc-shop-orders-get');
      },
      linkerdLegacy: (m) => {
        expect(only(m, 'ServiceProfile').spec.routes.map((r: any) => r.name)).toEqual(['Put', 'Watch', 'default']);
        expect(spRoute(m, 'Put')).toEqual({ name: 'Put', condition: { method: 'POST', pathRegex: '/shop\\.Orders/Put' }, timeout: '5s' });
      },
    },
  },
  '`defaultRoute.timeout`, `methods[].timeout`': {
    props: { defaultRoute: { timeout: Duration.seconds(5) }, methods: [{ name: 'shop.Orders/Get', timeout: Duration.seconds(1) }] },
    maps: {
      istio: (m) => expect([vsRoute(m, 'shop-orders-get').timeout, vsRoute(m, 'default').timeout]).toEqual(['1s', '5s']),
      linkerd: (m) => {
        expect(routeAnnotations(m, 'svc-shop-orders-get')['timeout.linkerd.io/request']).toBe('1s');
        expect(routeAnnotations(m, 'svc-default')['timeout.linkerd.io/request']).toBe('5s');
      },
      linkerdLegacy: (m) => expect([spRoute(m, 'Get').timeout, spRoute(m, 'default').timeout]).toEqual(['1s', '5s']),
    },
  },
  '`methods[].streaming`': {
    props: { defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2 } }, methods: [{ name: 'shop.Orders/Watch', streaming: Streaming.SERVER }] },
    maps: {
      istio: (m) => {
        expect(vsRoute(m, 'shop-orders-watch').timeout).toBeUndefined();
        expect(vsRoute(m, 'shop-orders-watch').retries).toEqual({ attempts: 0 });
      },
      linkerd: (m) => {
        expect(routeAnnotations(m, 'svc-shop-orders-watch')).toEqual({});
        expect(routeAnnotations(m, 'svc-default')['timeout.linkerd.io/request']).toBe('5s');
      },
      linkerdLegacy: (m) => {
        expect(spRoute(m, 'Watch')).toEqual({ name: 'Watch', condition: { method: 'POST', pathRegex: '/shop\\.Orders/Watch' } });
        expect(spRoute(m, 'default')).toMatchObject({ isRetryable: true, timeout: '5s' });
      },
    },
  },
  '`methods[].idempotent: false`': {
    props: { defaultRoute: { retry: { attempts: 2 } }, methods: [{ name: 'shop.Orders/Put', idempotent: false }] },
    maps: {
      istio: (m) => expect(vsRoute(m, 'shop-orders-put').retries).toEqual({ attempts: 0 }),
      linkerd: (m) => {
        expect(linkerdRetryKeys(m, 'svc-shop-orders-put')).toEqual([]);
        expect(routeAnnotations(m, 'svc-default')['retry.linkerd.io/limit']).toBe('2');
      },
      linkerdLegacy: (m) => {
        expect(spRoute(m, 'Put').isRetryable).toBeUndefined();
        expect(spRoute(m, 'default').isRetryable).toBe(true);
      },
    },
  },
  '`retry.attempts`': {
    props: { defaultRoute: { retry: { attempts: 3 } } },
    maps: {
      istio: (m) => expect(vsRoute(m, 'default').retries.attempts).toBe(3),
      linkerd: (m) => expect(routeAnnotations(m, 'svc-default')['retry.linkerd.io/limit']).toBe('3'),
      linkerdLegacy: (m) => expect(spRoute(m, 'default').isRetryable).toBe(true),
    },
  },
  '`retry.perTryTimeout`': {
    props: { methods: [{ name: 'shop.Orders/Get', timeout: Duration.seconds(6), retry: { attempts: 2, perTryTimeout: Duration.seconds(2) } }] },
    rejects: 'methods[0].retry.perTryTimeout',
    maps: {
      istio: (m) => expect(vsRoute(m, 'shop-orders-get').retries.perTryTimeout).toBe('2s'),
      linkerd: (m) => expect(routeAnnotations(m, 'svc-shop-orders-get')['retry.linkerd.io/timeout']).toBe('2s'),
    },
  },
  '`retry.on` (gRPC statuses)': {
    props: { defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE, RetryOn.CANCELLED] } } }, rejects: 'defaultRoute.retry.on',
    maps: {
      istio: (m) => expect(vsRoute(m, 'default').retries.retryOn).toBe('cancelled,unavailable'),
      linkerd: (m) => expect(routeAnnotations(m, 'svc-default')['retry.linkerd.io/grpc']).toBe('cancelled,unavailable'),
    },
  },
  '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)': {
    props: { methods: [{ name: 'shop.Orders/Get', retry: { attempts: 2, on: [RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.RESET] } }] },
    rejects: 'methods[0].retry.on',
    maps: { istio: (m) => expect(vsRoute(m, 'shop-orders-get').retries.retryOn).toBe('connect-failure,refused-stream,reset') },
  },
  '`connectionPool.maxConnections`': {
    props: { connectionPool: { maxConnections: 10 } }, rejects: 'connectionPool.maxConnections',
    maps: { istio: (m) => expect(trafficPolicy(m).connectionPool.tcp.maxConnections).toBe(10) },
  },
  '`connectionPool.connectTimeout`': {
    props: { connectionPool: { connectTimeout: Duration.seconds(3) } }, rejects: 'connectionPool.connectTimeout',
    maps: { istio: (m) => expect(trafficPolicy(m).connectionPool.tcp.connectTimeout).toBe('3s') },
  },
  '`connectionPool.maxRequests`': {
    props: { connectionPool: { maxRequests: 10 } }, rejects: 'connectionPool.maxRequests',
    maps: { istio: (m) => expect(trafficPolicy(m).connectionPool.http.http2MaxRequests).toBe(10) },
  },
  '`connectionPool.maxRequestsPerConnection`': {
    props: { connectionPool: { maxRequestsPerConnection: 10 } }, rejects: 'connectionPool.maxRequestsPerConnection',
    maps: { istio: (m) => expect(trafficPolicy(m).connectionPool.http.maxRequestsPerConnection).toBe(10) },
  },
  '`connectionPool.maxConcurrentStreams`': {
    props: { connectionPool: { maxConcurrentStreams: 10 } }, rejects: 'connectionPool.maxConcurrentStreams',
    maps: { istio: (m) => expect(trafficPolicy(m).connectionPool.http.maxConcurrentStreams).toBe(10) },
  },
  '`connectionPool.idleTimeout`': {
    props: { connectionPool: { idleTimeout: Duration.minutes(10) } }, rejects: 'connectionPool.idleTimeout',
    maps: { istio: (m) => expect(trafficPolicy(m).connectionPool.http.idleTimeout).toBe('600s') },
  },
  '`undeclaredMethods`': {
    // The default: undeclared methods get neither the default route's timeout nor its retries.
    props: { undeclaredMethods: undefined, defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2 } }, methods: [{ name: 'shop.Orders/Get' }] },
    maps: {
      istio: (m) => {
        expect(vsRoute(m, 'shop-orders-get')).toMatchObject({ timeout: '5s', retries: { attempts: 2 } });
        expect(vsRoute(m, 'default').timeout).toBeUndefined();
        expect(vsRoute(m, 'default').retries).toEqual({ attempts: 0 });
      },
      linkerd: (m) => {
        expect(routeAnnotations(m, 'svc-shop-orders-get')['timeout.linkerd.io/request']).toBe('5s');
        expect(routeAnnotations(m, 'svc-default')).toEqual({});
      },
      linkerdLegacy: (m) => {
        expect(spRoute(m, 'Get')).toMatchObject({ timeout: '5s', isRetryable: true });
        expect(spRoute(m, 'default').timeout).toBeUndefined();
        expect(spRoute(m, 'default').isRetryable).toBeUndefined();
      },
    },
  },
  '`connectionPool.maxRetries`': {
    props: { connectionPool: { maxRetries: 25 } }, rejects: 'connectionPool.maxRetries',
    maps: { istio: (m) => expect(trafficPolicy(m).connectionPool.http.maxRetries).toBe(25) },
  },
  '`loadBalancer: LoadBalancer.leastRequest()`': {
    props: { loadBalancer: LoadBalancer.leastRequest() },
    maps: { istio: (m) => expect(trafficPolicy(m).loadBalancer).toEqual({ simple: 'LEAST_REQUEST' }), ...bothLinkerd(nothingEmitted) },
  },
  '`loadBalancer: LoadBalancer.roundRobin()`': {
    props: { loadBalancer: LoadBalancer.roundRobin() }, rejects: 'loadBalancer',
    maps: { istio: (m) => expect(trafficPolicy(m).loadBalancer).toEqual({ simple: 'ROUND_ROBIN' }) },
  },
  '`loadBalancer: LoadBalancer.random()`': {
    props: { loadBalancer: LoadBalancer.random() }, rejects: 'loadBalancer',
    maps: { istio: (m) => expect(trafficPolicy(m).loadBalancer).toEqual({ simple: 'RANDOM' }) },
  },
  '`loadBalancer: LoadBalancer.consistentHashByHeader()`': {
    props: { loadBalancer: LoadBalancer.consistentHashByHeader('x-user') }, rejects: 'loadBalancer',
    maps: { istio: (m) => expect(trafficPolicy(m).loadBalancer).toEqual({ consistentHash: { httpHeaderName: 'x-user' } }) },
  },
  '`loadBalancer: LoadBalancer.consistentHashByCookie()`': {
    props: { loadBalancer: LoadBalancer.consistentHashByCookie('s', Duration.hours(1)) }, rejects: 'loadBalancer',
    maps: { istio: (m) => expect(trafficPolicy(m).loadBalancer).toEqual({ consistentHash: { httpCookie: { name: 's', ttl: '3600s' } } }) },
  },
  '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`': {
    props: { loadBalancer: LoadBalancer.consistentHashBySourceIp() }, rejects: 'loadBalancer',
    maps: { istio: (m) => expect(trafficPolicy(m).loadBalancer).toEqual({ consistentHash: { useSourceIp: true } }) },
  },
  '`outlierDetection.consecutive5xxErrors`': {
    props: { outlierDetection: { consecutive5xxErrors: 5 } }, rejects: 'outlierDetection',
    maps: {
      istio: (m) => expect(trafficPolicy(m).outlierDetection.consecutive5xxErrors).toBe(5),
      linkerd: (m) => expect(apexAnnotations(m)).toMatchObject({
        'balancer.linkerd.io/failure-accrual': 'consecutive',
        'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '5',
      }),
    },
  },
  '`outlierDetection.consecutiveGatewayErrors`': {
    props: { outlierDetection: { consecutiveGatewayErrors: 5 } }, rejects: 'outlierDetection.consecutiveGatewayErrors', rejectsLegacy: 'outlierDetection',
    maps: { istio: (m) => expect(trafficPolicy(m).outlierDetection.consecutiveGatewayErrors).toBe(5) },
  },
  '`outlierDetection.interval`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(5) } }, rejects: 'outlierDetection.interval', rejectsLegacy: 'outlierDetection',
    maps: { istio: (m) => expect(trafficPolicy(m).outlierDetection.interval).toBe('5s') },
  },
  '`outlierDetection.baseEjectionTime`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, baseEjectionTime: Duration.seconds(10) } }, rejects: 'outlierDetection',
    maps: {
      istio: (m) => expect(trafficPolicy(m).outlierDetection.baseEjectionTime).toBe('10s'),
      linkerd: (m) => expect(apexAnnotations(m)['balancer.linkerd.io/failure-accrual-consecutive-min-penalty']).toBe('10s'),
    },
  },
  '`outlierDetection.maxEjectionPercent`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 50 } }, rejects: 'outlierDetection.maxEjectionPercent', rejectsLegacy: 'outlierDetection',
    maps: { istio: (m) => expect(trafficPolicy(m).outlierDetection.maxEjectionPercent).toBe(50) },
  },
  '`outlierDetection.minHealthPercent`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, minHealthPercent: 10 } }, rejects: 'outlierDetection.minHealthPercent', rejectsLegacy: 'outlierDetection',
    maps: { istio: (m) => expect(trafficPolicy(m).outlierDetection.minHealthPercent).toBe(10) },
  },
  '`mtls: MutualTlsMode.STRICT`': {
    props: { mtls: MutualTlsMode.STRICT },
    maps: { istio: (m) => expect(only(m, 'PeerAuthentication').spec.mtls).toEqual({ mode: 'STRICT' }), ...bothLinkerd(linkerdStrict) },
  },
  '`mtls: MutualTlsMode.PERMISSIVE`': {
    props: { mtls: MutualTlsMode.PERMISSIVE }, rejects: 'mtls',
    maps: { istio: (m) => expect(only(m, 'PeerAuthentication').spec.mtls).toEqual({ mode: 'PERMISSIVE' }) },
  },
  '`authorization` (whole service)': {
    props: { authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front'), Client.namespace('ops'), Client.anyMeshWorkload()] }] } },
    maps: {
      istio: (m) => expect(only(m, 'AuthorizationPolicy').spec).toMatchObject({
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/front/sa/web', '*'] } }, { source: { namespaces: ['ops'] } }] }],
      }),
      ...bothLinkerd((m) => {
        expect(only(m, 'MeshTLSAuthentication', 'svc-inbound-default-clients').spec).toEqual({
          identityRefs: [{ kind: 'ServiceAccount', name: 'web', namespace: 'front' }, { kind: 'Namespace', name: 'ops' }],
        });
        expect(only(m, 'MeshTLSAuthentication', 'svc-inbound-default-any-mesh-workload').spec).toEqual({ identities: ['*'] });
        for (const name of ['svc-inbound-default-clients', 'svc-inbound-default-any-mesh-workload']) {
          expect(policyRefs(m, name)).toEqual([{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name }]);
        }
      }),
    },
  },
  '`authorization.allow[].methods` (per method)': {
    props: { authorization: { allow: [{ clients: [Client.namespace('ops')], methods: ['shop.Orders/Get', 'shop.Admin'] }] } },
    maps: {
      istio: (m) => expect(only(m, 'AuthorizationPolicy').spec.rules).toEqual([
        { from: [{ source: { namespaces: ['ops'] } }], to: [{ operation: { paths: ['/shop.Orders/Get', '/shop.Admin/*'] } }] },
      ]),
      ...bothLinkerd((m) => {
        expect(grpcRoute(m, 'svc-inbound-shop-orders-get').spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'shop.Orders', method: 'Get' } }]);
        expect(grpcRoute(m, 'svc-inbound-shop-admin').spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'shop.Admin' } }]);
        for (const route of ['svc-inbound-shop-orders-get', 'svc-inbound-shop-admin']) {
          expect(only(m, 'AuthorizationPolicy', `${route}-clients`).spec.targetRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', name: route });
          expect(only(m, 'MeshTLSAuthentication', `${route}-clients`).spec.identityRefs).toEqual([{ kind: 'Namespace', name: 'ops' }]);
        }
        expect(ofKind(m, 'AuthorizationPolicy').filter((p) => p.spec.targetRef.name === 'svc-inbound-default')).toEqual([]);
      }),
      linkerd215: (m) => {
        expect(only(m, 'HTTPRoute', 'svc-inbound-shop-orders-get').spec.rules[0].matches).toEqual([{ path: { type: 'Exact', value: '/shop.Orders/Get' }, method: 'POST' }]);
        expect(only(m, 'HTTPRoute', 'svc-inbound-shop-admin').spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/shop.Admin/' }, method: 'POST' }]);
        for (const route of ['svc-inbound-shop-orders-get', 'svc-inbound-shop-admin']) {
          expect(only(m, 'AuthorizationPolicy', `${route}-clients`).spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'HTTPRoute', name: route });
          expect(only(m, 'MeshTLSAuthentication', `${route}-clients`).spec.identityRefs).toEqual([{ kind: 'Namespace', name: 'ops' }]);
        }
        expect(only(m, 'HTTPRoute', 'svc-inbound-default').spec.rules).toEqual([{}]);
        expect(ofKind(m, 'AuthorizationPolicy').filter((p) => p.spec.targetRef.name === 'svc-inbound-default')).toEqual([]);
      },
    },
  },
  '`authorization: { allow: [] }`': {
    props: { authorization: { allow: [] } },
    maps: {
      istio: (m) => expect(only(m, 'AuthorizationPolicy').spec).toEqual({ action: 'ALLOW', selector: { matchLabels: selectorOf('svc') } }),
      ...bothLinkerd((m) => {
        expectServerDenies(only(m, 'Server'));
        expect(ofKind(m, 'MeshTLSAuthentication')).toEqual([]);
        // Only the probes are admitted, to Check; with healthPort there is no policy at all.
        expect(ofKind(m, 'AuthorizationPolicy').map((p) => p.metadata.name)).toEqual(['svc-inbound-health-probes']);
      }),
    },
  },
  '`telemetry.tracing`': {
    props: { telemetry: { tracing: { samplingPercentage: 5 } } }, rejects: 'telemetry.tracing',
    maps: {
      istio: (m) => expect(only(m, 'Telemetry').spec.tracing).toEqual([{ randomSamplingPercentage: 5, customTags: { 'grpc.method': { header: { name: ':path' } } } }]),
    },
  },
  '`telemetry.accessLogging: AccessLogFilter.allCalls()`': {
    props: { telemetry: { accessLogging: AccessLogFilter.allCalls() } },
    maps: {
      istio: (m) => expect(only(m, 'Telemetry').spec.accessLogging).toEqual([{ providers: [{ name: 'envoy' }] }]),
      ...bothLinkerd(linkerdAllCalls),
    },
  },
  '`telemetry.accessLogging: failedCalls()` or `expression()`': {
    props: { telemetry: { accessLogging: AccessLogFilter.failedCalls() } }, rejects: 'telemetry.accessLogging',
    maps: {
      istio: (m) => expect(only(m, 'Telemetry').spec.accessLogging[0].filter).toEqual({ expression: 'response.code >= 400 || response.grpc_status != 0' }),
    },
  },
  '`ingress`': {
    props: { ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert', methods: ['pkg.Svc/Get'] } }, rejects: 'ingress',
    maps: {
      istio: (m) => {
        expect(only(m, 'Gateway').spec.servers).toEqual([expect.objectContaining({ hosts: ['./grpc.example.com'], port: expect.objectContaining({ number: 443 }), tls: { mode: 'SIMPLE', credentialName: 'cert' } })]);
        expect(only(m, 'VirtualService', 'svc-ingress').spec.gateways).toEqual(['default/svc-gateway']);
        expect(only(m, 'AuthorizationPolicy', 'svc-ingress-methods').spec).toMatchObject({ action: 'DENY', rules: [{ to: [{ operation: { notPaths: ['/pkg.Svc/Get'] } }] }] });
      },
    },
  },
  '`ingress.jwt`': {
    props: { ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert', jwt: { issuer: 'https://idp.example.com' } } }, rejects: 'ingress.jwt',
    maps: {
      istio: (m) => {
        expect(only(m, 'RequestAuthentication', 'svc').spec.jwtRules).toEqual([{ issuer: 'https://idp.example.com' }]);
        expect(only(m, 'AuthorizationPolicy', 'svc').spec.rules.some((r: any) => r.from[0].source.requestPrincipals?.[0] === 'https://idp.example.com/*')).toBe(true);
        expect(only(m, 'AuthorizationPolicy', 'svc-ingress-methods').spec.rules).toEqual([expect.objectContaining({ from: [{ source: expect.objectContaining({ notRequestPrincipals: ['*'] }) }] })]);
      },
    },
  },
  '`autoscaling`, `versions[].autoscaling`': {
    props: { autoscaling: { maxReplicas: 5 }, versions: [{ name: 'v1', image: 'i:1' }, { name: 'v2', image: 'i:2', autoscaling: { minReplicas: 1, maxReplicas: 3 } }] },
    maps: (() => {
      const check: Check = (m) => {
        expect(ofKind(m, 'HorizontalPodAutoscaler').map((h) => [h.spec.scaleTargetRef.name, h.spec.minReplicas, h.spec.maxReplicas])).toEqual([['svc-v1', 2, 5], ['svc-v2', 1, 3]]);
        expect(ofKind(m, 'Deployment').every((d) => d.spec.replicas === undefined)).toBe(true);
      };
      return { istio: check, ...bothLinkerd(check) };
    })(),
  },
  '`disruptionBudget`, `versions[].disruptionBudget`': {
    props: { replicas: 3, versions: [{ name: 'v1', image: 'i:1' }, { name: 'v2', image: 'i:2', disruptionBudget: DisruptionBudget.minAvailable(2) }] },
    maps: (() => {
      const check: Check = (m) => expect(ofKind(m, 'PodDisruptionBudget').map((p) => [p.metadata.name, p.spec.maxUnavailable ?? p.spec.minAvailable])).toEqual([['svc-v1', 1], ['svc-v2', 2]]);
      return { istio: check, ...bothLinkerd(check) };
    })(),
  },
  '`topologySpread`': {
    props: { topologySpread: { topologyKeys: ['kubernetes.io/hostname'], required: true } },
    maps: (() => {
      const check: Check = (m) => expect(pod(m).spec.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' })]);
      return { istio: check, ...bothLinkerd(check) };
    })(),
  },
  '`drain`': {
    props: { drain: { preStopDelay: Duration.seconds(3), drainWindow: Duration.seconds(4), terminationGracePeriod: Duration.seconds(40) } },
    maps: {
      istio: (m) => {
        expect(pod(m).spec.terminationGracePeriodSeconds).toBe(40);
        expect(container(m).lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '3'] } } });
        expect(JSON.parse(podAnnotations(m)['proxy.istio.io/config'])).toEqual({ holdApplicationUntilProxyStarts: true, terminationDrainDuration: '36s' });
      },
      ...bothLinkerd((m) => {
        expect(pod(m).spec.terminationGracePeriodSeconds).toBe(40);
        expect(podAnnotations(m)).toMatchObject({
          'config.linkerd.io/proxy-await': 'enabled', 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '36', 'config.linkerd.io/shutdown-grace-period': '4s',
        });
      }),
    },
  },
  '`healthPortPolicy`': {
    props: { healthPort: 8081, healthPortPolicy: { probeNetworks: ['10.0.0.0/8'] } },
    maps: {
      istio: (m) => expect(only(m, 'NetworkPolicy', 'svc-health-port').spec.ingress).toEqual([
        { ports: [50051, 15008, 15020, 15021, 15090].map((port) => ({ protocol: 'TCP', port })) },
        { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 8081 }] },
      ]),
      ...bothLinkerd((m) => expect(only(m, 'NetworkPolicy', 'svc-health-port').spec.ingress).toEqual([
        { ports: [50051, 4143, 4191].map((port) => ({ protocol: 'TCP', port })) },
        { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 8081 }] },
      ])),
    },
  },
  '`strict`': { props: { strict: true }, maps: { istio: strictFails, ...bothLinkerd(strictFails) } },
};

type MeshKey = keyof Sample['maps'];
/** Each column: its name, its key, its mesh, the prop a rejection names, and the release its output validates against. */
const MESHES: [string, MeshKey, () => Mesh, (s: Sample) => string | undefined, ValidationRelease][] = [
  ['Istio', 'istio', () => Mesh.istio(), (s) => s.rejects, ValidationRelease.LATEST],
  ['Linkerd 2.18+', 'linkerd', () => Mesh.linkerd(), (s) => s.rejects, ValidationRelease.LATEST],
  ['Linkerd 2.16-2.17', 'linkerd216', () => Mesh.linkerd({ release: LinkerdRelease.V2_16_TO_2_17 }), (s) => s.rejects, ValidationRelease.LINKERD_2_16_TO_2_17],
  ['Linkerd ServiceProfile mode', 'linkerdLegacy', () => Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), (s) => s.rejectsLegacy ?? s.rejects, ValidationRelease.LATEST],
  ['Linkerd 2.15', 'linkerd215', () => Mesh.linkerd({ release: LinkerdRelease.V2_15 }), (s) => s.rejectsLegacy ?? s.rejects, ValidationRelease.LINKERD_2_15],
];

function props(mesh: Mesh, sample: Partial<GrpcMeshServiceProps>): GrpcMeshServiceProps {
  return {
    mesh,
    versions: [{ name: 'v1', image: 'registry/app:v1' }, { name: 'v2', image: 'registry/app:v2' }],
    // The default route as a plain route (see baseProps); the `undeclaredMethods` row covers the default.
    undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT,
    ...sample,
  };
}

describe('capability matrix', () => {
  test('the table in docs/capabilities.md is the one generated from the registered meshes\' columns', () => {
    const readme = fs.readFileSync(CAPABILITIES_PAGE, 'utf8');
    const between = readme.split('<!-- capabilities:start -->')[1]?.split('<!-- capabilities:end -->')[0];
    expect(between?.trim()).toBe(renderCapabilityMatrix());
  });

  test('every row has a sample, and every sample a row', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CAPABILITY_PROPS].sort());
  });

  test('every column has a cell for every row, and no other', () => {
    for (const column of capabilityColumns()) {
      expect([column.key, Object.keys(column.cells).sort()]).toEqual([column.key, [...CAPABILITY_PROPS].sort()]);
    }
  });

  test('every column is tested', () => {
    expect(capabilityColumns().map((c) => c.key)).toEqual(MESHES.map(([, key]) => key));
  });

  test('every supported cell has a check of the field it maps, and no rejected cell has one', () => {
    for (const row of capabilityMatrix()) {
      for (const [mesh, key] of MESHES) {
        expect([row.prop, mesh, checkOf(SAMPLES[row.prop], key) !== undefined]).toEqual([row.prop, mesh, row.cells[key].supported]);
      }
    }
  });

  const cells = capabilityMatrix().flatMap((row) => MESHES.map(([mesh, key, factory, rejects, release]) => [row.prop, mesh, row, key, factory, rejects, release] as const));
  test.each(cells)('%s on %s: renders the field it maps when mapped, fails naming the prop when rejected', (prop, _mesh, row, key, factory, rejects, release) => {
    const sample = SAMPLES[prop];
    const support = row.cells[key];
    let error: unknown;
    let manifests: any[] = [];
    try {
      manifests = synthService(props(factory(), sample.props)).manifests;
    } catch (e) {
      error = e;
    }
    if (support.supported) {
      expect(error).toBeUndefined();
      expectValidManifests(manifests, release);
      checkOf(sample, key)!(manifests, (other) => synthService(props(factory(), other)).manifests);
    } else {
      expect(error).toBeInstanceOf(GrpcMeshError);
      const named = rejects(sample);
      expect(named).toBeDefined();
      expect((error as GrpcMeshError).prop).toBe(named);
      expect((error as Error).message).toContain(`invalid ${named} `);
      expect((error as Error).message).toMatch(/is not supported on Linkerd/);
    }
  });
});
