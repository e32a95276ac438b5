import { IstioProvider } from '../istio/istio-provider';
import { LinkerdMode } from '../linkerd/linkerd-options';
import { LinkerdProvider } from '../linkerd/linkerd-provider';
import { IMeshProvider } from '../mesh-provider';

/** The mesh (and, on Linkerd, the traffic API) a delivery engine hands traffic over on. */
export enum DeliveryMesh {
  ISTIO = 'ISTIO',
  /** Linkerd with Gateway API routes (`LinkerdMode.GATEWAY_API`). */
  LINKERD = 'LINKERD',
  /** Linkerd with a ServiceProfile and SMI TrafficSplit (`LinkerdMode.SERVICE_PROFILE`). */
  LINKERD_LEGACY = 'LINKERD_LEGACY',
}

/** The mesh of a provider, or undefined for a mesh of the user's own (`Mesh.of`). */
export function deliveryMesh(provider: IMeshProvider): DeliveryMesh | undefined {
  if (provider instanceof IstioProvider) return DeliveryMesh.ISTIO;
  if (provider instanceof LinkerdProvider) {
    return provider.mode === LinkerdMode.SERVICE_PROFILE ? DeliveryMesh.LINKERD_LEGACY : DeliveryMesh.LINKERD;
  }
  return undefined;
}
