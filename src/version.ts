import { ContainerResources } from 'cdk8s-plus-27';
import { AutoscalingOptions, DisruptionBudget } from './workload/options';

/** One version of the service (one Deployment; one subset or backend of the mesh). */
export interface VersionOptions {
  /** The version name, a DNS-1123 label such as `v1`; it is the pod label `version`. */
  readonly name: string;

  /**
   * The container image.
   *
   * @default - the service's `image`
   */
  readonly image?: string;

  /**
   * The number of pods. A version that sets it is not autoscaled by the service's `autoscaling`.
   *
   * @default - the service's `replicas`
   */
  readonly replicas?: number;

  /**
   * A HorizontalPodAutoscaler for this version; its Deployment then has no `replicas`.
   *
   * @default - the service's `autoscaling`, unless this version sets `replicas`
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * The PodDisruptionBudget of this version.
   *
   * @default - the service's `disruptionBudget`
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * CPU and memory requests and limits.
   *
   * @default - the service's `resources`
   */
  readonly resources?: ContainerResources;
}
