import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceModel, VersionModel } from '../model/model';
import { objectLabels, serviceSelector, versionSelector } from '../model/labels';

// The production objects around a version's Deployment: its autoscaler, its disruption budget, the
// spreading of its pods, how its pods stop; and the service's health-port NetworkPolicy.

const metadata = (model: ServiceModel, name: string) => ({ name, namespace: model.namespace, labels: objectLabels(model) });

/** A HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory utilization; the Deployment then has no `replicas`. */
export function addAutoscaler(
  scope: Construct, model: ServiceModel, version: VersionModel, deployment: kplus.Deployment,
): kplus.HorizontalPodAutoscaler | undefined {
  const a = version.autoscaling;
  if (!a) return undefined;
  const metrics: kplus.Metric[] = [];
  if (a.cpuUtilization !== undefined) metrics.push(kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(a.cpuUtilization)));
  if (a.memoryUtilization !== undefined) metrics.push(kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(a.memoryUtilization)));
  return new kplus.HorizontalPodAutoscaler(scope, `Autoscaler-${version.name}`, {
    metadata: metadata(model, `${model.name}-${version.name}`),
    target: deployment,
    minReplicas: a.minReplicas,
    maxReplicas: a.maxReplicas,
    metrics,
  });
}

/** The version's PodDisruptionBudget (policy/v1), when it has one. */
export function addDisruptionBudget(scope: Construct, model: ServiceModel, version: VersionModel): kplus.k8s.KubePodDisruptionBudget | undefined {
  const b = version.disruptionBudget;
  if (!b) return undefined;
  const value = b.percent ? kplus.k8s.IntOrString.fromString(`${b.value}%`) : kplus.k8s.IntOrString.fromNumber(b.value);
  return new kplus.k8s.KubePodDisruptionBudget(scope, `DisruptionBudget-${version.name}`, {
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
 * Topology spread constraints, one per key. cdk8s-plus-27's scheduling API spreads with preferred
 * pod anti-affinity only (no max skew, and only per Deployment address label), so they are set on
 * the pod spec directly.
 */
export function spreadPods(l1: ApiObject, model: ServiceModel, version: VersionModel): void {
  const t = model.topologySpread;
  if (!t) return;
  l1.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', t.topologyKeys.map((key) => ({
    topologyKey: key,
    maxSkew: t.maxSkew,
    whenUnsatisfiable: t.required ? 'DoNotSchedule' : 'ScheduleAnyway',
    labelSelector: { matchLabels: versionSelector(model, version.name) },
    // Pods of the old and the new ReplicaSet of a rollout are spread separately.
    matchLabelKeys: ['pod-template-hash'],
  }))));
}

/** The container's pre-stop delay, when there is one. */
export function preStopLifecycle(model: ServiceModel): kplus.ContainerLifecycle | undefined {
  const delay = model.drain.preStopDelaySeconds;
  return delay > 0 ? { preStop: kplus.Handler.fromCommand(['sleep', String(delay)]) } : undefined;
}

export function terminationGracePeriod(model: ServiceModel): Duration {
  return Duration.seconds(model.drain.terminationGracePeriodSeconds);
}

/**
 * With `healthPort`: a NetworkPolicy selecting the service's pods. Once a policy selects a pod, the
 * pod admits only what some policy admits, so besides the health port (from the probe networks; the
 * pod's own node, where the kubelet probes from, is never blocked) it admits the gRPC port and the
 * mesh proxy's inbound ports from everywhere, as without it.
 */
export function addHealthPortPolicy(scope: Construct, model: ServiceModel, proxyPorts: readonly number[]): kplus.k8s.KubeNetworkPolicy | undefined {
  const policy = model.healthPortPolicy;
  if (!policy || model.healthPort === undefined) return undefined;
  const tcp = (port: number) => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });
  const open = [model.port, ...proxyPorts.filter((p) => p !== model.port && p !== model.healthPort)];
  return new kplus.k8s.KubeNetworkPolicy(scope, 'HealthPortPolicy', {
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
