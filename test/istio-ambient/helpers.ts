import { GrpcMeshServiceProps, IstioDataplane, IstioOptions, Mesh, MeshDefaultRetry } from '../../src';
import { baseProps } from '../support/service';

/**
 * Minimal valid props on Istio ambient: two versions, in a mesh whose default retry policy is none
 * (the configuration the README recommends). Override what a test is about.
 */
export function ambientProps(overrides: Partial<GrpcMeshServiceProps> = {}, options: IstioOptions = {}): GrpcMeshServiceProps {
  return baseProps({ mesh: Mesh.istio({ dataplane: IstioDataplane.AMBIENT, meshDefaultRetry: MeshDefaultRetry.NONE, ...options }), ...overrides });
}
