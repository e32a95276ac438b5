import { Chart, Testing } from 'cdk8s';
import { GrpcMeshService, LinkerdRelease } from '../../src';
import { ValidationRelease } from '../../src/validation';
import { linkerdExampleProps, linkerdLegacyExampleProps } from '../../example/linkerd';
import { expectValidManifests } from '../support/validate';
import { byName, ofKind } from './helpers';

function synthChart(id: string, props: ReturnType<typeof linkerdExampleProps>): any[] {
  const chart = new Chart(Testing.app(), id);
  new GrpcMeshService(chart, 'grpc-service', props);
  return Testing.synth(chart);
}

describe('example chart "linkerd" (the Istio scenario on Linkerd 2.18+)', () => {
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
      // The scenario's acknowledgement of GM106 on this route, for the lint of the written YAML.
      'lint.cdk8s-grpc-mesh.io/GM106.mypackage-myservice-expensivemethod': expect.stringMatching(/^the server sends RESOURCE_EXHAUSTED/),
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

describe('example chart "linkerd-2-16-2-17" (the same scenario on Linkerd 2.16 and 2.17)', () => {
  const manifests = synthChart('linkerd-2-16-2-17', linkerdExampleProps(LinkerdRelease.V2_16_TO_2_17));
  // The same chart id for both, as the pod template labels carry the construct address.
  const modern = synthChart('linkerd-2-16-2-17', linkerdExampleProps());

  test('validates against the Linkerd 2.16-2.17 CRDs, and is refused by the 2.15 ones (no GRPCRoute)', () => {
    expectValidManifests(manifests, ValidationRelease.LINKERD_2_16_TO_2_17);
    expect(() => expectValidManifests(manifests, ValidationRelease.LINKERD_2_15)).toThrow(/no schema for GRPCRoute in gateway.networking.k8s.io\/v1alpha2 \(release linkerd-2.15\)/);
  });

  test('every GRPCRoute is v1alpha2, and otherwise the objects are the 2.18+ chart\'s (namespace aside)', () => {
    const routes = ofKind(manifests, 'GRPCRoute');
    expect(routes.length).toBe(7);
    expect(new Set(routes.map((r) => r.apiVersion))).toEqual(new Set(['gateway.networking.k8s.io/v1alpha2']));
    const normalize = (m: any[]) => JSON.parse(JSON.stringify(m).replace(/grpc-linkerd-2-16/g, 'grpc-linkerd')
      .replace(/gateway\.networking\.k8s\.io\/v1alpha2/g, 'gateway.networking.k8s.io/v1'));
    expect(normalize(manifests)).toEqual(modern);
  });
});

describe('example chart "linkerd-2-15" (legacy: ServiceProfile with dstOverrides, Server v1beta2, inbound HTTPRoutes)', () => {
  const manifests = synthChart('linkerd-2-15', linkerdLegacyExampleProps());

  // The chart's snapshot is in test/example.test.ts, with every chart of the example app.
  test('validates against the Linkerd 2.15 CRDs', () => {
    expectValidManifests(manifests, ValidationRelease.LINKERD_2_15);
  });

  test('only kinds and versions Linkerd 2.15 serves: Server v1beta2, policy.linkerd.io HTTPRoutes, no GRPCRoute', () => {
    expect(ofKind(manifests, 'Server').map((s) => s.apiVersion)).toEqual(['policy.linkerd.io/v1beta2']);
    expect(ofKind(manifests, 'Server')[0].spec.accessPolicy).toBeUndefined();
    expect(ofKind(manifests, 'GRPCRoute')).toEqual([]);
    const routes = byName(manifests, 'HTTPRoute');
    expect(Object.keys(routes)).toEqual(['grpc-service-inbound-health', 'grpc-service-inbound-default']);
    expect(routes['grpc-service-inbound-health']).toMatchObject({
      apiVersion: 'policy.linkerd.io/v1beta3',
      spec: {
        parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'grpc-service' }],
        rules: [{ matches: [{ path: { type: 'Exact', value: '/grpc.health.v1.Health/Check' }, method: 'POST' }] }],
      },
    });
    expect(byName(manifests, 'AuthorizationPolicy')['grpc-service-inbound-health-probes'].spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'grpc-service-inbound-health' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'grpc-service-probes' }],
    });
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

  test('90% v1, 10% v2 for the whole service as the ServiceProfile\'s dstOverrides; no TrafficSplit', () => {
    expect(ofKind(manifests, 'ServiceProfile')[0].spec.dstOverrides).toEqual([
      { authority: 'grpc-service-v1.grpc-linkerd-2-15.svc.cluster.local:50051', weight: 90 },
      { authority: 'grpc-service-v2.grpc-linkerd-2-15.svc.cluster.local:50051', weight: 10 },
    ]);
    expect(ofKind(manifests, 'TrafficSplit')).toEqual([]);
  });
});
