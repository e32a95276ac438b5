import { AmbientEnrollment, IstioDataplane, MeshDefaultRetry, Waypoint } from '../istio-ambient/ambient-options';

/** Options for rendering on Istio. */
export interface IstioOptions {
  /**
   * The mesh trust domain, used in the principals of authorization rules.
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;

  /**
   * The cluster DNS domain, used in the service's host name.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * The access-log provider (an Istio extension provider name) used when access logging is on.
   *
   * @default 'envoy'
   */
  readonly accessLogProvider?: string;

  /**
   * The data plane: sidecars (VirtualService, DestinationRule) or ambient mode (ztunnel, and a
   * waypoint applying Gateway API routes), e.g. `Mesh.istio({ dataplane: IstioDataplane.AMBIENT })`.
   *
   * @default IstioDataplane.SIDECAR
   */
  readonly dataplane?: IstioDataplane;

  /**
   * Ambient mode only: how the pods join the mesh.
   *
   * @default AmbientEnrollment.POD
   */
  readonly ambientEnrollment?: AmbientEnrollment;

  /**
   * Ambient mode only: the waypoint the service's calls go through.
   *
   * @default Waypoint.dedicated()
   */
  readonly waypoint?: Waypoint;

  /**
   * Ambient mode only: the retry policy your mesh gives routes that set none (its MeshConfig
   * `defaultHttpRetryPolicy`), which is what the waypoint applies to every route.
   *
   * @default MeshDefaultRetry.ISTIO_DEFAULT
   */
  readonly meshDefaultRetry?: MeshDefaultRetry;
}

// The keys of the options, typed so that a new option cannot be left out.
export const OPTION_KEYS: { [K in keyof IstioOptions]-?: K } = {
  trustDomain: 'trustDomain', clusterDomain: 'clusterDomain', accessLogProvider: 'accessLogProvider',
  dataplane: 'dataplane', ambientEnrollment: 'ambientEnrollment', waypoint: 'waypoint', meshDefaultRetry: 'meshDefaultRetry',
};

/** The options only ambient mode reads. */
export const AMBIENT_OPTION_KEYS: readonly (keyof IstioOptions)[] = ['ambientEnrollment', 'waypoint', 'meshDefaultRetry'];
