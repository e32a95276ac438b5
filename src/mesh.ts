import { IstioOptions, IstioProvider } from './istio/istio-provider';
import { LinkerdOptions } from './linkerd/linkerd-options';
import { LinkerdProvider } from './linkerd/linkerd-provider';
import { IMeshProvider } from './mesh-provider';

/** The service mesh a {@link GrpcMeshService} is rendered for. */
export class Mesh {
  /**
   * Istio 1.22 and later (`networking.istio.io/v1`, `security.istio.io/v1`, `telemetry.istio.io/v1`,
   * first served by 1.22); validated against the pinned Istio 1.30 CRDs.
   */
  public static istio(options: IstioOptions = {}): Mesh {
    return new Mesh(new IstioProvider(options === undefined ? {} : options));
  }

  /**
   * Linkerd, for the release line `release` (by default 2.18 and later, and edge):
   * `LinkerdMode.GATEWAY_API` renders GRPCRoutes with Linkerd's annotations and `policy.linkerd.io`
   * authorization; `LinkerdMode.SERVICE_PROFILE` (the only mode on `LinkerdRelease.V2_15`) renders
   * the legacy ServiceProfile instead of the routes, e.g.
   * `Mesh.linkerd({ release: LinkerdRelease.V2_16_TO_2_17 })`.
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
