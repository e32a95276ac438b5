import * as pol from '../../imports/policy.linkerd.io';
import { ClientKind } from '../client';
import { serviceSelector } from '../model/labels';
import { ClientModel, GrpcMatch, ServiceModel, covers } from '../model/model';
import { matchKey, routeName } from '../model/routes';
import { GRPC_PORT_NAME } from '../workload/grpc-workload';
import { POLICY_GROUP } from './grpc-route';

/** The gRPC health service the kubelet's native gRPC probes call. */
export const HEALTH_SERVICE = 'grpc.health.v1.Health';
/** The one method of it the kubelet calls (`Watch` and `List` stay behind mTLS). */
export const HEALTH_CHECK_METHOD = 'Check';
/** The match of the probe route: `grpc.health.v1.Health/Check` only. */
const PROBE_MATCH: GrpcMatch = { service: HEALTH_SERVICE, method: HEALTH_CHECK_METHOD };
const PROBE_KEY = matchKey(PROBE_MATCH);
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** The kind of the inbound routes: GRPCRoute from Linkerd 2.16, Linkerd's own HTTPRoute on 2.15. */
export interface InboundRouteKind {
  readonly group: string;
  readonly kind: string;
}
export const INBOUND_GRPC_ROUTE: InboundRouteKind = { group: GATEWAY_GROUP, kind: 'GRPCRoute' };
export const INBOUND_HTTP_ROUTE: InboundRouteKind = { group: POLICY_GROUP, kind: 'HTTPRoute' };

/**
 * What the policies and authentications of an inbound target add to its name: `<target>-<suffix>`.
 * Inbound route names leave room for the longest, so that every object name fits in 63 characters.
 */
export const INBOUND_SUFFIXES = { clients: 'clients', anyMeshWorkload: 'any-mesh-workload', probes: 'probes' } as const;
const LONGEST_SUFFIX = Math.max(...Object.values(INBOUND_SUFFIXES).map((s) => s.length));

/**
 * What an AuthorizationPolicy targets: the service's Server, or one inbound GRPCRoute parented on it.
 *
 * Linkerd authorizes a call by the route it matches once any route is attached to the Server (a call
 * matching no route is refused, and policies on the Server no longer admit it). So either every
 * policy targets the Server (no inbound routes), or every call has a route: the routes of per-method
 * rules, the probe route for `grpc.health.v1.Health/Check`, and a catch-all route for the rest.
 */
export interface InboundTarget {
  /** The object name: the Server's, or the inbound GRPCRoute's. */
  readonly name: string;
  /** Whether the target is an inbound GRPCRoute (else the Server). */
  readonly isRoute: boolean;
  /** The route's method match; undefined for the Server and for the catch-all route. */
  readonly match?: GrpcMatch;
  /** The clients admitted to the calls of this target (mTLS identities). */
  readonly clients: ClientModel[];
  /**
   * Whether the kubelet's probes are admitted too (from the probe networks, without mTLS): only on
   * the route of `grpc.health.v1.Health/Check`, the one method the kubelet calls.
   */
  readonly probes: boolean;
}

/**
 * The AuthorizationPolicy targets for the model; the Server is named after the service. Inbound
 * routes are `<service>-inbound-<label>`: `health` for the probe route, `default` for the catch-all,
 * else the match as a slug, truncated and hashed as `routeName()` does so that the longest name built
 * on it (`-any-mesh-workload`) fits in 63 characters. Labels avoid `reserved` (the outbound
 * GRPCRoutes' names) and each other with a hash.
 */
export function planInbound(model: ServiceModel, reserved: ReadonlySet<string> = new Set()): InboundTarget[] {
  const rules = model.authorization.rules;
  const probes = model.healthPort === undefined;
  const matches = uniqueMatches(rules.flatMap((rule) => rule.methods));
  const wholeService = rules.filter((rule) => rule.methods.length === 0).flatMap((rule) => rule.clients);

  if (!probes && matches.length === 0) {
    return [{ name: model.name, isRoute: false, clients: uniqueClients(wholeService), probes: false }];
  }

  // Only Check: Watch and List (server streaming, the service's status) need an mTLS identity.
  if (probes && !matches.some((m) => matchKey(m) === PROBE_KEY)) matches.push(PROBE_MATCH);
  const prefix = `${model.name}-inbound`;
  const used = new Set<string>([...reserved].filter((n) => n.startsWith(`${prefix}-`)).map((n) => n.slice(prefix.length + 1)));
  // routeName() fits `<prefix>-<label>` in 63 characters: give it a prefix as long as everything
  // around the label in the longest name, `<service>-inbound-<label>-any-mesh-workload`.
  const room = `${prefix}${'-'.repeat(LONGEST_SUFFIX + 1)}`;
  // The fixed labels first, so that no slug takes them; a key with a colon is no gRPC name.
  const fixed = (label: string) => (used.has(label) ? routeName(room, `:${label}`, used) : (used.add(label), label));
  const labels = new Map<string, string>([['', fixed('default')], ...(probes ? [[PROBE_KEY, fixed('health')] as [string, string]] : [])]);
  const label = (key: string) => labels.get(key) ?? routeName(room, key, used);
  const targets: InboundTarget[] = matches.map((match) => ({
    name: `${prefix}-${label(matchKey(match))}`,
    isRoute: true,
    match,
    // A call to this route's match is admitted by the whole-service rules and by every rule that
    // lists this method, or the whole service this method belongs to.
    clients: uniqueClients([
      ...wholeService,
      ...rules.filter((rule) => rule.methods.some((m) => covers(m, match))).flatMap((rule) => rule.clients),
    ]),
    probes: probes && matchKey(match) === PROBE_KEY,
  }));
  targets.push({ name: `${prefix}-${labels.get('')!}`, isRoute: true, clients: uniqueClients(wholeService), probes: false });
  return targets;
}

/**
 * The Server: the gRPC container port of the service's pods, spoken as gRPC, denied unless
 * authorized. `accessPolicy` exists from v1beta3 (Linkerd 2.16); a v1beta2 Server (2.15) denies
 * every call no policy authorizes anyway.
 */
export function renderServerSpec(model: ServiceModel, accessPolicy = true): pol.ServerSpec {
  return {
    podSelector: { matchLabels: serviceSelector(model) },
    port: GRPC_PORT_NAME,
    proxyProtocol: 'gRPC',
    ...(accessPolicy ? { accessPolicy: 'deny' } : {}),
  };
}

/** The identityRefs of the service-account and namespace clients, if any. */
export function renderIdentityRefsSpec(clients: ClientModel[]): pol.MeshTlsAuthenticationSpec | undefined {
  const refs = clients.flatMap((c): pol.MeshTlsAuthenticationSpecIdentityRefs[] => {
    if (c.kind === ClientKind.SERVICE_ACCOUNT) return [{ kind: 'ServiceAccount', name: c.name!, namespace: c.namespace! }];
    if (c.kind === ClientKind.NAMESPACE) return [{ kind: 'Namespace', name: c.namespace! }];
    return [];
  });
  return refs.length ? { identityRefs: refs } : undefined;
}

/** Every meshed client (any mTLS identity), when a client is `Client.anyMeshWorkload()`. */
export function renderAnyMeshWorkloadSpec(clients: ClientModel[]): pol.MeshTlsAuthenticationSpec | undefined {
  return clients.some((c) => c.kind === ClientKind.ANY_MESH_WORKLOAD) ? { identities: ['*'] } : undefined;
}

/** The networks the kubelet's probes come from. */
export function renderProbeNetworksSpec(networks: string[]): pol.NetworkAuthenticationSpec {
  return { networks: networks.map((cidr) => ({ cidr })) };
}

/** An AuthorizationPolicy admitting one authentication to a target. */
export function renderAuthorizationPolicySpec(
  target: InboundTarget, authentication: { kind: 'MeshTLSAuthentication' | 'NetworkAuthentication'; name: string },
  routeKind: InboundRouteKind = INBOUND_GRPC_ROUTE,
): pol.AuthorizationPolicySpec {
  return {
    targetRef: target.isRoute
      ? { group: routeKind.group, kind: routeKind.kind, name: target.name }
      : { group: POLICY_GROUP, kind: 'Server', name: target.name },
    requiredAuthenticationRefs: [{ group: POLICY_GROUP, kind: authentication.kind, name: authentication.name }],
  };
}

/** The distinct matches, exact methods before whole services (the more specific route wins anyway). */
function uniqueMatches(matches: GrpcMatch[]): GrpcMatch[] {
  const byKey = new Map<string, GrpcMatch>();
  for (const m of matches) if (!byKey.has(matchKey(m))) byKey.set(matchKey(m), m);
  const all = [...byKey.values()];
  return [...all.filter((m) => m.method), ...all.filter((m) => !m.method)];
}

function uniqueClients(clients: ClientModel[]): ClientModel[] {
  const byKey = new Map<string, ClientModel>();
  for (const c of clients) {
    const key = `${c.kind}/${c.namespace ?? ''}/${c.name ?? ''}`;
    if (!byKey.has(key)) byKey.set(key, c);
  }
  return [...byKey.values()];
}

