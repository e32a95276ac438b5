import { createHash } from 'crypto';
import { Reporter } from '../errors';
import { GRPC_STATUS_RETRY_CONDITIONS, RetryOn, Streaming } from '../options';
import { MethodRouteOptions, RetryOptions, RouteOptions, UndeclaredMethods } from '../route';
import { GRPC_NAME_MAX_LENGTH, array, isGrpcMethodName, isGrpcServiceName, millis, object } from './checks';
import { GrpcMatch, RetryModel, RouteModel, WeightModel } from './model';

const ALL_RETRY_ON = new Set<string>(Object.values(RetryOn));
const ALL_STREAMING = new Set<string>(Object.values(Streaming));
const ALL_UNDECLARED = new Set<string>(Object.values(UndeclaredMethods));
/** Retry conditions in a fixed order: gRPC statuses first, then connection-level ones. */
const RETRY_ON_ORDER: readonly RetryOn[] = [...GRPC_STATUS_RETRY_CONDITIONS, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.RESET];

/** Parses `pkg.Service/Method` or `pkg.Service`. */
export function parseGrpcName(r: Reporter, prop: string, value: unknown): GrpcMatch {
  const fix = 'name a method as "package.Service/Method" or a whole service as "package.Service"';
  if (typeof value !== 'string') r.fail(prop, value, 'not a gRPC method or service name', fix);
  const parts = value.replace(/^\//, '').split('/');
  const [service, method] = parts;
  const tooLong = [service, method].find((part) => part !== undefined && part.length > GRPC_NAME_MAX_LENGTH);
  if (tooLong !== undefined) {
    r.fail(prop, value, `a ${tooLong === service ? 'service' : 'method'} name of ${tooLong.length} characters, longer than Gateway API's limit of ${GRPC_NAME_MAX_LENGTH}`,
      `use service and method names of at most ${GRPC_NAME_MAX_LENGTH} characters each`);
  }
  if (parts.length > 2 || !isGrpcServiceName(service) || (parts.length === 2 && !isGrpcMethodName(method))) {
    r.fail(prop, value, 'malformed gRPC method or service name', fix);
  }
  return method === undefined ? { service } : { service, method };
}

export function matchKey(m: GrpcMatch): string {
  return m.method ? `${m.service}/${m.method}` : m.service;
}

export interface RouteDefaults {
  readonly timeoutMs?: number;
  readonly retry?: RetryModel;
  readonly weights: WeightModel[];
  /** How the methods stream unless they say. @default Streaming.UNARY */
  readonly streaming?: Streaming;
  /** The route the values are inherited from, for messages. @default 'defaultRoute' */
  readonly from?: string;
  /** The route whose `retry` the inherited policy is. @default 'defaultRoute' */
  readonly retryFrom?: string;
  /** The route whose `timeout` the inherited timeout is. @default 'defaultRoute' */
  readonly timeoutFrom?: string;
}

/** Normalises the default route and the method routes, in match order, default last. */
export function normaliseRoutes(
  r: Reporter,
  serviceName: string,
  versions: string[],
  defaultRoute: RouteOptions | undefined,
  methods: MethodRouteOptions[] | undefined,
  undeclared: UndeclaredMethods,
): RouteModel[] {
  const defaults = normaliseDefaults(r, versions, defaultRoute);

  const seen = new Map<string, string>();
  const entries = array(r, 'methods', methods, 'pass a list of method routes').map((m, i) => {
    const prop = `methods[${i}]`;
    if (!m || typeof m !== 'object') r.fail(prop, m, 'not a method route', 'pass { name: "package.Service/Method", ... }');
    const match = parseGrpcName(r, `${prop}.name`, m.name);
    const key = matchKey(match);
    const earlier = seen.get(key);
    if (earlier) {
      r.fail(`${prop}.name`, m.name, `${key} is already routed by ${earlier}`, 'declare each method or service once and merge the two routes');
    }
    seen.set(key, prop);
    return { prop, options: m, match, key };
  });

  // Names in declaration order, so that adding a route never renames an earlier one.
  const usedNames = new Set<string>(['default']);
  const names = new Map(entries.map((e) => [e.prop, routeName(serviceName, e.key, usedNames)]));

  // A whole-service route is what its methods inherit from, as with an api.
  const serviceRoutes = new Map<string, RouteModel>();
  for (const e of entries.filter((x) => !x.match.method)) {
    serviceRoutes.set(e.match.service, normaliseMethodRoute(r, e.prop, e.options, e.match, versions, defaults, names.get(e.prop)!));
  }
  const serviceOptions = new Map(entries.filter((x) => !x.match.method).map((x) => [x.match.service, x.options]));
  const methodRoutes = entries.filter((e) => e.match.method).map((e) => {
    const parent = serviceRoutes.get(e.match.service);
    const inherited = parent ? inheritedFrom(parent, serviceOptions.get(e.match.service)!, defaults) : defaults;
    const options = parent ? { ...e.options, idempotent: e.options.idempotent ?? parent.idempotent } : e.options;
    return normaliseMethodRoute(r, e.prop, options, e.match, versions, inherited, names.get(e.prop)!);
  });

  // Exact methods first so that no service prefix shadows them; declaration order otherwise.
  const routes = [...methodRoutes, ...serviceRoutes.values(), defaultRouteModel(defaults, defaultRoute, undeclared)];
  requireDefaultsUsed(r, defaultRoute, defaults, routes, undeclared);
  return routes;
}

/** Checks the `undeclaredMethods` prop. */
export function normaliseUndeclared(r: Reporter, value: UndeclaredMethods | undefined): UndeclaredMethods {
  const undeclared = value ?? UndeclaredMethods.UNKNOWN;
  if (!ALL_UNDECLARED.has(undeclared)) {
    r.fail('undeclaredMethods', undeclared, 'unknown kind of undeclared methods', 'use UndeclaredMethods.UNKNOWN, UNARY or UNARY_IDEMPOTENT');
  }
  return undeclared;
}

/**
 * Fails when the default route's timeout or retry applies to no route: not to the undeclared
 * methods (as `undeclaredMethods` says) and inherited by no declared method. Nothing is dropped.
 */
export function requireDefaultsUsed(
  r: Reporter, defaultRoute: RouteOptions | undefined, defaults: RouteDefaults, routes: RouteModel[], undeclared: UndeclaredMethods,
): void {
  const catchAll = routes[routes.length - 1];
  const declared = routes.slice(0, -1);
  if (defaults.timeoutMs !== undefined && catchAll.timeoutMs === undefined && !declared.some((x) => x.timeoutFrom === 'defaultRoute')) {
    r.fail('defaultRoute.timeout', defaultRoute?.timeout,
      `applies to no method: no declared unary method inherits it, and undeclared methods get no timeout as they may stream (undeclaredMethods ${undeclared})`,
      'declare the methods it is for in methods (or give the service an api), or set undeclaredMethods: UndeclaredMethods.UNARY if every other method is unary');
  }
  if (defaults.retry !== undefined && catchAll.retry === undefined && !declared.some((x) => x.retry && x.retryFrom === 'defaultRoute')) {
    r.fail('defaultRoute.retry', defaultRoute?.retry,
      `applies to no method: no declared idempotent unary method inherits it, and undeclared methods are not retried as they may stream or not be idempotent (undeclaredMethods ${undeclared})`,
      'declare the methods it is for in methods (or give the service an api), or set undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT if every other method is unary and idempotent');
  }
}

/**
 * What the methods of a whole-service route inherit: its timeout and weights, and its retry policy
 * as configured (its own, else the default route's). A service route that is not idempotent is
 * itself not retried, but a method below it that is declared idempotent still gets that policy.
 */
export function inheritedFrom(parent: RouteModel, parentOptions: RouteOptions, defaults: RouteDefaults): RouteDefaults {
  const ownRetry = parentOptions.retry !== undefined;
  return {
    // A streaming service route has no timeout, but a method below it declared unary still gets one.
    timeoutMs: parentOptions.timeout !== undefined ? parent.timeoutMs : defaults.timeoutMs,
    timeoutFrom: parentOptions.timeout !== undefined ? parent.prop : defaults.timeoutFrom ?? 'defaultRoute',
    retry: ownRetry ? parent.retry : defaults.retry,
    weights: parent.weights,
    streaming: parent.streaming,
    from: parent.prop,
    retryFrom: ownRetry ? parent.prop : defaults.retryFrom ?? 'defaultRoute',
  };
}

/** The default route's timeout, retries and weights: what method routes inherit. */
export function normaliseDefaults(r: Reporter, versions: string[], defaultRoute: RouteOptions | undefined): RouteDefaults {
  const d = defaultRoute === undefined ? {} : object(r, 'defaultRoute', defaultRoute, 'pass { timeout?, retry?, weights? }');
  const weights = d.weights === undefined
    ? versions.map((version, i) => ({ version, weight: i === 0 ? 100 : 0 }))
    : normaliseWeights(r, 'defaultRoute.weights', d.weights, versions);
  const timeoutMs = d.timeout === undefined ? undefined : millis(r, 'defaultRoute.timeout', d.timeout);
  const retry = normaliseRetry(r, 'defaultRoute.retry', d.retry, timeoutMs, 'defaultRoute.timeout');
  return { timeoutMs, retry, weights };
}

/**
 * The default route, last in match order: it carries the undeclared methods, with the default
 * route's timeout and retry only as far as `undeclaredMethods` says they are unary and idempotent.
 */
export function defaultRouteModel(defaults: RouteDefaults, defaultRoute: RouteOptions | undefined, undeclared: UndeclaredMethods): RouteModel {
  const timeoutMs = undeclared === UndeclaredMethods.UNKNOWN ? undefined : defaults.timeoutMs;
  return {
    prop: 'defaultRoute',
    name: 'default',
    streaming: Streaming.UNARY,
    idempotent: undeclared === UndeclaredMethods.UNARY_IDEMPOTENT,
    timeoutMs,
    timeoutFrom: timeoutMs === undefined ? undefined : 'defaultRoute',
    retry: undeclared === UndeclaredMethods.UNARY_IDEMPOTENT ? defaults.retry : undefined,
    retryExplicit: defaultRoute?.retry !== undefined,
    retryFrom: 'defaultRoute',
    weights: defaults.weights,
  };
}

export function normaliseMethodRoute(
  r: Reporter,
  prop: string,
  m: MethodRouteOptions,
  match: GrpcMatch,
  versions: string[],
  defaults: RouteDefaults,
  name: string,
): RouteModel {
  const streaming = m.streaming ?? defaults.streaming ?? Streaming.UNARY;
  const from = defaults.from ?? 'defaultRoute';
  // A method that streams because its service route does is told how to say otherwise.
  const streamsBecause = m.streaming === undefined && streaming !== Streaming.UNARY ? ` (it streams as its service route ${from} does)` : '';
  const orUnary = streamsBecause ? ', or set streaming: Streaming.UNARY on this method' : '';
  if (!ALL_STREAMING.has(streaming)) {
    r.fail(`${prop}.streaming`, streaming, 'unknown streaming kind', 'use Streaming.UNARY, CLIENT, SERVER or BIDIRECTIONAL');
  }
  const isStreaming = streaming !== Streaming.UNARY;
  const idempotent = m.idempotent ?? true;
  if (typeof idempotent !== 'boolean') r.fail(`${prop}.idempotent`, idempotent, 'not a boolean', 'set true or false');

  if (isStreaming && m.timeout !== undefined) {
    r.fail(`${prop}.timeout`, m.timeout, `a route timeout would cut this streaming method's streams${streamsBecause}`, `remove the timeout and let clients set a deadline instead${orUnary}`);
  }
  const timeoutMs = isStreaming
    ? undefined
    : m.timeout === undefined ? defaults.timeoutMs : millis(r, `${prop}.timeout`, m.timeout);
  const retryFrom = defaults.retryFrom ?? 'defaultRoute';
  const timeoutProp = m.timeout === undefined ? `${from}.timeout` : `${prop}.timeout`;

  let retry: RetryModel | undefined;
  if (m.retry !== undefined) {
    retry = normaliseRetry(r, `${prop}.retry`, m.retry, timeoutMs, timeoutProp);
    if (retry && isStreaming) {
      r.fail(`${prop}.retry.attempts`, m.retry.attempts, `the mesh cannot safely retry a streaming method${streamsBecause}`, `remove the retry or set attempts to 0${orUnary}`);
    }
  } else if (!isStreaming && idempotent && defaults.retry) {
    retry = defaults.retry;
    const perTry = retry.perTryTimeoutMs;
    if (perTry !== undefined && timeoutMs !== undefined && perTry > timeoutMs) {
      r.fail(`${prop}.timeout`, m.timeout, `shorter than the per-try timeout ${perTry}ms inherited from ${retryFrom}.retry`, 'raise the timeout or give this route its own retry');
    }
  }

  return {
    prop,
    name,
    match,
    streaming,
    idempotent,
    timeoutMs,
    timeoutFrom: timeoutMs === undefined ? undefined : m.timeout === undefined ? defaults.timeoutFrom ?? 'defaultRoute' : prop,
    retry,
    retryExplicit: m.retry !== undefined,
    retryFrom: m.retry !== undefined ? prop : retryFrom,
    weights: m.weights === undefined ? defaults.weights : normaliseWeights(r, `${prop}.weights`, m.weights, versions),
  };
}

function normaliseRetry(
  r: Reporter,
  prop: string,
  retry: RetryOptions | undefined,
  timeoutMs: number | undefined,
  timeoutProp: string,
): RetryModel | undefined {
  if (retry === undefined) return undefined;
  if (!retry || typeof retry !== 'object') r.fail(prop, retry, 'not a retry policy', 'pass { attempts, perTryTimeout?, on? }');
  const { attempts } = retry;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0 || attempts > 100) {
    r.fail(`${prop}.attempts`, attempts, 'not an integer from 0 to 100', 'set how many retries follow the first try, or 0 for none');
  }
  if (attempts < 1) {
    if (retry.on !== undefined || retry.perTryTimeout !== undefined) {
      r.fail(`${prop}.attempts`, attempts, 'retry conditions and a per-try timeout need attempts >= 1', 'set attempts to 1 or more, or remove on and perTryTimeout');
    }
    return undefined;
  }
  const on = retry.on ?? [RetryOn.UNAVAILABLE];
  if (!Array.isArray(on) || on.length === 0) {
    r.fail(`${prop}.on`, on, 'no retry conditions', 'list at least one RetryOn condition, or set attempts to 0');
  }
  for (const [i, c] of on.entries()) {
    if (!ALL_RETRY_ON.has(c)) {
      r.fail(`${prop}.on[${i}]`, c, 'unknown retry condition', `use one of RetryOn: ${[...ALL_RETRY_ON].join(', ')}`);
    }
    if (on.indexOf(c) !== i) r.fail(`${prop}.on[${i}]`, c, 'listed twice', 'list each retry condition once');
  }
  const perTryTimeoutMs = retry.perTryTimeout === undefined ? undefined : millis(r, `${prop}.perTryTimeout`, retry.perTryTimeout);
  if (perTryTimeoutMs !== undefined && timeoutMs !== undefined && perTryTimeoutMs > timeoutMs) {
    r.fail(`${prop}.perTryTimeout`, retry.perTryTimeout, `longer than the route timeout ${timeoutMs}ms (${timeoutProp})`, 'make the per-try timeout at most the route timeout');
  }
  return {
    attempts,
    perTryTimeoutMs,
    on: [...on].sort((a, b) => RETRY_ON_ORDER.indexOf(a) - RETRY_ON_ORDER.indexOf(b)),
    onExplicit: retry.on !== undefined,
  };
}

function normaliseWeights(r: Reporter, prop: string, weights: { [version: string]: number }, versions: string[]): WeightModel[] {
  if (!weights || typeof weights !== 'object' || Array.isArray(weights)) {
    r.fail(prop, weights, 'not a map of version to weight', 'pass e.g. { v1: 90, v2: 10 }');
  }
  for (const [version, weight] of Object.entries(weights)) {
    if (!versions.includes(version)) {
      r.fail(`${prop}.${version}`, weight, `unknown version "${version}"`, `use one of the declared versions: ${versions.join(', ')}`);
    }
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      r.fail(`${prop}.${version}`, weight, 'weights must be integers from 0 to 100', 'use whole percentages');
    }
  }
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  if (total !== 100) {
    r.fail(prop, weights, `weights sum to ${total}, not 100`, 'make the weights of the route add up to 100');
  }
  return versions.map((version) => ({ version, weight: Object.hasOwn(weights, version) ? weights[version] : 0 }));
}

/** A unique DNS-1123 label for a route, readable when it fits, hashed when it does not. */
export function routeName(serviceName: string, key: string, used: Set<string>): string {
  const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  // Route objects are named `<service>-<route>`, so leave room for the service name.
  const room = Math.max(8, 63 - serviceName.length - 1);
  let name = slug.length <= room && !used.has(slug) ? slug : hashedName(slug, key, room);
  if (used.has(name)) name = hashedName(name, key, room);
  used.add(name);
  return name;
}

/** `base` cut to leave room for the hash of `key`, then the hash (hashed only for names that need it). */
function hashedName(base: string, key: string, room: number): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const prefix = base.slice(0, Math.max(0, room - 9)).replace(/-+$/, '');
  return prefix ? `${prefix}-${hash}` : hash;
}
