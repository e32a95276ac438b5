import { Construct } from 'constructs';
import { IMeshProvider } from '../mesh-provider';
import { ServiceModel } from '../model/model';
import { DeliveryEngine } from './delivery';
import { FlaggerResources } from './flagger-resources';
import { deliveryMesh } from './target';

/** Adds the delivery controller's objects under `scope`; undefined when the routes' static weights apply. */
export function renderDelivery(scope: Construct, id: string, model: ServiceModel, provider: IMeshProvider): Construct | undefined {
  const d = model.delivery;
  if (!d) return undefined;
  // checkDelivery has rejected meshes without a delivery mesh.
  const mesh = deliveryMesh(provider)!;
  if (d.engine === DeliveryEngine.FLAGGER) return new FlaggerResources(scope, id, model, d, mesh, provider);
  throw new Error('unreachable: Argo Rollouts is rendered by the mesh');
}
