import { IMeshProvider, Delivery, Mesh } from '../../src';
import { IstioProvider } from '../../src/istio/istio-provider';
import { baseProps, errorOf, synthService } from '../support/service';
import { DELIVERY_CASES, ONE_VERSION } from './error-cases';

describe('bad delivery input gets a clear error', () => {
  test.each(DELIVERY_CASES)('%s', (_what, overrides, message) => {
    expect(errorOf(() => synthService(baseProps({ ...ONE_VERSION, ...overrides } as any)))).toBe(message);
  });

  test('messages are lowercase after the path and end without a period', () => {
    for (const [, overrides] of DELIVERY_CASES) {
      const message = errorOf(() => synthService(baseProps({ ...ONE_VERSION, ...overrides } as any)));
      expect(message).not.toMatch(/\.$/);
      expect(message).toMatch(/^test\/svc: invalid [a-zA-Z][\w.[\]()\s-]* .+: [^A-Z\s][^;]*; [^A-Z\s]/);
    }
  });

  test('a delivery engine on a mesh of the user\'s own is refused', () => {
    const istio = new IstioProvider({});
    const own: IMeshProvider = {
      displayName: 'Own',
      check: (m) => istio.check(m),
      workloadTraits: (m) => istio.workloadTraits(m),
      render: (s, m) => istio.render(s, m),
    };
    expect(errorOf(() => synthService(baseProps({ ...ONE_VERSION, mesh: Mesh.of(own), delivery: Delivery.flagger() })))).toBe(
      'test/svc: invalid delivery "Flagger": no routing for Flagger on the mesh "Own"; use Mesh.istio() or Mesh.linkerd(), or remove delivery');
  });
});
