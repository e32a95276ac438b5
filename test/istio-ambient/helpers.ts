import { GrpcMeshServiceProps, IstioDataplane, IstioOptions, Mesh } from '../../src';
import { baseProps } from '../support/service';

/** Minimal valid props on Istio ambient: two versions. Override what a test is about. */
export function ambientProps(overrides: Partial<GrpcMeshServiceProps> = {}, options: IstioOptions = {}): GrpcMeshServiceProps {
  return baseProps({ mesh: Mesh.istio({ dataplane: IstioDataplane.AMBIENT, ...options }), ...overrides });
}
