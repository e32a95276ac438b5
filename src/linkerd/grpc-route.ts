import * as gw from '../../imports/gateway.networking.k8s.io';
import { renderMethodMatch } from '../gateway-api/grpc-route';
import { GrpcMatch } from '../model/model';

/** The API group of Linkerd's policy resources (a Server as an inbound route's parent). */
export const POLICY_GROUP = 'policy.linkerd.io';

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
