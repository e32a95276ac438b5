import { Reporter } from '../errors';
import { Streaming } from '../options';
import { GrpcApi, GrpcApiMethod, Idempotency } from '../proto/grpc-api';
import { MethodRouteOptions, RouteOptions, UndeclaredMethods } from '../route';
import { array } from './checks';
import { closestName } from './suggest';
import { ApiMethodModel, GrpcMatch, RetryModel, RouteModel } from './model';
import {
  RouteDefaults, defaultRouteModel, inheritedFrom, matchKey, normaliseDefaults, normaliseMethodRoute, parseGrpcName, requireDefaultsUsed,
  routeName,
} from './routes';

// Routes derived from a GrpcApi (the `api` prop). Every declared method gets the policy its
// kind calls for; the user's `methods` entries are overrides on top, matched by method or by
// whole service. A method's own route is emitted only when its policy differs from the route
// that would otherwise match it (its service's route, else the default route), which keeps
// the output small and the meshes' route limits far away.

/** The routes, in match order, and every declared method with the route carrying it. */
export interface ApiRoutes {
  readonly routes: RouteModel[];
  readonly methods: ApiMethodModel[];
}

interface Entry {
  readonly prop: string;
  readonly options: MethodRouteOptions;
  readonly match: GrpcMatch;
}

/** Normalises the default route, the user's method routes and the API's methods. */
export function normaliseApiRoutes(
  r: Reporter,
  serviceName: string,
  versions: string[],
  defaultRoute: RouteOptions | undefined,
  methods: MethodRouteOptions[] | undefined,
  api: GrpcApi,
  undeclared: UndeclaredMethods,
): ApiRoutes {
  if (!(api instanceof GrpcApi)) {
    r.fail('api', api, 'not a GrpcApi', 'load it with GrpcApi.fromProtoFiles([...]) or GrpcApi.fromProtoText(...)');
  }
  const defaults = normaliseDefaults(r, versions, defaultRoute);
  const catchAll = defaultRouteModel(defaults, defaultRoute, undeclared);
  const entries = checkEntries(r, api, methods);
  const usedNames = new Set<string>(['default']);

  // The user's whole-service routes: they catch the service's undeclared methods, and the
  // service's declared methods inherit from them instead of from the default route.
  const serviceRoutes = new Map<string, { route: RouteModel; entry: Entry }>();
  for (const entry of entries.filter((e) => !e.match.method)) {
    const key = matchKey(entry.match);
    const route = normaliseMethodRoute(r, entry.prop, entry.options, entry.match, versions, defaults, routeName(serviceName, key, usedNames));
    serviceRoutes.set(entry.match.service, { route, entry });
  }

  const exact = new Map(entries.filter((e) => e.match.method).map((e) => [matchKey(e.match), e]));
  const methodRoutes: RouteModel[] = [];
  const apiMethods: ApiMethodModel[] = api.methods.map((m, i) => {
    const match = { service: m.service, method: m.name };
    const own = exact.get(matchKey(match));
    const parent = serviceRoutes.get(m.service);
    const inherited: RouteDefaults = parent ? inheritedFrom(parent.route, parent.entry.options, defaults) : defaults;
    if (own?.options.idempotent === undefined && parent?.entry.options.idempotent === true && m.idempotency === Idempotency.UNKNOWN
      && m.streaming === Streaming.UNARY && inherited.retry) {
      // Retrying a method the .proto does not declare safe takes an opt-in on that method itself.
      r.fail(`${parent.entry.prop}.idempotent`, true,
        `${m.service}/${m.name} declares no idempotency_level, and a whole-service entry cannot opt it into retries`,
        `add { name: "${m.service}/${m.name}", idempotent: true } to methods, or set idempotency_level in the .proto`);
    }
    const idempotent = own?.options.idempotent ?? parent?.entry.options.idempotent ?? m.idempotency !== Idempotency.UNKNOWN;
    const options: MethodRouteOptions = { ...(own?.options ?? { name: matchKey(match) }), streaming: m.streaming, idempotent };
    const route = normaliseMethodRoute(r, own?.prop ?? `api.methods[${i}]`, options, match, versions, inherited, '');
    const fallback = parent?.route.name ?? 'default';
    // Left to the route that matches it otherwise when that route already routes it the same way.
    if (!own && samePolicy(route, parent?.route ?? catchAll)) {
      return { match, streaming: m.streaming, idempotency: m.idempotency, idempotent, route: fallback };
    }
    const name = routeName(serviceName, matchKey(match), usedNames);
    methodRoutes.push({ ...route, name });
    return { match, streaming: m.streaming, idempotency: m.idempotency, idempotent, route: name };
  });

  // Exact methods (in API order) before whole services (in declaration order), default last.
  const routes = [...methodRoutes, ...[...serviceRoutes.values()].map((s) => s.route), catchAll];
  requireDefaultsUsed(r, defaultRoute, defaults, routes, undeclared);
  return { routes, methods: apiMethods };
}

/** Parses the user's entries: each declared once, each naming what the API declares, streaming agreeing. */
function checkEntries(r: Reporter, api: GrpcApi, methods: MethodRouteOptions[] | undefined): Entry[] {
  const seen = new Map<string, string>();
  return array(r, 'methods', methods, 'pass a list of method routes').map((options, i) => {
    const prop = `methods[${i}]`;
    if (!options || typeof options !== 'object') r.fail(prop, options, 'not a method route', 'pass { name: "package.Service/Method", ... }');
    const match = parseGrpcName(r, `${prop}.name`, options.name);
    const key = matchKey(match);
    const earlier = seen.get(key);
    if (earlier) {
      r.fail(`${prop}.name`, options.name, `${key} is already routed by ${earlier}`, 'declare each method or service once and merge the two routes');
    }
    seen.set(key, prop);

    const declared = requireDeclared(r, `${prop}.name`, options.name, match, api);
    if (options.streaming !== undefined) checkStreaming(r, prop, options.streaming, declared);
    return { prop, options, match };
  });
}

/** The API's methods a name matches; fails, suggesting the closest name, when there are none. */
export function requireDeclared(r: Reporter, prop: string, value: unknown, match: GrpcMatch, api: GrpcApi): GrpcApiMethod[] {
  const declared = match.method
    ? api.methods.filter((m) => m.service === match.service && m.name === match.method)
    : api.methods.filter((m) => m.service === match.service);
  if (declared.length === 0) {
    const closest = suggestion(api, match);
    r.fail(prop, value, 'not declared in the API',
      closest ? `did you mean "${closest}"?` : `name a ${match.method ? 'method' : 'service'} the .proto files declare, or remove it`);
  }
  return declared;
}

function checkStreaming(r: Reporter, prop: string, streaming: Streaming, declared: GrpcApiMethod[]): void {
  const other = declared.find((m) => m.streaming !== streaming);
  if (other) {
    r.fail(`${prop}.streaming`, streaming, `the API declares ${other.service}/${other.name} as ${other.streaming}`,
      'remove streaming: it comes from the .proto files');
  }
}

/** Whether a derived route would route calls exactly as the route it inherits from. */
function samePolicy(route: RouteModel, fallback: Pick<RouteModel, 'timeoutMs' | 'retry' | 'weights'>): boolean {
  return route.timeoutMs === fallback.timeoutMs
    && sameRetry(route.retry, fallback.retry)
    && route.weights.every((w, i) => w.version === fallback.weights[i]?.version && w.weight === fallback.weights[i].weight);
}

function sameRetry(a: RetryModel | undefined, b: RetryModel | undefined): boolean {
  if (!a || !b) return a === b;
  return a.attempts === b.attempts && a.perTryTimeoutMs === b.perTryTimeoutMs && a.on.join(',') === b.on.join(',');
}

/** The declared method or service closest to an undeclared one, if one is close. */
function suggestion(api: GrpcApi, match: GrpcMatch): string | undefined {
  if (!match.method) return closestName(match.service, api.services.map((s) => s.name), 3);
  const service = api.service(match.service);
  if (service) {
    // A known service: only the method name is wrong.
    const method = closestName(match.method, service.methods.map((m) => m.name), 3);
    return method && `${service.name}/${method}`;
  }
  return closestName(matchKey(match), api.methods.map((m) => `${m.service}/${m.name}`), 6);
}
