import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as flagger from '../../imports/flagger.app';
import { IMeshProvider } from '../mesh-provider';
import { objectLabels } from '../model/labels';
import { ServiceModel } from '../model/model';
import { renderApiObject } from '../render/api-object';
import { deliveryResourcesAs } from '../resources-of';
import { DeliveryModel } from './delivery-model';
import { flaggerProvider, flaggerTarget, renderCanaryService } from './flagger-service';
import { analysisMetrics, controllerDuration, prometheusAddress, templateName } from './metric-templates';
import { CanaryPods, MetricsMesh } from './queries';
import { DeliveryMesh } from './target';

/** Flagger's template variables for the canary Deployment's pods (`{{ target }}` is the Canary's target). */
const FLAGGER_PODS: CanaryPods = {
  istio: 'destination_workload_namespace="{{ namespace }}", destination_workload=~"{{ target }}"',
  linkerd: 'namespace="{{ namespace }}", deployment=~"{{ target }}"',
  window: '{{ interval }}',
};

/**
 * The Flagger objects of a {@link GrpcMeshService} with `delivery: Delivery.flagger()`: a Canary
 * targeting the version's Deployment and a MetricTemplate per analysis metric. Flagger creates the
 * `<name>-primary` Deployment, the `<name>`, `<name>-primary` and `<name>-canary` Services and the
 * routing objects of the host; the library emits none of them. The objects are children of the
 * service itself (`service.deliveryResources`).
 */
export class FlaggerResources {
  /** Returns the Flagger objects of a service with `delivery: Delivery.flagger()`. */
  public static of(service: Construct): FlaggerResources {
    return deliveryResourcesAs(service, FlaggerResources, 'Flagger', 'FlaggerResources.of needs a GrpcMeshService with delivery: Delivery.flagger()');
  }

  /** The Canary. */
  public readonly canary: ApiObject;
  /** The MetricTemplates, by metric name (`grpc-success-rate`, `grpc-latency`). */
  public readonly metricTemplates: { readonly [metric: string]: ApiObject };

  /** Adds the objects directly under `scope`, the service. */
  public constructor(scope: Construct, model: ServiceModel, delivery: DeliveryModel, mesh: DeliveryMesh, provider: IMeshProvider) {
    const metricsMesh = mesh === DeliveryMesh.ISTIO ? MetricsMesh.ISTIO : MetricsMesh.LINKERD;
    const metadata = (name: string) => ({ name, namespace: model.namespace, labels: objectLabels(model) });
    const interval = controllerDuration(delivery.intervalMs);
    const target = flaggerTarget(model);
    const metrics = analysisMetrics(metricsMesh, delivery, FLAGGER_PODS);
    const templates: { [metric: string]: ApiObject } = {};
    for (const metric of metrics) {
      templates[metric.name] = renderApiObject(scope, `MetricTemplate-${metric.name}`, flagger.MetricTemplate.GVK, flagger.toJson_MetricTemplateProps, {
        metadata: metadata(templateName(model, metric)),
        spec: {
          provider: { type: flagger.MetricTemplateSpecProviderType.PROMETHEUS, address: prometheusAddress(metricsMesh, delivery) },
          query: metric.query,
        },
      });
    }
    this.metricTemplates = templates;
    this.canary = renderApiObject(scope, 'Canary', flagger.Canary.GVK, flagger.toJson_CanaryProps, {
      metadata: metadata(model.name),
      spec: {
        provider: flaggerProvider(mesh, provider),
        targetRef: { apiVersion: 'apps/v1', kind: flagger.CanarySpecTargetRefKind.DEPLOYMENT, name: target },
        // Flagger clones the target's autoscaler for the primary (the autoscaler leaves a target scaled to zero alone).
        ...(model.versions[0].autoscaling
          ? { autoscalerRef: { apiVersion: 'autoscaling/v2', kind: flagger.CanarySpecAutoscalerRefKind.HORIZONTAL_POD_AUTOSCALER, name: target } }
          : {}),
        service: renderCanaryService(model, mesh, provider),
        analysis: {
          interval,
          threshold: delivery.failureThreshold,
          stepWeight: delivery.stepWeight,
          maxWeight: delivery.maxWeight,
          metrics: metrics.map((metric) => ({
            name: metric.name,
            templateRef: { name: templateName(model, metric), namespace: model.namespace },
            thresholdRange: metric.min !== undefined ? { min: metric.min } : { max: metric.max },
            interval,
          })),
        },
      },
    });
  }
}
