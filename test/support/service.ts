import { Chart, Testing } from 'cdk8s';
import {
  GrpcMeshService, GrpcMeshServiceProps, GrpcRouteVersion, LinkerdProvider, LinkerdRelease, Mesh, UndeclaredMethods,
} from '../../src';
import { ValidationRelease } from '../../src/validation';
import { expectValidManifests } from './validate';

/** The CRDs each Linkerd release line's output must be accepted by. */
export const VALIDATION_RELEASE_OF: { readonly [R in LinkerdRelease]: ValidationRelease } = {
  [LinkerdRelease.V2_18_OR_LATER]: ValidationRelease.LATEST,
  [LinkerdRelease.V2_16_TO_2_17]: ValidationRelease.LINKERD_2_16_TO_2_17,
  [LinkerdRelease.V2_15]: ValidationRelease.LINKERD_2_15,
};

/**
 * The release the output of a mesh targets: a Linkerd provider's release, else the latest pins.
 * GRPCRoutes v1 on 2.16-2.17 need Gateway API 1.1+ CRDs, which the latest pins stand for.
 */
export function validationReleaseOf(mesh: Mesh | undefined): ValidationRelease {
  const provider = mesh?.provider;
  if (!(provider instanceof LinkerdProvider)) return ValidationRelease.LATEST;
  if (provider.release === LinkerdRelease.V2_16_TO_2_17 && provider.grpcRouteVersion === GrpcRouteVersion.V1) return ValidationRelease.LATEST;
  return VALIDATION_RELEASE_OF[provider.release] ?? ValidationRelease.LATEST;
}

/**
 * Minimal valid props: two versions on Istio. Override what a test is about. The default route
 * carries its timeout and retries to every call here (`UndeclaredMethods.UNARY_IDEMPOTENT`), so
 * that route tests can use it as a plain route; test/model/undeclared-methods.test.ts covers the
 * default, `UndeclaredMethods.UNKNOWN` (pass `undeclaredMethods: undefined`).
 */
export function baseProps(overrides: Partial<GrpcMeshServiceProps> = {}): GrpcMeshServiceProps {
  return {
    mesh: Mesh.istio(),
    versions: [{ name: 'v1', image: 'registry/app:v1' }, { name: 'v2', image: 'registry/app:v2' }],
    undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT,
    ...overrides,
  };
}

export interface Synthesized {
  readonly service: GrpcMeshService;
  readonly manifests: any[];
}

/**
 * Synthesizes one service named `svc` in a fresh chart `test`, and fails unless every object
 * validates against the pinned CRDs of the release the mesh targets and the Kubernetes schemas.
 */
export function synthService(props: GrpcMeshServiceProps): Synthesized {
  const chart = new Chart(Testing.app(), 'test');
  const service = new GrpcMeshService(chart, 'svc', props);
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests, validationReleaseOf(props.mesh));
  return { service, manifests };
}

/** The only object of a kind (and apiVersion prefix), failing when there are none or several. */
export function only(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0];
}

/** The construct error a function throws, for exact message assertions. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}
