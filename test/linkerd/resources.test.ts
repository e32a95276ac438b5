import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Client, GrpcMeshError, GrpcMeshService, LinkerdMode, LinkerdResources, LinkerdSplit, Mesh } from '../../src';
import { linkerdDuration } from '../../src/linkerd/durations';
import { baseProps, errorOf, only, synthService } from '../support/service';
import { legacyProps, linkerdProps } from './helpers';

describe('LinkerdResources', () => {
  test('every object is reachable, typed, for addJsonPatch overrides', () => {
    const { service } = synthService(linkerdProps({
      methods: [{ name: 'pkg.Svc/Get' }],
      authorization: { allow: [{ clients: [Client.anyMeshWorkload()] }] },
    }));
    const l5d = LinkerdResources.of(service);
    expect(l5d.mode).toBe(LinkerdMode.GATEWAY_API);
    expect(Object.keys(l5d.routes)).toEqual(['pkg-svc-get', 'default']);
    expect(Object.keys(l5d.inboundRoutes)).toEqual(['svc-inbound-health', 'svc-inbound-default']);
    expect(Object.keys(l5d.meshTlsAuthentications)).toEqual(['svc-inbound-health-any-mesh-workload', 'svc-inbound-default-any-mesh-workload']);
    expect(Object.keys(l5d.authorizationPolicies)).toHaveLength(3);
    expect(l5d.networkAuthentication).toBeDefined();
    expect(l5d.serviceProfile).toBeUndefined();
    expect(l5d.trafficSplit).toBeUndefined();

    l5d.routes.default.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'timeout.linkerd.io/idle': '5m' }));
    l5d.server.addJsonPatch(JsonPatch.replace('/spec/accessPolicy', 'audit'));
    const manifests = Testing.synth(Chart.of(service));
    expect(only(manifests, 'GRPCRoute', 'svc-default').metadata.annotations).toEqual({ 'timeout.linkerd.io/idle': '5m' });
    expect(only(manifests, 'Server').spec.accessPolicy).toBe('audit');
  });

  test('the legacy objects are reachable too', () => {
    const l5d = LinkerdResources.of(synthService(legacyProps({}, { split: LinkerdSplit.SMI_TRAFFIC_SPLIT })).service);
    expect(l5d.serviceProfile?.name).toBe('svc.default.svc.cluster.local');
    expect(l5d.trafficSplit?.name).toBe('svc');
    expect(LinkerdResources.of(synthService(legacyProps()).service).trafficSplit).toBeUndefined();
    expect(l5d.routes).toEqual({});
  });

  test('LinkerdResources.of explains, in the error format, when the service is not on Linkerd', () => {
    const { service } = synthService(baseProps());
    expect(errorOf(() => LinkerdResources.of(service))).toBe(
      'test/svc: invalid mesh "IstioResources": not rendered for Linkerd; LinkerdResources.of needs a GrpcMeshService with mesh: Mesh.linkerd()');
    expect(() => LinkerdResources.of(service)).toThrow(GrpcMeshError);
  });

  test('LinkerdResources.of explains when the construct is not a GrpcMeshService', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(errorOf(() => LinkerdResources.of(chart))).toBe(
      'c: invalid mesh undefined: not a GrpcMeshService, so not rendered for Linkerd; LinkerdResources.of needs a GrpcMeshService with mesh: Mesh.linkerd()');
  });

  test('the same props synthesize byte-identical YAML twice, in both modes', () => {
    for (const mode of [LinkerdMode.GATEWAY_API, LinkerdMode.SERVICE_PROFILE]) {
      const yaml = () => {
        const app = new App({ outdir: '/tmp/linkerd-determinism' });
        new GrpcMeshService(new Chart(app, 'c'), 'svc', baseProps({ mesh: Mesh.linkerd({ mode }) }));
        return app.synthYaml();
      };
      expect(yaml()).toEqual(yaml());
    }
  });
});

describe('linkerdDuration', () => {
  test.each([[1, '1ms'], [1500, '1500ms'], [1000, '1s'], [60_000, '60s'], [90_500, '90500ms'], [3_600_000, '3600s']])(
    '%d ms is %s: one integer, one unit', (ms, text) => {
      expect(linkerdDuration(ms)).toBe(text);
    });

  test('refuses what it cannot write as one integer and one unit', () => {
    expect(() => linkerdDuration(1.5)).toThrow('linkerdDuration: 1.5 is not a whole number of milliseconds');
  });
});
