import { Duration } from 'cdk8s';
import { LoadBalancer } from '../../src';
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
});
