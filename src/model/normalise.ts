import { Cpu, ContainerResources } from 'cdk8s-plus-27';
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { AccessLogFilter } from '../access-log-filter';
import { normaliseDelivery } from '../delivery/normalise-delivery';
import { Client, ClientKind } from '../client';
import { Reporter, renderValue } from '../errors';
import type { GrpcMeshServiceProps } from '../grpc-mesh-service';
import { LoadBalancer, LoadBalancerKind } from '../load-balancer';
import { MutualTlsMode } from '../options';
import { GrpcProbeOptions } from '../probe';
import { celSyntaxError } from './cel-syntax';
import {
  array, dns1035Label, dnsLabel, object, dnsSubdomain, hostName, imageReference, integer, labelSelector, millis, nonEmptyString,
  percentage, port, seconds,
} from './checks';
import {
  ApiMethodModel, AuthorizationModel, ClientModel, ConnectionPoolModel, GrpcMatch, IngressModel, LoadBalancerModel,
  OutlierDetectionModel, ProbeModel, ServiceModel, TelemetryModel, VersionModel, covers,
} from './model';
import { normaliseAcknowledgements } from './acknowledgements';
import { normaliseApiRoutes, requireDeclared } from './api-routes';
import { matchKey, normaliseRoutes, normaliseUndeclared, parseGrpcName } from './routes';
import {
  normaliseDrain, normaliseHealthPortPolicy, normaliseJwt, normaliseScaling, normaliseTopologySpread,
} from '../workload/normalise-workload';

export const DEFAULT_PORT = 50051;
export const DEFAULT_REPLICAS = 2;
export const DEFAULT_RESOURCES: ContainerResources = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
};

/** Checks the props once and turns them into the mesh-neutral model. */
export function normalise(path: string, name: string, namespace: string, props: GrpcMeshServiceProps): ServiceModel {
  const r = new Reporter(path);
  if (!props || typeof props !== 'object') r.fail('props', props, 'missing', 'pass the GrpcMeshService props');
  dns1035Label(r, props.serviceName === undefined ? 'id (the service name)' : 'serviceName', name);
  dnsLabel(r, 'namespace', namespace);
  const servicePort = port(r, 'port', props.port ?? DEFAULT_PORT);
  const healthPort = props.healthPort === undefined ? undefined : port(r, 'healthPort', props.healthPort);
  if (healthPort === servicePort) {
    r.fail('healthPort', healthPort, 'the same as port', 'pick a separate port for health checks, or leave healthPort unset');
  }

  const versions = normaliseVersions(r, name, props);
  const versionNames = versions.map((v) => v.name);
  const probePort = healthPort ?? servicePort;
  const undeclared = normaliseUndeclared(r, props.undeclaredMethods);
  const api = props.api === undefined
    ? undefined
    : normaliseApiRoutes(r, name, versionNames, props.defaultRoute, props.methods, props.api, undeclared);

  const routes = api ? api.routes : normaliseRoutes(r, name, versionNames, props.defaultRoute, props.methods, undeclared);
  return {
    path,
    name,
    namespace,
    port: servicePort,
    healthPort,
    serviceAccountName: name,
    versions,
    readinessProbe: normaliseProbe(r, 'readinessProbe', props.readinessProbe, probePort, 5, 10),
    livenessProbe: normaliseProbe(r, 'livenessProbe', props.livenessProbe, probePort, 15, 20),
    routes,
    connectionPool: normaliseConnectionPool(r, props),
    loadBalancer: normaliseLoadBalancer(r, props.loadBalancer),
    outlierDetection: normaliseOutlierDetection(r, props),
    mtls: normaliseMtls(r, props.mtls),
    authorization: normaliseAuthorization(r, props, namespace),
    telemetry: normaliseTelemetry(r, props),
    ingress: normaliseIngress(r, props, api?.methods),
    ...(api ? { apiMethods: api.methods } : {}),
    topologySpread: normaliseTopologySpread(r, props),
    drain: normaliseDrain(r, props, routes),
    healthPortPolicy: normaliseHealthPortPolicy(r, props, healthPort),
    lintAcknowledgements: normaliseAcknowledgements(r, props.lintAcknowledgements, routes),
    ...(props.delivery === undefined ? {} : { delivery: normaliseDelivery(r, props.delivery) }),
  };
}

function normaliseVersions(r: Reporter, serviceName: string, props: GrpcMeshServiceProps): VersionModel[] {
  const list = array(r, 'versions', props.versions, 'pass a list of versions such as [{ name: "v1" }]');
  if (list.length === 0) {
    r.fail('versions', props.versions, 'no versions', 'declare at least one version, e.g. [{ name: "v1", image: "registry/app:v1" }]');
  }
  const names = new Set<string>();
  return list.map((v, i) => {
    const prop = `versions[${i}]`;
    if (!v || typeof v !== 'object') r.fail(prop, v, 'not a version', 'pass { name: "v1", image?, replicas?, resources? }');
    const versionName = dnsLabel(r, `${prop}.name`, v.name);
    // `<service>-<version>` names the Deployment and, on Linkerd, a Service: a 63-character label.
    if (serviceName.length + 1 + versionName.length > 63) {
      r.fail(`${prop}.name`, v.name, `"${serviceName}-${versionName}" is longer than 63 characters`, 'shorten the service or the version name');
    }
    if (names.has(versionName)) r.fail(`${prop}.name`, v.name, 'declared twice', 'give each version a unique name');
    names.add(versionName);
    const image = v.image ?? props.image;
    if (image === undefined) {
      r.fail(`${prop}.image`, undefined, 'no image for this version', 'set image on the version or a service-wide image');
    }
    imageReference(r, v.image === undefined ? 'image' : `${prop}.image`, image);
    const resources = v.resources ?? props.resources;
    if (resources !== undefined) checkResources(r, v.resources === undefined ? 'resources' : `${prop}.resources`, resources);
    const scaling = normaliseScaling(r, prop, v, props, resources ?? DEFAULT_RESOURCES, DEFAULT_REPLICAS);
    return { name: versionName, image, resources: resources ?? DEFAULT_RESOURCES, ...scaling };
  });
}

/** Resources as cdk8s-plus takes them; an empty object would leave the container without requests and limits. */
function checkResources(r: Reporter, prop: string, resources: ContainerResources): void {
  const fix = 'pass { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) } }';
  object(r, prop, resources, fix);
  const set = (['cpu', 'memory', 'ephemeralStorage'] as const).filter((k) => resources[k] !== undefined);
  if (set.length === 0) r.fail(prop, resources, 'sets no requests or limits', `${fix}, or leave it unset for the defaults`);
  for (const key of set) {
    const pair = object(r, `${prop}.${key}`, resources[key], 'pass { request?, limit? }')!;
    const amounts = (['request', 'limit'] as const).map((bound) => {
      const value = pair[bound];
      return value === undefined ? undefined : resourceAmount(r, `${prop}.${key}.${bound}`, key, value);
    });
    const [request, limit] = amounts;
    if (request !== undefined && limit !== undefined && request > limit) {
      r.fail(`${prop}.${key}.request`, pair.request, `more than the limit ${renderValue(pair.limit)}`,
        'set a request at most the limit (the API server rejects a request above its limit)');
    }
  }
}

/** How cdk8s-plus writes each resource: CPU as given, memory in whole Mi, ephemeral storage in whole Gi. */
const SIZE_UNITS = { memory: ['Mi', 1024], ephemeralStorage: ['Gi', 1024 * 1024] } as const;

/** A request or a limit, in millicores or KiB, checked to be what cdk8s-plus can write. */
function resourceAmount(r: Reporter, prop: string, key: 'cpu' | 'memory' | 'ephemeralStorage', value: unknown): number {
  if (key === 'cpu') {
    const amount = value instanceof Cpu ? value.amount : undefined;
    const m = typeof amount === 'string' ? /^(\d+(\.\d+)?)(m?)$/.exec(amount) : null;
    if (!m || (m[3] === 'm' && m[2] !== undefined)) {
      r.fail(prop, value, 'not a CPU amount', 'use Cpu.millis(n) with a whole n, or Cpu.units(n), from cdk8s-plus-27');
    }
    return m[3] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
  }
  const [unit, kib] = SIZE_UNITS[key];
  if (!(value instanceof Size)) r.fail(prop, value, 'not a Size', `use Size.mebibytes(n) or Size.gibibytes(n) from cdk8s`);
  const amount = value.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(amount / kib) || amount < 0) {
    r.fail(prop, value, `not a whole number of ${unit}, as cdk8s-plus writes it`, `round it to whole ${unit === 'Mi' ? 'mebibytes' : 'gibibytes'}`);
  }
  return amount;
}



function normaliseProbe(
  r: Reporter, prop: string, probe: GrpcProbeOptions | undefined, probePort: number, delay: number, period: number,
): ProbeModel {
  const p = probe === undefined ? {} : object(r, prop, probe, 'pass { service?, initialDelay?, period?, timeout?, failureThreshold? }');
  if (p.service !== undefined && typeof p.service !== 'string') {
    r.fail(`${prop}.service`, p.service, 'not a string', 'name the gRPC health service, e.g. "pkg.Service", or leave it unset');
  }
  return {
    port: probePort,
    service: p.service,
    initialDelaySeconds: seconds(r, `${prop}.initialDelay`, p.initialDelay ?? Duration.seconds(delay), 0),
    periodSeconds: seconds(r, `${prop}.period`, p.period ?? Duration.seconds(period), 1),
    timeoutSeconds: seconds(r, `${prop}.timeout`, p.timeout ?? Duration.seconds(1), 1),
    failureThreshold: integer(r, `${prop}.failureThreshold`, p.failureThreshold ?? 3, 1, 1000),
  };
}

function normaliseConnectionPool(r: Reporter, props: GrpcMeshServiceProps): ConnectionPoolModel | undefined {
  const c = props.connectionPool;
  if (c === undefined) return undefined;
  object(r, 'connectionPool', c, 'pass { maxConnections?, connectTimeout?, maxRequests?, ... }');
  if (Object.values(c).every((v) => v === undefined)) {
    r.fail('connectionPool', c, 'no limit is set', 'set at least one limit, or remove connectionPool');
  }
  const opt = <T>(key: string, value: T | undefined, check: (prop: string, v: T) => number) =>
    value === undefined ? undefined : check(`connectionPool.${key}`, value);
  const count = (prop: string, v: number) => integer(r, prop, v, 1, 2 ** 31 - 1);
  const time = (prop: string, v: Duration) => millis(r, prop, v);
  return {
    maxConnections: opt('maxConnections', c.maxConnections, count),
    connectTimeoutMs: opt('connectTimeout', c.connectTimeout, time),
    maxRequests: opt('maxRequests', c.maxRequests, count),
    maxRequestsPerConnection: opt('maxRequestsPerConnection', c.maxRequestsPerConnection, (p, v) => integer(r, p, v, 0, 2 ** 31 - 1)),
    maxConcurrentStreams: opt('maxConcurrentStreams', c.maxConcurrentStreams, count),
    idleTimeoutMs: opt('idleTimeout', c.idleTimeout, time),
    maxRetries: opt('maxRetries', c.maxRetries, (p, v) => {
      if (v === 0) r.fail(p, v, '0 means no retry budget at all on Istio (unlimited retries)', 'set at least 1, or set attempts: 0 on the routes that must not retry');
      return count(p, v);
    }),
  };
}

function normaliseLoadBalancer(r: Reporter, lb: LoadBalancer | undefined): LoadBalancerModel | undefined {
  if (lb === undefined) return undefined;
  if (!(lb instanceof LoadBalancer)) {
    r.fail('loadBalancer', lb, 'not a LoadBalancer', 'use LoadBalancer.roundRobin(), leastRequest(), random() or a consistentHashBy...() factory');
  }
  if (lb.kind === LoadBalancerKind.CONSISTENT_HASH_HEADER || lb.kind === LoadBalancerKind.CONSISTENT_HASH_COOKIE) {
    const what = lb.kind === LoadBalancerKind.CONSISTENT_HASH_HEADER ? 'header' : 'cookie';
    if (typeof lb.key !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(lb.key)) {
      r.fail('loadBalancer', lb.key, `not a valid ${what} name`, `pass a ${what} name of letters, digits and "-"`);
    }
  }
  const ttlMs = lb.ttl === undefined ? undefined : millis(r, 'loadBalancer.ttl', lb.ttl);
  return { kind: lb.kind, key: lb.key, ttlMs };
}

function normaliseOutlierDetection(r: Reporter, props: GrpcMeshServiceProps): OutlierDetectionModel | undefined {
  const o = props.outlierDetection;
  if (o === undefined) return undefined;
  object(r, 'outlierDetection', o, 'pass { consecutive5xxErrors, ... }');
  const p = (key: string) => `outlierDetection.${key}`;
  const model: OutlierDetectionModel = {
    consecutive5xxErrors: o.consecutive5xxErrors === undefined ? undefined : integer(r, p('consecutive5xxErrors'), o.consecutive5xxErrors, 1, 2 ** 31 - 1),
    consecutiveGatewayErrors: o.consecutiveGatewayErrors === undefined ? undefined : integer(r, p('consecutiveGatewayErrors'), o.consecutiveGatewayErrors, 1, 2 ** 31 - 1),
    intervalMs: o.interval === undefined ? undefined : millis(r, p('interval'), o.interval),
    baseEjectionTimeMs: o.baseEjectionTime === undefined ? undefined : millis(r, p('baseEjectionTime'), o.baseEjectionTime),
    maxEjectionPercent: o.maxEjectionPercent === undefined ? undefined : integer(r, p('maxEjectionPercent'), o.maxEjectionPercent, 0, 100),
    minHealthPercent: o.minHealthPercent === undefined ? undefined : integer(r, p('minHealthPercent'), o.minHealthPercent, 0, 100),
  };
  if (model.consecutive5xxErrors === undefined && model.consecutiveGatewayErrors === undefined) {
    r.fail('outlierDetection', o, 'no ejection trigger', 'set consecutive5xxErrors or consecutiveGatewayErrors');
  }
  return model;
}

function normaliseMtls(r: Reporter, mode: MutualTlsMode | undefined): MutualTlsMode {
  const m = mode ?? MutualTlsMode.STRICT;
  if (!Object.values(MutualTlsMode).includes(m)) {
    r.fail('mtls', m, 'unknown mutual TLS mode', 'use MutualTlsMode.STRICT or MutualTlsMode.PERMISSIVE');
  }
  return m;
}

function normaliseClient(r: Reporter, prop: string, c: Client): ClientModel {
  if (!(c instanceof Client)) {
    r.fail(prop, c, 'not a Client', 'use Client.serviceAccount(name, namespace), Client.namespace(ns) or Client.anyMeshWorkload()');
  }
  if (c.kind === ClientKind.SERVICE_ACCOUNT) dnsSubdomain(r, `${prop}.name`, c.name);
  if (c.kind !== ClientKind.ANY_MESH_WORKLOAD) dnsLabel(r, `${prop}.namespace`, c.namespace);
  return { kind: c.kind, name: c.name, namespace: c.namespace };
}

function normaliseAuthorization(r: Reporter, props: GrpcMeshServiceProps, namespace: string): AuthorizationModel {
  const a = props.authorization;
  if (a === undefined) {
    return { explicit: false, rules: [{ clients: [{ kind: ClientKind.NAMESPACE, namespace }], methods: [] }] };
  }
  object(r, 'authorization', a, 'pass { allow: [{ clients: [...] }] }');
  const rules = array(r, 'authorization.allow', a.allow, 'pass a list of allow rules, e.g. [{ clients: [Client.namespace("default")] }]');
  return {
    explicit: true,
    rules: rules.map((rule, i) => {
      const prop = `authorization.allow[${i}]`;
      object(r, prop, rule, 'pass { clients: [...], methods? }');
      const clients = array(r, `${prop}.clients`, rule.clients, 'pass a list of Client');
      if (clients.length === 0) r.fail(`${prop}.clients`, clients, 'no clients', 'name at least one Client, or remove the rule');
      const methods = grpcMatches(r, `${prop}.methods`, rule.methods, props);
      return { clients: clients.map((c, j) => normaliseClient(r, `${prop}.clients[${j}]`, c)), methods };
    }),
  };
}

/**
 * What the gateway may call: the listed methods, or with an `api` every declared method (never
 * an undeclared one, such as reflection), without the entries another entry covers.
 */
function ingressMethods(r: Reporter, methods: string[] | undefined, props: GrpcMeshServiceProps, apiMethods: ApiMethodModel[] | undefined): GrpcMatch[] {
  if (Array.isArray(methods) && methods.length === 0) {
    r.fail('ingress.methods', methods, 'no methods', 'list the methods callers outside the cluster may call, or leave methods unset for every method');
  }
  const listed = methods === undefined && apiMethods ? apiMethods.map((m) => m.match) : grpcMatches(r, 'ingress.methods', methods, props);
  return listed.filter((m) => !listed.some((other) => other !== m && !other.method && covers(other, m)));
}

/** A list of methods or whole services that calls are admitted to. */
function grpcMatches(r: Reporter, prop: string, names: string[] | undefined, props: GrpcMeshServiceProps): GrpcMatch[] {
  const seen = new Set<string>();
  return array(r, prop, names, 'pass a list of method or service names').map((m, j) => {
    const match = parseGrpcName(r, `${prop}[${j}]`, m);
    // Typo protection: a misspelt method would silently deny the calls it meant to allow.
    if (props.api) requireDeclared(r, `${prop}[${j}]`, m, match, props.api);
    if (seen.has(matchKey(match))) r.fail(`${prop}[${j}]`, m, 'listed twice', 'list each method once');
    seen.add(matchKey(match));
    return match;
  });
}

function normaliseTelemetry(r: Reporter, props: GrpcMeshServiceProps): TelemetryModel | undefined {
  const t = props.telemetry;
  if (t === undefined) return undefined;
  object(r, 'telemetry', t, 'pass { tracing?, accessLogging? }');
  if (t.tracing !== undefined) {
    object(r, 'telemetry.tracing', t.tracing, 'pass { samplingPercentage, tagGrpcMethod? }');
    if (t.tracing.tagGrpcMethod !== undefined && typeof t.tracing.tagGrpcMethod !== 'boolean') {
      r.fail('telemetry.tracing.tagGrpcMethod', t.tracing.tagGrpcMethod, 'not a boolean', 'set true or false');
    }
  }
  const tracing = t.tracing === undefined ? undefined : {
    samplingPercentage: percentage(r, 'telemetry.tracing.samplingPercentage', t.tracing.samplingPercentage),
    tagGrpcMethod: t.tracing.tagGrpcMethod ?? true,
  };
  let accessLogging: TelemetryModel['accessLogging'];
  if (t.accessLogging !== undefined) {
    if (!(t.accessLogging instanceof AccessLogFilter)) {
      r.fail('telemetry.accessLogging', t.accessLogging, 'not an AccessLogFilter', 'use AccessLogFilter.allCalls(), failedCalls() or expression(cel)');
    }
    const filter = t.accessLogging.expression;
    if (filter !== undefined) {
      nonEmptyString(r, 'telemetry.accessLogging', filter, 'pass a CEL expression such as "response.code >= 400"');
      // The built-in filters are known to parse; only a user's expression pays for loading CEL.
      const syntaxError = filter === AccessLogFilter.failedCalls().expression ? undefined : celSyntaxError(filter);
      if (syntaxError) {
        r.fail('telemetry.accessLogging', filter, `not a CEL expression (${syntaxError.split('\n')[0]})`, 'fix the expression, e.g. "response.code >= 400"');
      }
    }
    accessLogging = { filter };
  }
  if (!tracing && !accessLogging) {
    r.fail('telemetry', t, 'neither tracing nor accessLogging is set', 'set one of them, or remove telemetry');
  }
  return { tracing, accessLogging };
}

function normaliseIngress(r: Reporter, props: GrpcMeshServiceProps, apiMethods: ApiMethodModel[] | undefined): IngressModel | undefined {
  const i = props.ingress;
  if (i === undefined) return undefined;
  object(r, 'ingress', i, 'pass { hosts, tlsCredentialName, ... }');
  const hosts = array(r, 'ingress.hosts', i.hosts, 'pass a list of host names');
  if (hosts.length === 0) r.fail('ingress.hosts', hosts, 'no hosts', 'list at least one external host name');
  hosts.forEach((h, j) => {
    hostName(r, `ingress.hosts[${j}]`, h);
    if (hosts.indexOf(h) !== j) r.fail(`ingress.hosts[${j}]`, h, 'listed twice', 'list each host once');
  });
  if (i.gatewaySelector !== undefined && i.gatewaySelector !== null && typeof i.gatewaySelector === 'object' && Object.keys(i.gatewaySelector).length === 0) {
    r.fail('ingress.gatewaySelector', i.gatewaySelector, 'an empty selector selects every gateway', 'name the labels of your ingress gateway pods');
  }
  return {
    hosts: [...hosts],
    methods: ingressMethods(r, i.methods, props, apiMethods),
    tlsCredentialName: dnsSubdomain(r, 'ingress.tlsCredentialName', i.tlsCredentialName),
    // Unset: the mesh's default gateway.
    ...(i.gatewaySelector == null ? {} : {
      gatewaySelector: labelSelector(r, 'ingress.gatewaySelector', i.gatewaySelector, 'pass the labels of your ingress gateway pods, e.g. { istio: "ingressgateway" }'),
    }),
    ...(i.gatewayServiceAccount == null ? {} : { gatewayServiceAccount: dnsSubdomain(r, 'ingress.gatewayServiceAccount', i.gatewayServiceAccount) }),
    ...(i.gatewayNamespace == null ? {} : { gatewayNamespace: dnsLabel(r, 'ingress.gatewayNamespace', i.gatewayNamespace) }),
    ...(i.jwt === undefined ? {} : { jwt: normaliseJwt(r, i.jwt) }),
  };
}
