import { ApiObject, App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import {
  AccessLogFilter, ArgoRolloutsResources, Client, Delivery, FlaggerResources, GrpcMeshService, GrpcMeshServiceProps, IstioDataplane,
  IstioResources, LinkerdMode, LinkerdRelease, LinkerdSplit, Mesh,
} from '../src';
import { exampleMesh } from './fixtures/example-mesh/example-mesh';
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
      'Deployment/svc-v1': service.workload.deployments.v1,
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

  test('FlaggerResources.of and ArgoRolloutsResources.of explain when the service has not that delivery', () => {
    const chart = new Chart(new App(), 'c');
    expect(() => FlaggerResources.of(chart)).toThrow('c: invalid delivery undefined: not a GrpcMeshService, so not delivered by Flagger; FlaggerResources.of needs a GrpcMeshService with delivery: Delivery.flagger()');
    const plain = new GrpcMeshService(chart, 'svc', baseProps());
    expect(() => ArgoRolloutsResources.of(plain)).toThrow('c/svc: invalid delivery undefined: no delivery, so not delivered by Argo Rollouts; ArgoRolloutsResources.of needs a GrpcMeshService with delivery: Delivery.argoRollouts()');
    const flagger = new GrpcMeshService(chart, 'flagger', baseProps({ versions: [{ name: 'v1', image: 'registry/app:v1' }], delivery: Delivery.flagger() }));
    expect(FlaggerResources.of(flagger).canary.name).toBe('flagger');
    expect(() => ArgoRolloutsResources.of(flagger)).toThrow('c/flagger: invalid delivery "FlaggerResources": not delivered by Argo Rollouts; ArgoRolloutsResources.of needs a GrpcMeshService with delivery: Delivery.argoRollouts()');
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

describe('the construct tree', () => {
  // Synthesis walks every construct node once per chart: a service adds its objects and nothing else.
  const ONE_VERSION = { versions: [{ name: 'v1', image: 'registry/app:v1' }] };
  const ingress = {
    hosts: ['a.example.com'], tlsCredentialName: 'cert', methods: ['pkg.Svc/Get'], jwt: { issuer: 'https://idp.example.com' },
  };
  const istioExtras = { ingress, telemetry: { tracing: { samplingPercentage: 1 }, accessLogging: AccessLogFilter.failedCalls() } };
  const linkerdExtras = {
    telemetry: { accessLogging: AccessLogFilter.allCalls() },
    authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front')], methods: ['pkg.Svc/Get'] }] },
  };
  const legacy = (options = {}) => Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE, ...options });
  const cases: [string, Partial<GrpcMeshServiceProps>][] = [
    ['Istio', { mesh: Mesh.istio(), ...istioExtras }],
    ['Istio, Flagger', { mesh: Mesh.istio(), ...istioExtras, ...ONE_VERSION, delivery: Delivery.flagger() }],
    ['Istio, Argo Rollouts', { mesh: Mesh.istio(), ...istioExtras, ...ONE_VERSION, delivery: Delivery.argoRollouts() }],
    ['Istio ambient', { mesh: Mesh.istio({ dataplane: IstioDataplane.AMBIENT }), ...istioExtras, methods: [{ name: 'pkg.Svc/Get', timeout: Duration.seconds(2) }] }],
    ['Linkerd', { mesh: Mesh.linkerd(), ...linkerdExtras }],
    ['Linkerd, Flagger', { mesh: Mesh.linkerd(), ...linkerdExtras, ...ONE_VERSION, defaultRoute: {}, delivery: Delivery.flagger() }],
    ['Linkerd 2.16-2.17', { mesh: Mesh.linkerd({ release: LinkerdRelease.V2_16_TO_2_17 }), ...linkerdExtras }],
    ['Linkerd ServiceProfile', { mesh: legacy(), ...linkerdExtras }],
    ['Linkerd ServiceProfile, SMI TrafficSplit', { mesh: legacy({ split: LinkerdSplit.SMI_TRAFFIC_SPLIT }), ...linkerdExtras }],
    ['Linkerd ServiceProfile, Flagger', { mesh: legacy(), ...linkerdExtras, ...ONE_VERSION, delivery: Delivery.flagger() }],
    ['Linkerd 2.15', { mesh: Mesh.linkerd({ release: LinkerdRelease.V2_15 }), ...linkerdExtras }],
    ['a mesh of a third party', { mesh: exampleMesh() }],
  ];

  test.each(cases)('%s: every object is a plain ApiObject, a direct child of the service, with a unique id', (_, overrides) => {
    const chart = new Chart(Testing.app(), 'test');
    const service = new GrpcMeshService(chart, 'svc', baseProps({
      healthPort: 8081, autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 }, ...overrides,
    }));
    service.addClientConfigMap();
    const children = service.node.children;
    // Exactly ApiObject: no L1 class (`instanceof` would not tell, cdk8s answers it for any ApiObject).
    expect(children.filter((c) => c.constructor !== ApiObject).map((c) => `${c.node.id}: ${c.constructor.name}`)).toEqual([]);
    expect(service.node.findAll().length).toBe(children.length + 1);
    const ids = children.map((c) => c.node.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(Testing.synth(chart)).toHaveLength(children.length);
    // The typed fields of the mesh's and the delivery controller's objects hold children of the service.
    const held = [service.meshResources, service.deliveryResources ?? {}]
      .flatMap((r) => Object.values(r).flatMap((v) => (v instanceof ApiObject ? [v] : Object.values(v ?? {}))))
      .filter((o): o is ApiObject => o instanceof ApiObject);
    expect(held.length).toBeGreaterThanOrEqual(overrides.delivery ? 3 : 1);
    for (const o of held) expect([o.node.id, o.node.scope === service]).toEqual([o.node.id, true]);
  });

  test.each(cases)('%s: the workload, mesh and delivery classes hold their objects, not the model or the props', (_, overrides) => {
    const service = new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', baseProps({ healthPort: 8081, ...overrides }));
    const children = new Set(service.node.children);
    for (const holder of [service.workload, service.meshResources, service.deliveryResources ?? {}]) {
      for (const [field, value] of Object.entries(holder)) {
        // An object of the service, a record of them, or a scalar (e.g. LinkerdResources.release).
        const values = value instanceof ApiObject || value === null || typeof value !== 'object' ? [value] : Object.values(value);
        const other = values.filter((v) => !(v instanceof ApiObject && children.has(v)) && (v === null || typeof v === 'object'));
        expect([holder.constructor.name, field, other]).toEqual([holder.constructor.name, field, []]);
      }
    }
  });
});
