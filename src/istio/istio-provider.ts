import { Construct } from 'constructs';
import { IMeshProvider, WorkloadTraits } from '../mesh-provider';
import { ISTIO_MESH } from './definition';
import { Reporter } from '../errors';
import { notProxyPorts } from '../model/checks';
import { ServiceModel } from '../model/model';
import { checkIstioOptions, IstioOptions } from './istio-options';
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

  public constructor(options: IstioOptions) {
    // Options that are not an object are reported by checkIstioOptions(), with the option.
    const o: IstioOptions = options !== null && typeof options === 'object' ? options : {};
    this.trustDomain = o.trustDomain ?? 'cluster.local';
    this.clusterDomain = o.clusterDomain ?? 'cluster.local';
    this.accessLogProvider = o.accessLogProvider ?? 'envoy';
    checkIstioOptions(options, this);
  }

  /** Istio honours every prop of the model; its ports must not be the sidecar's. */
  public check(model: ServiceModel): void {
    notProxyPorts(new Reporter(model.path), model, ISTIO_SIDECAR_PORTS, 'Istio sidecar');
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

  public render(scope: Construct, model: ServiceModel): IstioResources {
    return new IstioResources(scope, model, this);
  }
}
