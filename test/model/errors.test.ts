import { Chart, Testing } from 'cdk8s';
import { GrpcMeshError, GrpcMeshService } from '../../src';
import { baseProps, errorOf, synthService } from '../support/service';
import { CALL_CASES, CORE_CASES } from './error-cases';

describe('bad input gets a clear error', () => {
  test.each(CORE_CASES)('%s', (_what, overrides, message) => {
    expect(errorOf(() => synthService(baseProps(overrides as any)))).toBe(message);
  });

  test('messages are lowercase after the path and end without a period', () => {
    for (const [, overrides] of CORE_CASES) {
      const message = errorOf(() => synthService(baseProps(overrides as any)));
      // `<path>: invalid <prop> <value>: <problem>; <fix>`, problem and fix not capitalised.
      expect(message).not.toMatch(/\.$/);
      expect(message).toMatch(/^test\/svc: invalid [a-zA-Z][\w.[\]()\s-]* .+: [^A-Z\s][^;]*; [^A-Z\s]/);
    }
  });
});

describe('bad calls get a clear error', () => {
  test.each(CALL_CASES)('%s', (_what, call, message) => {
    const service = new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', baseProps());
    let thrown: unknown;
    try {
      call(service);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(GrpcMeshError);
    expect((thrown as Error).message).toBe(message);
  });
});
