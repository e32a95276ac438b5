import { ServiceModel } from './model';

// Every selector of a service (its Services, Deployments, subsets and policies) selects on labels
// that only this service's pods carry: Kubernetes' recommended `app.kubernetes.io/*` labels, with
// the instance label set to the service name (unique in its namespace, see registry.ts) and
// `managed-by` set to this library, so that a pod of another chart, a Job or a debug pod with
// `app: <name>` does not join the endpoints, the subsets or the identity-authorized traffic.
// `app` and `version` stay on the pods for the meshes' telemetry, but select nothing.

/** The value of `app.kubernetes.io/managed-by` on everything this library writes. */
export const MANAGED_BY = 'cdk8s-grpc-mesh';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const VERSION_LABEL = 'app.kubernetes.io/version';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

type Labels = { [key: string]: string };

// Written as literals (no spread): they are built for every object of every service.

/** Selects every pod of the service, whatever its version. */
export function serviceSelector(model: Pick<ServiceModel, 'name'>): Labels {
  return { 'app.kubernetes.io/name': model.name, 'app.kubernetes.io/instance': model.name, 'app.kubernetes.io/managed-by': MANAGED_BY };
}

/** Selects the pods of one version of the service. */
export function versionSelector(model: Pick<ServiceModel, 'name'>, version: string): Labels {
  return {
    'app.kubernetes.io/name': model.name, 'app.kubernetes.io/instance': model.name, 'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/version': version,
  };
}

/** The labels of every object of the service (not a selector). */
export function objectLabels(model: Pick<ServiceModel, 'name'>): Labels {
  return { 'app': model.name, 'app.kubernetes.io/name': model.name, 'app.kubernetes.io/instance': model.name, 'app.kubernetes.io/managed-by': MANAGED_BY };
}

/** The labels of a version's pods: its selector, and `app` / `version` for telemetry. */
export function podLabels(model: Pick<ServiceModel, 'name'>, version: string): Labels {
  return {
    'app': model.name, 'version': version,
    'app.kubernetes.io/name': model.name, 'app.kubernetes.io/instance': model.name, 'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/version': version,
  };
}
