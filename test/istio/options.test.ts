import { GrpcMeshError, Mesh } from '../../src';
import { ISTIO_OPTION_CASES } from './error-cases';

describe('Mesh.istio() checks its options when called, naming the factory', () => {
  test.each(ISTIO_OPTION_CASES)('%s', (_what, make, message) => {
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GrpcMeshError);
    expect((error as Error).message).toBe(message);
  });

  test('valid options make a mesh', () => {
    expect(Mesh.istio({ trustDomain: 'corp.example', clusterDomain: 'cluster.local', accessLogProvider: 'otel' })).toBeInstanceOf(Mesh);
  });
});
