import { IstioOptions } from './istio/istio-options';
import { IstioProvider } from './istio/istio-provider';
import { LinkerdOptions } from './linkerd/linkerd-options';
import { LinkerdProvider } from './linkerd/linkerd-provider';
import { Reporter } from './errors';
import { IMeshProvider } from './mesh-provider';
import { registerMesh } from './mesh-registry';

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
    // null is checked (and rejected) with the other options, as with Mesh.istio(null).
    return new Mesh(new LinkerdProvider(options));
  }

  /**
   * A mesh of your own: its provider renders the model; its definition, if it has one, joins the
   * capability matrix and the lint run.
   */
  public static of(provider: IMeshProvider): Mesh {
    const definition = provider !== null && typeof provider === 'object' ? provider.definition : undefined;
    if (definition !== undefined) registerMesh(new Reporter('Mesh.of'), definition);
    return new Mesh(provider);
  }

  private constructor(
    /** The renderer behind this mesh. */
    public readonly provider: IMeshProvider,
  ) {}
}

/**
 * Fails, naming the service, when a provider passed to `Mesh.of` from plain JavaScript does not
 * implement {@link IMeshProvider} (which would otherwise end in a TypeError deep in rendering).
 *
 * @internal
 */
export function checkProvider(r: Reporter, provider: unknown): void {
  const p = provider as Partial<Record<keyof IMeshProvider, unknown>> | null;
  const missing: string[] = p === null || typeof p !== 'object'
    ? ['displayName', 'check', 'workloadTraits', 'render']
    : [
      ...(typeof p.displayName === 'string' ? [] : ['displayName']),
      ...(['check', 'workloadTraits', 'render'] as const).filter((m) => typeof p[m] !== 'function'),
    ];
  if (missing.length) {
    r.fail('mesh', provider, `not an IMeshProvider (no ${missing.join(', ')})`,
      'pass Mesh.istio(), Mesh.linkerd(), or Mesh.of(provider) with a provider implementing IMeshProvider');
  }
}
