import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WorkloadTraits } from '../mesh-provider';
import { objectLabels, serviceSelector, versionSelector } from '../model/labels';
import { ServiceModel } from '../model/model';
import { GRPC_PORT_NAME, deploymentProps } from './deployment';
import { addAutoscaler, addDisruptionBudget, addHealthPortPolicy } from './production';

export { GRPC_PORT_NAME, HEALTH_PORT_NAME } from './deployment';

/**
 * The Kubernetes side of a gRPC service: a ServiceAccount, one Deployment per version (with its
 * autoscaler and disruption budget), the service's Service, where the mesh needs them one Service per
 * version, and with `healthPort` the NetworkPolicy of the health port.
 *
 * Not a construct: every object is a cdk8s-plus-27 L1 (`k8s.Kube*`) written directly under the
 * `GrpcMeshService`, with its final content; this class holds typed references to them.
 */
export class GrpcWorkload {
  /** The service account every version runs as (its mesh identity). */
  public readonly serviceAccount: kplus.k8s.KubeServiceAccount;
  /** The Deployment of each version, by version name. */
  public readonly deployments: { [version: string]: kplus.k8s.KubeDeployment } = {};
  /** The service's own Service, selecting every version; undefined when a delivery controller creates it. */
  public readonly service?: kplus.k8s.KubeService;
  /** The Service of each version, by version name, when the mesh uses them as backends. */
  public readonly versionServices: { [version: string]: kplus.k8s.KubeService } = {};
  /** The HorizontalPodAutoscaler of each autoscaled version, by version name. */
  public readonly autoscalers: { [version: string]: kplus.k8s.KubeHorizontalPodAutoscalerV2 } = {};
  /** The PodDisruptionBudget of each version that has one, by version name. */
  public readonly disruptionBudgets: { [version: string]: kplus.k8s.KubePodDisruptionBudget } = {};
  /** The NetworkPolicy that keeps the health port to the probe networks, with `healthPort`. */
  public readonly healthPortPolicy?: kplus.k8s.KubeNetworkPolicy;

  /**
   * @param scope the `GrpcMeshService`: the objects are its direct children
   */
  public constructor(private readonly scope: Construct, model: ServiceModel, traits: WorkloadTraits) {
    this.serviceAccount = new kplus.k8s.KubeServiceAccount(scope, 'ServiceAccount', {
      metadata: { name: model.serviceAccountName, namespace: model.namespace, labels: objectLabels(model) },
      // cdk8s-plus-27's default, and restricted: the gRPC server needs no Kubernetes API token.
      automountServiceAccountToken: false,
    });
    for (const version of model.versions) {
      this.deployments[version.name] = new kplus.k8s.KubeDeployment(
        scope, `Deployment-${version.name}`, deploymentProps(model, version, traits, this.serviceAccount.name),
      );
      const autoscaler = addAutoscaler(scope, model, version);
      if (autoscaler) this.autoscalers[version.name] = autoscaler;
      const budget = addDisruptionBudget(scope, model, version);
      if (budget) this.disruptionBudgets[version.name] = budget;
    }
    // A delivery controller (Flagger) creates the Services itself, and overwrites their spec.
    if (!traits.controllerOwnsServices) {
      this.service = this.addService('Service', model, model.name, serviceSelector(model), traits, traits.serviceAnnotations);
    }
    if (traits.versionServices) {
      for (const version of model.versions) {
        this.versionServices[version.name] = this.addService(
          `Service-${version.name}`, model, `${model.name}-${version.name}`,
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
    this.scope.node.tryRemoveChild(deployment.node.id);
    delete this.deployments[version];
    return json;
  }

  private addService(
    id: string, model: ServiceModel, name: string, selector: { [k: string]: string },
    traits: WorkloadTraits, annotations: { [k: string]: string },
  ): kplus.k8s.KubeService {
    return new kplus.k8s.KubeService(this.scope, id, {
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
          targetPort: kplus.k8s.IntOrString.fromString(GRPC_PORT_NAME),
          protocol: 'TCP',
          appProtocol: traits.appProtocol,
        }],
      },
    });
  }
}
