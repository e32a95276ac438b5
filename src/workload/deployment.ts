import * as kplus from 'cdk8s-plus-27';
import { WorkloadTraits } from '../mesh-provider';
import { podLabels, versionSelector } from '../model/labels';
import { ServiceModel, VersionModel } from '../model/model';
import { grpcProbe } from './grpc-probe';
import { preStopLifecycle, topologySpread } from './production';

/** The port name the mesh and the probes refer to. */
export const GRPC_PORT_NAME = 'grpc';
export const HEALTH_PORT_NAME = 'health';

// A version's Deployment, written once with its final content. The defaults are the values
// cdk8s-plus-27's Deployment wrote (dnsPolicy, restartPolicy, strategy, ...): kept, so that the
// YAML does not change.

/** The Deployment of a version: restricted Pod Security, native gRPC probes, spread pods. */
export function deploymentProps(
  model: ServiceModel, version: VersionModel, traits: WorkloadTraits, serviceAccountName: string,
): kplus.k8s.KubeDeploymentProps {
  const labels = { ...podLabels(model, version.name), ...traits.podSelector };
  const annotations = traits.podAnnotations;
  return {
    metadata: { name: `${model.name}-${version.name}`, namespace: model.namespace, labels },
    spec: {
      // Under an autoscaler `replicas` is left out: the HorizontalPodAutoscaler sets it.
      replicas: version.autoscaling ? undefined : version.replicas,
      minReadySeconds: 0,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { ...versionSelector(model, version.name), ...traits.podSelector } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: kplus.k8s.IntOrString.fromString('25%'), maxUnavailable: kplus.k8s.IntOrString.fromString('25%') },
      },
      template: {
        metadata: {
          labels: { ...labels, ...traits.podLabels },
          ...(Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
        },
        spec: {
          automountServiceAccountToken: false,
          containers: [container(model, version)],
          dnsPolicy: 'ClusterFirst',
          hostNetwork: false,
          restartPolicy: 'Always',
          securityContext: { runAsNonRoot: true, fsGroupChangePolicy: 'Always', seccompProfile: { type: 'RuntimeDefault' } },
          serviceAccountName,
          setHostnameAsFqdn: false,
          terminationGracePeriodSeconds: model.drain.terminationGracePeriodSeconds,
          topologySpreadConstraints: topologySpread(model, version),
        },
      },
    },
  };
}

function container(model: ServiceModel, version: VersionModel): kplus.k8s.Container {
  const ports: kplus.k8s.ContainerPort[] = [{ containerPort: model.port, name: GRPC_PORT_NAME }];
  if (model.healthPort !== undefined) ports.push({ containerPort: model.healthPort, name: HEALTH_PORT_NAME });
  return {
    name: GRPC_PORT_NAME,
    image: version.image,
    imagePullPolicy: 'Always',
    ports,
    readinessProbe: grpcProbe(model.readinessProbe),
    livenessProbe: grpcProbe(model.livenessProbe),
    lifecycle: preStopLifecycle(model),
    resources: resourceRequirements(version.resources),
    securityContext: {
      runAsNonRoot: true,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** Requests and limits as cdk8s-plus-27 writes them: CPU as given, memory in Mi, ephemeral storage in Gi. */
export function resourceRequirements(r: kplus.ContainerResources): kplus.k8s.ResourceRequirements | undefined {
  const q = kplus.k8s.Quantity.fromString;
  const limits: { [name: string]: kplus.k8s.Quantity } = {};
  const requests: { [name: string]: kplus.k8s.Quantity } = {};
  if (r.cpu?.limit?.amount) limits.cpu = q(r.cpu.limit.amount);
  if (r.memory?.limit) limits.memory = q(`${r.memory.limit.toMebibytes()}Mi`);
  if (r.ephemeralStorage?.limit) limits['ephemeral-storage'] = q(`${r.ephemeralStorage.limit.toGibibytes()}Gi`);
  if (r.cpu?.request?.amount) requests.cpu = q(r.cpu.request.amount);
  if (r.memory?.request) requests.memory = q(`${r.memory.request.toMebibytes()}Mi`);
  if (r.ephemeralStorage?.request) requests['ephemeral-storage'] = q(`${r.ephemeralStorage.request.toGibibytes()}Gi`);
  const some = (o: object) => (Object.keys(o).length > 0 ? o : undefined);
  if (!some(limits) && !some(requests)) return undefined;
  return { limits: some(limits) as typeof limits | undefined, requests: some(requests) as typeof requests | undefined };
}
