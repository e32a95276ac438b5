import { Construct } from 'constructs';
import { IMeshProvider, WorkloadTraits } from '../mesh-provider';
import { Reporter } from '../errors';
import { dnsSubdomain, nonEmptyString, notProxyPorts, object } from '../model/checks';
import { knownKeys } from '../model/suggest';
import { ServiceModel } from '../model/model';
import { GrpcWorkload } from '../workload/grpc-workload';
import { AmbientEnrollment, IstioDataplane, MeshDefaultRetry, Waypoint } from '../istio-ambient/ambient-options';
import { IstioResources } from './istio-resources';
import { ISTIO_INBOUND_PROXY_PORTS, istioProxyLifecycleAnnotations } from './proxy-lifecycle';

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

/** The ports Istio's sidecar and its agent listen on in every pod, which the application cannot use. */
const ISTIO_SIDECAR_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

/** Renders the model as Istio 1.30 objects. */
export class IstioProvider implements IMeshProvider {
  public readonly displayName = 'Istio';
  public readonly trustDomain: string;
  public readonly clusterDomain: string;
  public readonly accessLogProvider: string;

  public constructor(private readonly options: IstioOptions) {
    // Options that are not an object are reported by check(), with the prop.
    const o: IstioOptions = options !== null && typeof options === 'object' ? options : {};
    this.trustDomain = o.trustDomain ?? 'cluster.local';
    this.clusterDomain = o.clusterDomain ?? 'cluster.local';
    this.accessLogProvider = o.accessLogProvider ?? 'envoy';
  }

  /** Istio with sidecars honours every prop of the model; only its own options need checking. */
  public check(model: ServiceModel): void {
    const r = new Reporter(model.path);
    this.checkOptions(r);
    for (const key of AMBIENT_OPTION_KEYS) {
      if (this.options[key] !== undefined) {
        r.fail(`mesh.${key}`, this.options[key], 'only read in ambient mode', `set dataplane: IstioDataplane.AMBIENT, or remove ${key}`);
      }
    }
    notProxyPorts(r, model, ISTIO_SIDECAR_PORTS, 'Istio sidecar');
  }

  /**
   * Checks the options every data plane reads.
   *
   * @internal
   */
  public checkOptions(r: Reporter): void {
    object(r, 'mesh', this.options, 'pass Mesh.istio({ trustDomain?, clusterDomain?, accessLogProvider?, dataplane? })');
    knownKeys(r, 'mesh', this.options, Object.values(OPTION_KEYS), 'an Istio option', 'the options are');
    dnsSubdomain(r, 'mesh.trustDomain', this.trustDomain);
    dnsSubdomain(r, 'mesh.clusterDomain', this.clusterDomain);
    nonEmptyString(r, 'mesh.accessLogProvider', this.accessLogProvider, 'name an Istio extension provider, e.g. "envoy"');
    const dataplane = this.options?.dataplane;
    if (dataplane !== undefined && !Object.values(IstioDataplane).includes(dataplane)) {
      r.fail('mesh.dataplane', dataplane, 'not an IstioDataplane', `use one of IstioDataplane: ${Object.values(IstioDataplane).join(', ')}`);
    }
  }

  public workloadTraits(model: ServiceModel): WorkloadTraits {
    return {
      // The label, not the deprecated annotation of the same name.
      podLabels: { 'sidecar.istio.io/inject': 'true' },
      podAnnotations: {
        ...istioProxyLifecycleAnnotations(model),
        ...(model.healthPort === undefined ? {} : { 'traffic.sidecar.istio.io/excludeInboundPorts': String(model.healthPort) }),
      },
      appProtocol: 'grpc',
      serviceAnnotations: {},
      versionServices: false,
      proxyInboundPorts: [...ISTIO_INBOUND_PROXY_PORTS],
    };
  }

  public render(scope: Construct, id: string, model: ServiceModel, _workload: GrpcWorkload): Construct {
    return new IstioResources(scope, id, model, this);
  }
}
