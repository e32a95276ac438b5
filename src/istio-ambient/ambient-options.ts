/** Istio's data plane: a sidecar proxy in every pod, or ambient mode (ztunnel and waypoints). */
export enum IstioDataplane {
  /** An Envoy sidecar in every pod (`sidecar.istio.io/inject`), configured by VirtualService and DestinationRule. */
  SIDECAR = 'SIDECAR',

  /**
   * Ambient mode (Istio 1.24 and later): no sidecar; ztunnel on each node carries mTLS and L4
   * authorization, a waypoint proxy the service's calls go through applies the routes (Gateway API
   * GRPCRoutes and HTTPRoutes parented on the Service) and the L7 policies.
   */
  AMBIENT = 'AMBIENT',
}

/** How the service's pods join the ambient mesh. */
export enum AmbientEnrollment {
  /** The label `istio.io/dataplane-mode: ambient` on every pod of the service. */
  POD = 'POD',

  /**
   * Nothing on the pods: the namespace carries `istio.io/dataplane-mode: ambient` (set it yourself,
   * e.g. where the namespace is created).
   */
  NAMESPACE = 'NAMESPACE',
}

/**
 * The retry policy Istio gives a route that sets none: every Gateway API route on a waypoint, as
 * Gateway API v1.6.1 standard has no retry field. It is the mesh's `defaultHttpRetryPolicy`
 * (MeshConfig), which the synthesized objects cannot set.
 */
export enum MeshDefaultRetry {
  /**
   * Istio's own default: 2 retries on `connect-failure,refused-stream,unavailable,cancelled`. Only
   * routes that may be retried are accepted (no `idempotent: false`, `undeclaredMethods` must be
   * `UNARY_IDEMPOTENT`), and each version gets a retry budget (`connectionPool.maxRetries`, 10 by default).
   */
  ISTIO_DEFAULT = 'ISTIO_DEFAULT',

  /**
   * No retries: the mesh is installed with `meshConfig.defaultHttpRetryPolicy: { attempts: 0 }`, so
   * the waypoint retries no route, as the props ask of every route without `retry`.
   */
  NONE = 'NONE',
}

/** Where an existing waypoint is. */
export interface ExistingWaypointOptions {
  /** The waypoint's Gateway name. */
  readonly name: string;

  /**
   * The waypoint's namespace (its Gateway must allow routes from the service's namespace).
   *
   * @default - the service's namespace
   */
  readonly namespace?: string;

  /**
   * The waypoint's service account: the identity ztunnel sees on the calls it forwards.
   *
   * @default - the waypoint's name (what Istio gives a waypoint it deploys)
   */
  readonly serviceAccount?: string;
}

/** The waypoint proxy the service's calls go through in ambient mode. */
export class Waypoint {
  /**
   * A waypoint of the service's own: a Gateway `<service>-waypoint` of class `istio-waypoint` for
   * Service traffic, which Istio deploys.
   */
  public static dedicated(): Waypoint {
    return new Waypoint(false, undefined, undefined, undefined);
  }

  /** A waypoint that already exists (e.g. the namespace's `waypoint`): nothing is created for it. */
  public static existing(options: ExistingWaypointOptions): Waypoint {
    const o: Partial<ExistingWaypointOptions> = options !== null && typeof options === 'object' ? options : {};
    return new Waypoint(true, o.name, o.namespace, o.serviceAccount);
  }

  private constructor(
    /** Whether the waypoint exists already (`Waypoint.existing`), rather than being the service's own. */
    public readonly existing: boolean,
    /** The existing waypoint's name; undefined for a dedicated waypoint. */
    public readonly name: string | undefined,
    /** The existing waypoint's namespace, when set. */
    public readonly namespace: string | undefined,
    /** The existing waypoint's service account, when set. */
    public readonly serviceAccount: string | undefined,
  ) {}
}
