import { WorkloadTraits } from '../mesh-provider';
import { ServiceModel } from '../model/model';
import { DeliveryEngine } from './delivery';

/**
 * The label added to Flagger's target Deployment's selector. Flagger rewrites the first of its
 * selector labels (`app`, `name`, `app.kubernetes.io/name`) found in the target's selector to
 * `<value>-primary` on the primary's pods, and copies the other labels: with `name` in the selector
 * (and not `app`), `app.kubernetes.io/name`, which the mesh policies and the budgets select on, stays
 * the same on primary and canary pods, and so does `app` for telemetry.
 */
export const FLAGGER_SELECTOR_LABEL = 'name';

/** How the workload must look for the delivery controller: what it creates itself, what it selects on. */
export function deliveryWorkloadTraits(model: ServiceModel, traits: WorkloadTraits): WorkloadTraits {
  const d = model.delivery;
  if (!d) return traits;
  if (d.engine === DeliveryEngine.FLAGGER) {
    return {
      ...traits,
      // Flagger creates `<name>`, `<name>-primary` and `<name>-canary`, and overwrites their spec.
      controllerOwnsServices: true,
      versionServices: false,
      podSelector: { [FLAGGER_SELECTOR_LABEL]: model.name },
    };
  }
  return traits;
}
