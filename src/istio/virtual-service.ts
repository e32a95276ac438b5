import { argoRoutesTraffic, argoRouteWeights } from '../delivery/argo-istio';
import { RetryOn } from '../options';
import { GrpcMatch, RouteModel, ServiceModel, covers, grpcPath } from '../model/model';
import { matchKey, routeName } from '../model/routes';
import { HttpRoute, HttpRouteRetries } from './types';
import { istioDuration } from './durations';

/** The VirtualService http routes for the model's routes, in order, default last. */
export function renderHttpRoutes(model: ServiceModel, host: string): HttpRoute[] {
  return model.routes.map((route) => renderRoute(model, host, route));
}

/**
 * The routes of the ingress VirtualService: only for what `ingress.methods` allows, each with the
 * policy the in-mesh route of those calls has, so that a call to any other method finds no route
 * at the gateway (404) rather than relying on the DENY policy alone. Every method: the in-mesh routes.
 */
export function renderIngressHttpRoutes(model: ServiceModel, host: string): HttpRoute[] {
  const allowed = model.ingress?.methods ?? [];
  if (allowed.length === 0) return renderHttpRoutes(model, host);
  // The in-mesh routes inside what is allowed keep their place: they are more specific than, or the
  // same as, an allowed entry.
  const kept = model.routes.filter((route) => route.match && allowed.some((a) => covers(a, route.match!)));
  const keptKeys = new Set(kept.map((route) => matchKey(route.match!)));
  const used = new Set(model.routes.map((route) => route.name));
  // The other allowed entries take the policy of the first in-mesh route that serves their calls
  // (the default route last); exact methods before whole services.
  const rest = [...allowed.filter((a) => a.method), ...allowed.filter((a) => !a.method)].filter((a) => !keptKeys.has(matchKey(a)));
  return [
    ...kept.map((route) => renderRoute(model, host, route)),
    ...rest.map((a) => {
      const serving = model.routes.find((route) => !route.match || covers(route.match, a))!;
      return renderRoute(model, host, { ...serving, name: routeName(model.name, `${serving.name}:${matchKey(a)}`, used) }, a);
    }),
  ];
}

function renderRoute(model: ServiceModel, host: string, route: RouteModel, only: GrpcMatch | undefined = route.match): HttpRoute {
  // With Argo Rollouts, every route carries the canary: the controller patches its two weights.
  const destinations = argoRoutesTraffic(model) ? argoRouteWeights() : route.weights.filter((w) => w.weight > 0);
  return {
    name: route.name,
    ...(only
      ? { match: [{ uri: only.method ? { exact: grpcPath(only) } : { prefix: grpcPath(only) } }] }
      : {}),
    route: destinations.map((w) => ({
      destination: { host, subset: w.version, port: { number: model.port } },
      weight: w.weight,
    })),
    // No timeout field at all means no route timeout (0s is rejected by Istio).
    ...(route.timeoutMs === undefined ? {} : { timeout: istioDuration(route.timeoutMs) }),
    retries: renderRetries(route),
  };
}

/**
 * Always explicit: without `retries`, Istio applies its own default retry policy. With a per-try
 * timeout, `reset` is among the conditions: Envoy retries a try cut by its per-try timeout only on
 * `reset` (or `5xx`, `gateway-error`), and Linkerd retries it, so the same props retry on both.
 */
function renderRetries(route: RouteModel): HttpRouteRetries {
  if (!route.retry) return { attempts: 0 };
  const on: string[] = [...route.retry.on];
  if (route.retry.perTryTimeoutMs !== undefined && !on.includes(RetryOn.RESET)) on.push(RetryOn.RESET);
  return {
    attempts: route.retry.attempts,
    ...(route.retry.perTryTimeoutMs === undefined ? {} : { perTryTimeout: istioDuration(route.retry.perTryTimeoutMs) }),
    retryOn: on.join(','),
  };
}
