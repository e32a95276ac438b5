import { Duration } from 'cdk8s';
import { Reporter } from '../errors';
import { LoadBalancerKind } from '../load-balancer';
import { knownKeys } from '../model/suggest';
import { isDnsSubdomain, millis, notProxyPorts, object } from '../model/checks';
import { ConnectionPoolModel, OutlierDetectionModel, RouteModel, ServiceModel } from '../model/model';
import { GRPC_STATUS_RETRY_CONDITIONS, MutualTlsMode } from '../options';
import { FailureAccrualOptions, LinkerdMode, LinkerdOptions, RetryBudgetOptions } from './linkerd-options';
import { GrpcRouteVersion, LinkerdRelease, LinkerdSplit } from './linkerd-release';
import type { LinkerdProvider } from './linkerd-provider';

// Every field of the model is either rendered for Linkerd or rejected here, with the prop, the
// reason and the fix: nothing is dropped silently.

/** The ServiceProfile retries these gRPC codes on a retryable route, whatever the route asks for. */
export const SERVICE_PROFILE_RETRIED_CODES = 'UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS';

const CONNECTION_POOL_FIXES: { [K in keyof ConnectionPoolModel]-?: string } = {
  maxConnections: 'remove connectionPool.maxConnections',
  connectTimeoutMs: 'remove connectionPool.connectTimeout: the connect timeout is a proxy setting of the calling pods (config.linkerd.io/proxy-outbound-connect-timeout)',
  maxRequests: 'remove connectionPool.maxRequests',
  maxRequestsPerConnection: 'remove connectionPool.maxRequestsPerConnection',
  maxConcurrentStreams: 'remove connectionPool.maxConcurrentStreams',
  idleTimeoutMs: 'remove connectionPool.idleTimeout',
  maxRetries: 'remove connectionPool.maxRetries',
};

const CONNECTION_POOL_PROPS: { [K in keyof ConnectionPoolModel]-?: string } = {
  maxConnections: 'maxConnections',
  connectTimeoutMs: 'connectTimeout',
  maxRequests: 'maxRequests',
  maxRequestsPerConnection: 'maxRequestsPerConnection',
  maxConcurrentStreams: 'maxConcurrentStreams',
  idleTimeoutMs: 'idleTimeout',
  maxRetries: 'maxRetries',
};

const OUTLIER_FIXES: { [K in keyof OutlierDetectionModel]?: [prop: string, reason: string, fix: string] } = {
  consecutiveGatewayErrors: [
    'consecutiveGatewayErrors',
    'Linkerd\'s failure accrual counts every failed response, not gateway errors alone',
    'use consecutive5xxErrors instead (Linkerd counts UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS)',
  ],
  intervalMs: [
    'interval',
    'Linkerd judges each endpoint on its consecutive failures as they happen, not on a periodic sweep',
    'remove outlierDetection.interval',
  ],
  maxEjectionPercent: [
    'maxEjectionPercent',
    'Linkerd has no cap on the share of endpoints kept out',
    'remove outlierDetection.maxEjectionPercent',
  ],
  minHealthPercent: [
    'minHealthPercent',
    'Linkerd has no panic threshold',
    'remove outlierDetection.minHealthPercent',
  ],
};

// The keys of each options object, typed so that a new option cannot be left out.
const OPTION_KEYS: { [K in keyof LinkerdOptions]-?: K } = {
  release: 'release', grpcRouteVersion: 'grpcRouteVersion', split: 'split', mode: 'mode', clusterDomain: 'clusterDomain', retryBudget: 'retryBudget', failureAccrual: 'failureAccrual', probeNetworks: 'probeNetworks',
};
const RETRY_BUDGET_KEYS: { [K in keyof RetryBudgetOptions]-?: K } = {
  retryRatio: 'retryRatio', minRetriesPerSecond: 'minRetriesPerSecond', ttl: 'ttl',
};
const FAILURE_ACCRUAL_KEYS: { [K in keyof FailureAccrualOptions]-?: K } = { maxPenalty: 'maxPenalty', jitterRatio: 'jitterRatio' };

const CIDR = /^(((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\/(12[0-8]|1[01]\d|[1-9]?\d))$/;

/** The ports the injected Linkerd proxy listens on in every pod (outbound, inbound, control, admin). */
const LINKERD_PROXY_PORTS: readonly number[] = [4140, 4143, 4190, 4191];

/** Rejects, with a clear error, every part of the model Linkerd (in the provider's mode) cannot honour. */
export function checkModel(model: ServiceModel, linkerd: LinkerdProvider): void {
  const r = new Reporter(model.path);
  const legacy = linkerd.mode === LinkerdMode.SERVICE_PROFILE;
  // Mode-independent rejections name Linkerd; mode-specific ones name the mode too.
  const unsupported = (prop: string, value: unknown, reason: string, fix: string, subject = prop): never =>
    r.fail(prop, value, `${subject} is not supported on Linkerd (${reason})`, fix);
  const unsupportedInMode = (prop: string, value: unknown, reason: string, fix: string, subject = prop): never =>
    r.fail(prop, value, `${subject} is not supported on Linkerd in ${linkerd.mode} mode (${reason})`, fix);

  checkOptionsAgainstModel(r, model, linkerd);

  notProxyPorts(r, model, LINKERD_PROXY_PORTS, 'Linkerd proxy');

  if (model.ingress?.jwt) {
    unsupported('ingress.jwt', { issuer: model.ingress.jwt.issuer }, 'Linkerd authenticates workloads by mTLS identity, it has no end-user JWT authentication',
      'remove ingress.jwt and validate tokens in your ingress controller or in the server');
  }
  if (model.ingress) {
    unsupported('ingress', { hosts: model.ingress.hosts }, 'Linkerd has no ingress gateway',
      'remove ingress and expose the service through an ingress controller of your own, meshed with linkerd.io/inject');
  }
  if (model.mtls === MutualTlsMode.PERMISSIVE) {
    unsupported('mtls', model.mtls,
      'Linkerd admits plain-text calls only through a NetworkAuthentication, which would let unauthenticated callers past the identity-based authorization',
      'use MutualTlsMode.STRICT, and mesh the clients (linkerd.io/inject) so that they call with mTLS',
      'PERMISSIVE mutual TLS');
  }
  if (model.telemetry?.tracing) {
    unsupported('telemetry.tracing', model.telemetry.tracing,
      'Linkerd has no per-service tracing setting: its proxies join the traces that callers sample',
      'remove telemetry.tracing and set the sampling rate where traces start (the ingress or the client\'s tracer)');
  }
  if (model.telemetry?.accessLogging?.filter !== undefined) {
    unsupported('telemetry.accessLogging', model.telemetry.accessLogging.filter,
      'the proxy access log that config.linkerd.io/access-log turns on logs every call and cannot filter them',
      'use AccessLogFilter.allCalls() and filter the JSON log where it is collected, or remove telemetry.accessLogging',
      'a filtered access log');
  }
  checkConnectionPool(model, legacy, unsupported);
  if (model.loadBalancer && model.loadBalancer.kind !== LoadBalancerKind.LEAST_REQUEST) {
    unsupported('loadBalancer', model.loadBalancer.kind,
      'Linkerd balances every request by latency, EWMA over the better of two random endpoints, and has no other algorithm nor session affinity',
      'remove loadBalancer, or use LoadBalancer.leastRequest(), which is what Linkerd does', `load balancer ${model.loadBalancer.kind}`);
  }
  checkOutlierDetection(r, model, linkerd, unsupported, unsupportedInMode);
  for (const route of model.routes) {
    if (legacy) checkLegacyRoute(model, route, unsupportedInMode, gatewayApiFix(linkerd));
    else checkRoute(route, unsupported);
  }
}

type Unsupported = (prop: string, value: unknown, reason: string, fix: string, subject?: string) => never;

/** The prop a route's retry comes from: its own, or the default route's it inherits. */
export function retryProp(route: RouteModel): string {
  return `${route.retryFrom}.retry`;
}

function checkRoute(route: RouteModel, unsupported: Unsupported): void {
  const retry = route.retry;
  if (!retry) return;
  const connection = retry.on.filter((c) => !GRPC_STATUS_RETRY_CONDITIONS.includes(c));
  if (connection.length) {
    unsupported(`${retryProp(route)}.on`, retry.on,
      'Linkerd retries on gRPC status codes only, through retry.linkerd.io/grpc, never on connection failures',
      `remove ${connection.map((c) => `"${c}"`).join(', ')} and retry on gRPC statuses such as RetryOn.UNAVAILABLE`,
      `retrying on ${connection.map((c) => `"${c}"`).join(', ')}`);
  }
}

/** The end of a fix that points a legacy-mode user to the GATEWAY_API mode, where the release has it. */
function gatewayApiFix(linkerd: LinkerdProvider): string {
  return linkerd.release === LinkerdRelease.V2_15 ? 'or use LinkerdMode.GATEWAY_API on Linkerd 2.16 or later' : 'or use LinkerdMode.GATEWAY_API';
}

function checkLegacyRoute(model: ServiceModel, route: RouteModel, unsupported: Unsupported, orGatewayApi: string): void {
  const retry = route.retry;
  if (retry?.onExplicit) {
    unsupported(`${retryProp(route)}.on`, retry.on,
      `a retryable ServiceProfile route retries a fixed set of gRPC codes: ${SERVICE_PROFILE_RETRIED_CODES}`,
      `remove on (the route then retries that fixed set), ${orGatewayApi}`, 'a retry condition');
  }
  if (retry?.perTryTimeoutMs !== undefined) {
    unsupported(`${retryProp(route)}.perTryTimeout`, Duration.millis(retry.perTryTimeoutMs),
      'a ServiceProfile has no per-try timeout, only the route timeout that covers every try',
      `remove perTryTimeout, ${orGatewayApi}`, 'a per-try timeout');
  }
  const defaults = model.routes[model.routes.length - 1].weights;
  const differs = route.weights.some((w, i) => w.weight !== defaults[i].weight);
  if (differs) {
    unsupported(`${route.prop}.weights`, Object.fromEntries(route.weights.map((w) => [w.version, w.weight])),
      'the ServiceProfile\'s dstOverrides (or the SMI TrafficSplit) split the whole service by the default route\'s weights',
      `remove the weights of this route (or set them to the default route's), ${orGatewayApi}`,
      'a per-method weight split');
  }
}

function checkConnectionPool(model: ServiceModel, legacy: boolean, unsupported: Unsupported): void {
  const c = model.connectionPool;
  if (!c) return;
  if (c.maxRetries !== undefined) {
    unsupported('connectionPool.maxRetries', c.maxRetries, legacy
      ? 'a ServiceProfile bounds retries by its retry budget, a ratio of the calls, not by retries outstanding at once'
      : 'each GRPCRoute bounds the retries of one call by retry.linkerd.io/limit, and there is no budget across calls',
    legacy
      ? 'remove connectionPool.maxRetries and set Mesh.linkerd({ retryBudget })'
      : 'remove connectionPool.maxRetries: retry.attempts is the bound per call');
  }
  for (const key of Object.keys(CONNECTION_POOL_PROPS) as (keyof ConnectionPoolModel)[]) {
    const value = c[key];
    if (value === undefined || key === 'maxRetries') continue;
    const prop = `connectionPool.${CONNECTION_POOL_PROPS[key]}`;
    unsupported(prop, key.endsWith('Ms') ? Duration.millis(value) : value,
      'Linkerd has no connection-pool limits: each client proxy keeps one HTTP/2 connection per endpoint and balances every request',
      CONNECTION_POOL_FIXES[key]);
  }
}

function checkOutlierDetection(
  r: Reporter, model: ServiceModel, linkerd: LinkerdProvider, unsupported: Unsupported, unsupportedInMode: Unsupported,
): void {
  const o = model.outlierDetection;
  if (!o) return;
  if (linkerd.mode === LinkerdMode.SERVICE_PROFILE) {
    unsupportedInMode('outlierDetection', o,
      'with a ServiceProfile the proxy balances without failure accrual',
      `remove outlierDetection, ${gatewayApiFix(linkerd)}, where it maps to failure accrual`);
  }
  for (const key of Object.keys(OUTLIER_FIXES) as (keyof OutlierDetectionModel)[]) {
    const value = o[key];
    if (value === undefined) continue;
    const [name, reason, fix] = OUTLIER_FIXES[key]!;
    unsupported(`outlierDetection.${name}`, key.endsWith('Ms') ? Duration.millis(value) : value, reason, fix);
  }
  // Linkerd drops the whole failure-accrual config when the min penalty exceeds the max penalty.
  const maxPenalty = linkerd.options.failureAccrual?.maxPenalty;
  const maxMs = maxPenalty === undefined ? 60_000 : maxPenalty.toMilliseconds({ integral: false });
  const minMs = o.baseEjectionTimeMs ?? 1_000;
  if (minMs > maxMs) {
    if (maxPenalty === undefined) {
      r.fail('outlierDetection.baseEjectionTime', Duration.millis(minMs),
        'longer than Linkerd\'s default max penalty of 60s, so Linkerd would ignore the whole failure-accrual config',
        'shorten it, or raise failureAccrual.maxPenalty in Mesh.linkerd()');
    }
    r.fail('mesh.failureAccrual.maxPenalty', maxPenalty,
      `shorter than the min penalty of ${minMs}ms (outlierDetection.baseEjectionTime, else Linkerd's 1s), so Linkerd would ignore the whole failure-accrual config`,
      'make it at least the min penalty');
  }
}

/** Options that only mean something with certain props or in one mode: never silently unused. */
function checkOptionsAgainstModel(r: Reporter, model: ServiceModel, linkerd: LinkerdProvider): void {
  const o = linkerd.options;
  if (o.failureAccrual !== undefined && model.outlierDetection?.consecutive5xxErrors === undefined && linkerd.mode === LinkerdMode.GATEWAY_API) {
    r.fail('mesh.failureAccrual', o.failureAccrual, 'failure accrual is only turned on by outlierDetection.consecutive5xxErrors',
      'set outlierDetection.consecutive5xxErrors, or remove failureAccrual');
  }
  if (o.probeNetworks !== undefined && model.healthPort !== undefined) {
    r.fail('mesh.probeNetworks', o.probeNetworks, 'unused: with healthPort the probes bypass the proxy (config.linkerd.io/skip-inbound-ports)',
      'remove probeNetworks, or remove healthPort to authorize probes through the proxy');
  }
}

/**
 * Checks the options alone, when `Mesh.linkerd()` makes the provider: errors name the factory
 * (`Mesh.linkerd: invalid release ...`). Checks against a service's props run in checkModel().
 */
export function checkOptions(linkerd: LinkerdProvider): void {
  const r = new Reporter('Mesh.linkerd');
  const unsupportedInMode = (prop: string, value: unknown, reason: string, fix: string, subject = prop): never =>
    r.fail(prop, value, `${subject} is not supported on Linkerd in ${linkerd.mode} mode (${reason})`, fix);
  const o = object(r, 'options', linkerd.options,
    'pass Mesh.linkerd({ release?, grpcRouteVersion?, split?, mode?, clusterDomain?, retryBudget?, failureAccrual?, probeNetworks? })');
  knownKeys(r, '', o, Object.values(OPTION_KEYS), 'a Linkerd option', 'the options are');
  if (!Object.values(LinkerdMode).includes(linkerd.mode)) {
    r.fail('mode', linkerd.mode, 'unknown Linkerd mode', 'use LinkerdMode.GATEWAY_API or LinkerdMode.SERVICE_PROFILE');
  }
  if (!isDnsSubdomain(linkerd.clusterDomain)) {
    r.fail('clusterDomain', linkerd.clusterDomain, 'not a DNS domain', 'use the cluster\'s DNS domain, e.g. "cluster.local"');
  }
  if (o.retryBudget !== undefined) {
    object(r, 'retryBudget', o.retryBudget, 'pass { retryRatio?, minRetriesPerSecond?, ttl? }, or remove retryBudget for the default budget');
    knownKeys(r, 'retryBudget', o.retryBudget, Object.values(RETRY_BUDGET_KEYS), 'a retry budget option', 'the retry budget options are');
    if (linkerd.mode === LinkerdMode.GATEWAY_API) {
      unsupportedInMode('retryBudget', o.retryBudget,
        'GRPCRoute retries are bounded by retry.linkerd.io/limit per call, not by a budget',
        'remove retryBudget, or use LinkerdMode.SERVICE_PROFILE', 'a retry budget');
    }
    checkRetryBudget(r, o.retryBudget);
  }
  const fa = o.failureAccrual;
  if (fa !== undefined) {
    object(r, 'failureAccrual', fa, 'pass { maxPenalty?, jitterRatio? }, or remove failureAccrual for Linkerd\'s defaults');
    knownKeys(r, 'failureAccrual', fa, Object.values(FAILURE_ACCRUAL_KEYS), 'a failure accrual option', 'the failure accrual options are');
    if (fa.maxPenalty !== undefined) millis(r, 'failureAccrual.maxPenalty', fa.maxPenalty);
    if (fa.jitterRatio !== undefined && (typeof fa.jitterRatio !== 'number' || !Number.isFinite(fa.jitterRatio) || fa.jitterRatio < 0 || fa.jitterRatio > 100)) {
      r.fail('failureAccrual.jitterRatio', fa.jitterRatio, 'not a ratio from 0 to 100', 'set a number from 0 to 100, e.g. 0.5');
    }
  }
  if (!Array.isArray(linkerd.probeNetworks) || linkerd.probeNetworks.length === 0) {
    r.fail('probeNetworks', o.probeNetworks, 'no networks', 'list the CIDRs the kubelet probes come from, e.g. the node network');
  }
  linkerd.probeNetworks.forEach((cidr, i) => {
    if (typeof cidr !== 'string' || !CIDR.test(cidr)) {
      r.fail(`probeNetworks[${i}]`, cidr, 'not a CIDR', 'use an IPv4 or IPv6 network such as "10.0.0.0/8"');
    }
  });
  checkRelease(r, linkerd);
  if (o.clusterDomain !== undefined && linkerd.mode === LinkerdMode.GATEWAY_API) {
    unsupportedInMode('clusterDomain', o.clusterDomain, 'GRPCRoutes name Services, not host names; only the ServiceProfile name uses it',
      'remove clusterDomain, or use LinkerdMode.SERVICE_PROFILE', 'a cluster domain');
  }
  if (o.failureAccrual !== undefined && linkerd.mode === LinkerdMode.SERVICE_PROFILE) {
    unsupportedInMode('failureAccrual', o.failureAccrual, 'with a ServiceProfile the proxy balances without failure accrual',
      `remove failureAccrual, ${gatewayApiFix(linkerd)}`, 'failure accrual');
  }
}

/** The release, and the options that depend on what it serves. */
function checkRelease(r: Reporter, linkerd: LinkerdProvider): void {
  if (!Object.values(LinkerdRelease).includes(linkerd.release)) {
    r.fail('release', linkerd.release, 'unknown Linkerd release',
      'use LinkerdRelease.V2_18_OR_LATER, LinkerdRelease.V2_16_TO_2_17 or LinkerdRelease.V2_15');
  }
  const apis = linkerd.apis;
  const o = linkerd.options;
  if (!Object.values(LinkerdSplit).includes(linkerd.split)) {
    r.fail('split', linkerd.split, 'unknown split', 'use LinkerdSplit.DST_OVERRIDES or LinkerdSplit.SMI_TRAFFIC_SPLIT');
  }
  if (o.split !== undefined && linkerd.mode === LinkerdMode.GATEWAY_API) {
    r.fail('split', o.split, `a split is not supported on Linkerd in ${linkerd.mode} mode (the GRPCRoutes' weighted backendRefs split the calls)`,
      'remove split, or use LinkerdMode.SERVICE_PROFILE');
  }
  if (!apis.grpcRoutes) {
    if (linkerd.mode === LinkerdMode.GATEWAY_API) {
      r.fail('mode', linkerd.mode, `GATEWAY_API mode is not supported on ${apis.name} (it serves no GRPCRoute: Linkerd reads GRPCRoutes from 2.16)`,
        'use LinkerdMode.SERVICE_PROFILE (the default on Linkerd 2.15), or upgrade to Linkerd 2.16 or later');
    }
    if (o.grpcRouteVersion !== undefined) {
      r.fail('grpcRouteVersion', o.grpcRouteVersion, `a GRPCRoute version is not supported on ${apis.name} (its policy controller reads no GRPCRoute)`,
        'remove grpcRouteVersion');
    }
    return;
  }
  if (!Object.values(GrpcRouteVersion).includes(linkerd.grpcRouteVersion!)) {
    r.fail('grpcRouteVersion', linkerd.grpcRouteVersion, 'unknown GRPCRoute version', 'use GrpcRouteVersion.V1 or GrpcRouteVersion.V1ALPHA2');
  }
  if (linkerd.release === LinkerdRelease.V2_18_OR_LATER && linkerd.grpcRouteVersion === GrpcRouteVersion.V1ALPHA2) {
    r.fail('grpcRouteVersion', linkerd.grpcRouteVersion,
      `GRPCRoute v1alpha2 is not supported on ${apis.name} (it bundles Gateway API 1.1, and Gateway API 1.2 and later no longer serve v1alpha2)`,
      'remove grpcRouteVersion (v1 is the default on Linkerd 2.18 and later)');
  }
}

/** Rejects a key an options object does not declare (a typo would be ignored), suggesting the closest one. */
function checkRetryBudget(r: Reporter, b: RetryBudgetOptions): void {
  // The proxy ignores a budget outside these bounds, and then never retries.
  if (b.retryRatio !== undefined && (typeof b.retryRatio !== 'number' || !Number.isFinite(b.retryRatio) || b.retryRatio < 0 || b.retryRatio > 1000)) {
    r.fail('retryBudget.retryRatio', b.retryRatio, 'not a ratio from 0 to 1000', 'set the share of extra calls retries may add, e.g. 0.2');
  }
  if (b.minRetriesPerSecond !== undefined && (typeof b.minRetriesPerSecond !== 'number' || !Number.isInteger(b.minRetriesPerSecond)
    || b.minRetriesPerSecond < 0 || b.minRetriesPerSecond > 2 ** 31 - 1)) {
    r.fail('retryBudget.minRetriesPerSecond', b.minRetriesPerSecond, 'not a non-negative integer', 'set a whole number of retries per second, e.g. 10');
  }
  if (b.ttl !== undefined) {
    const ms = millis(r, 'retryBudget.ttl', b.ttl);
    if (ms < 1_000 || ms > 60_000) {
      r.fail('retryBudget.ttl', b.ttl, 'not from 1s to 60s, the bounds the proxy accepts', 'set a ttl from Duration.seconds(1) to Duration.seconds(60)');
    }
  }
}
