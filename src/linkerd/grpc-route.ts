import * as gw from '../../imports/gateway.networking.k8s.io';
import { GrpcMatch, RouteModel, ServiceModel } from '../model/model';

/** The API group of Linkerd's policy resources (a Server as an inbound route's parent). */
export const POLICY_GROUP = 'policy.linkerd.io';

/** The method match of a GRPCRoute rule: exact service, and exact method when there is one. */
export function renderMethodMatch(match: GrpcMatch): gw.GrpcRouteSpecRulesMatches {
  return {
    method: {
      type: gw.GrpcRouteSpecRulesMatchesMethodType.EXACT,
      service: match.service,
      ...(match.method ? { method: match.method } : {}),
    },
  };
}

/**
 * An outbound (GAMMA) GRPCRoute for one route of the model: parented on the service's own Service
 * (core group, hence `group: ''`), weighted over the version Services. A route without a match is
 * the default route; Linkerd prefers any route whose method match is more specific.
 */
export function renderOutboundRouteSpec(model: ServiceModel, route: RouteModel): gw.GrpcRouteSpec {
  return {
    parentRefs: [{ group: '', kind: 'Service', name: model.name, port: model.port }],
    rules: [{
      ...(route.match ? { matches: [renderMethodMatch(route.match)] } : {}),
      backendRefs: route.weights.filter((w) => w.weight > 0).map((w) => ({
        group: '',
        kind: 'Service',
        name: `${model.name}-${w.version}`,
        port: model.port,
        weight: w.weight,
      })),
    }],
  };
}

/**
 * An inbound GRPCRoute, parented on the service's Server, that AuthorizationPolicies can target.
 * Without a match it takes every call no other inbound route matches.
 */
export function renderInboundRouteSpec(serverName: string, match: GrpcMatch | undefined): gw.GrpcRouteSpec {
  return {
    parentRefs: [{ group: POLICY_GROUP, kind: 'Server', name: serverName }],
    rules: [match ? { matches: [renderMethodMatch(match)] } : {}],
  };
}
