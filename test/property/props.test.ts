import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { DEFAULT_MAX_RETRIES, GrpcMeshError, GrpcMeshService, GrpcMeshServiceProps, Streaming, UndeclaredMethods } from '../../src';
import { ISTIO, LINKERD, LINKERD_LEGACY, MeshFeatures, validProps } from './arbitraries';
import { MUTATIONS } from './mutations';
import { expectValidManifests } from '../support/validate';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const MESHES: [string, MeshFeatures][] = [['istio', ISTIO], ['linkerd', LINKERD], ['linkerd legacy', LINKERD_LEGACY]];

function synthYaml(props: GrpcMeshServiceProps, validate = false): string {
  const app = Testing.app();
  const chart = new Chart(app, 'c');
  const service = new GrpcMeshService(chart, 'svc', props);
  if (validate) {
    const manifests = Testing.synth(chart);
    expectValidManifests(manifests);
    expectSafeResilience(props, service, manifests);
    expectOwnSelectors(manifests);
    expectIngressRoutesAllowed(props, manifests);
  }
  return app.synthYaml();
}

/** What the README and docs/ promise of every input: the properties of the resilience output. */
function expectSafeResilience(props: GrpcMeshServiceProps, service: GrpcMeshService, manifests: any[]): void {
  const routes = service.model.routes;
  const catchAll = routes[routes.length - 1];
  const undeclared = props.undeclaredMethods ?? UndeclaredMethods.UNKNOWN;
  for (const route of routes) {
    if (route.streaming !== Streaming.UNARY) expect([route.timeoutMs, route.retry]).toEqual([undefined, undefined]);
    if (route.retry && !route.idempotent) expect(route.retryExplicit).toBe(true);
  }
  if (undeclared === UndeclaredMethods.UNKNOWN) expect(catchAll.timeoutMs).toBeUndefined();
  if (undeclared !== UndeclaredMethods.UNARY_IDEMPOTENT) expect(catchAll.retry).toBeUndefined();

  const dr = manifests.find((m) => m.kind === 'DestinationRule');
  if (dr) {
    const policy = dr.spec.trafficPolicy;
    if (props.outlierDetection) expect(typeof policy.outlierDetection.consecutive5xxErrors).toBe('number');
    const budget = policy.connectionPool?.http?.maxRetries;
    if (props.connectionPool?.maxRetries !== undefined) expect(budget).toBe(props.connectionPool.maxRetries);
    else expect(budget).toBe(routes.some((r) => r.retry) ? DEFAULT_MAX_RETRIES : undefined);
    for (const vs of manifests.filter((m) => m.kind === 'VirtualService')) {
      for (const http of vs.spec.http) {
        if (http.retries.perTryTimeout) expect(http.retries.retryOn.split(',')).toContain('reset');
      }
    }
  }

  // The client config never retries, in either client mode, and out-of-mesh clients need the ingress.
  const config = service.clientServiceConfig();
  expect(JSON.stringify(config)).not.toMatch(/retryPolicy|round_robin/);
  if (props.ingress) expect(service.clientServiceConfig({ clientInMesh: false })).toEqual(config);
  else expect(() => service.clientServiceConfig({ clientInMesh: false })).toThrow(GrpcMeshError);
}

/** Every selector selects on the service's instance and managed-by labels. */
function expectOwnSelectors(manifests: any[]): void {
  for (const m of manifests) {
    const s = m.spec ?? {};
    const selectors = [
      m.kind === 'Service' ? s.selector : undefined,
      s.selector?.matchLabels,
      s.podSelector?.matchLabels,
      ...(m.kind === 'DestinationRule' ? s.subsets.map((x: any) => x.labels) : []),
    ].filter((x) => x !== undefined && m.kind !== 'Gateway');
    for (const selector of selectors) {
      expect(selector).toMatchObject({ 'app.kubernetes.io/instance': 'svc', 'app.kubernetes.io/managed-by': 'cdk8s-grpc-mesh' });
    }
  }
}

/** The ingress routes only what `ingress.methods` allows, from hosts scoped to the Gateway's namespace. */
function expectIngressRoutesAllowed(props: GrpcMeshServiceProps, manifests: any[]): void {
  if (!props.ingress) return;
  const gateway = manifests.find((m) => m.kind === 'Gateway');
  expect(gateway.spec.servers[0].hosts).toEqual(props.ingress.hosts.map((h) => `./${h}`));
  const allowed = props.ingress.methods;
  if (!allowed) return;
  const http = manifests.find((m) => m.kind === 'VirtualService' && m.metadata.name === 'svc-ingress').spec.http;
  for (const route of http) {
    const uri = route.match[0].uri;
    const path: string = uri.exact ?? uri.prefix;
    expect(allowed.some((a) => (a.includes('/') ? path === `/${a}` : path.startsWith(`/${a}/`)))).toBe(true);
  }
}

describe.each(MESHES)('property tests on %s', (_mesh, features) => {
  test('random valid props synthesize, lint without errors, validate, and give identical bytes twice', () => {
    fc.assert(fc.property(validProps(features), (props) => {
      const first = synthYaml(props, true);
      expect(synthYaml(props)).toBe(first);
    }), { numRuns: RUNS });
  });

  test('random invalid props give an error that names the prop, never a crash', () => {
    fc.assert(fc.property(validProps(features), fc.constantFrom(...MUTATIONS), (props, mutation) => {
      let error: unknown;
      try {
        synthYaml(mutation.apply(props));
      } catch (e) {
        error = e;
      }
      const prop = typeof mutation.prop === 'string' ? mutation.prop : mutation.prop(props);
      expect(error).toBeInstanceOf(GrpcMeshError);
      expect((error as GrpcMeshError).prop).toBe(prop);
      expect((error as Error).message).toContain(`invalid ${prop} `);
    }), { numRuns: RUNS });
  });
});
