import * as smi from '../../imports/split.smi-spec.io';
import { ServiceModel } from '../model/model';

/**
 * The SMI TrafficSplit spec (legacy mode): the service's own Service split over the version Services
 * by the default route's weights (the checks reject method routes with other weights). Backends with
 * weight 0 are left out, as Linkerd drops them anyway.
 *
 * Undefined for a single version: the service's Service then selects exactly that version's pods.
 * With several versions a split is always rendered, even when one version takes all calls, because
 * the service's Service selects the pods of every version.
 */
export function renderTrafficSplitSpec(model: ServiceModel): smi.TrafficSplitSpec | undefined {
  if (model.versions.length < 2) return undefined;
  const weights = model.routes[model.routes.length - 1].weights;
  return {
    service: model.name,
    backends: weights.filter((w) => w.weight > 0).map((w) => ({ service: `${model.name}-${w.version}`, weight: w.weight })),
  };
}
