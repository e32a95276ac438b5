import { Construct } from 'constructs';
import type { MeshDefinition } from './mesh-definition';
import { ServiceModel } from './model/model';

/** What a mesh needs from the service's pods and Services. */
export interface WorkloadTraits {
  /** Labels on every pod (e.g. sidecar injection). */
  readonly podLabels: { [key: string]: string };
  /** Annotations on every pod. */
  readonly podAnnotations: { [key: string]: string };
  /** The `appProtocol` of the gRPC Service port; the right value depends on the mesh. */
  readonly appProtocol: string;
  /** Annotations on the service's own Service. */
  readonly serviceAnnotations: { [key: string]: string };
  /**
   * Labels on the service's own Service and on the version Services (e.g. the waypoint they use).
   *
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };
  /** Whether each version also gets a Service of its own (`<name>-<version>`). */
  readonly versionServices: boolean;
  /**
   * The ports of the mesh proxy that other pods connect to directly (e.g. Linkerd's inbound port,
   * metrics scraping), kept open by the health port's NetworkPolicy.
   *
   * @default - none
   */
  readonly proxyInboundPorts?: number[];
  /**
   * Whether the service's Services are left to a delivery controller, which creates its own.
   *
   * @default false
   */
  readonly controllerOwnsServices?: boolean;
  /**
   * Labels added to each Deployment's pod labels and selector, for a delivery controller that
   * rewrites one of its selector labels on the pods it clones.
   *
   * @default - none
   */
  readonly podSelector?: { [key: string]: string };
}

/**
 * What a mesh rendered for one service, returned by `IMeshProvider.render` and kept as
 * `service.meshResources`: a plain object (not a construct) with typed references to the mesh's
 * objects, e.g. `IstioResources`. It needs no member; the objects themselves are children of the
 * service.
 */
export interface IMeshResources {}

/**
 * A service mesh that renders the mesh-neutral model. Implement it to add a mesh; pass it
 * to `Mesh.of(provider)`.
 */
export interface IMeshProvider {
  /** A short name for messages, e.g. `Istio`. */
  readonly displayName: string;

  /**
   * The mesh's capability columns and lint rules, registered by `Mesh.of(provider)`.
   *
   * @default - the mesh adds no column to the capability matrix and no lint rule
   */
  readonly definition?: MeshDefinition;

  /** Rejects, with a clear error, every part of the model this mesh cannot honour. */
  check(model: ServiceModel): void;

  /** How the shared workload (Deployments, Services) must look for this mesh. */
  workloadTraits(model: ServiceModel): WorkloadTraits;

  /**
   * Adds the mesh's objects for the model directly under `scope` (the GrpcMeshService: no construct
   * in between, as synthesis walks every node once per chart) and returns them. Their ids must differ
   * from the workload's (`ServiceAccount`, `Deployment-<version>`, `Autoscaler-<version>`,
   * `DisruptionBudget-<version>`, `Service`, `Service-<version>`, `HealthPortPolicy`) and from
   * `ClientConfig` (`addClientConfigMap`).
   */
  render(scope: Construct, model: ServiceModel): IMeshResources;
}
