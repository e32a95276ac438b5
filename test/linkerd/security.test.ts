import { Client } from '../../src';
import { only } from '../support/service';
import { expectValidManifests } from '../support/validate';
import { byName, legacyProps, linkerdProps, ofKind, synthValid } from './helpers';
import { selectorOf } from '../support/labels';

const SERVER_REF = { group: 'policy.linkerd.io', kind: 'Server', name: 'svc' };
const routeRef = (name: string) => ({ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', name });
const meshTls = (name: string) => [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name }];

describe('Linkerd authorization with a health port (policies on the Server)', () => {
  const manifests = synthValid(linkerdProps({
    healthPort: 8080,
    authorization: {
      allow: [
        { clients: [Client.serviceAccount('web', 'front'), Client.namespace('ops')] },
        { clients: [Client.anyMeshWorkload()] },
      ],
    },
  }));

  test('the Server selects the pods\' gRPC container port, speaks gRPC and denies by default', () => {
    const server = only(manifests, 'Server');
    expect(server.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(server.metadata.name).toBe('svc');
    expect(server.spec).toEqual({ podSelector: { matchLabels: selectorOf('svc') }, port: 'grpc', proxyProtocol: 'gRPC', accessPolicy: 'deny' });
  });

  test('service accounts and namespaces are identityRefs; any mesh workload is identities ["*"], in its own authentication', () => {
    const authns = byName(manifests, 'MeshTLSAuthentication');
    expect(Object.keys(authns)).toEqual(['svc-clients', 'svc-any-mesh-workload']);
    expect(authns['svc-clients'].spec).toEqual({
      identityRefs: [{ kind: 'ServiceAccount', name: 'web', namespace: 'front' }, { kind: 'Namespace', name: 'ops' }],
    });
    expect(authns['svc-any-mesh-workload'].spec).toEqual({ identities: ['*'] });
  });

  test('one AuthorizationPolicy per authentication, targeting the Server; no inbound routes, no probe network', () => {
    const policies = byName(manifests, 'AuthorizationPolicy');
    expect(policies['svc-clients'].spec).toEqual({ targetRef: SERVER_REF, requiredAuthenticationRefs: meshTls('svc-clients') });
    expect(policies['svc-any-mesh-workload'].spec).toEqual({ targetRef: SERVER_REF, requiredAuthenticationRefs: meshTls('svc-any-mesh-workload') });
    expect(ofKind(manifests, 'GRPCRoute').filter((r) => r.spec.parentRefs[0].kind === 'Server')).toEqual([]);
    expect(ofKind(manifests, 'NetworkAuthentication')).toEqual([]);
  });

  test('the default authorization admits the service\'s own namespace', () => {
    const m = synthValid(linkerdProps({ healthPort: 8080 }));
    expect(only(m, 'MeshTLSAuthentication').spec).toEqual({ identityRefs: [{ kind: 'Namespace', name: 'default' }] });
  });

  test('an empty allow list admits nobody: a Server and no policy', () => {
    const m = synthValid(linkerdProps({ healthPort: 8080, authorization: { allow: [] } }));
    expect(ofKind(m, 'Server')).toHaveLength(1);
    expect(ofKind(m, 'AuthorizationPolicy')).toEqual([]);
    expect(ofKind(m, 'MeshTLSAuthentication')).toEqual([]);
  });
});

describe('Linkerd probe authorization without a health port', () => {
  const manifests = synthValid(linkerdProps());

  test('an inbound GRPCRoute for grpc.health.v1.Health/Check only and a catch-all, both parented on the Server', () => {
    const inbound = byName(manifests, 'GRPCRoute');
    expect(inbound['svc-inbound-health'].spec).toEqual({
      parentRefs: [SERVER_REF],
      rules: [{ matches: [{ method: { type: 'Exact', service: 'grpc.health.v1.Health', method: 'Check' } }] }],
    });
    expect(inbound['svc-inbound-default'].spec).toEqual({ parentRefs: [SERVER_REF], rules: [{}] });
  });

  test('the kubelet is admitted to the health route only, from the probe networks, without mTLS', () => {
    expect(only(manifests, 'NetworkAuthentication').spec).toEqual({ networks: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] });
    const policies = byName(manifests, 'AuthorizationPolicy');
    expect(policies['svc-inbound-health-probes'].spec).toEqual({
      targetRef: routeRef('svc-inbound-health'),
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'svc-probes' }],
    });
    expect(Object.values(policies).filter((p) => p.spec.requiredAuthenticationRefs[0].kind === 'NetworkAuthentication')).toHaveLength(1);
  });

  test('the service\'s own calls then need policies on the routes: none targets the Server', () => {
    const policies = byName(manifests, 'AuthorizationPolicy');
    expect(Object.keys(policies).sort()).toEqual(['svc-inbound-default-clients', 'svc-inbound-health-clients', 'svc-inbound-health-probes']);
    expect(policies['svc-inbound-default-clients'].spec).toEqual({
      targetRef: routeRef('svc-inbound-default'),
      requiredAuthenticationRefs: meshTls('svc-inbound-default-clients'),
    });
    for (const p of Object.values(policies)) expect(p.spec.targetRef.kind).toBe('GRPCRoute');
  });

  test('Watch and List of the health service are not admitted from the probe networks: they fall to the catch-all, mTLS only', () => {
    const inbound = Object.values(byName(manifests, 'GRPCRoute')).filter((r) => r.spec.parentRefs[0].kind === 'Server');
    const admitsWithoutMtls = new Set(ofKind(manifests, 'AuthorizationPolicy')
      .filter((p) => p.spec.requiredAuthenticationRefs.every((a: any) => a.kind === 'NetworkAuthentication'))
      .map((p) => p.spec.targetRef.name));
    // The routes a Watch or List call can match: only the catch-all, whose policies all need mTLS.
    const matching = inbound.filter((r) => r.spec.rules.some((rule: any) => !rule.matches
      || rule.matches.some((m: any) => m.method.service === 'grpc.health.v1.Health' && (m.method.method === undefined || m.method.method === 'Watch'))));
    expect(matching.map((r) => r.metadata.name)).toEqual(['svc-inbound-default']);
    expect(admitsWithoutMtls).toEqual(new Set(['svc-inbound-health']));
  });

  test('a rule for the whole health service gets its own route, behind mTLS; the probe route keeps Check alone', () => {
    const m = synthValid(linkerdProps({
      authorization: { allow: [{ clients: [Client.namespace('ops')], methods: ['grpc.health.v1.Health'] }] },
    }));
    const inbound = byName(ofKind(m, 'GRPCRoute').filter((r) => r.spec.parentRefs[0].kind === 'Server'), 'GRPCRoute');
    expect(Object.keys(inbound)).toEqual(['svc-inbound-grpc-health-v1-health', 'svc-inbound-health', 'svc-inbound-default']);
    expect(inbound['svc-inbound-grpc-health-v1-health'].spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'grpc.health.v1.Health' } }]);
    const policies = byName(m, 'AuthorizationPolicy');
    expect(policies['svc-inbound-grpc-health-v1-health-clients'].spec.requiredAuthenticationRefs).toEqual(meshTls('svc-inbound-grpc-health-v1-health-clients'));
    expect(policies['svc-inbound-grpc-health-v1-health-probes']).toBeUndefined();
    // The probe route admits the probes and, as the rule covers Check, its clients too.
    expect(policies['svc-inbound-health-probes'].spec.targetRef).toEqual(routeRef('svc-inbound-health'));
    expect(byName(m, 'MeshTLSAuthentication')['svc-inbound-health-clients'].spec.identityRefs).toEqual([{ kind: 'Namespace', name: 'ops' }]);
  });

  test('probeNetworks narrows the networks', () => {
    const m = synthValid(linkerdProps({}, { probeNetworks: ['10.0.0.0/8', 'fd00::/8'] }));
    expect(only(m, 'NetworkAuthentication').spec.networks).toEqual([{ cidr: '10.0.0.0/8' }, { cidr: 'fd00::/8' }]);
  });

  test('with an empty allow list only the probes are admitted', () => {
    const m = synthValid(linkerdProps({ authorization: { allow: [] } }));
    expect(ofKind(m, 'AuthorizationPolicy').map((p) => p.metadata.name)).toEqual(['svc-inbound-health-probes']);
  });
});

describe('Linkerd per-method authorization', () => {
  const manifests = synthValid(linkerdProps({
    healthPort: 8080,
    authorization: {
      allow: [
        { clients: [Client.namespace('front')] },
        { clients: [Client.serviceAccount('admin', 'ops')], methods: ['pkg.Admin', 'pkg.Svc/Delete'] },
        { clients: [Client.anyMeshWorkload()], methods: ['pkg.Admin/Status'] },
      ],
    },
  }));
  const inbound = byName(ofKind(manifests, 'GRPCRoute').filter((r) => r.spec.parentRefs[0].kind === 'Server'), 'GRPCRoute');
  const authns = byName(manifests, 'MeshTLSAuthentication');

  test('an inbound route per listed method or service, exact methods first, and a catch-all', () => {
    expect(Object.keys(inbound)).toEqual(['svc-inbound-pkg-svc-delete', 'svc-inbound-pkg-admin-status', 'svc-inbound-pkg-admin', 'svc-inbound-default']);
    expect(inbound['svc-inbound-pkg-admin'].spec.rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'pkg.Admin' } }]);
  });

  test('each route admits the whole-service clients plus the rules that cover it', () => {
    const refs = (name: string) => authns[name]?.spec.identityRefs;
    expect(refs('svc-inbound-pkg-svc-delete-clients')).toEqual([{ kind: 'Namespace', name: 'front' }, { kind: 'ServiceAccount', name: 'admin', namespace: 'ops' }]);
    // pkg.Admin/Status is covered by the whole-service rule, the pkg.Admin rule and its own rule.
    expect(refs('svc-inbound-pkg-admin-status-clients')).toEqual([{ kind: 'Namespace', name: 'front' }, { kind: 'ServiceAccount', name: 'admin', namespace: 'ops' }]);
    expect(authns['svc-inbound-pkg-admin-status-any-mesh-workload'].spec).toEqual({ identities: ['*'] });
    expect(refs('svc-inbound-pkg-admin-clients')).toEqual([{ kind: 'Namespace', name: 'front' }, { kind: 'ServiceAccount', name: 'admin', namespace: 'ops' }]);
    expect(authns['svc-inbound-pkg-admin-any-mesh-workload']).toBeUndefined();
    expect(refs('svc-inbound-default-clients')).toEqual([{ kind: 'Namespace', name: 'front' }]);
  });

  test('every policy targets its route', () => {
    for (const p of ofKind(manifests, 'AuthorizationPolicy')) {
      expect(inbound[p.spec.targetRef.name]).toBeDefined();
      expect(p.metadata.name.startsWith(p.spec.targetRef.name)).toBe(true);
    }
  });

  test('the legacy mode renders the same inbound policy (inbound routes are parented on the Server, not the Service)', () => {
    const legacy = synthValid(legacyProps({
      healthPort: 8080,
      authorization: { allow: [{ clients: [Client.namespace('front')], methods: ['pkg.Svc/Get'] }] },
    }));
    expect(ofKind(legacy, 'GRPCRoute').map((r) => r.spec.parentRefs[0].kind)).toEqual(['Server', 'Server']);
    expect(ofKind(legacy, 'AuthorizationPolicy').map((p) => p.metadata.name)).toEqual(['svc-inbound-pkg-svc-get-clients']);
  });
});

test('an inbound route never takes the name of an outbound GRPCRoute', () => {
  const m = synthValid(linkerdProps({ methods: [{ name: 'inbound.Default' }] }));
  const names = ofKind(m, 'GRPCRoute').map((r) => `${r.spec.parentRefs[0].kind} ${r.metadata.name}`);
  expect(names).toContain('Service svc-inbound-default');
  expect(names.filter((n) => n.startsWith('Server svc-inbound-default-'))).toHaveLength(1);
  expect(new Set(ofKind(m, 'GRPCRoute').map((r) => r.metadata.name)).size).toBe(names.length);
});

describe('Linkerd inbound object names are bounded', () => {
  const longMethod = `Get${'VeryLong'.repeat(40)}`; // 323 characters, a valid gRPC method name
  const names = (m: any[]) => m.map((o) => o.metadata.name as string);
  const unique = (m: any[]) => {
    for (const kind of new Set(m.map((o) => o.kind))) {
      const ofThisKind = names(ofKind(m, kind));
      expect(new Set(ofThisKind).size).toBe(ofThisKind.length);
    }
  };
  const longAuthorization = {
    allow: [
      { clients: [Client.namespace('ops'), Client.anyMeshWorkload()], methods: [`pkg.Svc/${longMethod}`, `pkg.Svc/${longMethod}2`] },
      { clients: [Client.namespace('front')] },
    ],
  };

  test('a very long method name in authorization.allow[].methods gives valid, unique names of at most 63 characters', () => {
    const m = synthValid(linkerdProps({ authorization: longAuthorization }));
    expectValidManifests(m);
    unique(m);
    for (const name of names(m)) expect(name.length).toBeLessThanOrEqual(63);
    const inbound = names(ofKind(m, 'GRPCRoute').filter((r) => r.spec.parentRefs[0].kind === 'Server'));
    // Two long methods that share their first characters get distinct, truncated and hashed names.
    expect(inbound).toHaveLength(4);
    expect(inbound.filter((n) => /^svc-inbound-pkg-svc-getverylong[a-z]*-[0-9a-f]{8}$/.test(n))).toHaveLength(2);
    // The longest names built on an inbound route: its authentication and policy for any mesh workload.
    const longest = names(ofKind(m, 'AuthorizationPolicy')).filter((n) => n.endsWith('-any-mesh-workload') && n.includes('getverylong'));
    expect(longest).toHaveLength(2);
    for (const n of longest) expect(n).toHaveLength(63);
  });

  test('with the longest service name the labels of long methods are their hash alone, and every name is valid', () => {
    const serviceName = `s${'x'.repeat(59)}`; // 60 characters: <service>-v1 and <service>-v2 fit in 63
    const m = synthValid(linkerdProps({ serviceName, authorization: longAuthorization }));
    expectValidManifests(m);
    unique(m);
    const inbound = names(ofKind(m, 'GRPCRoute').filter((r) => r.spec.parentRefs[0].kind === 'Server'));
    expect(inbound.filter((n) => new RegExp(`^${serviceName}-inbound-[0-9a-f]{8}$`).test(n))).toHaveLength(2);
    // The bound: <service>-inbound-<hash>-any-mesh-workload.
    for (const name of names(m)) expect(name.length).toBeLessThanOrEqual(serviceName.length + '-inbound-'.length + 8 + '-any-mesh-workload'.length);
  });

  test('an outbound route and the inbound route of the same long method stay distinct and valid', () => {
    const m = synthValid(linkerdProps({
      methods: [{ name: `inbound.X/${longMethod}` }],
      authorization: { allow: [{ clients: [Client.namespace('ops')], methods: [`inbound.X/${longMethod}`] }] },
    }));
    expectValidManifests(m);
    unique(m);
    for (const name of names(m)) expect(name.length).toBeLessThanOrEqual(63);
  });
});
