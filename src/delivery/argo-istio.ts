import { versionSelector } from '../model/labels';
import { ServiceModel, WeightModel } from '../model/model';
import { DeliveryEngine } from './delivery';

/** The DestinationRule subsets Argo Rollouts points at the stable and the canary ReplicaSet. */
export const ARGO_STABLE_SUBSET = 'stable';
export const ARGO_CANARY_SUBSET = 'canary';

/** The annotation Argo Rollouts puts on the DestinationRule it manages (emitted, so Git and the cluster agree). */
export const ARGO_MANAGED_BY_ANNOTATION = 'argo-rollouts.argoproj.io/managed-by-rollouts';

/** Whether Argo Rollouts shifts the weights of the library's own routes. */
export function argoRoutesTraffic(model: ServiceModel): boolean {
  return model.delivery?.engine === DeliveryEngine.ARGO_ROLLOUTS;
}

/**
 * The destinations of every route with Argo Rollouts: exactly the stable and the canary subset, as the
 * controller requires, all calls to stable until it moves the weights.
 */
export function argoRouteWeights(): WeightModel[] {
  return [{ version: ARGO_STABLE_SUBSET, weight: 100 }, { version: ARGO_CANARY_SUBSET, weight: 0 }];
}

/** The stable and canary subsets: Argo Rollouts adds each ReplicaSet's `rollouts-pod-template-hash` label. */
export function argoSubsets(model: ServiceModel): { name: string; labels: { [k: string]: string } }[] {
  const labels = versionSelector(model, model.versions[0].name);
  return [{ name: ARGO_STABLE_SUBSET, labels }, { name: ARGO_CANARY_SUBSET, labels }];
}

/** The name of the Rollout that replaces the version's Deployment. */
export function rolloutName(model: ServiceModel): string {
  return `${model.name}-${model.versions[0].name}`;
}
