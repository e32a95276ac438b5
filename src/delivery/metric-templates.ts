import { ServiceModel } from '../model/model';
import { DeliveryModel } from './delivery-model';
import { CanaryPods, MetricsMesh, defaultPrometheus, latencyQuery, successRateQuery } from './queries';

/** One metric of the canary analysis, as every engine renders it. */
export interface AnalysisMetric {
  /** The metric and template name suffix: `grpc-success-rate` or `grpc-latency`. */
  readonly name: string;
  readonly query: string;
  /** The metric must stay at least this (success rate, percent). */
  readonly min?: number;
  /** The metric must stay at most this (latency, ms). */
  readonly max?: number;
}

/** The analysis metrics of the model's delivery, with queries for the controller's canary pods. */
export function analysisMetrics(mesh: MetricsMesh, delivery: DeliveryModel, pods: CanaryPods): AnalysisMetric[] {
  return [
    { name: 'grpc-success-rate', query: successRateQuery(mesh, pods), min: delivery.minSuccessRate },
    ...(delivery.maxLatencyMs === undefined
      ? []
      : [{ name: 'grpc-latency', query: latencyQuery(mesh, pods), max: delivery.maxLatencyMs }]),
  ];
}

/** The Prometheus address of the analysis. */
export function prometheusAddress(mesh: MetricsMesh, delivery: DeliveryModel): string {
  return delivery.prometheusAddress ?? defaultPrometheus(mesh);
}

/** The step interval as the controllers write durations (`1m`, `90s`). */
export function controllerDuration(ms: number): string {
  const s = ms / 1000;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** The name of a metric template of the service. */
export function templateName(model: ServiceModel, metric: AnalysisMetric): string {
  return `${model.name}-${metric.name}`;
}

