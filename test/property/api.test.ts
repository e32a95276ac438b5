import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  GrpcApi, GrpcMeshError, GrpcMeshService, GrpcMeshServiceProps, Idempotency, MethodRouteOptions, Streaming, UndeclaredMethods,
} from '../../src';
import { expectValidManifests } from '../support/validate';
import { ISTIO, LINKERD, LINKERD_LEGACY, MeshFeatures, retry } from './arbitraries';

// Random APIs from random .proto text: every mesh routes every declared method by its kind.

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100) / 2;
const MESHES: [string, MeshFeatures][] = [['istio', ISTIO], ['linkerd', LINKERD], ['linkerd legacy', LINKERD_LEGACY]];
const LEVELS = [undefined, 'IDEMPOTENCY_UNKNOWN', 'NO_SIDE_EFFECTS', 'IDEMPOTENT'] as const;

interface RandomMethod { name: string; clientStream: boolean; serverStream: boolean; level: typeof LEVELS[number] }

const methodName = fc.stringMatching(/^[A-Z][a-zA-Z0-9]{0,9}$/);
const randomApi = fc.uniqueArray(fc.stringMatching(/^[A-Z][a-zA-Z0-9]{0,9}$/), { minLength: 1, maxLength: 3 }).chain((services) => fc.tuple(
  ...services.map((service) => fc.uniqueArray(fc.record({
    name: methodName, clientStream: fc.boolean(), serverStream: fc.boolean(), level: fc.constantFrom(...LEVELS),
  }), { minLength: 1, maxLength: 5, selector: (m) => m.name }).map((methods) => ({ service, methods: methods as RandomMethod[] }))),
));

function protoText(services: { service: string; methods: RandomMethod[] }[]): string {
  const rpcs = (methods: RandomMethod[]) => methods.map((m) => {
    const option = m.level ? ` { option idempotency_level = ${m.level}; }` : ';';
    return `  rpc ${m.name}(${m.clientStream ? 'stream ' : ''}Req) returns (${m.serverStream ? 'stream ' : ''}Res)${option}`;
  }).join('\n');
  return [
    'syntax = "proto3";', 'package prop.v1;', 'message Req {}', 'message Res {}',
    ...services.map((s) => `service ${s.service} {\n${rpcs(s.methods)}\n}`),
  ].join('\n');
}

function apiProps(f: MeshFeatures): fc.Arbitrary<GrpcMeshServiceProps> {
  return fc.record({
    services: randomApi,
    timeoutMs: fc.option(fc.integer({ min: 1000, max: 60_000 }), { nil: undefined }),
  }).chain(({ services, timeoutMs }) => {
    const api = GrpcApi.fromProtoText(protoText(services));
    return fc.record({
      defaultRetry: fc.option(retry(f, timeoutMs), { nil: undefined }),
      undeclared: fc.option(fc.constantFrom(...Object.values(UndeclaredMethods)), { nil: undefined }),
      overrides: fc.subarray(api.methods),
      serviceEntries: fc.subarray(api.services.map((x) => x.name)),
    }).chain(({ defaultRetry, undeclared, overrides, serviceEntries }) => {
      const minTimeout = Math.max(defaultRetry?.perTryTimeout?.toMilliseconds() ?? 1, 1);
      // Whole-service entries: the routes their methods inherit from (no retry of their own, so
      // that every inheriting method's timeout stays at least the default per-try timeout).
      const services = fc.tuple(...serviceEntries.map((name) => fc.record({
        idempotent: fc.option(fc.constant(false), { nil: undefined }),
        timeoutMs: fc.option(fc.integer({ min: minTimeout, max: 120_000 }), { nil: undefined }),
      }).map((o) => ({ name, ...o }))));
      return services.chain((entries) => {
        const serviceTimeout = new Map(entries.map((e) => [e.name, e.timeoutMs]));
        const methods = overrides.map((m) => {
          const unary = m.streaming === Streaming.UNARY;
          return fc.record({
            idempotent: fc.option(fc.boolean(), { nil: undefined }),
            timeoutMs: unary ? fc.option(fc.integer({ min: minTimeout, max: 120_000 }), { nil: undefined }) : fc.constant(undefined),
          }).chain((o) => {
            // A retry of its own is bounded by the timeout the method ends up with.
            const effective = o.timeoutMs ?? (serviceTimeout.has(m.service) ? serviceTimeout.get(m.service) ?? timeoutMs : timeoutMs);
            return (unary ? fc.option(retry(f, effective), { nil: undefined }) : fc.constant(undefined)).map((r): MethodRouteOptions => ({
              name: `${m.service}/${m.name}`,
              ...(o.idempotent === undefined ? {} : { idempotent: o.idempotent }),
              ...(o.timeoutMs === undefined ? {} : { timeout: Duration.millis(o.timeoutMs) }),
              ...(r ? { retry: r } : {}),
            }));
          });
        });
        const serviceOptions = entries.map((e): MethodRouteOptions => ({
          name: e.name,
          ...(e.idempotent === undefined ? {} : { idempotent: e.idempotent }),
          ...(e.timeoutMs === undefined ? {} : { timeout: Duration.millis(e.timeoutMs) }),
        }));
        return fc.tuple(fc.tuple(...methods), f.ingress ? fc.boolean() : fc.constant(false)).map(([m, exposed]): GrpcMeshServiceProps => ({
          ...(exposed ? { ingress: { hosts: ['api.example.com'], tlsCredentialName: 'cert' } } : {}),
          mesh: f.mesh(),
          versions: [{ name: 'v1', image: 'registry/app:v1' }, { name: 'v2', image: 'registry/app:v2' }],
          api,
          ...(undeclared === undefined ? {} : { undeclaredMethods: undeclared }),
          methods: [...serviceOptions, ...m],
          defaultRoute: { ...(timeoutMs ? { timeout: Duration.millis(timeoutMs) } : {}), ...(defaultRetry ? { retry: defaultRetry } : {}) },
        }));
      });
    });
  });
}

describe.each(MESHES)('random APIs on %s', (_mesh, features) => {
  test('every declared method is routed by its kind, the output validates and is byte-identical twice', () => {
    fc.assert(fc.property(apiProps(features), (generated) => {
      let props = generated;
      const synth = () => {
        const app = Testing.app();
        const chart = new Chart(app, 'c');
        const service = new GrpcMeshService(chart, 'svc', props);
        return { app, chart, service };
      };
      let unused: string | undefined;
      try {
        synth();
      } catch (e) {
        // Only a default timeout or retry that no method gets may fail: check that none does.
        expect(e).toBeInstanceOf(GrpcMeshError);
        unused = (e as GrpcMeshError).prop;
        expect(['defaultRoute.timeout', 'defaultRoute.retry']).toContain(unused);
        props = { ...props, undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT };
      }
      const { app, chart, service } = synth();
      if (unused) {
        const declared = service.model.routes.slice(0, -1);
        const inherits = unused === 'defaultRoute.timeout'
          ? declared.some((r) => r.timeoutFrom === 'defaultRoute')
          : declared.some((r) => r.retry && r.retryFrom === 'defaultRoute');
        expect(inherits).toBe(false);
      }
      expectValidManifests(Testing.synth(chart));
      expect(synth().app.synthYaml()).toBe(app.synthYaml());

      if (props.ingress) {
        // Exposed without ingress.methods: every declared method has an ingress route, nothing else does.
        const http = Testing.synth(chart).find((m) => m.kind === 'VirtualService' && m.metadata.name === 'svc-ingress').spec.http;
        const declared = service.model.apiMethods!.map((x) => `/${x.match.service}/${x.match.method}`);
        expect(http.map((h: any) => h.match[0].uri.exact).sort()).toEqual(declared.sort());
      }

      const overridden = new Map((props.methods ?? []).filter((m) => m.name.includes('/')).map((m) => [m.name, m]));
      const routes = new Map(service.model.routes.map((r) => [r.name, r]));
      expect(service.model.apiMethods!.length).toBe(props.api!.methods.length);
      for (const m of service.model.apiMethods!) {
        const route = routes.get(m.route)!;
        const own = overridden.get(`${m.match.service}/${m.match.method}`);
        if (m.streaming !== Streaming.UNARY) {
          expect(route.timeoutMs).toBeUndefined();
          expect(route.retry).toBeUndefined();
        } else if (route.retry) {
          // Retried only when the .proto says it is safe, or the method itself opted in.
          const optedIn = own?.retry !== undefined || own?.idempotent === true;
          expect(m.idempotency !== Idempotency.UNKNOWN || optedIn).toBe(true);
          if (own?.idempotent === false) expect(own.retry).toBeDefined();
        }
      }
    }), { numRuns: RUNS });
  });
});
