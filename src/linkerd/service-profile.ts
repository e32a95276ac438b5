import * as l5d from '../../imports/linkerd.io';
import { RouteModel, ServiceModel } from '../model/model';
import { linkerdDuration } from './durations';

/** The characters Go's `regexp.QuoteMeta` escapes (`specialBytes` in Go's regexp package). */
const GO_REGEXP_SPECIAL = /[\\.+*?()|[\]{}^$]/g;

/**
 * Quotes a string as Go's `regexp.QuoteMeta` does: a backslash before each of `\.+*?()|[]{}^$`.
 * `linkerd profile --proto` writes its `pathRegex`es this way.
 */
export function goQuoteMeta(text: string): string {
  return text.replace(GO_REGEXP_SPECIAL, '\\$&');
}

/** The name Linkerd looks a ServiceProfile up by: the Service's fully qualified DNS name. */
export function serviceProfileName(model: ServiceModel, clusterDomain: string): string {
  return `${model.name}.${model.namespace}.svc.${clusterDomain}`;
}

/**
 * The canary split as the ServiceProfile's `dstOverrides`: the default route's weights over the
 * version Services' authorities (`<service>-<version>.<namespace>.svc.<clusterDomain>:<port>`).
 * Core Linkerd reads them; no extension is needed. Undefined with one version (the service's
 * Service then selects only its pods); backends with weight 0 are left out.
 */
export function renderDstOverrides(model: ServiceModel, clusterDomain: string): l5d.ServiceProfileSpecDstOverrides[] | undefined {
  if (model.versions.length < 2) return undefined;
  const weights = model.routes[model.routes.length - 1].weights;
  return weights.filter((w) => w.weight > 0).map((w) => ({
    authority: `${model.name}-${w.version}.${model.namespace}.svc.${clusterDomain}:${model.port}`,
    weight: l5d.ServiceProfileSpecDstOverridesWeight.fromNumber(w.weight),
  }));
}

/** A checked retry budget in the units the ServiceProfile takes. */
export interface RetryBudget {
  readonly retryRatio: number;
  readonly minRetriesPerSecond: number;
  readonly ttlMs: number;
}

/**
 * The ServiceProfile spec (legacy mode): one route per route of the model, in the model's order
 * (Linkerd takes the first route whose condition matches), the default route last as a catch-all.
 */
export function renderServiceProfileSpec(
  model: ServiceModel, budget: RetryBudget, dstOverrides?: l5d.ServiceProfileSpecDstOverrides[],
): l5d.ServiceProfileSpec {
  const names = routeNames(model.routes);
  return {
    ...(dstOverrides ? { dstOverrides } : {}),
    routes: model.routes.map((route, i) => renderRoute(route, names[i])),
    retryBudget: {
      retryRatio: budget.retryRatio,
      minRetriesPerSecond: budget.minRetriesPerSecond,
      ttl: linkerdDuration(budget.ttlMs),
    },
  };
}

function renderRoute(route: RouteModel, name: string): l5d.ServiceProfileSpecRoutes {
  return {
    name,
    // gRPC calls are POSTs; Linkerd anchors the regex at both ends.
    condition: route.match
      ? {
        method: 'POST',
        pathRegex: route.match.method
          ? goQuoteMeta(`/${route.match.service}/${route.match.method}`)
          : `${goQuoteMeta(`/${route.match.service}/`)}.*`,
      }
      : { pathRegex: '.*' },
    ...(route.retry ? { isRetryable: true } : {}),
    ...(route.timeoutMs === undefined ? {} : { timeout: linkerdDuration(route.timeoutMs) }),
  };
}

/**
 * Route names as `linkerd profile --proto` writes them: the bare method name. Every name is unique:
 * the default route is `default`; a whole-service route is named after the service (`<service>/*`
 * if the service is named `default`); a method is qualified (`pkg.Service/Method`) when its bare
 * name is shared by another method, or is `default` or the name of a whole-service route.
 */
function routeNames(routes: RouteModel[]): string[] {
  const count = new Map<string, number>();
  for (const r of routes) {
    if (r.match?.method) count.set(r.match.method, (count.get(r.match.method) ?? 0) + 1);
  }
  // Whole-service names first: a qualified method name (with a `/`) never takes one.
  const services = new Map<string, string>();
  for (const r of routes) {
    if (r.match && !r.match.method) services.set(r.match.service, r.match.service === 'default' ? 'default/*' : r.match.service);
  }
  const taken = new Set<string>(['default', ...services.values()]);
  return routes.map((r) => {
    if (!r.match) return 'default';
    if (!r.match.method) return services.get(r.match.service)!;
    const bare = r.match.method;
    return count.get(bare) === 1 && !taken.has(bare) ? bare : `${r.match.service}/${bare}`;
  });
}
