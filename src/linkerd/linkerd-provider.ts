import { Construct } from 'constructs';
import { IMeshProvider, WorkloadTraits } from '../mesh-provider';
import { LINKERD_MESH } from './definition';
import { ServiceModel } from '../model/model';
import { failureAccrualAnnotations, podAnnotations } from './annotations';
import { checkModel, checkOptions } from './checks';
import { DEFAULT_PROBE_NETWORKS, LinkerdMode, LinkerdOptions } from './linkerd-options';
import { GrpcRouteVersion, LinkerdRelease, LinkerdSplit, RELEASE_APIS, ReleaseApis } from './linkerd-release';
import { LinkerdResources } from './linkerd-resources';
import { LINKERD_INBOUND_PROXY_PORTS, linkerdProxyLifecycleAnnotations } from './proxy-lifecycle';

/** Renders the model as Linkerd objects (current Gateway API mode, or the legacy ServiceProfile mode). */
export class LinkerdProvider implements IMeshProvider {
  public readonly displayName = 'Linkerd';
  public readonly definition = LINKERD_MESH;
  public readonly release: LinkerdRelease;
  public readonly mode: LinkerdMode;
  /** The GRPCRoute version rendered; undefined on a release without GRPCRoute. */
  public readonly grpcRouteVersion?: GrpcRouteVersion;
  public readonly split: LinkerdSplit;
  public readonly clusterDomain: string;
  public readonly probeNetworks: string[];

  public constructor(public readonly options: LinkerdOptions) {
    // Options that are not an object, and null or wrong-typed values, are kept as they are (only
    // `undefined` means the default), to be reported by checkOptions() with the option.
    const o: LinkerdOptions = options !== null && typeof options === 'object' ? options : {};
    this.release = o.release === undefined ? LinkerdRelease.V2_18_OR_LATER : o.release;
    const apis: ReleaseApis | undefined = RELEASE_APIS[this.release];
    this.mode = o.mode === undefined ? (apis && !apis.grpcRoutes ? LinkerdMode.SERVICE_PROFILE : LinkerdMode.GATEWAY_API) : o.mode;
    this.grpcRouteVersion = o.grpcRouteVersion === undefined ? apis?.bundledGrpcRouteVersion : o.grpcRouteVersion;
    this.split = o.split === undefined ? LinkerdSplit.DST_OVERRIDES : o.split;
    this.clusterDomain = o.clusterDomain === undefined ? 'cluster.local' : o.clusterDomain;
    const networks = o.probeNetworks === undefined ? DEFAULT_PROBE_NETWORKS : o.probeNetworks;
    this.probeNetworks = Array.isArray(networks) ? [...networks] : networks;
    checkOptions(this);
  }

  /** What the release serves (an unknown release is reported by the constructor). */
  public get apis(): ReleaseApis {
    return RELEASE_APIS[this.release];
  }

  public check(model: ServiceModel): void {
    checkModel(model, this);
  }

  public workloadTraits(model: ServiceModel): WorkloadTraits {
    return {
      podLabels: {},
      podAnnotations: { ...podAnnotations(model), ...linkerdProxyLifecycleAnnotations(model) },
      // Linkerd makes any other appProtocol, `grpc` included, an opaque TCP port.
      appProtocol: 'kubernetes.io/h2c',
      serviceAnnotations: failureAccrualAnnotations(model, this.options.failureAccrual),
      // The version Services are the weighted backends (GRPCRoute backendRefs, dstOverrides, TrafficSplit backends).
      versionServices: true,
      proxyInboundPorts: [...LINKERD_INBOUND_PROXY_PORTS],
    };
  }

  public render(scope: Construct, model: ServiceModel): LinkerdResources {
    return new LinkerdResources(scope, model, this);
  }
}
