import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import * as argo from '../../imports/argoproj.io';
import * as flagger from '../../imports/flagger.app';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as l5d from '../../imports/linkerd.io';
import * as net from '../../imports/networking.istio.io';
import * as pol from '../../imports/policy.linkerd.io';
import * as sec from '../../imports/security.istio.io';
import * as smi from '../../imports/split.smi-spec.io';
import * as tel from '../../imports/telemetry.istio.io';
import {
  AccessLogFilter, Client, Delivery, GrpcMeshService, GrpcMeshServiceProps, IstioDataplane, LinkerdMode, LinkerdRelease, LinkerdSplit,
  LoadBalancer, Mesh, Streaming,
} from '../../src';
import { POLICY_HTTP_ROUTE_API_VERSION } from '../../src/linkerd/http-route';
import * as render from '../../src/render/api-object';
import { baseProps } from '../support/service';

const IMPORTS: Record<string, any>[] = [k8s, argo, flagger, gw, l5d, net, pol, sec, smi, tel];

/** The classes of the typed imports whose generated converter is `toJson` (`toJson_<Class>Props`). */
function classesOf(toJson: unknown): any[] {
  return IMPORTS.flatMap((m) => Object.entries(m)
    .filter(([name, c]) => typeof c === 'function' && c.GVK !== undefined && m[`toJson_${name}Props`] === toJson)
    .map(([, c]) => c));
}

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

const ONE_VERSION = { versions: [{ name: 'v1', image: 'registry/app:v1' }] };
const workload: Partial<GrpcMeshServiceProps> = {
  healthPort: 8081,
  autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 },
  topologySpread: { maxSkew: 1 },
  authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front'), Client.namespace('ops')], methods: ['pkg.Svc/Get'] }] },
};
const methods = (retry: boolean) => ({
  methods: [
    { name: 'pkg.Svc/Get', timeout: Duration.seconds(2), ...(retry ? { retry: { attempts: 2 } } : {}) },
    { name: 'pkg.Svc/Watch', streaming: Streaming.SERVER },
  ],
});
const istio = {
  ...workload,
  loadBalancer: LoadBalancer.leastRequest(),
  connectionPool: { maxConnections: 100, maxRequests: 1000, idleTimeout: Duration.minutes(5) },
  outlierDetection: { consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: Duration.seconds(30) },
  ingress: { hosts: ['a.example.com'], tlsCredentialName: 'cert', methods: ['pkg.Svc/Get'], jwt: { issuer: 'https://idp.example.com', audiences: ['a'] } },
  telemetry: { tracing: { samplingPercentage: 1 }, accessLogging: AccessLogFilter.failedCalls() },
};
const linkerd = { ...workload, ...methods(true), telemetry: { accessLogging: AccessLogFilter.allCalls() } };
const serviceProfile = (options = {}) => Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE, ...options });
const cases: [string, Partial<GrpcMeshServiceProps>][] = [
  ['Istio', { mesh: Mesh.istio(), ...istio, ...methods(true) }],
  ['Istio ambient', { mesh: Mesh.istio({ dataplane: IstioDataplane.AMBIENT }), ...istio, ...methods(false) }],
  ['Istio, Flagger', { mesh: Mesh.istio(), ...istio, connectionPool: { maxRequests: 1000 }, ...ONE_VERSION, delivery: Delivery.flagger() }],
  // Without an autoscaler: the Rollout patches the autoscaler's target, which the typed props do not hold.
  ['Istio, Argo Rollouts', { mesh: Mesh.istio(), ...istio, ...methods(true), autoscaling: undefined, ...ONE_VERSION, delivery: Delivery.argoRollouts() }],
  ['Linkerd', { mesh: Mesh.linkerd(), ...linkerd }],
  ['Linkerd, Flagger', { mesh: Mesh.linkerd(), ...linkerd, methods: undefined, ...ONE_VERSION, delivery: Delivery.flagger() }],
  ['Linkerd 2.16-2.17', { mesh: Mesh.linkerd({ release: LinkerdRelease.V2_16_TO_2_17 }), ...linkerd }],
  ['Linkerd 2.15', { mesh: Mesh.linkerd({ release: LinkerdRelease.V2_15 }), ...linkerd }],
  ['Linkerd ServiceProfile, SMI TrafficSplit', { mesh: serviceProfile({ split: LinkerdSplit.SMI_TRAFFIC_SPLIT }), ...linkerd }],
];

describe('renderApiObject: the typed imports are the source of truth', () => {
  afterEach(() => jest.restoreAllMocks());

  test.each(cases)('%s: each object is written as the generated converter writes its typed props', (_, overrides) => {
    const spy = jest.spyOn(render, 'renderApiObject');
    const service = new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', baseProps(overrides));
    service.addClientConfigMap();
    const rendered = spy.mock.calls.map((args, i) => ({ args, object: spy.mock.results[i].value as ApiObject }));

    // Every object of the service but Linkerd 2.15's inbound HTTPRoutes (policy.linkerd.io, no typed import).
    const created = new Set<unknown>(rendered.map((r) => r.object));
    const children = service.node.children as ApiObject[];
    const policyRoute = (o: ApiObject) => o.apiVersion === POLICY_HTTP_ROUTE_API_VERSION && o.kind === 'HTTPRoute';
    expect(children.filter((c) => !created.has(c)).map((c) => c.node.id)).toEqual(children.filter(policyRoute).map((c) => c.node.id));
    expect(rendered.length).toBeGreaterThanOrEqual(10);

    for (const { args: [, id, gvk, toJson, props], object } of rendered) {
      // The converter is the one of the import's class of that kind (a GRPCRoute or a Server may be
      // written in an older version of its group, with the same fields).
      const classes = classesOf(toJson);
      expect([id, classes.length]).toEqual([id, 1]);
      const [cls] = classes;
      expect([id, cls.GVK.kind, group(cls.GVK.apiVersion)]).toEqual([id, gvk.kind, group(gvk.apiVersion)]);
      // What an instance of the class writes for the same typed props: `toJson_<Class>Props` at synth.
      const reference = new cls(new Chart(Testing.app(), 'reference'), id, props);
      expect([id, object.toJson()]).toEqual([id, { ...reference.toJson(), apiVersion: gvk.apiVersion }]);
    }
  });
});
