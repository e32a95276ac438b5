import { Duration } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GrpcMeshServiceProps, Mesh, Streaming } from '../../src';

/** A corruption of valid props and the prop its error must name. */
export interface Mutation {
  readonly name: string;
  /** The prop, or a function of the valid props giving it. */
  readonly prop: string | ((p: GrpcMeshServiceProps) => string);
  apply(p: GrpcMeshServiceProps): GrpcMeshServiceProps;
}

const firstVersion = (p: GrpcMeshServiceProps) => p.versions[0].name;

export const MUTATIONS: Mutation[] = [
  { name: 'weights off by one', prop: 'defaultRoute.weights', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, weights: { [firstVersion(p)]: 99 } } }) },
  { name: 'fractional weight', prop: (p) => `defaultRoute.weights.${firstVersion(p)}`, apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, weights: { [firstVersion(p)]: 99.5 } } }) },
  { name: 'unknown version weight', prop: 'defaultRoute.weights.nope', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, weights: { nope: 100 } } }) },
  { name: 'string weight', prop: (p) => `defaultRoute.weights.${firstVersion(p)}`, apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, weights: { [firstVersion(p)]: '100' as any } } }) },
  { name: 'null weights', prop: 'defaultRoute.weights', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, weights: null as any } }) },
  { name: 'port zero', prop: 'port', apply: (p) => ({ ...p, port: 0 }) },
  { name: 'port NaN', prop: 'port', apply: (p) => ({ ...p, port: NaN }) },
  { name: 'port string', prop: 'port', apply: (p) => ({ ...p, port: '50051' as any }) },
  { name: 'no versions', prop: 'versions', apply: (p) => ({ ...p, versions: [] }) },
  { name: 'versions not a list', prop: 'versions', apply: (p) => ({ ...p, versions: { name: 'v1' } as any }) },
  { name: 'null version', prop: 'versions[0]', apply: (p) => ({ ...p, versions: [null as any] }) },
  { name: 'upper-case version', prop: 'versions[0].name', apply: (p) => ({ ...p, versions: [{ ...p.versions[0], name: 'V1' }, ...p.versions.slice(1)] }) },
  { name: 'bad service name', prop: 'serviceName', apply: (p) => ({ ...p, serviceName: 'Bad_Name' }) },
  { name: 'bad namespace', prop: 'namespace', apply: (p) => ({ ...p, namespace: '-x' }) },
  { name: 'negative replicas', prop: 'replicas', apply: (p) => ({ ...p, replicas: -1 }) },
  { name: 'zero timeout', prop: 'defaultRoute.timeout', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, timeout: Duration.seconds(0) } }) },
  { name: 'timeout not a Duration', prop: 'defaultRoute.timeout', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, timeout: '10s' as any } }) },
  { name: 'negative attempts', prop: 'defaultRoute.retry.attempts', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, retry: { attempts: -2 } } }) },
  { name: 'attempts 0 with conditions', prop: 'defaultRoute.retry.attempts', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, retry: { attempts: 0, on: [] } } }) },
  { name: 'empty conditions', prop: 'defaultRoute.retry.on', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, retry: { attempts: 1, on: [] } } }) },
  { name: 'retry not an object', prop: 'defaultRoute.retry', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, retry: 3 as any } }) },
  { name: 'malformed method', prop: 'methods[0].name', apply: (p) => ({ ...p, methods: [{ name: 'no/such/thing' }, ...(p.methods ?? [])] }) },
  { name: 'method name not a string', prop: 'methods[0].name', apply: (p) => ({ ...p, methods: [{ name: 42 as any }] }) },
  { name: 'null method', prop: 'methods[0]', apply: (p) => ({ ...p, methods: [null as any] }) },
  { name: 'duplicate method', prop: 'methods[1].name', apply: (p) => ({ ...p, methods: [{ name: 'a.B/C' }, { name: 'a.B/C' }] }) },
  { name: 'streaming timeout', prop: 'methods[0].timeout', apply: (p) => ({ ...p, methods: [{ name: 'a.B/C', streaming: Streaming.BIDIRECTIONAL, timeout: Duration.seconds(1) }] }) },
  { name: 'unknown streaming', prop: 'methods[0].streaming', apply: (p) => ({ ...p, methods: [{ name: 'a.B/C', streaming: 'DUPLEX' as any }] }) },
  { name: 'idempotent not boolean', prop: 'methods[0].idempotent', apply: (p) => ({ ...p, methods: [{ name: 'a.B/C', idempotent: 'yes' as any }] }) },
  { name: 'health port clash', prop: 'healthPort', apply: (p) => ({ ...p, healthPort: p.port ?? 50051 }) },
  { name: 'probe period zero', prop: 'readinessProbe.period', apply: (p) => ({ ...p, readinessProbe: { period: Duration.seconds(0) } }) },
  { name: 'authorization without allow list', prop: 'authorization.allow', apply: (p) => ({ ...p, authorization: { allow: 'all' as any } }) },
  { name: 'client not a Client', prop: 'authorization.allow[0].clients[0]', apply: (p) => ({ ...p, authorization: { allow: [{ clients: ['default' as any] }] } }) },
  { name: 'load balancer not a LoadBalancer', prop: 'loadBalancer', apply: (p) => ({ ...p, loadBalancer: 'ROUND_ROBIN' as any }) },
  { name: 'unknown mtls', prop: 'mtls', apply: (p) => ({ ...p, mtls: 'ON' as any }) },
  { name: 'null outlier detection', prop: 'outlierDetection', apply: (p) => ({ ...p, outlierDetection: null as any }) },
  { name: 'null connection pool', prop: 'connectionPool', apply: (p) => ({ ...p, connectionPool: null as any }) },
  { name: 'null telemetry', prop: 'telemetry', apply: (p) => ({ ...p, telemetry: null as any }) },
  { name: 'null tracing', prop: 'telemetry.tracing', apply: (p) => ({ ...p, telemetry: { tracing: null as any } }) },
  { name: 'null ingress', prop: 'ingress', apply: (p) => ({ ...p, ingress: null as any }) },
  { name: 'null authorization', prop: 'authorization', apply: (p) => ({ ...p, authorization: null as any }) },
  { name: 'null allow rule', prop: 'authorization.allow[0]', apply: (p) => ({ ...p, authorization: { allow: [null as any] } }) },
  { name: 'probe options a string', prop: 'livenessProbe', apply: (p) => ({ ...p, livenessProbe: 'grpc' as any }) },
  { name: 'service name with a leading digit', prop: 'serviceName', apply: (p) => ({ ...p, serviceName: '9lives' }) },
  { name: 'image with whitespace', prop: 'image', apply: (p) => ({ ...p, image: 'registry/app :v1', versions: p.versions.map((v) => ({ name: v.name })) }) },
  { name: 'CPU request above its limit', prop: 'resources.cpu.request', apply: (p) => ({ ...p, resources: { cpu: { request: Cpu.millis(900), limit: Cpu.millis(100) } } }) },
  { name: 'gateway selector with an invalid key', prop: 'ingress.gatewaySelector', apply: (p) => ({ ...p, ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c', gatewaySelector: { 'bad key': 'x' } } }) },
  { name: 'method name over the Gateway API limit', prop: 'methods[0].name', apply: (p) => ({ ...p, methods: [{ name: `a.B/${'C'.repeat(1025)}` }] }) },
  { name: 'Mesh.of an object that is no provider', prop: 'mesh', apply: (p) => ({ ...p, mesh: Mesh.of({} as any) }) },
  { name: 'infinite timeout', prop: 'defaultRoute.timeout', apply: (p) => ({ ...p, defaultRoute: { ...p.defaultRoute, timeout: Duration.millis(Infinity) } }) },
];
