import { Chart, Testing } from 'cdk8s';
import { GrpcMeshService, GrpcMeshServiceProps, Mesh, UndeclaredMethods } from '../../src';
import { expectValidManifests } from './validate';

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
 * validates against the pinned CRDs and the Kubernetes schemas.
 */
export function synthService(props: GrpcMeshServiceProps): Synthesized {
  const chart = new Chart(Testing.app(), 'test');
  const service = new GrpcMeshService(chart, 'svc', props);
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests);
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
