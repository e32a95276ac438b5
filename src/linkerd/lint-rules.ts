import { RouteModel } from '../model/model';
import { Streaming } from '../options';
import { LintContext, LintRule, LintSeverity } from '../lint/lint-rule';
import { at, named, namespaceOf, ofKind, plain, retriesResourceExhausted, routeLabel, selects } from '../lint/objects';

const isLinkerd = (ctx: LintContext) => ofKind(ctx, 'Deployment').some(
  (d) => d.spec?.template?.metadata?.annotations?.['linkerd.io/inject'] === 'enabled',
);

/** Linkerd's route timeouts that end a call however long it streams (the idle timeout does not). */
const LINKERD_STREAM_CUTTING_TIMEOUTS = ['timeout.linkerd.io/request', 'timeout.linkerd.io/response'];

/** The outbound GRPCRoutes (named `<service>-<route>`) with the route of the model each renders. */
function linkerdRoutes(ctx: LintContext): { object: any; route: RouteModel; annotations: { [k: string]: string } }[] {
  const byName = new Map(ctx.model.routes.map((r) => [`${ctx.model.name}-${r.name}`, r]));
  return ofKind(ctx, 'GRPCRoute')
    .filter((o) => (o.spec?.parentRefs ?? []).some((p: any) => p.kind === 'Service') && byName.has(o.metadata?.name))
    .map((o) => ({ object: o, route: byName.get(o.metadata.name)!, annotations: o.metadata.annotations ?? {} }));
}

// GM112: whether the kubelet's native gRPC probes get through a pod's Linkerd proxy. The kubelet
// calls grpc.health.v1.Health/Check without mTLS, from the node. A Server on the probe's port
// overrides the pod's default policy: its accessPolicy (default `deny` in the pinned v1beta3 CRD)
// applies to what no AuthorizationPolicy admits, and once routes are attached to it a call is
// authorized by the policies of the route it matches (none matched: refused).
const HEALTH_CHECK = 'grpc.health.v1.Health/Check';
/** The default policies (pod annotation or Server accessPolicy) that let a plain-text call through. */
const ADMITS_UNAUTHENTICATED = new Set(['all-unauthenticated', 'audit']);

/**
 * How specific the most specific match of a GRPCRoute rule is for a Check call (3 service and
 * method, 2 service, 1 method, 0 any call), or undefined when it does not match one. Header matches
 * never match (the kubelet sends none), nor RegularExpression ones (Linkerd rejects them).
 */
function checkSpecificity(rule: any): number | undefined {
  const matches: any[] = rule?.matches?.length ? rule.matches : [{}];
  const scores = matches.flatMap((m) => {
    if (m?.headers?.length) return [];
    const method = m?.method;
    if (!method) return [0];
    if ((method.type ?? 'Exact') !== 'Exact') return [];
    if (method.service !== undefined && method.service !== 'grpc.health.v1.Health') return [];
    if (method.method !== undefined && method.method !== 'Check') return [];
    return [(method.service === undefined ? 0 : 2) + (method.method === undefined ? 0 : 1)];
  });
  return scores.length ? Math.max(...scores) : undefined;
}

/**
 * The same for a rule of a `policy.linkerd.io` HTTPRoute (Linkerd 2.15 inbound routes, matching the
 * gRPC path `POST /grpc.health.v1.Health/Check`): 3 exact path, 2 a longer path prefix than `/`, 0
 * the prefix `/` (or no match, which the CRD defaults to it); headers, query parameters and regular
 * expressions never count as a match.
 */
function checkSpecificityHttp(rule: any): number | undefined {
  const path = `/${HEALTH_CHECK}`;
  const matches: any[] = rule?.matches?.length ? rule.matches : [{}];
  const scores = matches.flatMap((m) => {
    if (m?.headers?.length || m?.queryParams?.length) return [];
    if (m?.method !== undefined && m.method !== 'POST') return [];
    const type = m?.path?.type ?? 'PathPrefix';
    const value: string = m?.path?.value ?? '/';
    if (type === 'Exact') return value === path ? [3] : [];
    if (type !== 'PathPrefix') return [];
    const prefix = value.endsWith('/') ? value : `${value}/`;
    if (value === '/') return [0];
    return path.startsWith(prefix) ? [2] : [];
  });
  return scores.length ? Math.max(...scores) : undefined;
}

/** Whether an AuthorizationPolicy admits a caller without an mTLS identity: only NetworkAuthentications, or nothing, required. */
function admitsUnauthenticated(policy: any): boolean {
  const refs: any[] = policy.spec?.requiredAuthenticationRefs ?? [];
  return refs.every((ref) => ref?.kind === 'NetworkAuthentication');
}

/** The first gRPC probe of a meshed Deployment that its Linkerd policy denies, with why. */
function deniedProbe(ctx: LintContext, d: any): { port: number; why: string } | undefined {
  const template = d.spec?.template ?? {};
  const annotations = template.metadata?.annotations ?? {};
  if (annotations['linkerd.io/inject'] !== 'enabled') return undefined;
  const labels = template.metadata?.labels ?? {};
  const ns = namespaceOf(d);
  const containers: any[] = template.spec?.containers ?? [];
  const skipped = String(annotations['config.linkerd.io/skip-inbound-ports'] ?? '').split(',').map((p) => p.trim());
  const ports = containers.flatMap((c) => [c.readinessProbe, c.livenessProbe, c.startupProbe])
    .filter((p) => p?.grpc && !skipped.includes(String(p.grpc.port))).map((p) => Number(p.grpc.port));
  const policies = ofKind(ctx, 'AuthorizationPolicy', 'policy.linkerd.io').filter((a) => namespaceOf(a) === ns && admitsUnauthenticated(a));
  const targeted = (kind: string, name: string) => policies.some((a) => a.spec?.targetRef?.kind === kind && a.spec.targetRef.name === name)
    || policies.some((a) => a.spec?.targetRef?.kind === 'Namespace' && a.spec.targetRef.name === ns);

  for (const port of [...new Set(ports)]) {
    const named = new Set(containers.flatMap((c) => (c.ports ?? []).filter((p: any) => p.containerPort === port).map((p: any) => p.name)));
    const server = ofKind(ctx, 'Server', 'policy.linkerd.io').find((s) => namespaceOf(s) === ns && selects(s.spec?.podSelector, labels)
      && (s.spec?.port === port || named.has(s.spec?.port)));
    if (!server) {
      const policy = annotations['config.linkerd.io/default-inbound-policy'] ?? 'all-unauthenticated';
      if (!ADMITS_UNAUTHENTICATED.has(policy)) return { port, why: `the ${policy} default inbound policy denies` };
      continue;
    }
    const access = server.spec?.accessPolicy ?? 'deny';
    const serverName = server.metadata.name;
    // GRPCRoutes from Linkerd 2.16; Linkerd's own HTTPRoutes on 2.15.
    const routes = [...ofKind(ctx, 'GRPCRoute'), ...ofKind(ctx, 'HTTPRoute', 'policy.linkerd.io')].filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => p.kind === 'Server'
      && (p.group ?? 'policy.linkerd.io') === 'policy.linkerd.io' && p.name === serverName && (p.namespace ?? namespaceOf(r)) === ns));
    if (routes.length === 0) {
      if (ADMITS_UNAUTHENTICATED.has(access) || targeted('Server', serverName)) continue;
      return { port, why: `Server ${serverName} denies (accessPolicy ${access}, and no AuthorizationPolicy on it admits callers without mTLS)` };
    }
    // Linkerd takes the most specific match.
    const score = (r: any, rule: any) => (r.kind === 'GRPCRoute' ? checkSpecificity(rule) : checkSpecificityHttp(rule));
    const scored = routes.map((r) => ({ r, score: Math.max(-1, ...(r.spec?.rules ?? []).map((rule: any) => score(r, rule) ?? -1)) }));
    const best = Math.max(...scored.map((x) => x.score));
    const kinds = [...new Set(routes.map((r) => r.kind as string))].join(' or ');
    if (best < 0) return { port, why: `Server ${serverName} refuses: no ${kinds} on it matches ${HEALTH_CHECK}` };
    const winners = scored.filter((x) => x.score === best).map((x) => x.r);
    if (ADMITS_UNAUTHENTICATED.has(access) || winners.some((r) => targeted(r.kind, r.metadata.name))) continue;
    return {
      port,
      why: `Server ${serverName} denies: ${HEALTH_CHECK} takes ${winners.map((r) => `${r.kind} ${r.metadata.name}`).join(', ')}, and no AuthorizationPolicy on it admits callers without mTLS`,
    };
  }
  return undefined;
}

/** Linkerd's lint rules: the checks of its objects. */
export const LINKERD_LINT_RULES: LintRule[] = [
  {
    code: 'GM101', rule: 'weights-sum', severity: LintSeverity.ERROR,
    description: 'the weights of a TrafficSplit do not sum to 100',
    check: plain((ctx) => ofKind(ctx, 'TrafficSplit').flatMap((ts) => {
      const total = (ts.spec?.backends ?? []).reduce((a: number, b: any) => a + Number(b.weight ?? 0), 0);
      return total === 100 ? [] : [`TrafficSplit ${ts.metadata.name} weights sum to ${total}; make them add up to 100`];
    })),
  },
  {
    code: 'GM105', rule: 'streaming-timeout', severity: LintSeverity.ERROR,
    description: 'a GRPCRoute of a streaming method has a request or response timeout annotation (a patch), which cuts its streams',
    check: named((ctx) => linkerdRoutes(ctx).filter(({ route, annotations }) => route.streaming !== Streaming.UNARY
      && LINKERD_STREAM_CUTTING_TIMEOUTS.some((a) => annotations[a] !== undefined))
      .map(({ object, route, annotations }) => ({ routeName: route.name, message: `GRPCRoute ${object.metadata.name} is a streaming method with a ${LINKERD_STREAM_CUTTING_TIMEOUTS.filter((a) => annotations[a] !== undefined).join(', ')} annotation; remove it` }))),
  },
  {
    code: 'GM106', rule: 'retry-resource-exhausted', severity: LintSeverity.WARNING,
    description: 'a GRPCRoute retries resource-exhausted where the props did not ask for it (a patch), which amplifies overload',
    check: named((ctx) => linkerdRoutes(ctx)
      .filter(({ route, annotations }) => String(annotations['retry.linkerd.io/grpc'] ?? '').split(',').includes('resource-exhausted') && !retriesResourceExhausted(ctx, route.name))
      .map(({ object, route }) => ({ routeName: route.name, message: `GRPCRoute ${object.metadata.name} retries resource-exhausted, which adds load to an overloaded server; drop it from retry.linkerd.io/grpc` }))),
  },
  {
    code: 'GM110', rule: 'linkerd-app-protocol-grpc', severity: LintSeverity.ERROR,
    description: '`appProtocol: grpc` on Linkerd makes the port opaque TCP (no per-request balancing, routes ignored)',
    check: plain((ctx) => (isLinkerd(ctx) ? ofKind(ctx, 'Service') : []).flatMap((s) => (s.spec?.ports ?? [])
      .filter((p: any) => p.appProtocol === 'grpc')
      .map((p: any) => `Service ${s.metadata.name} port ${p.name ?? p.port} has appProtocol grpc, which Linkerd treats as opaque; use kubernetes.io/h2c`))),
  },
  {
    code: 'GM111', rule: 'serviceprofile-and-routes', severity: LintSeverity.ERROR,
    description: 'a ServiceProfile and GRPCRoutes for the same Service (the ServiceProfile silently wins)',
    check: plain((ctx) => {
      if (ofKind(ctx, 'ServiceProfile').length === 0) return [];
      return ofKind(ctx, 'GRPCRoute').filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => p.kind === 'Service' && (p.group ?? '') === ''))
        .map((r) => `GRPCRoute ${r.metadata.name} routes a Service that also has a ServiceProfile, which overrides it; emit one or the other`);
    }),
  },
  {
    code: 'GM112', rule: 'linkerd-probes-denied', severity: LintSeverity.ERROR,
    description: 'native gRPC probes under a Linkerd policy that denies them (no skipped health port, no probe authorization)',
    check: plain((ctx) => ofKind(ctx, 'Deployment').flatMap((d) => {
      const denied = deniedProbe(ctx, d);
      return denied
        ? [`Deployment ${d.metadata.name} has gRPC probes on port ${denied.port} that ${denied.why}; set healthPort (skipped by the proxy) or authorize ${HEALTH_CHECK} from the probe networks (an AuthorizationPolicy with a NetworkAuthentication)`]
        : [];
    })),
  },
  {
    code: 'GM113', rule: 'grpcroute-limits', severity: LintSeverity.ERROR,
    description: 'a GRPCRoute has more than 16 rules, 64 matches in a rule or 128 matches in all',
    check: plain((ctx) => ofKind(ctx, 'GRPCRoute').flatMap((r) => {
      const rules: any[] = r.spec?.rules ?? [];
      const matches = rules.reduce((a, rule) => a + (rule.matches?.length ?? 0), 0);
      const found: string[] = [];
      if (rules.length > 16) found.push(`GRPCRoute ${r.metadata.name} has ${rules.length} rules, more than 16; split it`);
      if (rules.some((rule) => (rule.matches?.length ?? 0) > 64)) found.push(`GRPCRoute ${r.metadata.name} has a rule with more than 64 matches; split it`);
      if (matches > 128) found.push(`GRPCRoute ${r.metadata.name} has ${matches} matches, more than 128; split it`);
      return found;
    })),
  },
  {
    code: 'GM115', rule: 'legacy-retry-semantics', severity: LintSeverity.WARNING,
    description: 'in Linkerd legacy mode a retryable route is retried within the retry budget on Linkerd\'s fixed gRPC codes, not `attempts` times',
    check: (ctx) => (ofKind(ctx, 'ServiceProfile').length === 0 ? [] : ctx.model.routes.filter((r) => r.retry && r.retryExplicit).map(
      (r) => at(r, `${routeLabel(r.prop)} asks for ${r.retry!.attempts} retries, but a ServiceProfile retries within the retry budget on UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS; tune Mesh.linkerd({ retryBudget }), or use LinkerdMode.GATEWAY_API (Linkerd 2.16 and later) for per-call limits`),
    )),
  },
];
