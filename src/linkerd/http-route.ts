import { GrpcMatch } from '../model/model';
import { POLICY_GROUP } from './grpc-route';

/**
 * The spec of an inbound `policy.linkerd.io/v1beta3` HTTPRoute (Linkerd 2.15, which has no
 * GRPCRoute), with the few fields the library emits.
 */
export interface PolicyHttpRouteSpec {
  readonly parentRefs: { readonly group: string; readonly kind: string; readonly name: string }[];
  readonly rules: { readonly matches?: { readonly path: { readonly type: string; readonly value: string }; readonly method: string }[] }[];
}

/** The API version of Linkerd's own HTTPRoute that 2.15 stores (served from v1alpha1 to v1beta3). */
export const POLICY_HTTP_ROUTE_API_VERSION = `${POLICY_GROUP}/v1beta3`;

/**
 * An inbound HTTPRoute on the service's Server, matching a gRPC method by its path (`POST
 * /pkg.Service/Method`) or a whole service by the path prefix `/pkg.Service/`. Linkerd 2.15 serves
 * a `gRPC` Server as HTTP/2 and authorizes its calls by these routes once any is attached. Without
 * a match it takes every call no other route matches (the CRD defaults the match to the prefix `/`).
 */
export function renderInboundHttpRouteSpec(serverName: string, match: GrpcMatch | undefined): PolicyHttpRouteSpec {
  return {
    parentRefs: [{ group: POLICY_GROUP, kind: 'Server', name: serverName }],
    rules: [match
      ? {
        matches: [{
          path: match.method
            ? { type: 'Exact', value: `/${match.service}/${match.method}` }
            : { type: 'PathPrefix', value: `/${match.service}/` },
          method: 'POST',
        }],
      }
      : {}],
  };
}
