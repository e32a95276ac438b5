import { GrpcMeshError } from '../../src';
import { errorOf, synthService } from '../support/service';
import { AMBIENT_CASES, AMBIENT_OPTION_CASES } from './error-cases';

describe('Istio ambient rejections', () => {
  test.each(AMBIENT_CASES)('%s', (_name, props, message) => {
    expect(errorOf(() => synthService(props()))).toBe(message);
  });
});

describe('Mesh.istio() checks the ambient options when called, naming the factory', () => {
  test.each(AMBIENT_OPTION_CASES)('%s', (_name, make, message) => {
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GrpcMeshError);
    expect((error as Error).message).toBe(message);
  });
});
