import { Streaming } from '../options';
import { LintRule, LintSeverity } from '../lint/lint-rule';
import { named, ofKind, plain, retriesResourceExhausted } from '../lint/objects';

/** Istio's lint rules: the checks of its objects. */
export const ISTIO_LINT_RULES: LintRule[] = [
  {
    code: 'GM101', rule: 'weights-sum', severity: LintSeverity.ERROR,
    description: 'the weights of a VirtualService route do not sum to 100',
    check: plain((ctx) => ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? []).flatMap((r: any, i: number) => {
      const total = (r.route ?? []).reduce((a: number, d: any) => a + (d.weight ?? (r.route.length === 1 ? 100 : 0)), 0);
      return total === 100 ? [] : [`VirtualService ${vs.metadata.name} http[${i}] weights sum to ${total}; make them add up to 100`];
    }))),
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
    code: 'GM105', rule: 'streaming-timeout', severity: LintSeverity.ERROR,
    description: 'a VirtualService route of a streaming method has a timeout (a patch), which cuts its streams',
    check: named((ctx) => {
      const names = new Set(ctx.model.routes.filter((r) => r.streaming !== Streaming.UNARY).map((r) => r.name));
      return ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? [])
        .filter((r: any) => names.has(r.name) && r.timeout !== undefined)
        .map((r: any) => ({ routeName: r.name, message: `VirtualService ${vs.metadata.name} route ${r.name} is a streaming method with timeout ${r.timeout}; remove the timeout` })));
    }),
  },
  {
    code: 'GM106', rule: 'retry-resource-exhausted', severity: LintSeverity.WARNING,
    description: 'a VirtualService route retries resource-exhausted where the props did not ask for it (a patch), which amplifies overload',
    check: named((ctx) => ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? [])
      .filter((r: any) => String(r.retries?.retryOn ?? '').split(',').includes('resource-exhausted') && !retriesResourceExhausted(ctx, r.name))
      .map((r: any) => ({ routeName: r.name, message: `VirtualService ${vs.metadata.name} route ${r.name} retries resource-exhausted, which adds load to an overloaded server; drop it from retryOn` })))),
  },
  {
    code: 'GM109', rule: 'h2-upgrade-top-level', severity: LintSeverity.WARNING,
    description: '`h2UpgradePolicy: UPGRADE` at the top level of a DestinationRule forces h2c on every port',
    check: plain((ctx) => ofKind(ctx, 'DestinationRule').filter((dr) => dr.spec?.trafficPolicy?.connectionPool?.http?.h2UpgradePolicy === 'UPGRADE').map(
      (dr) => `DestinationRule ${dr.metadata.name} sets h2UpgradePolicy UPGRADE for every port; gRPC ports are HTTP/2 already, remove it or set it per port`,
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
    check: named((ctx) => ofKind(ctx, 'VirtualService', 'networking.istio.io').flatMap((vs) => (vs.spec?.http ?? []).flatMap((r: any, i: number) => {
      const retries = r.retries ?? {};
      const on = String(retries.retryOn ?? '').split(',');
      if (!retries.perTryTimeout || !(retries.attempts > 0) || on.some((c) => TIMEOUT_RETRIED_ON.includes(c))) return [];
      const conditions = retries.retryOn === undefined ? 'Istio\'s default retryOn' : `retryOn "${retries.retryOn}"`;
      return [{ routeName: r.name, message: `VirtualService ${vs.metadata.name} http[${i}]: a try that reaches its ${retries.perTryTimeout} per-try timeout ends the call instead of being retried, as ${conditions} has no reset; add reset to its retryOn, or remove perTryTimeout` }];
    }))),
  },
];

/** The Envoy retry conditions under which a try that hit its per-try timeout is retried. */
const TIMEOUT_RETRIED_ON = ['reset', '5xx', 'gateway-error'];
