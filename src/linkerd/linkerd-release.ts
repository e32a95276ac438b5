/**
 * The Linkerd release line the output must apply to. Each line serves different kinds and versions
 * (its own `linkerd-crds` chart), so the objects are rendered in the versions that line serves, and
 * props it cannot honour are rejected at synth.
 */
export enum LinkerdRelease {
  /**
   * Linkerd 2.18 and later, stable and edge: GRPCRoute `gateway.networking.k8s.io/v1` (2.18 bundles
   * Gateway API v1.1.1), Server `policy.linkerd.io/v1beta3`.
   */
  V2_18_OR_LATER = '2.18+',

  /**
   * Linkerd 2.16 and 2.17: their `linkerd-crds` chart bundles Gateway API v0.7.1, which serves
   * GRPCRoute `v1alpha2` only, so the routes are `gateway.networking.k8s.io/v1alpha2` (set
   * `grpcRouteVersion: GrpcRouteVersion.V1` if you installed Gateway API 1.1 or later yourself).
   * Server `policy.linkerd.io/v1beta3`; the same retry and timeout annotations as 2.18.
   */
  V2_16_TO_2_17 = '2.16-2.17',

  /**
   * Linkerd 2.15: no GRPCRoute at all and Server up to `policy.linkerd.io/v1beta2`. Only the
   * ServiceProfile mode is available: routes, timeouts and retries in a ServiceProfile, the canary
   * split as its `dstOverrides`, and inbound `policy.linkerd.io` HTTPRoutes (on the gRPC paths) for
   * per-method authorization and the kubelet's probes.
   */
  V2_15 = '2.15',
}

/** The Gateway API version of the GRPCRoutes (Linkerd 2.16 and later). */
export enum GrpcRouteVersion {
  /** `gateway.networking.k8s.io/v1`: served by Gateway API 1.1 and later (Linkerd 2.18+ bundles it). */
  V1 = 'v1',
  /** `gateway.networking.k8s.io/v1alpha2`: what Linkerd 2.16 and 2.17 bundle (Gateway API v0.7.1). */
  V1ALPHA2 = 'v1alpha2',
}

/** How the ServiceProfile mode splits the service's calls over its versions. */
export enum LinkerdSplit {
  /**
   * The ServiceProfile's own `dstOverrides` (weighted version Services): core Linkerd, no extension,
   * and the ServiceProfile stays exactly as synthesized.
   */
  DST_OVERRIDES = 'DST_OVERRIDES',

  /**
   * An SMI TrafficSplit (`split.smi-spec.io/v1alpha2`), for clusters that run the Linkerd SMI
   * extension. Its adaptor writes the split into the ServiceProfile's `dstOverrides`, so the
   * ServiceProfile in the cluster drifts from the synthesized one (a GitOps tool reverting it drops
   * the split until the TrafficSplit changes). The extension is archived upstream.
   */
  SMI_TRAFFIC_SPLIT = 'SMI_TRAFFIC_SPLIT',
}

/** What one release line serves, as the renderer needs it. */
export interface ReleaseApis {
  /** A short name for messages, e.g. `Linkerd 2.15`. */
  readonly name: string;
  /** Whether GRPCRoutes exist (outbound routes, inbound routes on the Server). */
  readonly grpcRoutes: boolean;
  /** The GRPCRoute version the release's own CRDs serve. */
  readonly bundledGrpcRouteVersion?: GrpcRouteVersion;
  /** The Server version to emit. */
  readonly serverVersion: string;
  /** Whether the Server has `accessPolicy` (v1beta3); older Servers deny unauthorized calls anyway. */
  readonly serverAccessPolicy: boolean;
}

export const RELEASE_APIS: { readonly [R in LinkerdRelease]: ReleaseApis } = {
  [LinkerdRelease.V2_18_OR_LATER]: {
    name: 'Linkerd 2.18+', grpcRoutes: true, bundledGrpcRouteVersion: GrpcRouteVersion.V1, serverVersion: 'v1beta3', serverAccessPolicy: true,
  },
  [LinkerdRelease.V2_16_TO_2_17]: {
    name: 'Linkerd 2.16-2.17', grpcRoutes: true, bundledGrpcRouteVersion: GrpcRouteVersion.V1ALPHA2, serverVersion: 'v1beta3', serverAccessPolicy: true,
  },
  [LinkerdRelease.V2_15]: {
    name: 'Linkerd 2.15', grpcRoutes: false, serverVersion: 'v1beta2', serverAccessPolicy: false,
  },
};
