import { errorOf, synthService } from '../support/service';
import { AMBIENT_CASES } from './error-cases';

describe('Istio ambient rejections', () => {
  test.each(AMBIENT_CASES)('%s', (_name, props, message) => {
    expect(errorOf(() => synthService(props()))).toBe(message);
  });
});
