import { IstioOptions, IstioProvider } from './istio/istio-provider';
import { LinkerdOptions } from './linkerd/linkerd-options';
import { LinkerdProvider } from './linkerd/linkerd-provider';
import { IMeshProvider } from './mesh-provider';

/** The service mesh a {@link GrpcMeshService} is rendered for. */
export class Mesh {
  /** Istio 1.30 (`networking.istio.io/v1`, `security.istio.io/v1`, `telemetry.istio.io/v1`). */
  public static istio(options: IstioOptions = {}): Mesh {
    return new Mesh(new IstioProvider(options === undefined ? {} : options));
  }

  /**
   * Linkerd: by default 2.16 and later (`LinkerdMode.GATEWAY_API`: GRPCRoutes with Linkerd's
   * annotations, `policy.linkerd.io` authorization); `LinkerdMode.SERVICE_PROFILE` renders the legacy
   * ServiceProfile and SMI TrafficSplit instead of the routes.
   */
  public static linkerd(options: LinkerdOptions = {}): Mesh {
    return new Mesh(new LinkerdProvider(options ?? {}));
  }

  /** A mesh of your own. */
  public static of(provider: IMeshProvider): Mesh {
    return new Mesh(provider);
  }

  private constructor(
    /** The renderer behind this mesh. */
    public readonly provider: IMeshProvider,
  ) {}
}
