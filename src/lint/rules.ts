import { Streaming } from '../options';
import { RetryOn } from '../options';
import { RouteModel } from '../model/model';
import { matchKey } from '../model/routes';
import { DEFAULT_ROUTE } from './acknowledgement';
import { LintContext, LintMessage, LintRule, LintSeverity } from './lint-rule';

const ofKind = (ctx: LintContext, kind: string, group?: string) =>
  ctx.objects.filter((o) => o.kind === kind && (group === undefined || String(o.apiVersion).startsWith(`${group}/`)));

const isLinkerd = (ctx: LintContext) => ofKind(ctx, 'Deployment').some(
  (d) => d.spec?.template?.metadata?.annotations?.['linkerd.io/inject'] === 'enabled',
);

const routeLabel = (prop: string) => (prop === 'defaultRoute' ? 'the default route' : prop);

/** How findings name a route: `pkg.Service/Method`, `pkg.Service` or `defaultRoute`. */
export const routeKey = (route: RouteModel): string => (route.match ? matchKey(route.match) : DEFAULT_ROUTE);
/** A message about one route. */
const at = (route: RouteModel, message: string): LintMessage => ({ message, route: routeKey(route) });
/** Messages about the service as a whole or about objects. */
const plain = (check: (ctx: LintContext) => string[]) => (ctx: LintContext): LintMessage[] => check(ctx).map((message) => ({ message }));

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

const namespaceOf = (o: any): string => o.metadata?.namespace ?? 'default';

/** Whether a Kubernetes label selector selects these labels. */
function selects(selector: any, labels: { [k: string]: string }): boolean {
  if (!selector || typeof selector !== 'object') return false;
  if (!Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)) return false;
  return (selector.matchExpressions ?? []).every((e: any) => {
    const has = Object.hasOwn(labels, e.key);
    const listed = (e.values ?? []).includes(labels[e.key]);
    switch (e.operator) {
      case 'In': return has && listed;
      case 'NotIn': return !has || !listed;
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

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

/**
 * The lint rules, in code order. Codes are stable: never renumber.
 *
 * @internal
 */
export const LINT_RULES: LintRule[] = [
  {
    code: 'GM101', rule: 'weights-sum', severity: LintSeverity.ERROR,
    description: 'the weights of a VirtualService route or a TrafficSplit do not sum to 100',
    check: plain((ctx) => [
      ...ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? []).flatMap((r: any, i: number) => {
        const total = (r.route ?? []).reduce((a: number, d: any) => a + (d.weight ?? (r.route.length === 1 ? 100 : 0)), 0);
        return total === 100 ? [] : [`VirtualService ${vs.metadata.name} http[${i}] weights sum to ${total}; make them add up to 100`];
      })),
      ...ofKind(ctx, 'TrafficSplit').flatMap((ts) => {
        const total = (ts.spec?.backends ?? []).reduce((a: number, b: any) => a + Number(b.weight ?? 0), 0);
        return total === 100 ? [] : [`TrafficSplit ${ts.metadata.name} weights sum to ${total}; make them add up to 100`];
      }),
    ]),
  },
  {
    code: 'GM102', rule: 'shadowed-route', severity: LintSeverity.ERROR,
    description: 'a VirtualService route is unreachable (after a match-less route) or covered by an earlier match',
    check: plain((ctx) => ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => {
      const found: string[] = [];
      const earlier: { exact?: string; prefix?: string }[] = [];
      let catchAll = -1;
      (vs.spec?.http ?? []).forEach((r: any, i: number) => {
        if (catchAll >= 0) {
          found.push(`VirtualService ${vs.metadata.name} http[${i}] is unreachable after the match-less http[${catchAll}]; move the default route last`);
          return;
        }
        if (!r.match?.length) { catchAll = i; return; }
        for (const m of r.match) {
          const uri = m.uri ?? {};
          const covered = earlier.find((e) => (e.exact !== undefined && e.exact === uri.exact)
            || (e.prefix !== undefined && (uri.exact ?? uri.prefix ?? '').startsWith(e.prefix)));
          if (covered && Object.keys(m).length === 1) {
            found.push(`VirtualService ${vs.metadata.name} http[${i}] match ${JSON.stringify(uri)} is covered by an earlier route; order exact methods before service prefixes`);
          }
          if (Object.keys(m).length === 1) earlier.push(uri);
        }
      });
      return found;
    })),
  },
  {
    code: 'GM103', rule: 'retry-not-idempotent', severity: LintSeverity.WARNING,
    description: 'a method that is not idempotent is retried (explicit opt-in)',
    check: (ctx) => ctx.model.routes.filter((r) => r.retry && !r.idempotent).map(
      (r) => at(r, `${routeLabel(r.prop)} retries a method that is not idempotent: a retried call may run twice; remove ${r.prop}.retry unless the server deduplicates, or acknowledge it (LintAcknowledgement.ofMethod)`),
    ),
  },
  {
    code: 'GM104', rule: 'retries-exceed-timeout', severity: LintSeverity.WARNING,
    description: 'the first try and its retries (attempts + 1 tries) x per-try timeout exceed the route timeout, so the last retries never run',
    check: (ctx) => ctx.model.routes.filter((r) => r.retry?.perTryTimeoutMs !== undefined && r.timeoutMs !== undefined
      && (r.retry.attempts + 1) * r.retry.perTryTimeoutMs > r.timeoutMs).map(
      (r) => at(r, `${routeLabel(r.prop)}: ${r.retry!.attempts + 1} tries (1 + ${r.retry!.attempts} retries) x ${r.retry!.perTryTimeoutMs}ms per try exceed the ${r.timeoutMs}ms route timeout; lower attempts or perTryTimeout, or raise the timeout`),
    ),
  },
  {
    code: 'GM105', rule: 'streaming-timeout', severity: LintSeverity.ERROR,
    description: 'a streaming method has a route timeout, which cuts its streams',
    check: plain((ctx) => {
      const streaming = ctx.model.routes.filter((r) => r.streaming !== Streaming.UNARY);
      const fromModel = streaming.filter((r) => r.timeoutMs !== undefined).map((r) => `${r.prop} is streaming but has a route timeout; remove it`);
      const names = new Set(streaming.map((r) => r.name));
      const fromIstio = ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? [])
        .filter((r: any) => names.has(r.name) && r.timeout !== undefined)
        .map((r: any) => `VirtualService ${vs.metadata.name} route ${r.name} is a streaming method with timeout ${r.timeout}; remove the timeout`));
      const fromLinkerd = linkerdRoutes(ctx).filter(({ route, annotations }) => route.streaming !== Streaming.UNARY
        && LINKERD_STREAM_CUTTING_TIMEOUTS.some((a) => annotations[a] !== undefined))
        .map(({ object, annotations }) => `GRPCRoute ${object.metadata.name} is a streaming method with a ${LINKERD_STREAM_CUTTING_TIMEOUTS.filter((a) => annotations[a] !== undefined).join(', ')} annotation; remove it`);
      return [...fromModel, ...fromIstio, ...fromLinkerd];
    }),
  },
  {
    code: 'GM106', rule: 'retry-resource-exhausted', severity: LintSeverity.WARNING,
    description: 'retrying resource-exhausted amplifies overload',
    check: (ctx) => {
      const fromModel = ctx.model.routes.filter((r) => r.retry?.on.includes(RetryOn.RESOURCE_EXHAUSTED) && r.retryExplicit).map(
        (r) => at(r, `${routeLabel(r.prop)} retries resource-exhausted, which adds load to an overloaded server; drop RetryOn.RESOURCE_EXHAUSTED from ${r.prop}.retry.on`),
      );
      // Objects patched to retry it, where the props did not ask for it.
      const byName = new Map(ctx.model.routes.map((r) => [r.name, r]));
      const asked = (name: string) => byName.get(name)?.retry?.on.includes(RetryOn.RESOURCE_EXHAUSTED) ?? false;
      const fromIstio = ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? [])
        .filter((r: any) => String(r.retries?.retryOn ?? '').split(',').includes('resource-exhausted') && !asked(r.name))
        .map((r: any) => `VirtualService ${vs.metadata.name} route ${r.name} retries resource-exhausted, which adds load to an overloaded server; drop it from retryOn`));
      const fromLinkerd = linkerdRoutes(ctx)
        .filter(({ route, annotations }) => String(annotations['retry.linkerd.io/grpc'] ?? '').split(',').includes('resource-exhausted') && !asked(route.name))
        .map(({ object }) => `GRPCRoute ${object.metadata.name} retries resource-exhausted, which adds load to an overloaded server; drop it from retry.linkerd.io/grpc`);
      return [...fromModel, ...[...fromIstio, ...fromLinkerd].map((message) => ({ message }))];
    },
  },
  {
    code: 'GM107', rule: 'ejection-ejects-none', severity: LintSeverity.WARNING,
    description: 'the max ejection percent cannot eject a single endpoint with the version\'s replicas',
    check: plain((ctx) => {
      const pct = ctx.model.outlierDetection?.maxEjectionPercent;
      if (pct === undefined) return [];
      return ctx.model.versions.filter((v) => v.replicas > 0 && Math.floor(v.replicas * pct / 100) < 1).map(
        (v) => `outlierDetection.maxEjectionPercent ${pct} ejects no endpoint of version ${v.name} (${v.replicas} replicas); raise it to at least ${Math.ceil(100 / v.replicas)}`,
      );
    }),
  },
  {
    code: 'GM108', rule: 'min-health-disables-ejection', severity: LintSeverity.WARNING,
    description: 'the min health percent is so high that ejecting one endpoint turns ejection off (panic mode)',
    check: plain((ctx) => {
      const min = ctx.model.outlierDetection?.minHealthPercent;
      if (min === undefined) return [];
      return ctx.model.versions.filter((v) => v.replicas > 0 && ((v.replicas - 1) / v.replicas) * 100 < min).map(
        (v) => `outlierDetection.minHealthPercent ${min} disables ejection for version ${v.name} (${v.replicas} replicas): one ejection leaves ${Math.floor(((v.replicas - 1) / v.replicas) * 100)}% healthy; lower it`,
      );
    }),
  },
  {
    code: 'GM109', rule: 'h2-upgrade-top-level', severity: LintSeverity.WARNING,
    description: '`h2UpgradePolicy: UPGRADE` at the top level of a DestinationRule forces h2c on every port',
    check: plain((ctx) => ofKind(ctx, 'DestinationRule').filter((dr) => dr.spec?.trafficPolicy?.connectionPool?.http?.h2UpgradePolicy === 'UPGRADE').map(
      (dr) => `DestinationRule ${dr.metadata.name} sets h2UpgradePolicy UPGRADE for every port; gRPC ports are HTTP/2 already, remove it or set it per port`,
    )),
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
    code: 'GM114', rule: 'admits-nobody', severity: LintSeverity.WARNING,
    description: 'the authorization policy admits nobody',
    check: plain((ctx) => (ctx.model.authorization.rules.length === 0 && !ctx.model.ingress
      ? ['authorization.allow is empty, so every call is denied; add a rule with the clients that call this service']
      : [])),
  },
  {
    code: 'GM115', rule: 'legacy-retry-semantics', severity: LintSeverity.WARNING,
    description: 'in Linkerd legacy mode a retryable route is retried within the retry budget on Linkerd\'s fixed gRPC codes, not `attempts` times',
    check: (ctx) => (ofKind(ctx, 'ServiceProfile').length === 0 ? [] : ctx.model.routes.filter((r) => r.retry && r.retryExplicit).map(
      (r) => at(r, `${routeLabel(r.prop)} asks for ${r.retry!.attempts} retries, but a ServiceProfile retries within the retry budget on UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS; tune Mesh.linkerd({ retryBudget }), or use LinkerdMode.GATEWAY_API (Linkerd 2.16 and later) for per-call limits`),
    )),
  },
  {
    code: 'GM116', rule: 'permissive-denied-anyway', severity: LintSeverity.WARNING,
    description: 'PERMISSIVE mTLS on Istio while every authorization rule needs an mTLS identity, so plain-text callers are denied anyway',
    check: plain((ctx) => (ofKind(ctx, 'PeerAuthentication').some((p) => p.spec?.mtls?.mode === 'PERMISSIVE')
      ? ['mtls is PERMISSIVE, but every authorization rule matches mTLS identities (principals or namespaces), so plain-text callers are still denied; use STRICT, or admit plain-text callers with an AuthorizationPolicy of your own']
      : [])),
  },
  {
    code: 'GM117', rule: 'per-try-timeout-not-retried', severity: LintSeverity.WARNING,
    description: 'an Istio route (changed by a patch: the props always add `reset`) has a per-try timeout but no condition under which Envoy retries a try that timed out (`reset`, `5xx` or `gateway-error`)',
    check: plain((ctx) => ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? []).flatMap((r: any, i: number) => {
      const retries = r.retries ?? {};
      const on = String(retries.retryOn ?? '').split(',');
      if (!retries.perTryTimeout || !(retries.attempts > 0) || on.some((c) => TIMEOUT_RETRIED_ON.includes(c))) return [];
      const conditions = retries.retryOn === undefined ? 'Istio\'s default retryOn' : `retryOn "${retries.retryOn}"`;
      return [`VirtualService ${vs.metadata.name} http[${i}]: a try that reaches its ${retries.perTryTimeout} per-try timeout ends the call instead of being retried, as ${conditions} has no reset; add reset to its retryOn, or remove perTryTimeout`];
    }))),
  },
  {
    code: 'GM118', rule: 'autoscaled-from-zero', severity: LintSeverity.ERROR,
    description: 'an autoscaler with minReplicas 0: on CPU and memory it never scales up from zero pods, and a version with a weight gets calls it cannot serve',
    check: plain((ctx) => ofKind(ctx, 'HorizontalPodAutoscaler').filter((h) => h.spec?.minReplicas === 0).map((h) => {
      const version = ctx.model.versions.find((v) => `${ctx.model.name}-${v.name}` === h.spec?.scaleTargetRef?.name);
      const weight = version ? largestWeight(ctx, version.name) : undefined;
      const calls = weight ? `, yet version ${version!.name} gets ${weight.weight}% of the calls of ${routeLabel(weight.prop)}` : '';
      return `HorizontalPodAutoscaler ${h.metadata.name} has minReplicas 0: with no pod there is no CPU or memory metric, so it never scales up${calls}; set minReplicas to at least 1`;
    })),
  },
  {
    code: 'GM119', rule: 'disruption-budget-blocks-drains', severity: LintSeverity.WARNING,
    description: 'a PodDisruptionBudget that allows no eviction at the version\'s fewest pods, so every node drain waits on it',
    check: plain((ctx) => ofKind(ctx, 'PodDisruptionBudget').flatMap((pdb) => {
      const selected = ofKind(ctx, 'Deployment').filter((d) => namespaceOf(d) === namespaceOf(pdb)
        && selects(pdb.spec?.selector, d.spec?.template?.metadata?.labels ?? {}));
      const pods = selected.reduce((sum, d) => sum + fewestPods(ctx, d), 0);
      const allowed = allowedEvictions(pdb.spec, pods);
      if (pods === 0 || allowed === undefined || allowed > 0) return [];
      const limit = pdb.spec.maxUnavailable !== undefined ? `maxUnavailable ${pdb.spec.maxUnavailable}` : `minAvailable ${pdb.spec.minAvailable}`;
      return [`PodDisruptionBudget ${pdb.metadata.name} (${limit}) allows no eviction of its ${pods} pod${pods === 1 ? '' : 's'}, so every node drain waits on it; use DisruptionBudget.maxUnavailable(1), run more pods, or DisruptionBudget.none()`];
    })),
  },
  {
    code: 'GM120', rule: 'unused-acknowledgement', severity: LintSeverity.WARNING,
    description: 'a lint acknowledgement matches no finding (the rule does not fire there any more): remove it',
    check: (ctx) => {
      const acknowledgements = ctx.model.lintAcknowledgements ?? [];
      if (acknowledgements.length === 0) return [];
      const found = LINT_RULES.filter((rule) => rule.code !== 'GM120')
        .flatMap((rule) => rule.check(ctx).map((m) => ({ code: rule.code, route: m.route })));
      return acknowledgements.filter((a) => !found.some((f) => acknowledges(a, f))).map((a) => ({
        message: `lintAcknowledgements acknowledges ${a.code} ${a.route === undefined ? 'on the service' : a.route === DEFAULT_ROUTE ? 'on the default route' : `on ${a.route}`}, where it finds nothing; remove the acknowledgement`,
      }));
    },
  },
];

/** Whether an acknowledgement covers a finding: the same rule, on its route or on the whole service. */
export function acknowledges(a: { code: string; route?: string }, f: { code: string; route?: string }): boolean {
  return a.code === f.code && (a.route === undefined || a.route === f.route);
}

/** The largest weight a version gets in any route, with the route. */
function largestWeight(ctx: LintContext, version: string): { weight: number; prop: string } | undefined {
  let best: { weight: number; prop: string } | undefined;
  for (const route of ctx.model.routes) {
    const w = route.weights.find((x) => x.version === version)?.weight ?? 0;
    if (w > 0 && (!best || w > best.weight)) best = { weight: w, prop: route.prop };
  }
  return best;
}

/** The fewest pods a Deployment runs: its autoscaler's minReplicas, else its replicas (default 1). */
function fewestPods(ctx: LintContext, deployment: any): number {
  const hpa = ofKind(ctx, 'HorizontalPodAutoscaler').find((h) => h.spec?.scaleTargetRef?.kind === 'Deployment'
    && h.spec.scaleTargetRef.name === deployment.metadata?.name && namespaceOf(h) === namespaceOf(deployment));
  return Number(hpa ? (hpa.spec.minReplicas ?? 1) : (deployment.spec?.replicas ?? 1));
}

/** How many of `pods` pods a PodDisruptionBudget lets be evicted (Kubernetes rounds percentages up). */
function allowedEvictions(spec: any, pods: number): number | undefined {
  const scaled = (v: unknown) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((Number(v.slice(0, -1)) * pods) / 100) : Number(v));
  if (spec?.maxUnavailable !== undefined) return scaled(spec.maxUnavailable);
  if (spec?.minAvailable !== undefined) return pods - scaled(spec.minAvailable);
  return undefined;
}

/** The Envoy retry conditions under which a try that hit its per-try timeout is retried. */
const TIMEOUT_RETRIED_ON = ['reset', '5xx', 'gateway-error'];
