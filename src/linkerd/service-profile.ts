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
export function renderServiceProfileSpec(model: ServiceModel, budget: RetryBudget): l5d.ServiceProfileSpec {
  const names = routeNames(model.routes);
  return {
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
 * Route names as `linkerd profile --proto` writes them: the bare method name. A method name two
 * routes share is qualified (`pkg.Service/Method`); a whole-service route is named after the
 * service, and the default route `default`.
 */
function routeNames(routes: RouteModel[]): string[] {
  const count = new Map<string, number>();
  for (const r of routes) {
    if (r.match?.method) count.set(r.match.method, (count.get(r.match.method) ?? 0) + 1);
  }
  return routes.map((r) => {
    if (!r.match) return 'default';
    if (!r.match.method) return r.match.service;
    return count.get(r.match.method) === 1 ? r.match.method : `${r.match.service}/${r.match.method}`;
  });
}
