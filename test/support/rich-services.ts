import { Duration } from 'cdk8s';
import {
  AccessLogFilter, Client, Delivery, GrpcMeshServiceProps, IstioDataplane, LinkerdMode, LinkerdRelease, LinkerdSplit,
  LoadBalancer, Mesh, Streaming,
} from '../../src';

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
/** Services rich in features on every mesh, mode and delivery: [name, props over `baseProps`]. */
export const RICH_SERVICES: [string, Partial<GrpcMeshServiceProps>][] = [
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
