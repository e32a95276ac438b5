import { Construct } from 'constructs';
import { IMeshProvider, WorkloadTraits } from '../mesh-provider';
import { ISTIO_MESH } from './definition';
import { Reporter } from '../errors';
import { dnsSubdomain, nonEmptyString, notProxyPorts, object } from '../model/checks';
import { knownKeys } from '../model/suggest';
import { ServiceModel } from '../model/model';
import { IstioDataplane } from '../istio-ambient/ambient-options';
import { AMBIENT_OPTION_KEYS, IstioOptions, OPTION_KEYS } from './istio-options';
import { IstioResources } from './istio-resources';
import { ISTIO_INBOUND_PROXY_PORTS, istioProxyLifecycleAnnotations } from './proxy-lifecycle';

/** The ports Istio's sidecar and its agent listen on in every pod, which the application cannot use. */
const ISTIO_SIDECAR_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

/** Renders the model as Istio 1.30 objects. */
export class IstioProvider implements IMeshProvider {
  public readonly displayName = 'Istio';
  public readonly definition = ISTIO_MESH;
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

  public render(scope: Construct, id: string, model: ServiceModel): Construct {
    return new IstioResources(scope, id, model, this);
  }
}
