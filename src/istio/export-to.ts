import { ClientKind } from '../client';
import { ServiceModel } from '../model/model';
import { ingressGateway } from './ingress-gateway';

/**
 * The `exportTo` of the in-mesh VirtualService and DestinationRule: the namespaces whose proxies
 * may call the service (its own, the authorized clients', the ingress gateway's), so that the
 * routes and subsets are not pushed to proxies that the AuthorizationPolicy denies anyway. A rule
 * admitting any mesh workload exports everywhere (the field is left out).
 */
export function exportTo(model: ServiceModel): { exportTo?: string[] } {
  const clients = model.authorization.rules.flatMap((rule) => rule.clients);
  if (clients.some((c) => c.kind === ClientKind.ANY_MESH_WORKLOAD)) return {};
  const namespaces = [
    ...clients.map((c) => c.namespace!),
    ...(model.ingress ? [ingressGateway(model.ingress).namespace] : []),
  ].filter((ns) => ns !== model.namespace);
  // `.` is the service's own namespace; Istio rejects it listed twice.
  return { exportTo: ['.', ...[...new Set(namespaces)].sort()] };
}
