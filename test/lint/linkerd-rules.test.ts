import { JsonPatch } from 'cdk8s';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { LinkerdMode, LinkerdResources, LinkerdSplit, Mesh } from '../../src';
import { baseProps, synthService } from '../support/service';

const linkerd = (mode = LinkerdMode.GATEWAY_API) => synthService(baseProps({ mesh: Mesh.linkerd({ mode }) })).service;
const codes = (service: { lint(): { code: string }[] }) => service.lint().map((f) => f.code);

describe('mesh lint on Linkerd', () => {
  test('the default props lint clean in both modes', () => {
    expect(linkerd().lint()).toEqual([]);
    expect(linkerd(LinkerdMode.SERVICE_PROFILE).lint()).toEqual([]);
  });

  test('GM110: appProtocol grpc on a Linkerd Service is an error', () => {
    const service = linkerd();
    service.workload.service!.addJsonPatch(JsonPatch.replace('/spec/ports/0/appProtocol', 'grpc'));
    expect(service.lint()).toEqual([expect.objectContaining({
      code: 'GM110', severity: 'error',
      message: 'Service svc port grpc has appProtocol grpc, which Linkerd treats as opaque; use kubernetes.io/h2c',
    })]);
  });

  test('GM111: a GRPCRoute for a Service that has a ServiceProfile is an error', () => {
    const service = linkerd(LinkerdMode.SERVICE_PROFILE);
    new gw.GrpcRoute(service, 'Extra', {
      metadata: { name: 'svc-extra', namespace: 'default' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'svc', port: 50051 }], rules: [{ backendRefs: [{ name: 'svc-v1', port: 50051 }] }] },
    });
    expect(codes(service)).toEqual(['GM111']);
  });

  test('GM112: gRPC probes without probe authorization under a deny policy are an error', () => {
    const service = linkerd();
    const health = Object.values(LinkerdResources.of(service).inboundRoutes).find((r) => r.name.endsWith('-health'))!;
    health.addJsonPatch(JsonPatch.replace('/spec/rules/0/matches/0/method/service', 'other.Service'));
    expect(service.lint()).toEqual([expect.objectContaining({
      code: 'GM112',
      message: 'Deployment svc-v1 has gRPC probes on port 50051 that Server svc denies: grpc.health.v1.Health/Check takes GRPCRoute svc-inbound-default, and no AuthorizationPolicy on it admits callers without mTLS; set healthPort (skipped by the proxy) or authorize grpc.health.v1.Health/Check from the probe networks (an AuthorizationPolicy with a NetworkAuthentication)',
    }), expect.objectContaining({ code: 'GM112' })]);
  });

  test('GM112 is satisfied by a health port the proxy skips', () => {
    const service = synthService(baseProps({ mesh: Mesh.linkerd(), healthPort: 8081 })).service;
    expect(service.lint()).toEqual([]);
  });

  describe('GM112 false negatives', () => {
    const probePolicy = (service: ReturnType<typeof linkerd>) => LinkerdResources.of(service).authorizationPolicies['svc-inbound-health-probes'];
    const gm112 = (service: ReturnType<typeof linkerd>) => service.lint().filter((f) => f.code === 'GM112').map((f) => f.message);
    const FIX = 'set healthPort (skipped by the proxy) or authorize grpc.health.v1.Health/Check from the probe networks (an AuthorizationPolicy with a NetworkAuthentication)';

    test('a policy on the health route that requires an mTLS identity can never admit the kubelet', () => {
      const service = linkerd();
      probePolicy(service).addJsonPatch(JsonPatch.replace('/spec/requiredAuthenticationRefs',
        [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'svc-inbound-health-clients' }]));
      expect(gm112(service)).toEqual(['v1', 'v2'].map((v) => `Deployment svc-${v} has gRPC probes on port 50051 that Server svc denies: grpc.health.v1.Health/Check takes GRPCRoute svc-inbound-health, and no AuthorizationPolicy on it admits callers without mTLS; ${FIX}`));
    });

    test('a NetworkAuthentication plus an mTLS identity is still mTLS (required authentications are ANDed)', () => {
      const service = linkerd();
      probePolicy(service).addJsonPatch(JsonPatch.add('/spec/requiredAuthenticationRefs/-',
        { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'svc-inbound-health-clients' }));
      expect(gm112(service)).toHaveLength(2);
    });

    test('a policy requiring no authentication admits the kubelet', () => {
      const service = linkerd();
      probePolicy(service).addJsonPatch(JsonPatch.replace('/spec/requiredAuthenticationRefs', []));
      expect(gm112(service)).toEqual([]);
    });

    test('a health route for Watch only does not take Check: it falls to the catch-all, which needs mTLS', () => {
      const service = linkerd();
      const health = LinkerdResources.of(service).inboundRoutes['svc-inbound-health'];
      health.addJsonPatch(JsonPatch.replace('/spec/rules/0/matches/0/method/method', 'Watch'));
      expect(gm112(service)[0]).toBe(`Deployment svc-v1 has gRPC probes on port 50051 that Server svc denies: grpc.health.v1.Health/Check takes GRPCRoute svc-inbound-default, and no AuthorizationPolicy on it admits callers without mTLS; ${FIX}`);
    });

    test('a call no route on the Server matches is refused', () => {
      const service = linkerd();
      const l5d = LinkerdResources.of(service);
      l5d.inboundRoutes['svc-inbound-health'].addJsonPatch(JsonPatch.replace('/spec/rules/0/matches/0/method/service', 'other.Service'));
      l5d.inboundRoutes['svc-inbound-default'].addJsonPatch(JsonPatch.replace('/spec/rules/0', { matches: [{ method: { type: 'Exact', service: 'pkg.Svc' } }] }));
      expect(gm112(service)[0]).toBe(`Deployment svc-v1 has gRPC probes on port 50051 that Server svc refuses: no GRPCRoute on it matches grpc.health.v1.Health/Check; ${FIX}`);
    });

    test('an all-unauthenticated pod annotation does not help: the Server on the port denies (accessPolicy deny by default)', () => {
      const service = linkerd();
      for (const d of Object.values(service.workload.deployments)) {
        d.addJsonPatch(JsonPatch.replace('/spec/template/metadata/annotations/config.linkerd.io~1default-inbound-policy', 'all-unauthenticated'));
      }
      probePolicy(service).addJsonPatch(JsonPatch.replace('/spec/requiredAuthenticationRefs',
        [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'svc-inbound-health-clients' }]));
      expect(gm112(service)).toHaveLength(2);
      // Without a Server on the port, the annotation decides.
      LinkerdResources.of(service).server.addJsonPatch(JsonPatch.replace('/spec/port', 'other'));
      expect(gm112(service)).toEqual([]);
    });

    test('a Server whose accessPolicy admits plain text (audit) lets the probes through', () => {
      const service = linkerd();
      probePolicy(service).addJsonPatch(JsonPatch.replace('/spec/requiredAuthenticationRefs',
        [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'svc-inbound-health-clients' }]));
      LinkerdResources.of(service).server.addJsonPatch(JsonPatch.add('/spec/accessPolicy', 'audit'));
      expect(gm112(service)).toEqual([]);
    });

    test('per Deployment: a version the Server does not select falls back to its all-authenticated default policy', () => {
      const service = linkerd();
      LinkerdResources.of(service).server.addJsonPatch(JsonPatch.add('/spec/podSelector/matchLabels/version', 'v1'));
      expect(gm112(service)).toEqual([`Deployment svc-v2 has gRPC probes on port 50051 that the all-authenticated default inbound policy denies; ${FIX}`]);
    });

    test('per Deployment: a probe on a port no Server covers, and that the proxy does not skip, is denied by the default policy', () => {
      const service = synthService(baseProps({ mesh: Mesh.linkerd(), healthPort: 8081 })).service;
      service.workload.deployments.v2.addJsonPatch(JsonPatch.remove('/spec/template/metadata/annotations/config.linkerd.io~1skip-inbound-ports'));
      expect(gm112(service)).toEqual([`Deployment svc-v2 has gRPC probes on port 8081 that the all-authenticated default inbound policy denies; ${FIX}`]);
    });

    test('a Server without routes needs a policy on the Server admitting plain text', () => {
      const service = synthService(baseProps({ mesh: Mesh.linkerd(), healthPort: 8081 })).service;
      const l5d = LinkerdResources.of(service);
      // The probes through the proxy, on the Server's port: policies on the Server need mTLS.
      for (const d of Object.values(service.workload.deployments)) {
        d.addJsonPatch(JsonPatch.remove('/spec/template/metadata/annotations/config.linkerd.io~1skip-inbound-ports'));
      }
      l5d.server.addJsonPatch(JsonPatch.replace('/spec/port', 8081));
      expect(gm112(service)[0]).toBe(`Deployment svc-v1 has gRPC probes on port 8081 that Server svc denies (accessPolicy deny, and no AuthorizationPolicy on it admits callers without mTLS); ${FIX}`);
      Object.values(l5d.authorizationPolicies)[0].addJsonPatch(JsonPatch.replace('/spec/requiredAuthenticationRefs',
        [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'nodes' }]));
      expect(gm112(service)).toEqual([]);
    });

    test('a Deployment without the Linkerd proxy is not checked', () => {
      const service = linkerd();
      probePolicy(service).addJsonPatch(JsonPatch.replace('/spec/requiredAuthenticationRefs', [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'x' }]));
      service.workload.deployments.v1.addJsonPatch(JsonPatch.replace('/spec/template/metadata/annotations/linkerd.io~1inject', 'disabled'));
      expect(gm112(service).map((m) => m.split(' ')[1])).toEqual(['svc-v2']);
    });
  });

  test('GM113: a GRPCRoute with more than 16 rules is an error', () => {
    const service = linkerd();
    const route = Object.values(LinkerdResources.of(service).routes)[0];
    const rule = { backendRefs: [{ name: 'svc-v1', port: 50051 }] };
    route.addJsonPatch(JsonPatch.replace('/spec/rules', Array.from({ length: 17 }, () => rule)));
    expect(codes(service)).toEqual(['GM113']);
  });

  test('GM115: an explicit retry in legacy mode warns that the budget, not attempts, bounds retries', () => {
    const service = synthService(baseProps({ mesh: Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), methods: [{ name: 'p.S/Get', retry: { attempts: 3 } }] })).service;
    expect(service.lint()).toEqual([expect.objectContaining({
      code: 'GM115', severity: 'warning',
      message: 'methods[0] asks for 3 retries, but a ServiceProfile retries within the retry budget on UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS; tune Mesh.linkerd({ retryBudget }), or use LinkerdMode.GATEWAY_API (Linkerd 2.16 and later) for per-call limits',
    })]);
  });

  test('GM101: TrafficSplit weights that do not sum to 100 are an error', () => {
    const service = synthService(baseProps({ mesh: Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE, split: LinkerdSplit.SMI_TRAFFIC_SPLIT }), defaultRoute: { weights: { v1: 90, v2: 10 } } })).service;
    LinkerdResources.of(service).trafficSplit!.addJsonPatch(JsonPatch.replace('/spec/backends/0/weight', 80));
    expect(service.lint()).toEqual([expect.objectContaining({ code: 'GM101', message: 'TrafficSplit svc weights sum to 90; make them add up to 100' })]);
  });
});
