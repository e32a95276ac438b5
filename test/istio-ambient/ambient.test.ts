import { Duration } from 'cdk8s';
import {
  AccessLogFilter, AmbientEnrollment, Client, IstioAmbientResources, LoadBalancer, MeshDefaultRetry, MutualTlsMode, Streaming,
  UndeclaredMethods, Waypoint,
} from '../../src';
import { errorOf, only, synthService } from '../support/service';
import { ambientProps } from './helpers';

const ofKind = (m: any[], kind: string) => m.filter((o) => o.kind === kind);
const pod = (m: any[], version = 'v1') => only(m, 'Deployment', `svc-${version}`).spec.template;
const services = (m: any[]) => ['svc', 'svc-v1', 'svc-v2'].map((name) => only(m, 'Service', name));
const SERVICE_REFS = ['svc', 'svc-v1', 'svc-v2'].map((name) => ({ group: '', kind: 'Service', name }));

describe('Istio ambient: enrollment', () => {
  test('pods carry istio.io/dataplane-mode: ambient and nothing of a sidecar', () => {
    const { manifests } = synthService(ambientProps({ healthPort: 8081 }));
    for (const version of ['v1', 'v2']) {
      const { labels, annotations } = pod(manifests, version).metadata;
      expect(labels['istio.io/dataplane-mode']).toBe('ambient');
      expect(labels).not.toHaveProperty('sidecar.istio.io/inject');
      expect(Object.keys(annotations ?? {}).filter((k) => k.includes('istio.io'))).toEqual([]);
    }
  });

  test('with namespace enrollment the pods carry no mesh label at all', () => {
    const { manifests } = synthService(ambientProps({}, { ambientEnrollment: AmbientEnrollment.NAMESPACE }));
    expect(Object.keys(pod(manifests).metadata.labels).filter((k) => k.includes('istio.io'))).toEqual([]);
  });

  test('the gRPC port keeps appProtocol grpc, which the waypoint needs to parse the calls', () => {
    const { manifests } = synthService(ambientProps());
    for (const s of services(manifests)) expect(s.spec.ports[0].appProtocol).toBe('grpc');
  });
});

describe('Istio ambient: waypoint', () => {
  test('a dedicated waypoint Gateway for Service traffic, used by the Service and each version Service', () => {
    const { manifests } = synthService(ambientProps());
    const waypoint = only(manifests, 'Gateway', 'svc-waypoint');
    expect(waypoint.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(waypoint.metadata.labels['istio.io/waypoint-for']).toBe('service');
    expect(waypoint.spec).toEqual({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
    for (const s of services(manifests)) {
      expect(s.metadata.labels['istio.io/use-waypoint']).toBe('svc-waypoint');
      expect(s.metadata.labels).not.toHaveProperty('istio.io/use-waypoint-namespace');
      expect(s.metadata.labels).not.toHaveProperty('istio.io/ingress-use-waypoint');
    }
  });

  test('an existing waypoint in another namespace: no Gateway, the namespace label, its identity admitted by ztunnel', () => {
    const { manifests } = synthService(ambientProps({}, { waypoint: Waypoint.existing({ name: 'shared', namespace: 'infra', serviceAccount: 'shared-sa' }) }));
    expect(ofKind(manifests, 'Gateway')).toEqual([]);
    for (const s of services(manifests)) {
      expect(s.metadata.labels).toMatchObject({ 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'infra' });
    }
    expect(only(manifests, 'AuthorizationPolicy', 'svc-ztunnel').spec.rules)
      .toEqual([{ from: [{ source: { principals: ['cluster.local/ns/infra/sa/shared-sa'] } }] }]);
  });

  test('an existing waypoint\'s identity is its name by default', () => {
    const { manifests } = synthService(ambientProps({}, { waypoint: Waypoint.existing({ name: 'waypoint' }), trustDomain: 'corp.example' }));
    expect(only(manifests, 'Service', 'svc').metadata.labels).not.toHaveProperty('istio.io/use-waypoint-namespace');
    expect(only(manifests, 'AuthorizationPolicy', 'svc-ztunnel').spec.rules[0].from[0].source.principals)
      .toEqual(['corp.example/ns/default/sa/waypoint']);
  });
});

describe('Istio ambient: routes', () => {
  const props = ambientProps({
    defaultRoute: { weights: { v1: 90, v2: 10 } },
    methods: [
      { name: 'shop.Orders/Get', timeout: Duration.seconds(2), weights: { v1: 50, v2: 50 } },
      { name: 'shop.Orders/Watch', streaming: Streaming.SERVER, weights: { v1: 100 } },
      { name: 'shop.Admin', timeout: Duration.millis(1500) },
    ],
  });

  test('a GRPCRoute per route without a timeout, parented on the Service, weighted over the version Services', () => {
    const { manifests } = synthService(props);
    const byName = (name: string) => only(manifests, 'GRPCRoute', name);
    expect(byName('svc-default').spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'svc', port: 50051 }],
      rules: [{
        backendRefs: [
          { group: '', kind: 'Service', name: 'svc-v1', port: 50051, weight: 90 },
          { group: '', kind: 'Service', name: 'svc-v2', port: 50051, weight: 10 },
        ],
      }],
    });
    expect(byName('svc-shop-orders-watch').spec.rules).toEqual([{
      matches: [{ method: { type: 'Exact', service: 'shop.Orders', method: 'Watch' } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'svc-v1', port: 50051, weight: 100 }],
    }]);
  });

  test('an HTTPRoute on the gRPC path for a route with a timeout (GRPCRoute has no timeouts)', () => {
    const { manifests } = synthService(props);
    const get = only(manifests, 'HTTPRoute', 'svc-shop-orders-get');
    expect(get.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'svc', port: 50051 }]);
    expect(get.spec.rules).toEqual([{
      matches: [{ path: { type: 'Exact', value: '/shop.Orders/Get' } }],
      backendRefs: [
        { group: '', kind: 'Service', name: 'svc-v1', port: 50051, weight: 50 },
        { group: '', kind: 'Service', name: 'svc-v2', port: 50051, weight: 50 },
      ],
      timeouts: { request: '2s' },
    }]);
    const admin = only(manifests, 'HTTPRoute', 'svc-shop-admin').spec.rules[0];
    expect(admin.matches).toEqual([{ path: { type: 'PathPrefix', value: '/shop.Admin/' } }]);
    expect(admin.timeouts).toEqual({ request: '1s500ms' });
  });

  test('nothing the waypoint ignores or would misread: no mesh VirtualService, no retry, no per-try timeout', () => {
    const { manifests } = synthService(props);
    expect(ofKind(manifests, 'VirtualService')).toEqual([]);
    for (const route of [...ofKind(manifests, 'HTTPRoute'), ...ofKind(manifests, 'GRPCRoute')]) {
      for (const rule of route.spec.rules) {
        expect(rule).not.toHaveProperty('retry');
        // With no retry stanza Istio would make backendRequest the whole route's timeout.
        expect(rule.timeouts ?? {}).not.toHaveProperty('backendRequest');
      }
    }
  });
});

describe('Istio ambient: backend policy', () => {
  test('no DestinationRule when the props set no pool, balancing or ejection', () => {
    expect(ofKind(synthService(ambientProps()).manifests, 'DestinationRule')).toEqual([]);
  });

  test('a DestinationRule per version Service, without tls or subsets', () => {
    const { manifests } = synthService(ambientProps({
      loadBalancer: LoadBalancer.leastRequest(),
      connectionPool: { maxConnections: 10, maxRequests: 100 },
      outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(10) },
    }));
    const rules = ofKind(manifests, 'DestinationRule');
    expect(rules.map((r) => r.spec.host)).toEqual(['svc-v1.default.svc.cluster.local', 'svc-v2.default.svc.cluster.local']);
    expect(rules[0].spec).toEqual({
      host: 'svc-v1.default.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        connectionPool: { tcp: { maxConnections: 10 }, http: { http2MaxRequests: 100 } },
        outlierDetection: { consecutive5xxErrors: 3, interval: '10s' },
      },
    });
  });
});

describe('Istio ambient: the mesh\'s default retry', () => {
  test('with MeshDefaultRetry.NONE a method that must not be retried is accepted, and no retry budget is added', () => {
    const { manifests } = synthService(ambientProps({ methods: [{ name: 'shop.Orders/Put', idempotent: false }], undeclaredMethods: undefined }));
    expect(only(manifests, 'GRPCRoute', 'svc-shop-orders-put').spec.rules[0]).not.toHaveProperty('retry');
    expect(ofKind(manifests, 'DestinationRule')).toEqual([]);
  });

  test('with Istio\'s default retry every route retries, so each version gets a retry budget of 10', () => {
    const { manifests } = synthService(ambientProps({ undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT }, { meshDefaultRetry: MeshDefaultRetry.ISTIO_DEFAULT }));
    for (const v of ['v1', 'v2']) {
      expect(only(manifests, 'DestinationRule', `svc-${v}`).spec.trafficPolicy).toEqual({ connectionPool: { http: { maxRetries: 10 } } });
    }
  });

  test('a retry budget of the props is kept as set, beside the other pool limits', () => {
    const { manifests } = synthService(ambientProps(
      { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT, connectionPool: { maxConnections: 5, maxRetries: 3 } },
      { meshDefaultRetry: MeshDefaultRetry.ISTIO_DEFAULT },
    ));
    expect(only(manifests, 'DestinationRule', 'svc-v1').spec.trafficPolicy.connectionPool).toEqual({ tcp: { maxConnections: 5 }, http: { maxRetries: 3 } });
  });
});

describe('Istio ambient: security', () => {
  test('STRICT PeerAuthentication for the pods, enforced by ztunnel', () => {
    const { manifests } = synthService(ambientProps());
    expect(only(manifests, 'PeerAuthentication', 'svc').spec).toEqual({
      selector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'svc' }) },
      mtls: { mode: 'STRICT' },
    });
    expect(only(synthService(ambientProps({ mtls: MutualTlsMode.PERMISSIVE })).manifests, 'PeerAuthentication').spec.mtls)
      .toEqual({ mode: 'PERMISSIVE' });
  });

  test('L7 rules (methods, principals) on the waypoint with targetRefs; only the waypoint admitted to the pods', () => {
    const { manifests } = synthService(ambientProps({
      authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front')], methods: ['shop.Orders/Get'] }] },
    }));
    const l7 = only(manifests, 'AuthorizationPolicy', 'svc');
    expect(l7.spec).toEqual({
      targetRefs: SERVICE_REFS,
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/front/sa/web'] } }], to: [{ operation: { paths: ['/shop.Orders/Get'] } }] }],
    });
    const l4 = only(manifests, 'AuthorizationPolicy', 'svc-ztunnel');
    expect(l4.spec.selector.matchLabels).toMatchObject({ 'app.kubernetes.io/name': 'svc' });
    expect(l4.spec).not.toHaveProperty('targetRefs');
    // ztunnel sees L4 only: no paths, methods or request principals in its policy.
    expect(l4.spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/default/sa/svc-waypoint'] } }] }]);
  });

  test('telemetry on the waypoint with targetRefs', () => {
    const { manifests } = synthService(ambientProps({
      telemetry: { tracing: { samplingPercentage: 5 }, accessLogging: AccessLogFilter.failedCalls() },
    }));
    const t = only(manifests, 'Telemetry', 'svc').spec;
    expect(t.targetRefs).toEqual(SERVICE_REFS);
    expect(t).not.toHaveProperty('selector');
    expect(t.tracing[0].randomSamplingPercentage).toBe(5);
    expect(t.accessLogging[0].filter.expression).toBe('response.code >= 400 || response.grpc_status != 0');
  });
});

describe('Istio ambient: ingress', () => {
  const ingress = {
    hosts: ['grpc.example.com'], tlsCredentialName: 'cert', methods: ['shop.Orders/Get'],
    jwt: { issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks' },
  };

  test('the ingress gateway calls the Service through its waypoint, which enforces the method limits and the token', () => {
    const { manifests } = synthService(ambientProps({ ingress }));
    for (const s of services(manifests)) expect(s.metadata.labels['istio.io/ingress-use-waypoint']).toBe('true');
    // The same host scoping as on sidecars: only this namespace's VirtualServices bind the hosts.
    expect(only(manifests, 'Gateway', 'svc-gateway').spec.servers[0].hosts).toEqual(['./grpc.example.com']);
    const vs = only(manifests, 'VirtualService', 'svc-ingress').spec;
    expect(vs.gateways).toEqual(['default/svc-gateway']);
    expect(vs.exportTo).toEqual(['istio-system']);
    expect(vs.http).toEqual([{
      name: 'waypoint-0',
      match: [{ uri: { exact: '/shop.Orders/Get' } }],
      route: [{ destination: { host: 'svc.default.svc.cluster.local', port: { number: 50051 } } }],
      retries: { attempts: 0 },
    }]);
    const deny = only(manifests, 'AuthorizationPolicy', 'svc-ingress-methods').spec;
    expect(deny.targetRefs).toEqual(SERVICE_REFS);
    expect(deny.action).toBe('DENY');
    expect(deny.rules[0].to).toEqual([{ operation: { notPaths: ['/shop.Orders/Get'] } }]);
    expect(only(manifests, 'RequestAuthentication', 'svc').spec).toEqual({
      targetRefs: SERVICE_REFS,
      jwtRules: [{ issuer: 'https://idp.example.com', jwks_uri: 'https://idp.example.com/jwks' }],
    });
  });
});

describe('Istio ambient: ingress without method limits', () => {
  test('one route for every call, to the Service', () => {
    const { manifests } = synthService(ambientProps({ ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert' } }));
    expect(only(manifests, 'VirtualService', 'svc-ingress').spec.http).toEqual([{
      name: 'waypoint',
      route: [{ destination: { host: 'svc.default.svc.cluster.local', port: { number: 50051 } } }],
      retries: { attempts: 0 },
    }]);
    expect(ofKind(manifests, 'AuthorizationPolicy').map((p) => p.metadata.name).sort()).toEqual(['svc', 'svc-ztunnel']);
  });
});

describe('IstioAmbientResources.of', () => {
  test('returns the ambient objects of an ambient service, and fails on a sidecar one', () => {
    const { service } = synthService(ambientProps());
    expect(IstioAmbientResources.of(service).waypoint?.name).toBe('svc-waypoint');
    const sidecar = synthService({ ...ambientProps(), mesh: require('../../src').Mesh.istio() }).service;
    expect(errorOf(() => IstioAmbientResources.of(sidecar)))
      .toBe('test/svc: invalid mesh "IstioResources": not rendered for Istio ambient; IstioAmbientResources.of needs a GrpcMeshService with mesh: Mesh.istio({ dataplane: IstioDataplane.AMBIENT })');
  });
});
