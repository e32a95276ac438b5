import { Construct } from 'constructs';
import { IMeshProvider, WorkloadTraits } from '../mesh-provider';
import { ServiceModel } from '../model/model';
import { GrpcWorkload } from '../workload/grpc-workload';
import { failureAccrualAnnotations, podAnnotations } from './annotations';
import { checkModel } from './checks';
import { DEFAULT_PROBE_NETWORKS, LinkerdMode, LinkerdOptions } from './linkerd-options';
import { LinkerdResources } from './linkerd-resources';

/** Renders the model as Linkerd objects (current Gateway API mode, or the legacy ServiceProfile mode). */
export class LinkerdProvider implements IMeshProvider {
  public readonly displayName = 'Linkerd';
  public readonly mode: LinkerdMode;
  public readonly clusterDomain: string;
  public readonly probeNetworks: string[];

  public constructor(public readonly options: LinkerdOptions) {
    this.mode = options.mode ?? LinkerdMode.GATEWAY_API;
    this.clusterDomain = options.clusterDomain ?? 'cluster.local';
    // Checked in check(): a value that is not a list is kept as it is, to be reported there.
    const networks = options.probeNetworks ?? DEFAULT_PROBE_NETWORKS;
    this.probeNetworks = Array.isArray(networks) ? [...networks] : networks;
  }

  public check(model: ServiceModel): void {
    checkModel(model, this);
  }

  public workloadTraits(model: ServiceModel): WorkloadTraits {
    return {
      podLabels: {},
      podAnnotations: podAnnotations(model),
      // Linkerd makes any other appProtocol, `grpc` included, an opaque TCP port.
      appProtocol: 'kubernetes.io/h2c',
      serviceAnnotations: failureAccrualAnnotations(model, this.options.failureAccrual),
      // The version Services are the weighted backends (GRPCRoute backendRefs, TrafficSplit backends).
      versionServices: true,
    };
  }

  public render(scope: Construct, id: string, model: ServiceModel, _workload: GrpcWorkload): Construct {
    return new LinkerdResources(scope, id, model, this);
  }
}
