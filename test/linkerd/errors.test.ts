import { errorOf, synthService } from '../support/service';
import { LINKERD_CASES, LINKERD_LEGACY_CASES } from './error-cases';

describe('Linkerd rejections (GATEWAY_API mode)', () => {
  test.each(LINKERD_CASES)('%s', (_name, props, message) => {
    expect(errorOf(() => synthService(props()))).toBe(message);
  });
});

describe('Linkerd rejections (SERVICE_PROFILE mode)', () => {
  test.each(LINKERD_LEGACY_CASES)('%s', (_name, props, message) => {
    expect(errorOf(() => synthService(props()))).toBe(message);
  });
});
