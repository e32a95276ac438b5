import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WorkloadTraits } from '../mesh-provider';
import { ServiceModel, VersionModel } from '../model/model';
import { addGrpcProbes } from './grpc-probe';

/** The port name the mesh and the probes refer to. */
export const GRPC_PORT_NAME = 'grpc';
export const HEALTH_PORT_NAME = 'health';

/**
 * The Kubernetes side of a gRPC service: a ServiceAccount, one Deployment per version,
 * the service's Service and, where the mesh needs them, one Service per version.
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

  public constructor(scope: Construct, id: string, model: ServiceModel, traits: WorkloadTraits) {
    super(scope, id);
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: model.serviceAccountName, namespace: model.namespace, labels: { app: model.name } },
    });
    for (const version of model.versions) {
      this.deployments[version.name] = this.addDeployment(model, version, traits);
    }
    if (traits.controllerOwnsServices) return;
    this.service = this.addService('Service', model, model.name, { app: model.name }, traits, traits.serviceAnnotations);
    if (traits.versionServices) {
      for (const version of model.versions) {
        this.versionServices[version.name] = this.addService(
          `Service-${version.name}`, model, `${model.name}-${version.name}`,
          { app: model.name, version: version.name }, traits, {},
        );
      }
    }
  }

  private addDeployment(model: ServiceModel, version: VersionModel, traits: WorkloadTraits): kplus.Deployment {
    const labels = { app: model.name, version: version.name, ...traits.podSelector };
    const selector = traits.podSelector ?? labels;
    const ports: kplus.ContainerPort[] = [{ number: model.port, name: GRPC_PORT_NAME }];
    if (model.healthPort !== undefined) ports.push({ number: model.healthPort, name: HEALTH_PORT_NAME });
    const deployment = new kplus.Deployment(this, `Deployment-${version.name}`, {
      metadata: { name: `${model.name}-${version.name}`, namespace: model.namespace, labels },
      replicas: version.replicas,
      serviceAccount: this.serviceAccount,
      select: false,
      podMetadata: { labels: { ...labels, ...traits.podLabels }, annotations: { ...traits.podAnnotations } },
      securityContext: { ensureNonRoot: true },
      containers: [{
        name: GRPC_PORT_NAME,
        image: version.image,
        ports,
        resources: version.resources,
        securityContext: {
          ensureNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
        },
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: selector }));
    const l1 = ApiObject.of(deployment);
    // Restricted Pod Security also needs these, which cdk8s-plus-27 cannot set.
    l1.addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
    );
    addGrpcProbes(l1, model.readinessProbe, model.livenessProbe);
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
        labels: { app: model.name },
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
