import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WorkloadTraits } from '../mesh-provider';
import { objectLabels, podLabels, serviceSelector, versionSelector } from '../model/labels';
import { ServiceModel, VersionModel } from '../model/model';
import { addGrpcProbes } from './grpc-probe';
import {
  addAutoscaler, addDisruptionBudget, addHealthPortPolicy, preStopLifecycle, spreadPods, terminationGracePeriod,
} from './production';

/** The port name the mesh and the probes refer to. */
export const GRPC_PORT_NAME = 'grpc';
export const HEALTH_PORT_NAME = 'health';

/**
 * The Kubernetes side of a gRPC service: a ServiceAccount, one Deployment per version (with its
 * autoscaler and disruption budget), the service's Service, where the mesh needs them one Service per
 * version, and with `healthPort` the NetworkPolicy of the health port.
 */
export class GrpcWorkload extends Construct {
  /** The service account every version runs as (its mesh identity). */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The Deployment of each version, by version name. */
  public readonly deployments: { [version: string]: kplus.Deployment } = {};
  /** The service's own Service, selecting every version; undefined when a delivery controller creates it. */
  public readonly service?: kplus.k8s.KubeService;
  /** The Service of each version, by version name, when the mesh uses them as backends. */
  public readonly versionServices: { [version: string]: kplus.k8s.KubeService } = {};
  /** The HorizontalPodAutoscaler of each autoscaled version, by version name. */
  public readonly autoscalers: { [version: string]: kplus.HorizontalPodAutoscaler } = {};
  /** The PodDisruptionBudget of each version that has one, by version name. */
  public readonly disruptionBudgets: { [version: string]: kplus.k8s.KubePodDisruptionBudget } = {};
  /** The NetworkPolicy that keeps the health port to the probe networks, with `healthPort`. */
  public readonly healthPortPolicy?: kplus.k8s.KubeNetworkPolicy;

  public constructor(scope: Construct, id: string, model: ServiceModel, traits: WorkloadTraits) {
    super(scope, id);
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: model.serviceAccountName, namespace: model.namespace, labels: objectLabels(model) },
    });
    for (const version of model.versions) {
      const deployment = this.addDeployment(model, version, traits);
      this.deployments[version.name] = deployment;
      const autoscaler = addAutoscaler(this, model, version, deployment);
      if (autoscaler) this.autoscalers[version.name] = autoscaler;
      const budget = addDisruptionBudget(this, model, version);
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
    this.healthPortPolicy = addHealthPortPolicy(this, model, traits.proxyInboundPorts ?? []);
  }

  private addDeployment(model: ServiceModel, version: VersionModel, traits: WorkloadTraits): kplus.Deployment {
    const labels = { ...podLabels(model, version.name), ...traits.podSelector };
    const ports: kplus.ContainerPort[] = [{ number: model.port, name: GRPC_PORT_NAME }];
    if (model.healthPort !== undefined) ports.push({ number: model.healthPort, name: HEALTH_PORT_NAME });
    const deployment = new kplus.Deployment(this, `Deployment-${version.name}`, {
      metadata: { name: `${model.name}-${version.name}`, namespace: model.namespace, labels },
      // Under an autoscaler `replicas` is left out (cdk8s-plus omits it once the HPA targets the Deployment).
      replicas: version.autoscaling ? undefined : version.replicas,
      serviceAccount: this.serviceAccount,
      terminationGracePeriod: terminationGracePeriod(model),
      select: false,
      podMetadata: { labels: { ...labels, ...traits.podLabels }, annotations: { ...traits.podAnnotations } },
      securityContext: { ensureNonRoot: true },
      containers: [{
        name: GRPC_PORT_NAME,
        image: version.image,
        ports,
        resources: version.resources,
        lifecycle: preStopLifecycle(model),
        securityContext: {
          ensureNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
        },
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: { ...versionSelector(model, version.name), ...traits.podSelector } }));
    const l1 = ApiObject.of(deployment);
    // Restricted Pod Security also needs these, which cdk8s-plus-27 cannot set.
    l1.addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
    );
    addGrpcProbes(l1, model.readinessProbe, model.livenessProbe);
    spreadPods(l1, model, version);
    return deployment;
  }

  private addService(
    id: string, model: ServiceModel, name: string, selector: { [k: string]: string },
    traits: WorkloadTraits, annotations: { [k: string]: string },
  ): kplus.k8s.KubeService {
    return new kplus.k8s.KubeService(this, id, {
      metadata: {
        name,
        namespace: model.namespace,
        labels: objectLabels(model),
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
