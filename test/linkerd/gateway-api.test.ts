import { Duration } from 'cdk8s';
import { AccessLogFilter, LoadBalancer, RetryOn, Streaming } from '../../src';
import { only } from '../support/service';
import { byName, linkerdProps, ofKind, synthValid } from './helpers';
import { versionSelectorOf } from '../support/labels';

const PARENT = [{ group: '', kind: 'Service', name: 'svc', port: 50051 }];
const backend = (version: string, weight: number) => ({ group: '', kind: 'Service', name: `svc-${version}`, port: 50051, weight });

describe('Linkerd (GATEWAY_API mode): workload', () => {
  const manifests = synthValid(linkerdProps({ healthPort: 8080 }));

  test('pods are injected, need mTLS identities by default, and keep the health port out of the proxy', () => {
    for (const d of ofKind(manifests, 'Deployment')) {
      expect(d.spec.template.metadata.annotations).toEqual({
        'linkerd.io/inject': 'enabled',
        'config.linkerd.io/default-inbound-policy': 'all-authenticated',
        'config.linkerd.io/skip-inbound-ports': '8080',
        'config.linkerd.io/proxy-await': 'enabled',
        'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '5',
        'config.linkerd.io/shutdown-grace-period': '5s',
      });
      expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
    }
  });

  test('every Service port is kubernetes.io/h2c, never grpc (which Linkerd makes opaque)', () => {
    const services = ofKind(manifests, 'Service');
    expect(services.map((s) => s.metadata.name)).toEqual(['svc', 'svc-v1', 'svc-v2']);
    for (const s of services) expect(s.spec.ports.map((p: any) => p.appProtocol)).toEqual(['kubernetes.io/h2c']);
    expect(byName(manifests, 'Service')['svc-v2'].spec.selector).toEqual(versionSelectorOf('svc', 'v2'));
  });

  test('no ServiceProfile or TrafficSplit in this mode', () => {
    expect(ofKind(manifests, 'ServiceProfile')).toEqual([]);
    expect(ofKind(manifests, 'TrafficSplit')).toEqual([]);
  });
});

describe('Linkerd (GATEWAY_API mode): outbound GRPCRoutes', () => {
  const routes = byName(synthValid(linkerdProps({
    defaultRoute: {
      weights: { v1: 90, v2: 10 },
      timeout: Duration.millis(1500),
      retry: { attempts: 2, perTryTimeout: Duration.millis(500), on: [RetryOn.UNAVAILABLE, RetryOn.CANCELLED] },
    },
    methods: [
      { name: 'pkg.Svc', timeout: Duration.seconds(60) },
      { name: 'pkg.Svc/Get', weights: { v1: 0, v2: 100 } },
      { name: 'pkg.Svc/Update', idempotent: false },
      { name: 'pkg.Svc/Watch', streaming: Streaming.SERVER },
    ],
  })), 'GRPCRoute');

  test('one gateway.networking.k8s.io/v1 GRPCRoute per route, named <service>-<route>, parented on the Service with group ""', () => {
    const outbound = Object.values(routes).filter((r) => r.spec.parentRefs[0].kind === 'Service');
    expect(outbound.map((r) => r.metadata.name)).toEqual(['svc-pkg-svc-get', 'svc-pkg-svc-update', 'svc-pkg-svc-watch', 'svc-pkg-svc', 'svc-default']);
    for (const r of outbound) {
      expect(r.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(r.spec.parentRefs).toEqual(PARENT);
      expect(r.spec.rules).toHaveLength(1);
    }
  });

  test('exact method and service matches; the default route has no match', () => {
    expect(routes['svc-pkg-svc-get'].spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'pkg.Svc', method: 'Get' } }]);
    expect(routes['svc-pkg-svc'].spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'pkg.Svc' } }]);
    expect(routes['svc-default'].spec.rules[0].matches).toBeUndefined();
  });

  test('weighted backendRefs are the version Services with the Service port; weight-0 backends are left out', () => {
    expect(routes['svc-default'].spec.rules[0].backendRefs).toEqual([backend('v1', 90), backend('v2', 10)]);
    expect(routes['svc-pkg-svc-get'].spec.rules[0].backendRefs).toEqual([backend('v2', 100)]);
  });

  test('retries and timeouts are annotations with one integer and one unit', () => {
    expect(routes['svc-default'].metadata.annotations).toEqual({
      'timeout.linkerd.io/request': '1500ms',
      'retry.linkerd.io/grpc': 'cancelled,unavailable',
      'retry.linkerd.io/limit': '2',
      'retry.linkerd.io/timeout': '500ms',
    });
    expect(routes['svc-pkg-svc'].metadata.annotations['timeout.linkerd.io/request']).toBe('60s');
    expect(routes['svc-pkg-svc-get'].metadata.annotations['retry.linkerd.io/grpc']).toBe('cancelled,unavailable');
  });

  test('non-idempotent and streaming methods get no retry annotation; streaming ones no timeout either', () => {
    // Update inherits the timeout of its service route (pkg.Svc, 60s), not the default route's.
    expect(routes['svc-pkg-svc-update'].metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '60s' });
    expect(routes['svc-pkg-svc-watch'].metadata.annotations).toBeUndefined();
  });

  test('a route without retry has no retry annotation at all (Linkerd then retries nothing)', () => {
    const plain = byName(synthValid(linkerdProps()), 'GRPCRoute')['svc-default'];
    expect(plain.metadata.annotations).toBeUndefined();
    expect(plain.spec.rules[0].backendRefs).toEqual([backend('v1', 100)]);
  });
});

describe('Linkerd (GATEWAY_API mode): failure accrual, balancing, access log', () => {
  test('outlier detection becomes failure-accrual annotations on the parent Service only', () => {
    const manifests = synthValid(linkerdProps({
      outlierDetection: { consecutive5xxErrors: 5, baseEjectionTime: Duration.millis(2500) },
    }, { failureAccrual: { maxPenalty: Duration.minutes(2), jitterRatio: 0.25 } }));
    const services = byName(manifests, 'Service');
    expect(services.svc.metadata.annotations).toEqual({
      'balancer.linkerd.io/failure-accrual': 'consecutive',
      'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '5',
      'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': '2500ms',
      'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': '120s',
      'balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio': '0.25',
    });
    expect(services['svc-v1'].metadata.annotations).toBeUndefined();
  });

  test('LoadBalancer.leastRequest() is what Linkerd does: accepted, nothing emitted', () => {
    const manifests = synthValid(linkerdProps({ loadBalancer: LoadBalancer.leastRequest() }));
    expect(only(manifests, 'Service', 'svc').metadata.annotations).toBeUndefined();
  });

  test('AccessLogFilter.allCalls() turns on the proxy\'s JSON access log', () => {
    const manifests = synthValid(linkerdProps({ telemetry: { accessLogging: AccessLogFilter.allCalls() } }));
    for (const d of ofKind(manifests, 'Deployment')) {
      expect(d.spec.template.metadata.annotations['config.linkerd.io/access-log']).toBe('json');
    }
  });
});
