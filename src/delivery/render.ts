import { Construct } from 'constructs';
import { IstioResources } from '../istio/istio-resources';
import { IMeshProvider } from '../mesh-provider';
import { ServiceModel } from '../model/model';
import { GrpcWorkload } from '../workload/grpc-workload';
import { ArgoRolloutsResources } from './argo-resources';
import { DeliveryEngine } from './delivery';
import { FlaggerResources } from './flagger-resources';
import { deliveryMesh } from './target';

/**
 * Adds the delivery controller's objects under `scope`, after the mesh's; undefined when the routes'
 * static weights apply.
 */
export function renderDelivery(
  scope: Construct, id: string, model: ServiceModel, provider: IMeshProvider, workload: GrpcWorkload, meshResources: Construct,
): Construct | undefined {
  const d = model.delivery;
  if (!d) return undefined;
  // checkDelivery has rejected meshes without a delivery mesh, and Argo Rollouts off Istio.
  const mesh = deliveryMesh(provider)!;
  if (d.engine === DeliveryEngine.FLAGGER) return new FlaggerResources(scope, id, model, d, mesh, provider);
  const istio = meshResources as IstioResources;
  // Every route of each VirtualService (the ingress one routes the exposed methods only).
  const virtualServices = [istio.virtualService!, ...(istio.ingressVirtualService ? [istio.ingressVirtualService] : [])]
    .map((vs) => ({ name: vs.name, routes: (vs.toJson().spec.http as { name: string }[]).map((r) => r.name) }));
  return new ArgoRolloutsResources(scope, id, model, d, workload, virtualServices);
}
