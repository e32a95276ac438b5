import { Chart, Duration, Testing } from 'cdk8s';
import { GrpcMeshService, LintAcknowledgement, RetryOn } from '../../src';
import { baseProps, errorOf, synthService } from '../support/service';

const REASON = 'the server deduplicates on an idempotency key';
// Two non-idempotent methods retried on purpose (GM103 twice), one also on resource-exhausted (GM106).
const METHODS = [
  { name: 'shop.Orders/Place', idempotent: false, retry: { attempts: 1, on: [RetryOn.UNAVAILABLE, RetryOn.RESOURCE_EXHAUSTED] } },
  { name: 'shop.Orders/Cancel', idempotent: false, retry: { attempts: 1 } },
];
const where = (findings: { code: string; route?: string }[]) => findings.map((f) => `${f.code} ${f.route ?? '-'}`);
const lintOf = (overrides: object) => synthService(baseProps({ methods: METHODS, ...overrides })).service.lint();

describe('lint acknowledgements', () => {
  test('findings name the route they are about', () => {
    expect(where(lintOf({}))).toEqual(['GM103 shop.Orders/Place', 'GM103 shop.Orders/Cancel', 'GM106 shop.Orders/Place']);
  });

  test('one acknowledgement suppresses exactly one rule at one place', () => {
    const findings = lintOf({ lintAcknowledgements: [LintAcknowledgement.ofMethod('GM103', 'shop.Orders/Place', REASON)] });
    // The same rule elsewhere and another rule at the same place are still reported.
    expect(where(findings)).toEqual(['GM103 shop.Orders/Cancel', 'GM106 shop.Orders/Place']);
  });

  test('on the default route, and on the whole service', () => {
    const slow = { defaultRoute: { timeout: Duration.seconds(2), retry: { attempts: 3, perTryTimeout: Duration.seconds(1) } } };
    expect(where(lintOf(slow))).toContain('GM104 defaultRoute');
    expect(where(lintOf({ ...slow, lintAcknowledgements: [LintAcknowledgement.ofDefaultRoute('GM104', 'the last tries may be cut, on purpose')] })))
      .toEqual(['GM103 shop.Orders/Place', 'GM103 shop.Orders/Cancel', 'GM106 shop.Orders/Place']);
    expect(where(lintOf({ lintAcknowledgements: [LintAcknowledgement.ofService('GM103', REASON)] }))).toEqual(['GM106 shop.Orders/Place']);
  });

  test('strict: true fails on an unacknowledged warning and passes once each one is acknowledged', () => {
    const synth = (acks: LintAcknowledgement[]) => {
      const chart = new Chart(Testing.app(), 'test');
      new GrpcMeshService(chart, 'svc', baseProps({ methods: METHODS, strict: true, lintAcknowledgements: acks }));
      return Testing.synth(chart);
    };
    const place = LintAcknowledgement.ofMethod('GM103', 'shop.Orders/Place', REASON);
    const cancel = LintAcknowledgement.ofMethod('GM103', 'shop.Orders/Cancel', REASON);
    const overload = LintAcknowledgement.ofMethod('GM106', 'shop.Orders/Place', 'only one replica is ever overloaded at once');
    expect(() => synth([place, overload])).toThrow(/GM103 retry-not-idempotent: methods\[1\] retries/);
    expect(synth([place, cancel, overload]).length).toBeGreaterThan(0);
  });

  test('GM120: an acknowledgement that matches no finding is a warning, so none outlives its cause', () => {
    const findings = synthService(baseProps({ lintAcknowledgements: [LintAcknowledgement.ofService('GM107', 'few replicas on purpose')] })).service.lint();
    expect(findings).toEqual([{
      code: 'GM120', rule: 'unused-acknowledgement', severity: 'warning',
      message: 'lintAcknowledgements acknowledges GM107 on the service, where it finds nothing; remove the acknowledgement',
    }]);
  });

  test('the acknowledgement is checked at synth', () => {
    const error = (ack: unknown) => errorOf(() => synthService(baseProps({ methods: METHODS, lintAcknowledgements: [ack as LintAcknowledgement] })));
    expect(error(LintAcknowledgement.ofMethod('GM103', 'shop.Orders/Ship', REASON))).toBe(
      'test/svc: invalid lintAcknowledgements[0].name "shop.Orders/Ship": no route of this service matches it exactly; name a method or service with a route of its own (shop.Orders/Place, shop.Orders/Cancel), or use ofDefaultRoute or ofService',
    );
    expect(error({ code: 'GM103', reason: REASON })).toMatch(/invalid lintAcknowledgements\[0\] .*: not a LintAcknowledgement; /);
  });
});
