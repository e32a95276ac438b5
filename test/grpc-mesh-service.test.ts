import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { GrpcMeshService, IstioResources, Mesh } from '../src';
import { baseProps, only, synthService } from './support/service';
import { expectValidManifests } from './support/validate';

describe('GrpcMeshService', () => {
  test('the service name defaults to the construct id and the namespace to the chart\'s', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'team-a' });
    new GrpcMeshService(chart, 'orders', baseProps());
    const manifests = Testing.synth(chart);
    expectValidManifests(manifests);
    for (const m of manifests) expect(m.metadata.namespace).toBe('team-a');
    expect(only(manifests, 'Service').metadata.name).toBe('orders');
  });

  test('every Istio object is reachable for overrides', () => {
    const { service } = synthService(baseProps({
      telemetry: { tracing: { samplingPercentage: 1 } },
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'cert', methods: ['pkg.Svc/Get'] },
    }));
    const istio = IstioResources.of(service);
    const objects = {
      'VirtualService/svc': istio.virtualService!,
      'DestinationRule/svc': istio.destinationRule!,
      'PeerAuthentication/svc': istio.peerAuthentication,
      'AuthorizationPolicy/svc': istio.authorizationPolicy,
      'Telemetry/svc': istio.telemetry!,
      'Gateway/svc-gateway': istio.gateway!,
      'VirtualService/svc-ingress': istio.ingressVirtualService!,
      'AuthorizationPolicy/svc-ingress-methods': istio.ingressAuthorizationPolicy!,
      'Service/svc': service.workload.service!,
      'Deployment/svc-v1': ApiObject.of(service.workload.deployments.v1),
    };
    for (const o of Object.values(objects)) o.metadata.addAnnotation('team', 'orders');
    istio.virtualService!.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']));
    const manifests = Testing.synth(Chart.of(service));
    expectValidManifests(manifests);
    expect(only(manifests, 'VirtualService', 'svc').spec.exportTo).toEqual(['.']);
    for (const key of Object.keys(objects)) {
      const [kind, name] = key.split('/');
      expect([key, only(manifests, kind, name).metadata.annotations?.team]).toEqual([key, 'orders']);
    }
  });

  test('IstioResources.of explains when the service is not on Istio', () => {
    const chart = new Chart(new App(), 'c');
    expect(() => IstioResources.of(chart)).toThrow('c: invalid mesh undefined: not a GrpcMeshService, so not rendered for Istio; IstioResources.of needs a GrpcMeshService with mesh: Mesh.istio()');
    const onLinkerd = new GrpcMeshService(new Chart(new App(), 'l'), 'svc', baseProps({ mesh: Mesh.linkerd() }));
    expect(() => IstioResources.of(onLinkerd)).toThrow('l/svc: invalid mesh "LinkerdResources": not rendered for Istio; IstioResources.of needs a GrpcMeshService with mesh: Mesh.istio()');
  });

  test('the same props synthesize byte-identical YAML twice', () => {
    const yaml = () => {
      const app = Testing.app();
      new GrpcMeshService(new Chart(app, 'c'), 'svc', baseProps({ mesh: Mesh.istio() }));
      return app.synthYaml();
    };
    expect(yaml()).toEqual(yaml());
  });
});
