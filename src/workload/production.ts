import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceModel, VersionModel } from '../model/model';
import { objectLabels, serviceSelector, versionSelector } from '../model/labels';
import { renderApiObject } from '../render/api-object';

// The production objects around a version's Deployment: its autoscaler, its disruption budget, the
// spreading of its pods, how its pods stop; and the service's health-port NetworkPolicy.

const metadata = (model: ServiceModel, name: string) => ({ name, namespace: model.namespace, labels: objectLabels(model) });

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory utilization; the Deployment then has no
 * `replicas`. The scaling behavior is the one cdk8s-plus-27's HorizontalPodAutoscaler wrote: up by 4
 * pods or 200% a minute, whichever is more; down after 5 minutes' stabilization by at most
 * `minReplicas` pods per 5 minutes.
 */
export function addAutoscaler(scope: Construct, model: ServiceModel, version: VersionModel): ApiObject | undefined {
  const a = version.autoscaling;
  if (!a) return undefined;
  const metrics: k8s.MetricSpecV2[] = [];
  const utilization = (name: string, averageUtilization: number): k8s.MetricSpecV2 => ({
    type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } },
  });
  if (a.cpuUtilization !== undefined) metrics.push(utilization('cpu', a.cpuUtilization));
  if (a.memoryUtilization !== undefined) metrics.push(utilization('memory', a.memoryUtilization));
  return renderApiObject(scope, `Autoscaler-${version.name}`, k8s.KubeHorizontalPodAutoscalerV2.GVK, k8s.toJson_KubeHorizontalPodAutoscalerV2Props, {
    metadata: metadata(model, `${model.name}-${version.name}`),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${model.name}-${version.name}` },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics,
      behavior: {
        scaleUp: {
          policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }, { type: 'Percent', value: 200, periodSeconds: 60 }],
          selectPolicy: 'Max',
          stabilizationWindowSeconds: 0,
        },
        scaleDown: {
          policies: [{ type: 'Pods', value: a.minReplicas, periodSeconds: 300 }],
          selectPolicy: 'Max',
          stabilizationWindowSeconds: 300,
        },
      },
    },
  });
}

/** The version's PodDisruptionBudget (policy/v1), when it has one. */
export function addDisruptionBudget(scope: Construct, model: ServiceModel, version: VersionModel): ApiObject | undefined {
  const b = version.disruptionBudget;
  if (!b) return undefined;
  const value = b.percent ? k8s.IntOrString.fromString(`${b.value}%`) : k8s.IntOrString.fromNumber(b.value);
  return renderApiObject(scope, `DisruptionBudget-${version.name}`, k8s.KubePodDisruptionBudget.GVK, k8s.toJson_KubePodDisruptionBudgetProps, {
    metadata: metadata(model, `${model.name}-${version.name}`),
    spec: {
      selector: { matchLabels: versionSelector(model, version.name) },
      [b.field]: value,
      // Pods that are not ready yet do not hold up a drain (the default, IfHealthyBudget, counts them).
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}

/**
 * Topology spread constraints, one per key (cdk8s-plus-27's scheduling API spreads with preferred
 * pod anti-affinity only, no max skew).
 */
export function topologySpread(model: ServiceModel, version: VersionModel): k8s.TopologySpreadConstraint[] | undefined {
  const t = model.topologySpread;
  if (!t) return undefined;
  return t.topologyKeys.map((key) => ({
    topologyKey: key,
    maxSkew: t.maxSkew,
    whenUnsatisfiable: t.required ? 'DoNotSchedule' : 'ScheduleAnyway',
    labelSelector: { matchLabels: versionSelector(model, version.name) },
    // Pods of the old and the new ReplicaSet of a rollout are spread separately.
    matchLabelKeys: ['pod-template-hash'],
  }));
}

/** The container's pre-stop delay, when there is one. */
export function preStopLifecycle(model: ServiceModel): k8s.Lifecycle | undefined {
  const delay = model.drain.preStopDelaySeconds;
  return delay > 0 ? { preStop: { exec: { command: ['sleep', String(delay)] } } } : undefined;
}

/**
 * With `healthPort`: a NetworkPolicy selecting the service's pods. Once a policy selects a pod, the
 * pod admits only what some policy admits, so besides the health port (from the probe networks; the
 * pod's own node, where the kubelet probes from, is never blocked) it admits the gRPC port and the
 * mesh proxy's inbound ports from everywhere, as without it.
 */
export function addHealthPortPolicy(scope: Construct, model: ServiceModel, proxyPorts: readonly number[]): ApiObject | undefined {
  const policy = model.healthPortPolicy;
  if (!policy || model.healthPort === undefined) return undefined;
  const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
  const open = [model.port, ...proxyPorts.filter((p) => p !== model.port && p !== model.healthPort)];
  return renderApiObject(scope, 'HealthPortPolicy', k8s.KubeNetworkPolicy.GVK, k8s.toJson_KubeNetworkPolicyProps, {
    metadata: metadata(model, `${model.name}-health-port`),
    spec: {
      podSelector: { matchLabels: serviceSelector(model) },
      policyTypes: ['Ingress'],
      ingress: [
        { ports: open.map(tcp) },
        ...(policy.probeNetworks.length
          ? [{ from: policy.probeNetworks.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(model.healthPort)] }]
          : []),
      ],
    },
  });
}
