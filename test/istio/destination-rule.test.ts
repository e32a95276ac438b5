import { Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { DEFAULT_MAX_RETRIES, IstioResources, LoadBalancer } from '../../src';
import { baseProps, only, synthService } from '../support/service';
import { versionSelectorOf } from '../support/labels';

function trafficPolicy(overrides = {}): any {
  return only(synthService(baseProps(overrides)).manifests, 'DestinationRule').spec.trafficPolicy;
}

describe('Istio DestinationRule', () => {
  test('one subset per version, labelled by the version selector, and ISTIO_MUTUAL', () => {
    const dr = only(synthService(baseProps()).manifests, 'DestinationRule');
    expect(dr.apiVersion).toBe('networking.istio.io/v1');
    expect(dr.spec.host).toBe('svc.default.svc.cluster.local');
    expect(dr.spec.subsets).toEqual([{ name: 'v1', labels: versionSelectorOf('svc', 'v1') }, { name: 'v2', labels: versionSelectorOf('svc', 'v2') }]);
    expect(dr.spec.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
  });

  test.each([
    [LoadBalancer.roundRobin(), { simple: 'ROUND_ROBIN' }],
    [LoadBalancer.leastRequest(), { simple: 'LEAST_REQUEST' }],
    [LoadBalancer.random(), { simple: 'RANDOM' }],
    [LoadBalancer.consistentHashByHeader('x-user'), { consistentHash: { httpHeaderName: 'x-user' } }],
    [LoadBalancer.consistentHashByCookie('session', Duration.hours(1)), { consistentHash: { httpCookie: { name: 'session', ttl: '3600s' } } }],
    [LoadBalancer.consistentHashBySourceIp(), { consistentHash: { useSourceIp: true } }],
  ])('load balancer %#', (loadBalancer, expected) => {
    expect(trafficPolicy({ loadBalancer }).loadBalancer).toEqual(expected);
  });

  test('connection pool maps TCP and HTTP limits', () => {
    expect(trafficPolicy({
      connectionPool: {
        maxConnections: 100, connectTimeout: Duration.seconds(10), maxRequests: 1000,
        maxRequestsPerConnection: 0, maxConcurrentStreams: 64, idleTimeout: Duration.minutes(5),
      },
    }).connectionPool).toEqual({
      tcp: { maxConnections: 100, connectTimeout: '10s' },
      http: { http2MaxRequests: 1000, maxRequestsPerConnection: 0, maxConcurrentStreams: 64, idleTimeout: '300s' },
    });
  });

  test('a connection pool with TCP limits only has no http block', () => {
    expect(trafficPolicy({ connectionPool: { maxConnections: 5 } }).connectionPool).toEqual({ tcp: { maxConnections: 5 } });
  });

  test('never sets h2UpgradePolicy: gRPC ports are HTTP/2 already', () => {
    const policy = trafficPolicy({ connectionPool: { maxRequests: 10 } });
    expect(JSON.stringify(policy)).not.toContain('h2UpgradePolicy');
  });

  test('outlier detection maps every field', () => {
    expect(trafficPolicy({
      outlierDetection: {
        consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: Duration.seconds(30),
        baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50, minHealthPercent: 30,
      },
    }).outlierDetection).toEqual({
      consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: '30s',
      baseEjectionTime: '30s', maxEjectionPercent: 50, minHealthPercent: 30,
    });
  });

  test('gateway errors only: consecutive5xxErrors 0 is written, else Envoy ejects after 5 INTERNAL or UNKNOWN errors', () => {
    expect(trafficPolicy({ outlierDetection: { consecutiveGatewayErrors: 3 } }).outlierDetection)
      .toEqual({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 3 });
  });

  test('a JSON patch takes the written field name, not the import\'s TS name (consecutive5XxErrors)', () => {
    const { service } = synthService(baseProps({ outlierDetection: { consecutive5xxErrors: 5 } }));
    IstioResources.of(service).destinationRule!.addJsonPatch(
      JsonPatch.replace('/spec/trafficPolicy/outlierDetection/consecutive5xxErrors', 7),
    );
    expect(only(Testing.synth(Chart.of(service)), 'DestinationRule').spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 7 });
  });

  test('a retry budget of 10 when a route retries, none when nothing retries', () => {
    expect(trafficPolicy({ methods: [{ name: 'pkg.Svc/Get', retry: { attempts: 2 } }] }).connectionPool)
      .toEqual({ http: { maxRetries: DEFAULT_MAX_RETRIES } });
    expect(DEFAULT_MAX_RETRIES).toBe(10);
    expect(trafficPolicy({ methods: [{ name: 'pkg.Svc/Get', timeout: Duration.seconds(1) }] }).connectionPool).toBeUndefined();
  });

  test('connectionPool.maxRetries sets the retry budget, next to the other limits', () => {
    expect(trafficPolicy({
      connectionPool: { maxConnections: 5, maxRetries: 50 },
      methods: [{ name: 'pkg.Svc/Get', retry: { attempts: 2 } }],
    }).connectionPool).toEqual({ tcp: { maxConnections: 5 }, http: { maxRetries: 50 } });
  });
});
