import { Duration } from 'cdk8s';
import { Streaming, UndeclaredMethods } from '../../src';
import { billingApi } from '../proto/support';
import { baseProps, errorOf, only, synthService } from '../support/service';

// The default route carries every call no other route matches: methods nobody declared, which may
// stream (grpc.health.v1.Health/Watch, reflection) or not be idempotent. It gets the default route's
// timeout and retries only as far as `undeclaredMethods` says it may.

const DEFAULTS = { timeout: Duration.seconds(5), retry: { attempts: 2, perTryTimeout: Duration.seconds(2) } };
const http = (overrides: object) => only(synthService(baseProps({ undeclaredMethods: undefined, ...overrides })).manifests, 'VirtualService').spec.http;
const byName = (routes: any[], name: string) => routes.find((r) => r.name === name);

describe('undeclared methods', () => {
  test('by default they get neither the default timeout nor its retries; declared methods inherit both', () => {
    const routes = http({
      defaultRoute: DEFAULTS,
      methods: [{ name: 'shop.Orders/Get' }, { name: 'shop.Orders/Place', idempotent: false }, { name: 'shop.Orders/Watch', streaming: Streaming.SERVER }],
    });
    expect(byName(routes, 'default')).not.toHaveProperty('timeout');
    expect(byName(routes, 'default').retries).toEqual({ attempts: 0 });
    expect(byName(routes, 'shop-orders-get')).toMatchObject({ timeout: '5s', retries: { attempts: 2, perTryTimeout: '2s', retryOn: 'unavailable,reset' } });
    expect(byName(routes, 'shop-orders-place')).toMatchObject({ timeout: '5s', retries: { attempts: 0 } });
    expect(byName(routes, 'shop-orders-watch')).not.toHaveProperty('timeout');
  });

  test('UNARY: the default timeout, no retries; UNARY_IDEMPOTENT: both', () => {
    const methods = [{ name: 'shop.Orders/Get' }];
    expect(byName(http({ defaultRoute: DEFAULTS, methods, undeclaredMethods: UndeclaredMethods.UNARY }), 'default'))
      .toMatchObject({ timeout: '5s', retries: { attempts: 0 } });
    expect(byName(http({ defaultRoute: DEFAULTS, methods, undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT }), 'default'))
      .toMatchObject({ timeout: '5s', retries: { attempts: 2, perTryTimeout: '2s' } });
  });

  test('with an api: methods the .proto does not declare are unknown too; declared idempotent methods get a route of their own', () => {
    const { service, manifests } = synthService(baseProps({ undeclaredMethods: undefined, api: billingApi(), defaultRoute: DEFAULTS }));
    const routes = only(manifests, 'VirtualService').spec.http;
    expect(byName(routes, 'default')).not.toHaveProperty('timeout');
    expect(byName(routes, 'default').retries).toEqual({ attempts: 0 });
    const getInvoice = service.model.apiMethods!.find((m) => m.match.method === 'GetInvoice')!;
    expect(byName(routes, getInvoice.route)).toMatchObject({ timeout: '5s', retries: { attempts: 2 } });
  });

  test('a default timeout or retry that no method gets is an error, not dropped', () => {
    expect(errorOf(() => http({ defaultRoute: { timeout: Duration.seconds(5) } }))).toBe(
      'test/svc: invalid defaultRoute.timeout 5 seconds: applies to no method: no declared unary method inherits it, and undeclared methods get no timeout as they may stream (undeclaredMethods UNKNOWN); declare the methods it is for in methods (or give the service an api), or set undeclaredMethods: UndeclaredMethods.UNARY if every other method is unary',
    );
    // A declared method with its own timeout inherits only the retry: the timeout still applies to none.
    expect(errorOf(() => http({ defaultRoute: DEFAULTS, methods: [{ name: 'shop.Orders/Get', timeout: Duration.seconds(9) }] })))
      .toMatch(/^test\/svc: invalid defaultRoute.timeout 5 seconds: applies to no method/);
    expect(errorOf(() => http({ defaultRoute: { retry: { attempts: 1 } }, undeclaredMethods: UndeclaredMethods.UNARY, methods: [{ name: 'shop.Orders/Put', idempotent: false }] }))).toBe(
      'test/svc: invalid defaultRoute.retry {"attempts":1}: applies to no method: no declared idempotent unary method inherits it, and undeclared methods are not retried as they may stream or not be idempotent (undeclaredMethods UNARY); declare the methods it is for in methods (or give the service an api), or set undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT if every other method is unary and idempotent',
    );
  });
});
