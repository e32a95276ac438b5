import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { GrpcMeshService, IstioResources, Mesh } from '../src';
import { baseProps, only, synthService } from './support/service';

describe('GrpcMeshService', () => {
  test('the service name defaults to the construct id and the namespace to the chart\'s', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'team-a' });
    new GrpcMeshService(chart, 'orders', baseProps());
    const manifests = Testing.synth(chart);
    for (const m of manifests) expect(m.metadata.namespace).toBe('team-a');
    expect(only(manifests, 'Service').metadata.name).toBe('orders');
  });

  test('every Istio object is reachable for overrides', () => {
    const { service } = synthService(baseProps({
      telemetry: { tracing: { samplingPercentage: 1 } },
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'cert' },
    }));
    const istio = IstioResources.of(service);
    istio.virtualService.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']));
    const manifests = Testing.synth(Chart.of(service));
    expect(only(manifests, 'VirtualService', 'svc').spec.exportTo).toEqual(['.']);
    for (const o of [istio.destinationRule, istio.peerAuthentication, istio.authorizationPolicy, istio.telemetry, istio.gateway, istio.ingressVirtualService]) {
      expect(o).toBeDefined();
    }
    expect(service.workload.deployments.v1).toBeDefined();
    expect(service.workload.service.name).toBe('svc');
  });

  test('IstioResources.of explains when the service is not on Istio', () => {
    const chart = new Chart(new App(), 'c');
    expect(() => IstioResources.of(chart)).toThrow('c: not rendered for Istio; IstioResources.of needs a GrpcMeshService with mesh: Mesh.istio()');
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
