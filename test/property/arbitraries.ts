import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AccessLogFilter, Client, GrpcMeshServiceProps, IngressOptions, LinkerdMode, LoadBalancer, Mesh, MethodRouteOptions, MutualTlsMode, RetryOn,
  RetryOptions, Streaming, UndeclaredMethods,
} from '../../src';

// Generators of valid GrpcMeshService props. `MeshFeatures` says what the mesh under test honours,
// so the same generator serves every mesh and mode.

export interface MeshFeatures {
  readonly mesh: () => Mesh;
  readonly connectionRetries: boolean;
  readonly perTryTimeout: boolean;
  readonly retryConditions: boolean;
  readonly perMethodWeights: boolean;
  readonly connectionPool: boolean;
  readonly loadBalancers: LoadBalancer[];
  /** 'full': every field; 'consecutive': consecutive5xxErrors and baseEjectionTime; 'none'. */
  readonly outlierDetection: 'full' | 'consecutive' | 'none';
  readonly permissive: boolean;
  readonly telemetry: boolean;
  readonly ingress: boolean;
}

export const ISTIO: MeshFeatures = {
  mesh: () => Mesh.istio(),
  connectionRetries: true,
  perTryTimeout: true,
  retryConditions: true,
  perMethodWeights: true,
  connectionPool: true,
  loadBalancers: [
    LoadBalancer.roundRobin(), LoadBalancer.leastRequest(), LoadBalancer.random(),
    LoadBalancer.consistentHashByHeader('x-user'), LoadBalancer.consistentHashByCookie('s', Duration.minutes(5)),
    LoadBalancer.consistentHashBySourceIp(),
  ],
  outlierDetection: 'full',
  permissive: true,
  telemetry: true,
  ingress: true,
};

export const LINKERD: MeshFeatures = {
  mesh: () => Mesh.linkerd(),
  connectionRetries: false,
  perTryTimeout: true,
  retryConditions: true,
  perMethodWeights: true,
  connectionPool: false,
  loadBalancers: [LoadBalancer.leastRequest()],
  outlierDetection: 'consecutive',
  permissive: false,
  telemetry: false,
  ingress: false,
};

export const LINKERD_LEGACY: MeshFeatures = {
  ...LINKERD,
  mesh: () => Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }),
  perTryTimeout: false,
  retryConditions: false,
  perMethodWeights: false,
  outlierDetection: 'none',
};

const ident = fc.stringMatching(/^[A-Z][a-zA-Z0-9]{0,11}$/);
const pkg = fc.stringMatching(/^[a-z][a-z0-9]{0,7}(\.[a-z][a-z0-9]{0,7}){0,2}$/);
export const millis = (max: number) => fc.integer({ min: 1, max }).map((ms) => Duration.millis(ms));

/** Integer weights over n versions summing to 100. */
export function weights(versions: string[]): fc.Arbitrary<{ [v: string]: number }> {
  return fc.array(fc.integer({ min: 0, max: 100 }), { minLength: versions.length - 1, maxLength: versions.length - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return Object.fromEntries(versions.map((v, i) => [v, points[i + 1] - points[i]]));
  });
}

export function retry(f: MeshFeatures, timeoutMs: number | undefined): fc.Arbitrary<RetryOptions> {
  const grpc = [RetryOn.CANCELLED, RetryOn.DEADLINE_EXCEEDED, RetryOn.INTERNAL, RetryOn.RESOURCE_EXHAUSTED, RetryOn.UNAVAILABLE];
  const conditions = f.connectionRetries ? [...grpc, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.RESET] : grpc;
  return fc.record({
    attempts: fc.integer({ min: 1, max: 5 }),
    perTryTimeout: f.perTryTimeout ? fc.option(millis(timeoutMs ?? 30_000), { nil: undefined }) : fc.constant(undefined),
    on: f.retryConditions ? fc.option(fc.subarray(conditions, { minLength: 1 }), { nil: undefined }) : fc.constant(undefined),
  }, { requiredKeys: ['attempts'] });
}

/** A label selector as users write them: plain and prefixed keys, values possibly empty. */
export const labelSelector = fc.dictionary(
  fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/), fc.stringMatching(/^[a-z]{1,6}\.io\/[a-z][a-z0-9._-]{0,8}[a-z0-9]$/)),
  fc.stringMatching(/^([A-Za-z0-9][-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/),
  { minKeys: 1, maxKeys: 3 },
);

/** Ingress options, exposing every method or some of `routed` and of methods no route names. */
export function ingress(routed: string[]): fc.Arbitrary<IngressOptions> {
  return fc.record({
    hosts: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]\.example\.com$/), { minLength: 1, maxLength: 3 }),
    tlsCredentialName: fc.constant('grpc-cert'),
    methods: fc.option(fc.subarray([...routed, 'other.v1.Extra', 'other.v1.Solo/Call'], { minLength: 1 }), { nil: undefined }),
    gatewaySelector: fc.option(labelSelector, { nil: undefined }),
    gatewayNamespace: fc.option(fc.constantFrom('istio-system', 'default', 'edge'), { nil: undefined }),
  }, { requiredKeys: ['hosts', 'tlsCredentialName'] });
}

export function validProps(f: MeshFeatures): fc.Arbitrary<GrpcMeshServiceProps> {
  return fc.record({
    versionCount: fc.integer({ min: 1, max: 3 }),
    methodNames: fc.uniqueArray(fc.tuple(pkg, ident, fc.option(ident, { nil: undefined })), {
      maxLength: 6, selector: ([p, s, m]) => `${p}.${s}/${m ?? ''}`.toLowerCase(),
    }),
    timeoutMs: fc.option(fc.integer({ min: 1, max: 120_000 }), { nil: undefined }),
  }).chain((base) => {
    const versions = Array.from({ length: base.versionCount }, (_, i) => `v${i + 1}`);
    return fc.option(retry(f, base.timeoutMs), { nil: undefined }).chain((defaultRetry) => withDefaults(f, base, versions, defaultRetry));
  });
}

function withDefaults(
  f: MeshFeatures,
  { methodNames, timeoutMs }: { methodNames: [string, string, string | undefined][]; timeoutMs?: number },
  versions: string[],
  defaultRetry: RetryOptions | undefined,
): fc.Arbitrary<GrpcMeshServiceProps> {
  {
    // A method that inherits the default retry needs a timeout of at least its per-try timeout.
    const minTimeout = defaultRetry?.perTryTimeout?.toMilliseconds() ?? 1;
    const method = ([p, s, m]: [string, string, string | undefined]): fc.Arbitrary<MethodRouteOptions> => fc.record({
      streaming: fc.constantFrom(Streaming.UNARY, Streaming.UNARY, Streaming.SERVER, Streaming.CLIENT, Streaming.BIDIRECTIONAL),
      idempotent: fc.option(fc.boolean(), { nil: undefined }),
      ownTimeout: fc.option(fc.integer({ min: minTimeout, max: 120_000 + minTimeout }), { nil: undefined }),
      weights: f.perMethodWeights ? fc.option(weights(versions), { nil: undefined }) : fc.constant(undefined),
    }).chain(({ streaming, idempotent, ownTimeout, weights: w }) => {
      const unary = streaming === Streaming.UNARY;
      const effectiveTimeout = unary ? ownTimeout ?? timeoutMs : undefined;
      return fc.option(retry(f, effectiveTimeout), { nil: undefined }).map((r) => ({
        name: m ? `${p}.${s}/${m}` : `${p}.${s}`,
        streaming,
        idempotent,
        ...(unary && ownTimeout !== undefined ? { timeout: Duration.millis(ownTimeout) } : {}),
        ...(unary && r ? { retry: r } : {}),
        ...(w ? { weights: w } : {}),
      }));
    });
    // A method no generated name can be (no "_" in generated names) that inherits the default
    // route's timeout and retry, so that they always apply to some method whatever undeclaredMethods says.
    const inheriting: MethodRouteOptions = { name: 'inherits_defaults.Svc/Get' };
    const usesDefaults = defaultRetry !== undefined || timeoutMs !== undefined;
    return fc.record({
      versions: fc.constant(versions.map((name) => ({ name, image: `registry/app:${name}` }))),
      undeclaredMethods: fc.option(fc.constantFrom(UndeclaredMethods.UNKNOWN, UndeclaredMethods.UNARY, UndeclaredMethods.UNARY_IDEMPOTENT), { nil: undefined }),
      replicas: fc.integer({ min: 0, max: 5 }),
      port: fc.integer({ min: 1, max: 65535 }),
      methods: fc.tuple(...methodNames.map(method)),
      defaultRoute: weights(versions).map((w) => ({
        weights: w,
        ...(defaultRetry ? { retry: defaultRetry } : {}),
        ...(timeoutMs === undefined ? {} : { timeout: Duration.millis(timeoutMs) }),
      })),
      connectionPool: f.connectionPool ? fc.option(fc.record({
        maxConnections: fc.integer({ min: 1, max: 10_000 }),
        connectTimeout: millis(30_000),
        maxRequests: fc.integer({ min: 1, max: 10_000 }),
        maxConcurrentStreams: fc.integer({ min: 1, max: 1000 }),
        idleTimeout: millis(3_600_000),
        maxRetries: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      }, { requiredKeys: [] }).filter((c) => Object.keys(c).length > 0), { nil: undefined }) : fc.constant(undefined),
      loadBalancer: f.loadBalancers.length ? fc.option(fc.constantFrom(...f.loadBalancers), { nil: undefined }) : fc.constant(undefined),
      outlierDetection: f.outlierDetection === 'none' ? fc.constant(undefined) : fc.option(f.outlierDetection === 'full'
        ? fc.record({
          // Either trigger, or both: gateway errors alone must still write consecutive5xxErrors: 0.
          consecutive5xxErrors: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
          consecutiveGatewayErrors: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
          interval: fc.option(millis(60_000), { nil: undefined }),
          baseEjectionTime: fc.option(millis(600_000), { nil: undefined }),
          maxEjectionPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
          minHealthPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        }, { requiredKeys: [] }).filter((o) => o.consecutive5xxErrors !== undefined || o.consecutiveGatewayErrors !== undefined)
        : fc.record({
          consecutive5xxErrors: fc.integer({ min: 1, max: 100 }),
          baseEjectionTime: fc.option(fc.integer({ min: 1, max: 60 }).map((s) => Duration.seconds(s)), { nil: undefined }),
        }, { requiredKeys: ['consecutive5xxErrors'] }), { nil: undefined }),
      mtls: f.permissive ? fc.constantFrom(MutualTlsMode.STRICT, MutualTlsMode.PERMISSIVE) : fc.constant(MutualTlsMode.STRICT),
      authorization: fc.option(fc.record({
        allow: fc.array(fc.record({
          clients: fc.array(fc.oneof(
            fc.constant(Client.anyMeshWorkload()),
            fc.constantFrom('default', 'team-a', 'ops').map((ns) => Client.namespace(ns)),
            fc.constantFrom('web', 'batch').map((sa) => Client.serviceAccount(sa, 'front')),
          ), { minLength: 1, maxLength: 3 }),
        }), { maxLength: 3 }),
      }), { nil: undefined }),
      telemetry: f.telemetry ? fc.option(fc.record({
        tracing: fc.record({ samplingPercentage: fc.double({ min: 0, max: 100, noNaN: true }), tagGrpcMethod: fc.boolean() }),
        accessLogging: fc.constantFrom(AccessLogFilter.allCalls(), AccessLogFilter.failedCalls()),
      }, { requiredKeys: ['tracing'] }), { nil: undefined }) : fc.constant(undefined),
      ingress: f.ingress ? fc.option(ingress(methodNames.map(([p, sv, m]) => (m ? `${p}.${sv}/${m}` : `${p}.${sv}`))), { nil: undefined }) : fc.constant(undefined),
    }, { requiredKeys: ['versions', 'replicas', 'port', 'methods', 'defaultRoute', 'mtls'] })
      .map((p) => ({
        ...p,
        mesh: f.mesh(),
        methods: usesDefaults && p.undeclaredMethods !== UndeclaredMethods.UNARY_IDEMPOTENT ? [...p.methods, inheriting] : [...p.methods],
      }) as GrpcMeshServiceProps);
  }
}
