import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WorkloadTraits } from '../mesh-provider';
import { objectLabels, serviceSelector, versionSelector } from '../model/labels';
import { ServiceModel } from '../model/model';
import { renderApiObject } from '../render/api-object';
import { GRPC_PORT_NAME, deploymentProps } from './deployment';
import { addAutoscaler, addDisruptionBudget, addHealthPortPolicy } from './production';

export { GRPC_PORT_NAME, HEALTH_PORT_NAME } from './deployment';

/**
 * The Kubernetes side of a gRPC service: a ServiceAccount, one Deployment per version (with its
 * autoscaler and disruption budget), the service's Service, where the mesh needs them one Service per
 * version, and with `healthPort` the NetworkPolicy of the health port.
 *
 * Not a construct: every object is a plain `ApiObject` directly under the `GrpcMeshService`, written
 * once from the typed props of cdk8s-plus-27's `k8s` imports (`KubeDeployment`, ...); this class
 * holds references to them.
 */
export class GrpcWorkload {
  /** The service account every version runs as (its mesh identity). */
  public readonly serviceAccount: ApiObject;
  /** The Deployment of each version, by version name. */
  public readonly deployments: { [version: string]: ApiObject } = {};
  /** The service's own Service, selecting every version; undefined when a delivery controller creates it. */
  public readonly service?: ApiObject;
  /** The Service of each version, by version name, when the mesh uses them as backends. */
  public readonly versionServices: { [version: string]: ApiObject } = {};
  /** The HorizontalPodAutoscaler (autoscaling/v2) of each autoscaled version, by version name. */
  public readonly autoscalers: { [version: string]: ApiObject } = {};
  /** The PodDisruptionBudget of each version that has one, by version name. */
  public readonly disruptionBudgets: { [version: string]: ApiObject } = {};
  /** The NetworkPolicy that keeps the health port to the probe networks, with `healthPort`. */
  public readonly healthPortPolicy?: ApiObject;

  /**
   * @param scope the `GrpcMeshService`: the objects are its direct children
   */
  public constructor(scope: Construct, model: ServiceModel, traits: WorkloadTraits) {
    this.serviceAccount = renderApiObject(scope, 'ServiceAccount', k8s.KubeServiceAccount.GVK, k8s.toJson_KubeServiceAccountProps, {
      metadata: { name: model.serviceAccountName, namespace: model.namespace, labels: objectLabels(model) },
      // cdk8s-plus-27's default, and restricted: the gRPC server needs no Kubernetes API token.
      automountServiceAccountToken: false,
    });
    for (const version of model.versions) {
      this.deployments[version.name] = renderApiObject(scope, `Deployment-${version.name}`, k8s.KubeDeployment.GVK,
        k8s.toJson_KubeDeploymentProps, deploymentProps(model, version, traits, this.serviceAccount.name));
      const autoscaler = addAutoscaler(scope, model, version);
      if (autoscaler) this.autoscalers[version.name] = autoscaler;
      const budget = addDisruptionBudget(scope, model, version);
      if (budget) this.disruptionBudgets[version.name] = budget;
    }
    // A delivery controller (Flagger) creates the Services itself, and overwrites their spec.
    if (!traits.controllerOwnsServices) {
      this.service = addService(scope, 'Service', model, model.name, serviceSelector(model), traits, traits.serviceAnnotations);
    }
    if (traits.versionServices) {
      for (const version of model.versions) {
        this.versionServices[version.name] = addService(
          scope, `Service-${version.name}`, model, `${model.name}-${version.name}`,
          versionSelector(model, version.name), traits, {},
        );
      }
    }
    this.healthPortPolicy = addHealthPortPolicy(scope, model, traits.proxyInboundPorts ?? []);
  }

  /**
   * Removes a version's Deployment from the tree (a delivery controller's object takes its place),
   * and returns it as it would have been written.
   *
   * @internal
   */
  public removeDeployment(version: string): any {
    const deployment = this.deployments[version];
    const json = deployment.toJson();
    deployment.node.scope!.node.tryRemoveChild(deployment.node.id);
    delete this.deployments[version];
    return json;
  }
}

/** A Service on the gRPC port. */
function addService(
  scope: Construct, id: string, model: ServiceModel, name: string, selector: { [k: string]: string },
  traits: WorkloadTraits, annotations: { [k: string]: string },
): ApiObject {
  return renderApiObject(scope, id, k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, {
    metadata: {
      name,
      namespace: model.namespace,
      labels: { ...objectLabels(model), ...traits.serviceLabels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      selector,
      ports: [{
        name: GRPC_PORT_NAME,
        port: model.port,
        targetPort: k8s.IntOrString.fromString(GRPC_PORT_NAME),
        protocol: 'TCP',
        appProtocol: traits.appProtocol,
      }],
    },
  });
}
