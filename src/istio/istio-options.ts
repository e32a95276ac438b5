import { Reporter } from '../errors';
import { dnsSubdomain, nonEmptyString, object } from '../model/checks';
import { knownKeys } from '../model/suggest';
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
const OPTION_KEYS: { [K in keyof IstioOptions]-?: K } = {
  trustDomain: 'trustDomain', clusterDomain: 'clusterDomain', accessLogProvider: 'accessLogProvider',
  dataplane: 'dataplane', ambientEnrollment: 'ambientEnrollment', waypoint: 'waypoint', meshDefaultRetry: 'meshDefaultRetry',
};

/** The options only ambient mode reads. */
const AMBIENT_OPTION_KEYS: readonly (keyof IstioOptions)[] = ['ambientEnrollment', 'waypoint', 'meshDefaultRetry'];

/**
 * Checks the options when `Mesh.istio()` makes the provider: errors name the factory
 * (`Mesh.istio: invalid trustDomain ...`).
 */
export function checkIstioOptions(options: unknown, resolved: Pick<Required<IstioOptions>, 'trustDomain' | 'clusterDomain' | 'accessLogProvider'>): void {
  const r = new Reporter('Mesh.istio');
  object(r, 'options', options, 'pass Mesh.istio({ trustDomain?, clusterDomain?, accessLogProvider?, dataplane? })');
  knownKeys(r, '', options as object, Object.values(OPTION_KEYS), 'an Istio option', 'the options are');
  dnsSubdomain(r, 'trustDomain', resolved.trustDomain);
  dnsSubdomain(r, 'clusterDomain', resolved.clusterDomain);
  nonEmptyString(r, 'accessLogProvider', resolved.accessLogProvider, 'name an Istio extension provider, e.g. "envoy"');
  const o = options as IstioOptions;
  if (o.dataplane !== undefined && !Object.values(IstioDataplane).includes(o.dataplane)) {
    r.fail('dataplane', o.dataplane, 'not an IstioDataplane', `use one of IstioDataplane: ${Object.values(IstioDataplane).join(', ')}`);
  }
  if (o.dataplane === IstioDataplane.AMBIENT) return;
  for (const key of AMBIENT_OPTION_KEYS) {
    if (o[key] !== undefined) {
      r.fail(key, o[key], 'only read in ambient mode', `set dataplane: IstioDataplane.AMBIENT, or remove ${key}`);
    }
  }
}
