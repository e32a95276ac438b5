import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as argo from '../../imports/argoproj.io';
import { objectLabels } from '../model/labels';
import { ServiceModel } from '../model/model';
import { renderApiObject } from '../render/api-object';
import { deliveryResourcesAs } from '../resources-of';
import { GrpcWorkload } from '../workload/grpc-workload';
import { ARGO_CANARY_SUBSET, ARGO_STABLE_SUBSET, rolloutName } from './argo-istio';
import { DeliveryModel } from './delivery-model';
import { AnalysisMetric, analysisMetrics, controllerDuration, prometheusAddress, templateName } from './metric-templates';
import { CanaryPods, MetricsMesh } from './queries';

/** The analysis argument carrying the canary ReplicaSet's `rollouts-pod-template-hash`. */
const CANARY_HASH_ARG = 'canary-hash';

/**
 * The canary's pods by name: `<rollout>-<pod-template-hash>-<suffix>`. The `pod` label is the one the
 * Prometheus of Istio's and Linkerd's standard installs puts on every scraped proxy metric.
 */
function argoPods(model: ServiceModel, window: string): CanaryPods {
  const pod = `pod=~"${rolloutName(model)}-{{args.${CANARY_HASH_ARG}}}-.*"`;
  return {
    istio: `destination_workload_namespace="${model.namespace}", ${pod}`,
    linkerd: `namespace="${model.namespace}", ${pod}`,
    window,
  };
}

/**
 * The Deployment's pod template for the Rollout: a Rollout's ReplicaSets label their pods
 * `rollouts-pod-template-hash` (no `pod-template-hash`), so topology spreading keys on that.
 */
function argoPodTemplate(template: any): any {
  const constraints: any[] | undefined = template.spec.topologySpreadConstraints;
  if (!constraints) return template;
  return {
    ...template,
    spec: {
      ...template.spec,
      topologySpreadConstraints: constraints.map((c) => ({
        ...c,
        ...(c.matchLabelKeys ? { matchLabelKeys: c.matchLabelKeys.map((k: string) => (k === 'pod-template-hash' ? 'rollouts-pod-template-hash' : k)) } : {}),
      })),
    },
  };
}

/** Argo's success condition for a metric (`result` is the query's vector; none counts as a failure). */
function successCondition(metric: AnalysisMetric): string {
  return metric.min !== undefined ? `len(result) > 0 && result[0] >= ${metric.min}` : `len(result) > 0 && result[0] <= ${metric.max}`;
}

/**
 * The Argo Rollouts objects of a {@link GrpcMeshService} with `delivery: Delivery.argoRollouts()`: a
 * Rollout in place of the version's Deployment (same pod template), stepping the weights of every route
 * of the library's VirtualServices, and an AnalysisTemplate per analysis metric. The objects are
 * children of the service itself (`service.deliveryResources`).
 */
export class ArgoRolloutsResources {
  /** Returns the Argo Rollouts objects of a service with `delivery: Delivery.argoRollouts()`. */
  public static of(service: Construct): ArgoRolloutsResources {
    return deliveryResourcesAs(service, ArgoRolloutsResources, 'Argo Rollouts',
      'ArgoRolloutsResources.of needs a GrpcMeshService with delivery: Delivery.argoRollouts()');
  }

  /** The Rollout. */
  public readonly rollout: ApiObject;
  /** The AnalysisTemplates, by metric name (`grpc-success-rate`, `grpc-latency`). */
  public readonly analysisTemplates: { readonly [metric: string]: ApiObject };

  /** Adds the objects directly under `scope`, the service, in place of the version's Deployment. */
  public constructor(scope: Construct, model: ServiceModel, delivery: DeliveryModel, workload: GrpcWorkload, virtualServices: { name: string; routes: string[] }[]) {
    const metadata = (name: string) => ({ name, namespace: model.namespace, labels: objectLabels(model) });
    const interval = controllerDuration(delivery.intervalMs);
    const metrics = analysisMetrics(MetricsMesh.ISTIO, delivery, argoPods(model, interval));
    const templates: { [metric: string]: ApiObject } = {};
    for (const metric of metrics) {
      templates[metric.name] = renderApiObject(scope, `AnalysisTemplate-${metric.name}`, argo.AnalysisTemplate.GVK, argo.toJson_AnalysisTemplateProps, {
        metadata: metadata(templateName(model, metric)),
        spec: {
          args: [{ name: CANARY_HASH_ARG }],
          metrics: [{
            name: metric.name,
            interval,
            // Argo fails the analysis when more measurements than the limit fail.
            failureLimit: argo.AnalysisTemplateSpecMetricsFailureLimit.fromNumber(delivery.failureThreshold - 1),
            successCondition: successCondition(metric),
            provider: { prometheus: { address: prometheusAddress(MetricsMesh.ISTIO, delivery), query: metric.query } },
          }],
        },
      });
    }
    this.analysisTemplates = templates;

    // The Rollout takes the version's Deployment's place, with its pod template as rendered.
    const version = model.versions[0];
    const deployment = workload.removeDeployment(version.name);
    const template = argoPodTemplate(deployment.spec.template);
    const autoscaler = workload.autoscalers[version.name];
    if (autoscaler) {
      autoscaler.addJsonPatch(JsonPatch.replace('/spec/scaleTargetRef', {
        apiVersion: argo.Rollout.GVK.apiVersion, kind: argo.Rollout.GVK.kind, name: rolloutName(model),
      }));
    }

    const steps: argo.RolloutSpecStrategyCanarySteps[] = [];
    for (let weight = delivery.stepWeight; weight <= delivery.maxWeight; weight += delivery.stepWeight) {
      steps.push({ setWeight: weight }, { pause: { duration: argo.RolloutSpecStrategyCanaryStepsPauseDuration.fromString(interval) } });
    }
    this.rollout = renderApiObject(scope, 'Rollout', argo.Rollout.GVK, argo.toJson_RolloutProps, {
      metadata: { ...deployment.metadata, name: rolloutName(model) },
      spec: {
        // None when autoscaled: the HorizontalPodAutoscaler scales the Rollout.
        replicas: deployment.spec.replicas,
        selector: { matchLabels: deployment.spec.selector.matchLabels },
        minReadySeconds: deployment.spec.minReadySeconds,
        progressDeadlineSeconds: deployment.spec.progressDeadlineSeconds,
        // As Kubernetes writes it (`setHostnameAsFQDN`, quantities): the import leaves it open.
        template,
        strategy: {
          canary: {
            trafficRouting: {
              istio: {
                virtualServices: virtualServices.map((vs) => ({ name: vs.name, routes: vs.routes })),
                destinationRule: { name: model.name, stableSubsetName: ARGO_STABLE_SUBSET, canarySubsetName: ARGO_CANARY_SUBSET },
              },
            },
            steps,
            analysis: {
              templates: metrics.map((metric) => ({ templateName: templateName(model, metric) })),
              // From the first pause on: the canary has calls to measure.
              startingStep: 1,
              args: [{ name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
            },
          },
        },
      },
    });
  }
}
