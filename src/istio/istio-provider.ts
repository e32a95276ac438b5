import { Construct } from 'constructs';
import { IMeshProvider, WorkloadTraits } from '../mesh-provider';
import { Reporter } from '../errors';
import { dnsSubdomain, nonEmptyString } from '../model/checks';
import { ServiceModel } from '../model/model';
import { GrpcWorkload } from '../workload/grpc-workload';
import { IstioResources } from './istio-resources';

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
}

/** The ports Istio's sidecar and its agent listen on in every pod, which the application cannot use. */
const ISTIO_SIDECAR_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

/** Renders the model as Istio 1.30 objects. */
export class IstioProvider implements IMeshProvider {
  public readonly displayName = 'Istio';
  public readonly trustDomain: string;
  public readonly clusterDomain: string;
  public readonly accessLogProvider: string;

  public constructor(options: IstioOptions) {
    this.trustDomain = options.trustDomain ?? 'cluster.local';
    this.clusterDomain = options.clusterDomain ?? 'cluster.local';
    this.accessLogProvider = options.accessLogProvider ?? 'envoy';
  }

  /** Istio honours every prop of the model; only its own options need checking. */
  public check(model: ServiceModel): void {
    const r = new Reporter(model.path);
    dnsSubdomain(r, 'mesh.trustDomain', this.trustDomain);
    dnsSubdomain(r, 'mesh.clusterDomain', this.clusterDomain);
    nonEmptyString(r, 'mesh.accessLogProvider', this.accessLogProvider, 'name an Istio extension provider, e.g. "envoy"');
    for (const [prop, port] of [['port', model.port], ['healthPort', model.healthPort]] as const) {
      if (port !== undefined && ISTIO_SIDECAR_PORTS.includes(port)) {
        r.fail(prop, port, 'a port the Istio sidecar uses itself', 'pick a port outside 15000-15090, e.g. 50051');
      }
    }
  }

  public workloadTraits(model: ServiceModel): WorkloadTraits {
    return {
      // The label, not the deprecated annotation of the same name.
      podLabels: { 'sidecar.istio.io/inject': 'true' },
      podAnnotations: model.healthPort === undefined
        ? {}
        : { 'traffic.sidecar.istio.io/excludeInboundPorts': String(model.healthPort) },
      appProtocol: 'grpc',
      serviceAnnotations: {},
      versionServices: false,
    };
  }

  public render(scope: Construct, id: string, model: ServiceModel, _workload: GrpcWorkload): Construct {
    return new IstioResources(scope, id, model, this);
  }
}
