import * as gw from '../../imports/gateway.networking.k8s.io';
import { RouteModel, ServiceModel, grpcPath } from '../model/model';
import { gatewayDuration } from './durations';
import { serviceParentRef, versionBackendRefs } from './grpc-route';

/**
 * A mesh HTTPRoute for one route of the model, for a field only HTTPRoute has (`timeouts.request`):
 * the gRPC path exactly for a method, the `/pkg.Service/` prefix for a whole service, and no match
 * (every path) for the default route; parented and weighted as the GRPCRoute would be.
 */
export function renderServiceHttpRouteSpec(model: ServiceModel, route: RouteModel): gw.HttpRouteSpec {
  const m = route.match;
  const PathType = gw.HttpRouteSpecRulesMatchesPathType;
  return {
    parentRefs: [serviceParentRef(model)],
    rules: [{
      ...(m ? { matches: [{ path: { type: m.method ? PathType.EXACT : PathType.PATH_PREFIX, value: grpcPath(m) } }] } : {}),
      backendRefs: versionBackendRefs(model, route),
      ...(route.timeoutMs === undefined ? {} : { timeouts: { request: gatewayDuration(route.timeoutMs) } }),
    }],
  };
}
