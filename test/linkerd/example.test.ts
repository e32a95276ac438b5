import { Chart, Testing } from 'cdk8s';
import { GrpcMeshService } from '../../src';
import { linkerdExampleProps, linkerdLegacyExampleProps } from '../../example/linkerd';
import { expectValidManifests } from '../support/validate';
import { byName, ofKind } from './helpers';

function synthChart(id: string, props: ReturnType<typeof linkerdExampleProps>): any[] {
  const chart = new Chart(Testing.app(), id);
  new GrpcMeshService(chart, 'grpc-service', props);
  return Testing.synth(chart);
}

describe('example chart "linkerd" (the Istio scenario on Linkerd 2.16+)', () => {
  const manifests = synthChart('linkerd', linkerdExampleProps());

  // The chart's snapshot is in test/example.test.ts, with every chart of the example app.
  test('validates against the pinned CRDs', () => {
    expectValidManifests(manifests);
  });

  test('keeps the Istio scenario\'s routes, weights, timeouts and retries', () => {
    const routes = byName(manifests, 'GRPCRoute');
    const expensive = routes['grpc-service-mypackage-myservice-expensivemethod'];
    expect(expensive.metadata.annotations).toEqual({
      'timeout.linkerd.io/request': '60s',
      'retry.linkerd.io/grpc': 'resource-exhausted,unavailable',
      'retry.linkerd.io/limit': '2',
      'retry.linkerd.io/timeout': '20s',
    });
    expect(expensive.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['grpc-service-v1', 90], ['grpc-service-v2', 10]]);
    expect(routes['grpc-service-mypackage-myservice-streamdata'].metadata.annotations).toBeUndefined();
    expect(routes['grpc-service-mypackage-myservice-updateresource'].metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '10s' });
    expect(routes['grpc-service-mypackage-myservice-getresource'].metadata.annotations).toEqual({
      'timeout.linkerd.io/request': '10s',
      'retry.linkerd.io/grpc': 'deadline-exceeded,unavailable',
      'retry.linkerd.io/limit': '1',
      'retry.linkerd.io/timeout': '5s',
    });
    // Undeclared methods may stream or not be idempotent: no timeout, no retries.
    expect(routes['grpc-service-default'].metadata.annotations).toBeUndefined();
  });

  test('failure accrual after 5 consecutive failures; clients in namespace default are authorized', () => {
    const apex = byName(manifests, 'Service')['grpc-service'];
    expect(apex.metadata.annotations['balancer.linkerd.io/failure-accrual-consecutive-max-failures']).toBe('5');
    for (const a of ofKind(manifests, 'MeshTLSAuthentication')) {
      expect(a.spec).toEqual({ identityRefs: [{ kind: 'Namespace', name: 'default' }] });
    }
  });
});

describe('example chart "linkerd-legacy" (ServiceProfile and TrafficSplit)', () => {
  const manifests = synthChart('linkerd-legacy', linkerdLegacyExampleProps());

  // The chart's snapshot is in test/example.test.ts, with every chart of the example app.
  test('validates against the pinned CRDs', () => {
    expectValidManifests(manifests);
  });

  test('GetResource retryable with 5s, UpdateResource not retryable with 10s, StreamData without timeout', () => {
    const profile = ofKind(manifests, 'ServiceProfile')[0];
    expect(profile.spec.routes).toEqual([
      { name: 'GetResource', condition: { method: 'POST', pathRegex: '/mypackage\\.MyService/GetResource' }, isRetryable: true, timeout: '5s' },
      { name: 'UpdateResource', condition: { method: 'POST', pathRegex: '/mypackage\\.MyService/UpdateResource' }, timeout: '10s' },
      { name: 'StreamData', condition: { method: 'POST', pathRegex: '/mypackage\\.MyService/StreamData' } },
      { name: 'default', condition: { pathRegex: '.*' } },
    ]);
    expect(profile.spec.retryBudget).toEqual({ retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' });
  });

  test('90% v1, 10% v2 for the whole service; no outbound GRPCRoute', () => {
    expect(ofKind(manifests, 'TrafficSplit')[0].spec).toEqual({
      service: 'grpc-service',
      backends: [{ service: 'grpc-service-v1', weight: 90 }, { service: 'grpc-service-v2', weight: 10 }],
    });
    expect(ofKind(manifests, 'GRPCRoute').every((r) => r.spec.parentRefs[0].kind === 'Server')).toBe(true);
  });
});
