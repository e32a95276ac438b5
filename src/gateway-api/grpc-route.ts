import * as gw from '../../imports/gateway.networking.k8s.io';
import { GrpcMatch, RouteModel, ServiceModel } from '../model/model';

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
 * The mesh (GAMMA) parent of a route: the service's own Service, in the core group (hence
 * `group: ''`, whose default would be the gateway group), on the gRPC port.
 */
export function serviceParentRef(model: ServiceModel): gw.GrpcRouteSpecParentRefs {
  return { group: '', kind: 'Service', name: model.name, port: model.port };
}

/** A weighted Service backend, as GRPCRoute and HTTPRoute both take it. */
export interface ServiceBackendRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly port: number;
  readonly weight: number;
}

/** The weighted version Services (`<name>-<version>`) of a route; versions with weight 0 are left out. */
export function versionBackendRefs(model: ServiceModel, route: RouteModel): ServiceBackendRef[] {
  return route.weights.filter((w) => w.weight > 0).map((w) => ({
    group: '',
    kind: 'Service',
    name: `${model.name}-${w.version}`,
    port: model.port,
    weight: w.weight,
  }));
}

/**
 * A mesh GRPCRoute for one route of the model: parented on the service's own Service, weighted over
 * the version Services. A route without a match is the default route; meshes prefer any route whose
 * method match is more specific.
 */
export function renderServiceRouteSpec(model: ServiceModel, route: RouteModel): gw.GrpcRouteSpec {
  return {
    parentRefs: [serviceParentRef(model)],
    rules: [{
      ...(route.match ? { matches: [renderMethodMatch(route.match)] } : {}),
      backendRefs: versionBackendRefs(model, route),
    }],
  };
}
