import * as path from 'path';
import { JsonPatch } from 'cdk8s';
import {
  Client, GrpcRouteVersion, LinkerdMode, LinkerdRelease, LinkerdResources, LinkerdSplit,
} from '../../src';
import { ValidationRelease, validateManifestFiles } from '../../src/validation';
import { selectorOf } from '../support/labels';
import { only, synthService } from '../support/service';
import { expectValidManifests } from '../support/validate';
import { byName, legacyProps, linkerdProps, ofKind, synthValid } from './helpers';

const DIST = path.join(__dirname, '..', '..', 'dist');
const apiVersions = (m: any[], kind: string) => [...new Set(ofKind(m, kind).map((o) => o.apiVersion))];
const PER_METHOD = { authorization: { allow: [{ clients: [Client.namespace('ops')], methods: ['p.S/M', 'p.T'] }] } };

describe('Linkerd 2.18 and later (the default release)', () => {
  test('GRPCRoutes v1 and a Server v1beta3 with accessPolicy deny', () => {
    const m = synthValid(linkerdProps(PER_METHOD));
    expect(apiVersions(m, 'GRPCRoute')).toEqual(['gateway.networking.k8s.io/v1']);
    expect(only(m, 'Server')).toMatchObject({ apiVersion: 'policy.linkerd.io/v1beta3', spec: { accessPolicy: 'deny' } });
    expect(LinkerdResources.of(synthService(linkerdProps()).service).release).toBe(LinkerdRelease.V2_18_OR_LATER);
  });
});

describe('Linkerd 2.16-2.17', () => {
  const release = LinkerdRelease.V2_16_TO_2_17;

  test('every GRPCRoute, outbound and inbound, is v1alpha2; the annotations are those of 2.18', () => {
    const m = synthValid(linkerdProps({ ...PER_METHOD, defaultRoute: { retry: { attempts: 2 } } }, { release }));
    expect(apiVersions(m, 'GRPCRoute')).toEqual(['gateway.networking.k8s.io/v1alpha2']);
    expect(ofKind(m, 'GRPCRoute').map((r) => r.spec.parentRefs[0].kind).sort()).toEqual(['Server', 'Server', 'Server', 'Server', 'Service']);
    expect(byName(m, 'GRPCRoute')['svc-default'].metadata.annotations).toEqual({ 'retry.linkerd.io/grpc': 'unavailable', 'retry.linkerd.io/limit': '2' });
    expect(only(m, 'Server').apiVersion).toBe('policy.linkerd.io/v1beta3');
  });

  test('the output is refused by the CRDs of 2.15 (no GRPCRoute) and of 2.18+ (no v1alpha2)', () => {
    const m = synthValid(linkerdProps({}, { release }));
    expect(() => expectValidManifests(m, ValidationRelease.LINKERD_2_15)).toThrow(/no schema for GRPCRoute/);
    expect(() => expectValidManifests(m, ValidationRelease.LATEST)).toThrow(/gateway.networking.k8s.io\/v1alpha2 GRPCRoute is not served/);
  });

  test('grpcRouteVersion: GrpcRouteVersion.V1 emits v1 routes, for Gateway API 1.1+ CRDs installed by the user', () => {
    // synthService validates it against the latest pins (GRPCRoute v1, Server v1beta3 as on 2.17).
    const m = synthService(linkerdProps(PER_METHOD, { release, grpcRouteVersion: GrpcRouteVersion.V1 })).manifests;
    expect(apiVersions(m, 'GRPCRoute')).toEqual(['gateway.networking.k8s.io/v1']);
    expect(only(m, 'Server').apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(() => expectValidManifests(m, ValidationRelease.LINKERD_2_16_TO_2_17)).toThrow(/GRPCRoute/);
  });

  test('the ServiceProfile mode works there too, with v1alpha2 inbound routes', () => {
    const m = synthValid(legacyProps(PER_METHOD, { release }));
    expect(apiVersions(m, 'GRPCRoute')).toEqual(['gateway.networking.k8s.io/v1alpha2']);
    expect(ofKind(m, 'GRPCRoute').every((r) => r.spec.parentRefs[0].kind === 'Server')).toBe(true);
  });
});

describe('Linkerd 2.15 (legacy)', () => {
  const release = LinkerdRelease.V2_15;

  test('the ServiceProfile mode is the default; Server v1beta2 without accessPolicy; no GRPCRoute', () => {
    const { service, manifests } = synthService(linkerdProps({}, { release }));
    expect(LinkerdResources.of(service).mode).toBe(LinkerdMode.SERVICE_PROFILE);
    expect(only(manifests, 'ServiceProfile').spec.dstOverrides).toHaveLength(1);
    expect(only(manifests, 'Server')).toMatchObject({ apiVersion: 'policy.linkerd.io/v1beta2', spec: { podSelector: { matchLabels: selectorOf('svc') }, port: 'grpc', proxyProtocol: 'gRPC' } });
    expect(only(manifests, 'Server').spec.accessPolicy).toBeUndefined();
    expect(ofKind(manifests, 'GRPCRoute')).toEqual([]);
  });

  test('per-method authorization and the probes through inbound policy.linkerd.io HTTPRoutes on the gRPC paths', () => {
    const m = synthService(linkerdProps(PER_METHOD, { release })).manifests;
    const routes = byName(m, 'HTTPRoute');
    expect(Object.keys(routes)).toEqual(['svc-inbound-p-s-m', 'svc-inbound-p-t', 'svc-inbound-health', 'svc-inbound-default']);
    expect(apiVersions(m, 'HTTPRoute')).toEqual(['policy.linkerd.io/v1beta3']);
    expect(routes['svc-inbound-p-s-m'].spec).toEqual({
      parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'svc' }],
      rules: [{ matches: [{ path: { type: 'Exact', value: '/p.S/M' }, method: 'POST' }] }],
    });
    expect(routes['svc-inbound-p-t'].spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/p.T/' }, method: 'POST' }] }]);
    expect(routes['svc-inbound-default'].spec.rules).toEqual([{}]);
    for (const policy of ofKind(m, 'AuthorizationPolicy')) expect(policy.spec.targetRef).toMatchObject({ group: 'policy.linkerd.io', kind: 'HTTPRoute' });
  });

  test('with healthPort and whole-service rules the policies target the Server, and no route is rendered', () => {
    const m = synthService(linkerdProps({ healthPort: 8081, authorization: { allow: [{ clients: [Client.namespace('ops')] }] } }, { release })).manifests;
    expect(ofKind(m, 'HTTPRoute')).toEqual([]);
    expect(only(m, 'AuthorizationPolicy').spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'Server', name: 'svc' });
  });

  test('the SMI TrafficSplit stays available as an explicit option', () => {
    const m = synthService(linkerdProps({ defaultRoute: { weights: { v1: 90, v2: 10 } } }, { release, split: LinkerdSplit.SMI_TRAFFIC_SPLIT })).manifests;
    expect(only(m, 'TrafficSplit').apiVersion).toBe('split.smi-spec.io/v1alpha2');
    expect(only(m, 'ServiceProfile').spec.dstOverrides).toBeUndefined();
  });

  test('GM112 reads the inbound HTTPRoutes: the probes are denied once the health route\'s policy moves to the catch-all', () => {
    const service = synthService(linkerdProps({}, { release })).service;
    expect(service.lint()).toEqual([]);
    LinkerdResources.of(service).authorizationPolicies['svc-inbound-health-probes'].addJsonPatch(JsonPatch.replace('/spec/targetRef/name', 'svc-inbound-default'));
    expect(service.lint().map((f) => [f.code, f.message.split(';')[0]])).toEqual(['v1', 'v2'].map((v) => ['GM112',
      `Deployment svc-${v} has gRPC probes on port 50051 that Server svc denies: grpc.health.v1.Health/Check takes HTTPRoute svc-inbound-health, and no AuthorizationPolicy on it admits callers without mTLS`]));
  });

  test('GM112: a health route whose path no longer matches Check leaves the catch-all route, which does not admit the kubelet', () => {
    const service = synthService(linkerdProps({}, { release })).service;
    LinkerdResources.of(service).inboundRoutes['svc-inbound-health'].addJsonPatch(JsonPatch.replace('/spec/rules/0/matches/0/path/value', '/grpc.health.v1.Health/Watch'));
    expect(service.lint().filter((f) => f.code === 'GM112').map((f) => f.message.split(';')[0])[0]).toBe(
      'Deployment svc-v1 has gRPC probes on port 50051 that Server svc denies: grpc.health.v1.Health/Check takes HTTPRoute svc-inbound-default, and no AuthorizationPolicy on it admits callers without mTLS');
  });
});

describe('dist/: each file validates against the release it names, and is refused by a release it does not support', () => {
  const file = (name: string) => path.join(DIST, name);
  const problems = (name: string, release: ValidationRelease) => validateManifestFiles([file(name)], { release }).problems.map((p) => p.message);

  test.each([
    ['istio.k8s.yaml', ValidationRelease.LATEST],
    ['linkerd.k8s.yaml', ValidationRelease.LATEST],
    ['linkerd-2-16-2-17.k8s.yaml', ValidationRelease.LINKERD_2_16_TO_2_17],
    ['linkerd-2-15.k8s.yaml', ValidationRelease.LINKERD_2_15],
  ])('%s validates with zero problems against %s', (name, release) => {
    expect(problems(name, release)).toEqual([]);
  });

  test.each([
    ['linkerd.k8s.yaml', ValidationRelease.LINKERD_2_16_TO_2_17, /gateway.networking.k8s.io\/v1 GRPCRoute is not served by the pinned CRD .*crds-by-release\/linkerd-2.17/],
    ['linkerd.k8s.yaml', ValidationRelease.LINKERD_2_15, /no schema for GRPCRoute in gateway.networking.k8s.io\/v1 \(release linkerd-2.15\)/],
    ['linkerd-2-16-2-17.k8s.yaml', ValidationRelease.LATEST, /gateway.networking.k8s.io\/v1alpha2 GRPCRoute is not served/],
    ['linkerd-2-16-2-17.k8s.yaml', ValidationRelease.LINKERD_2_15, /no schema for GRPCRoute in gateway.networking.k8s.io\/v1alpha2/],
    ['linkerd-2-15.k8s.yaml', ValidationRelease.LATEST, /emits and validates Server only as policy.linkerd.io\/v1beta3/],
    ['istio.k8s.yaml', ValidationRelease.LINKERD_2_15, /no schema for VirtualService/],
  ])('%s is refused against %s', (name, release, message) => {
    const found = problems(name, release);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((m) => message.test(m))).toBe(true);
  });
});
