import { Construct } from 'constructs';
import { IstioResources } from '../istio/istio-resources';
import { IMeshProvider, IMeshResources } from '../mesh-provider';
import { ServiceModel } from '../model/model';
import { CreatedObject } from '../name-registry';
import { GrpcWorkload } from '../workload/grpc-workload';
import { ArgoRolloutsResources } from './argo-resources';
import { DeliveryEngine } from './delivery';
import { FlaggerResources } from './flagger-resources';
import { flaggerTarget } from './flagger-service';
import { deliveryMesh } from './target';

/**
 * Adds the delivery controller's objects directly under `scope` (the service), after the mesh's;
 * undefined when the routes' static weights apply.
 */
export function renderDelivery(
  scope: Construct, model: ServiceModel, provider: IMeshProvider, workload: GrpcWorkload, meshResources: IMeshResources,
): FlaggerResources | ArgoRolloutsResources | undefined {
  const d = model.delivery;
  if (!d) return undefined;
  // checkDelivery has rejected meshes without a delivery mesh, and Argo Rollouts off Istio.
  const mesh = deliveryMesh(provider)!;
  if (d.engine === DeliveryEngine.FLAGGER) return new FlaggerResources(scope, model, d, mesh, provider);
  const istio = meshResources as IstioResources;
  // Every route of each VirtualService (the ingress one routes the exposed methods only).
  const virtualServices = [istio.virtualService!, ...(istio.ingressVirtualService ? [istio.ingressVirtualService] : [])]
    .map((vs) => ({ name: vs.name, routes: (vs.toJson().spec.http as { name: string }[]).map((r) => r.name) }));
  return new ArgoRolloutsResources(scope, model, d, workload, virtualServices);
}

/**
 * The objects the delivery controller creates, named after the service: Flagger clones the target
 * Deployment (and its autoscaler) to `<target>-primary` and creates the Services `<name>`,
 * `<name>-primary` and `<name>-canary` (`service.name` is the service's name).
 *
 * @internal
 */
export function deliveryCreatedObjects(model: ServiceModel): CreatedObject[] {
  if (model.delivery?.engine !== DeliveryEngine.FLAGGER) return [];
  const at = { namespace: model.namespace, creator: 'Flagger' };
  const primary = `${flaggerTarget(model)}-primary`;
  return [
    { ...at, apiGroup: 'apps', kind: 'Deployment', name: primary },
    ...(model.versions[0].autoscaling ? [{ ...at, apiGroup: 'autoscaling', kind: 'HorizontalPodAutoscaler', name: primary }] : []),
    ...['', '-primary', '-canary'].map((suffix) => ({ ...at, apiGroup: 'core', kind: 'Service', name: `${model.name}${suffix}` })),
  ];
}
