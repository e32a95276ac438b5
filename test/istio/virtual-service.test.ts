import { Duration } from 'cdk8s';
import { RetryOn, Streaming } from '../../src';
import { baseProps, errorOf, only, synthService } from '../support/service';

const HOST = 'svc.default.svc.cluster.local';

function httpRoutes(props = baseProps()): any[] {
  return only(synthService(props).manifests, 'VirtualService').spec.http;
}

describe('Istio VirtualService', () => {
  test('is served as networking.istio.io/v1 for the service FQDN', () => {
    const vs = only(synthService(baseProps()).manifests, 'VirtualService');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec.hosts).toEqual([HOST]);
    expect(vs.spec.gateways).toBeUndefined();
  });

  test('a service with no routes gets one default route: all to the first version, no timeout, retries off', () => {
    expect(httpRoutes()).toEqual([{
      name: 'default',
      route: [{ destination: { host: HOST, subset: 'v1', port: { number: 50051 } }, weight: 100 }],
      retries: { attempts: 0 },
    }]);
  });

  test('methods match the exact gRPC path, services a prefix; methods come before services; default last', () => {
    const routes = httpRoutes(baseProps({
      methods: [
        { name: 'pkg.Svc', timeout: Duration.seconds(3) },
        { name: 'pkg.Svc/Get', timeout: Duration.seconds(1) },
      ],
    }));
    expect(routes.map((r) => r.name)).toEqual(['pkg-svc-get', 'pkg-svc', 'default']);
    expect(routes[0].match).toEqual([{ uri: { exact: '/pkg.Svc/Get' } }]);
    expect(routes[1].match).toEqual([{ uri: { prefix: '/pkg.Svc/' } }]);
    expect(routes[2].match).toBeUndefined();
  });

  test('weights become weighted subsets and zero weights are left out', () => {
    const routes = httpRoutes(baseProps({
      defaultRoute: { weights: { v1: 100, v2: 0 } },
      methods: [{ name: 'pkg.Svc/Get', weights: { v1: 90, v2: 10 } }],
    }));
    expect(routes[0].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v1', 90], ['v2', 10]]);
    expect(routes[1].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v1', 100]]);
  });

  test('retries: attempts, per-try timeout and a comma list without spaces', () => {
    const [route] = httpRoutes(baseProps({
      defaultRoute: {
        timeout: Duration.seconds(10),
        retry: { attempts: 3, perTryTimeout: Duration.millis(2500), on: [RetryOn.UNAVAILABLE, RetryOn.CONNECT_FAILURE, RetryOn.CANCELLED] },
      },
    }));
    expect(route.timeout).toBe('10s');
    expect(route.retries).toEqual({ attempts: 3, perTryTimeout: '2.5s', retryOn: 'cancelled,unavailable,connect-failure,reset' });
  });

  test('a per-try timeout adds reset, so a try that timed out is retried as on Linkerd; reset is not repeated', () => {
    const retried = (on?: RetryOn[]) => httpRoutes(baseProps({
      methods: [{ name: 'pkg.Svc/Get', timeout: Duration.seconds(3), retry: { attempts: 2, perTryTimeout: Duration.seconds(1), on } }],
    }))[0].retries.retryOn;
    expect(retried()).toBe('unavailable,reset');
    expect(retried([RetryOn.RESET, RetryOn.INTERNAL])).toBe('internal,reset');
    // Without a per-try timeout nothing is added.
    expect(httpRoutes(baseProps({ methods: [{ name: 'pkg.Svc/Get', retry: { attempts: 2 } }] }))[0].retries.retryOn).toBe('unavailable');
  });

  test('retry conditions default to unavailable', () => {
    const [route] = httpRoutes(baseProps({ defaultRoute: { retry: { attempts: 2 } } }));
    expect(route.retries).toEqual({ attempts: 2, retryOn: 'unavailable' });
  });

  test('methods inherit the default timeout and retries; non-idempotent and streaming ones get retries off', () => {
    const routes = httpRoutes(baseProps({
      defaultRoute: { timeout: Duration.seconds(10), retry: { attempts: 2, perTryTimeout: Duration.seconds(4) } },
      methods: [
        { name: 'pkg.Svc/Get' },
        { name: 'pkg.Svc/Update', idempotent: false },
        { name: 'pkg.Svc/Watch', streaming: Streaming.SERVER },
        { name: 'pkg.Svc/Upload', streaming: Streaming.CLIENT },
        { name: 'pkg.Svc/Chat', streaming: Streaming.BIDIRECTIONAL },
      ],
    }));
    const byName = Object.fromEntries(routes.map((r) => [r.name, r]));
    expect(byName['pkg-svc-get'].timeout).toBe('10s');
    expect(byName['pkg-svc-get'].retries).toEqual({ attempts: 2, perTryTimeout: '4s', retryOn: 'unavailable,reset' });
    expect(byName['pkg-svc-update'].timeout).toBe('10s');
    expect(byName['pkg-svc-update'].retries).toEqual({ attempts: 0 });
    for (const streaming of ['pkg-svc-watch', 'pkg-svc-upload', 'pkg-svc-chat']) {
      expect(byName[streaming]).not.toHaveProperty('timeout');
      expect(byName[streaming].retries).toEqual({ attempts: 0 });
    }
  });

  test('a non-idempotent method may opt in to retries explicitly', () => {
    const [route] = httpRoutes(baseProps({
      methods: [{ name: 'pkg.Svc/Update', idempotent: false, retry: { attempts: 1, on: [RetryOn.CONNECT_FAILURE] } }],
    }));
    expect(route.retries).toEqual({ attempts: 1, retryOn: 'connect-failure' });
  });

  test('below a service route that is not idempotent, a method declared idempotent keeps the default retries', () => {
    const routes = httpRoutes(baseProps({
      defaultRoute: { retry: { attempts: 2 } },
      methods: [{ name: 'pkg.Svc', idempotent: false }, { name: 'pkg.Svc/Get', idempotent: true }, { name: 'pkg.Svc/Put' }],
    }));
    const byName = Object.fromEntries(routes.map((r) => [r.name, r]));
    expect(byName['pkg-svc-get'].retries).toEqual({ attempts: 2, retryOn: 'unavailable' });
    expect(byName['pkg-svc-put'].retries).toEqual({ attempts: 0 });
    expect(byName['pkg-svc'].retries).toEqual({ attempts: 0 });
  });

  test('methods below a streaming service route stream too: no timeout, no retries', () => {
    const routes = httpRoutes(baseProps({
      defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2 } },
      methods: [{ name: 'pkg.Feed', streaming: Streaming.SERVER }, { name: 'pkg.Feed/Watch', weights: { v1: 50, v2: 50 } }],
    }));
    expect(routes[0]).toMatchObject({ name: 'pkg-feed-watch', retries: { attempts: 0 } });
    expect(routes[0]).not.toHaveProperty('timeout');
  });

  test('below a streaming service route, a method declared unary gets the default timeout and retries', () => {
    const routes = httpRoutes(baseProps({
      defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2 } },
      methods: [{ name: 'pkg.Feed', streaming: Streaming.SERVER }, { name: 'pkg.Feed/Get', streaming: Streaming.UNARY }],
    }));
    expect(routes[0]).toMatchObject({ name: 'pkg-feed-get', timeout: '5s', retries: { attempts: 2, retryOn: 'unavailable' } });
  });

  test('a timeout on a method that streams because its service route does says how to make it unary', () => {
    expect(errorOf(() => synthService(baseProps({
      methods: [{ name: 'pkg.Feed', streaming: Streaming.SERVER }, { name: 'pkg.Feed/Get', timeout: Duration.seconds(3) }],
    })))).toBe('test/svc: invalid methods[1].timeout 3 seconds: a route timeout would cut this streaming method\'s streams (it streams as its service route methods[0] does); remove the timeout and let clients set a deadline instead, or set streaming: Streaming.UNARY on this method');
  });

  test('a method can turn inherited retries off with attempts 0', () => {
    const [route] = httpRoutes(baseProps({
      defaultRoute: { retry: { attempts: 2 } },
      methods: [{ name: 'pkg.Svc/Get', retry: { attempts: 0 } }],
    }));
    expect(route.retries).toEqual({ attempts: 0 });
  });

  test('durations render as protobuf seconds: whole, fractional and sub-second', () => {
    const routes = httpRoutes(baseProps({
      methods: [
        { name: 'pkg.Svc/A', timeout: Duration.minutes(2) },
        { name: 'pkg.Svc/B', timeout: Duration.millis(1500) },
        { name: 'pkg.Svc/C', timeout: Duration.millis(1) },
      ],
    }));
    expect(routes.slice(0, 3).map((r) => r.timeout)).toEqual(['120s', '1.5s', '0.001s']);
  });

  test('route names stay unique DNS labels when method names collide in lower case or are long', () => {
    const long = `pkg.${'VeryLongServiceName'.repeat(4)}/Method`;
    const routes = httpRoutes(baseProps({
      methods: [{ name: 'pkg.Svc/GetItem' }, { name: 'pkg.Svc/Getitem' }, { name: long }, { name: 'Default' }],
    }));
    const names = routes.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(names[0]).toBe('pkg-svc-getitem');
    expect(names[1]).toMatch(/^pkg-svc-getitem-[0-9a-f]{8}$/);
  });
});
