import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  AccessLogFilter, CAPABILITIES, CapabilityRow, Client, GrpcApi, GrpcMeshError, GrpcMeshServiceProps, LinkerdMode,
  LoadBalancer, Mesh, MeshSupport, MutualTlsMode, RetryOn, Streaming, renderCapabilityMatrix,
} from '../../src';
import { synthService } from '../support/service';
import { expectValidManifests } from '../support/validate';

const README = path.join(__dirname, '..', '..', 'README.md');

/** Props that exercise one row, and the prop a rejection must name on each mesh that rejects it. */
interface Sample {
  readonly props: Partial<GrpcMeshServiceProps>;
  /** The prop named in the error; by default the same on every mesh that rejects the row. */
  readonly rejects?: string;
  readonly rejectsLegacy?: string;
}

const API = GrpcApi.fromProtoText(`
  syntax = "proto3";
  package shop;
  message Req {}
  message Res {}
  service Orders {
    rpc Get (Req) returns (Res) { option idempotency_level = NO_SIDE_EFFECTS; }
    rpc Watch (Req) returns (stream Res);
  }`, { fileName: 'orders.proto' });

const SAMPLES: { [prop: string]: Sample } = {
  '`mesh`': { props: {} },
  '`serviceName`, `namespace`': { props: { serviceName: 'orders', namespace: 'shop' } },
  '`port`': { props: { port: 9090 } },
  '`healthPort`': { props: { healthPort: 8080 } },
  '`versions`': { props: { versions: [{ name: 'blue', image: 'r/a:1' }, { name: 'green', image: 'r/a:2', replicas: 1 }] } },
  '`image`, `replicas`, `resources`': { props: { image: 'r/a:1', replicas: 1, versions: [{ name: 'v1' }] } },
  '`readinessProbe`, `livenessProbe`': { props: { readinessProbe: { service: 'shop.Orders' }, livenessProbe: { period: Duration.seconds(30) } } },
  '`defaultRoute.weights`': { props: { defaultRoute: { weights: { v1: 80, v2: 20 } } } },
  '`methods[].name`': { props: { methods: [{ name: 'shop.Orders/Get' }, { name: 'shop.Admin' }] } },
  '`methods[].weights` (other than the default route\'s)': {
    props: { methods: [{ name: 'shop.Orders/Get', weights: { v1: 50, v2: 50 } }] }, rejects: 'methods[0].weights',
  },
  '`api`': { props: { api: API } },
  '`defaultRoute.timeout`, `methods[].timeout`': { props: { defaultRoute: { timeout: Duration.seconds(5) }, methods: [{ name: 'shop.Orders/Get', timeout: Duration.seconds(1) }] } },
  '`methods[].streaming`': { props: { defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2 } }, methods: [{ name: 'shop.Orders/Watch', streaming: Streaming.SERVER }] } },
  '`methods[].idempotent: false`': { props: { defaultRoute: { retry: { attempts: 2 } }, methods: [{ name: 'shop.Orders/Put', idempotent: false }] } },
  '`retry.attempts`': { props: { defaultRoute: { retry: { attempts: 3 } } } },
  '`retry.perTryTimeout`': {
    props: { methods: [{ name: 'shop.Orders/Get', timeout: Duration.seconds(6), retry: { attempts: 2, perTryTimeout: Duration.seconds(2) } }] },
    rejects: 'methods[0].retry.perTryTimeout',
  },
  '`retry.on` (gRPC statuses)': {
    props: { defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE, RetryOn.CANCELLED] } } }, rejects: 'defaultRoute.retry.on',
  },
  '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)': {
    props: { methods: [{ name: 'shop.Orders/Get', retry: { attempts: 2, on: [RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.RESET] } }] },
    rejects: 'methods[0].retry.on',
  },
  '`connectionPool.maxConnections`': { props: { connectionPool: { maxConnections: 10 } }, rejects: 'connectionPool.maxConnections' },
  '`connectionPool.connectTimeout`': { props: { connectionPool: { connectTimeout: Duration.seconds(3) } }, rejects: 'connectionPool.connectTimeout' },
  '`connectionPool.maxRequests`': { props: { connectionPool: { maxRequests: 10 } }, rejects: 'connectionPool.maxRequests' },
  '`connectionPool.maxRequestsPerConnection`': { props: { connectionPool: { maxRequestsPerConnection: 10 } }, rejects: 'connectionPool.maxRequestsPerConnection' },
  '`connectionPool.maxConcurrentStreams`': { props: { connectionPool: { maxConcurrentStreams: 10 } }, rejects: 'connectionPool.maxConcurrentStreams' },
  '`connectionPool.idleTimeout`': { props: { connectionPool: { idleTimeout: Duration.minutes(10) } }, rejects: 'connectionPool.idleTimeout' },
  '`loadBalancer: LoadBalancer.leastRequest()`': { props: { loadBalancer: LoadBalancer.leastRequest() } },
  '`loadBalancer: LoadBalancer.roundRobin()`': { props: { loadBalancer: LoadBalancer.roundRobin() }, rejects: 'loadBalancer' },
  '`loadBalancer: LoadBalancer.random()`': { props: { loadBalancer: LoadBalancer.random() }, rejects: 'loadBalancer' },
  '`loadBalancer: LoadBalancer.consistentHashByHeader()`': { props: { loadBalancer: LoadBalancer.consistentHashByHeader('x-user') }, rejects: 'loadBalancer' },
  '`loadBalancer: LoadBalancer.consistentHashByCookie()`': { props: { loadBalancer: LoadBalancer.consistentHashByCookie('s', Duration.hours(1)) }, rejects: 'loadBalancer' },
  '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`': { props: { loadBalancer: LoadBalancer.consistentHashBySourceIp() }, rejects: 'loadBalancer' },
  '`outlierDetection.consecutive5xxErrors`': { props: { outlierDetection: { consecutive5xxErrors: 5 } }, rejects: 'outlierDetection' },
  '`outlierDetection.consecutiveGatewayErrors`': {
    props: { outlierDetection: { consecutiveGatewayErrors: 5 } }, rejects: 'outlierDetection.consecutiveGatewayErrors', rejectsLegacy: 'outlierDetection',
  },
  '`outlierDetection.interval`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(5) } }, rejects: 'outlierDetection.interval', rejectsLegacy: 'outlierDetection',
  },
  '`outlierDetection.baseEjectionTime`': { props: { outlierDetection: { consecutive5xxErrors: 5, baseEjectionTime: Duration.seconds(10) } }, rejects: 'outlierDetection' },
  '`outlierDetection.maxEjectionPercent`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 50 } }, rejects: 'outlierDetection.maxEjectionPercent', rejectsLegacy: 'outlierDetection',
  },
  '`outlierDetection.minHealthPercent`': {
    props: { outlierDetection: { consecutive5xxErrors: 5, minHealthPercent: 10 } }, rejects: 'outlierDetection.minHealthPercent', rejectsLegacy: 'outlierDetection',
  },
  '`mtls: MutualTlsMode.STRICT`': { props: { mtls: MutualTlsMode.STRICT } },
  '`mtls: MutualTlsMode.PERMISSIVE`': { props: { mtls: MutualTlsMode.PERMISSIVE }, rejects: 'mtls' },
  '`authorization` (whole service)': {
    props: { authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front'), Client.namespace('ops'), Client.anyMeshWorkload()] }] } },
  },
  '`authorization.allow[].methods` (per method)': {
    props: { authorization: { allow: [{ clients: [Client.namespace('ops')], methods: ['shop.Orders/Get', 'shop.Admin'] }] } },
  },
  '`authorization: { allow: [] }`': { props: { authorization: { allow: [] } } },
  '`telemetry.tracing`': { props: { telemetry: { tracing: { samplingPercentage: 5 } } }, rejects: 'telemetry.tracing' },
  '`telemetry.accessLogging: AccessLogFilter.allCalls()`': { props: { telemetry: { accessLogging: AccessLogFilter.allCalls() } } },
  '`telemetry.accessLogging: failedCalls()` or `expression()`': {
    props: { telemetry: { accessLogging: AccessLogFilter.failedCalls() } }, rejects: 'telemetry.accessLogging',
  },
  '`ingress`': { props: { ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert' } }, rejects: 'ingress' },
  '`strict`': { props: { strict: true } },
};

const MESHES: [string, (row: CapabilityRow) => MeshSupport, () => Mesh, (s: Sample) => string | undefined][] = [
  ['Istio', (r) => r.istio, () => Mesh.istio(), (s) => s.rejects],
  ['Linkerd', (r) => r.linkerd, () => Mesh.linkerd(), (s) => s.rejects],
  ['Linkerd legacy', (r) => r.linkerdLegacy, () => Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), (s) => s.rejectsLegacy ?? s.rejects],
];

function props(mesh: Mesh, sample: Sample): GrpcMeshServiceProps {
  return {
    mesh,
    versions: [{ name: 'v1', image: 'registry/app:v1' }, { name: 'v2', image: 'registry/app:v2' }],
    ...sample.props,
  };
}

describe('capability matrix', () => {
  test('the README table is the one generated from CAPABILITIES', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const between = readme.split('<!-- capabilities:start -->')[1]?.split('<!-- capabilities:end -->')[0];
    expect(between?.trim()).toBe(renderCapabilityMatrix());
  });

  test('every row has a sample, and every sample a row', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(CAPABILITIES.map((r) => r.prop).sort());
  });

  const cells = CAPABILITIES.flatMap((row) => MESHES.map(([mesh, cell, factory, rejects]) => [row.prop, mesh, row, cell, factory, rejects] as const));
  test.each(cells)('%s on %s: synthesizes when mapped, fails naming the prop when rejected', (prop, _mesh, row, cell, factory, rejects) => {
    const sample = SAMPLES[prop];
    const support = cell(row);
    let error: unknown;
    let manifests: any[] = [];
    try {
      manifests = synthService(props(factory(), sample)).manifests;
    } catch (e) {
      error = e;
    }
    if (support.supported) {
      expect(error).toBeUndefined();
      expectValidManifests(manifests);
    } else {
      expect(error).toBeInstanceOf(GrpcMeshError);
      const named = rejects(sample);
      expect(named).toBeDefined();
      expect((error as GrpcMeshError).prop).toBe(named);
      expect((error as Error).message).toContain(`invalid ${named} `);
      expect((error as Error).message).toMatch(/is not supported on Linkerd/);
    }
  });
});
