import { ContainerResources } from 'cdk8s-plus-27';

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
   * The number of pods.
   *
   * @default - the service's `replicas`
   */
  readonly replicas?: number;

  /**
   * CPU and memory requests and limits.
   *
   * @default - the service's `resources`
   */
  readonly resources?: ContainerResources;
}
