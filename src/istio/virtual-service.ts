import { argoRoutesTraffic, argoRouteWeights } from '../delivery/argo-istio';
import { RouteModel, ServiceModel, grpcPath } from '../model/model';
import { HttpRoute, HttpRouteRetries } from './types';
import { istioDuration } from './durations';

/** The VirtualService http routes for the model's routes, in order, default last. */
export function renderHttpRoutes(model: ServiceModel, host: string): HttpRoute[] {
  return model.routes.map((route) => renderRoute(model, host, route));
}

function renderRoute(model: ServiceModel, host: string, route: RouteModel): HttpRoute {
  // With Argo Rollouts, every route carries the canary: the controller patches its two weights.
  const destinations = argoRoutesTraffic(model) ? argoRouteWeights() : route.weights.filter((w) => w.weight > 0);
  return {
    name: route.name,
    ...(route.match
      ? { match: [{ uri: route.match.method ? { exact: grpcPath(route.match) } : { prefix: grpcPath(route.match) } }] }
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

/** Always explicit: without `retries`, Istio applies its own default retry policy. */
function renderRetries(route: RouteModel): HttpRouteRetries {
  if (!route.retry) return { attempts: 0 };
  return {
    attempts: route.retry.attempts,
    ...(route.retry.perTryTimeoutMs === undefined ? {} : { perTryTimeout: istioDuration(route.retry.perTryTimeoutMs) }),
    retryOn: route.retry.on.join(','),
  };
}
