import { Duration } from 'cdk8s';
import { Client, LoadBalancer, RetryOn, Streaming } from '../../src';
import { baseProps, errorOf, synthService } from '../support/service';

// Every bad input gets one clear message: construct path, prop, value, problem and fix.
const CASES: [string, object, string][] = [
  ['weights not summing to 100', { defaultRoute: { weights: { v1: 80, v2: 10 } } },
    'test/svc: invalid defaultRoute.weights {"v1":80,"v2":10}: weights sum to 90, not 100; make the weights of the route add up to 100'],
  ['weights not integers', { methods: [{ name: 'pkg.Svc/Get', weights: { v1: 90.5, v2: 9.5 } }] },
    'test/svc: invalid methods[0].weights.v1 90.5: weights must be integers from 0 to 100; use whole percentages'],
  ['a route naming an unknown version', { methods: [{ name: 'pkg.Svc/Get', weights: { v1: 90, v3: 10 } }] },
    'test/svc: invalid methods[0].weights.v3 10: unknown version "v3"; use one of the declared versions: v1, v2'],
  ['the same method twice', { methods: [{ name: 'pkg.Svc/Get' }, { name: 'pkg.Svc/Get' }] },
    'test/svc: invalid methods[1].name "pkg.Svc/Get": pkg.Svc/Get is already routed by methods[0]; declare each method or service once and merge the two routes'],
  ['a malformed method name', { methods: [{ name: 'pkg.Svc/Get/Extra' }] },
    'test/svc: invalid methods[0].name "pkg.Svc/Get/Extra": malformed gRPC method or service name; name a method as "package.Service/Method" or a whole service as "package.Service"'],
  ['a malformed service name', { methods: [{ name: 'pkg-svc' }] },
    'test/svc: invalid methods[0].name "pkg-svc": malformed gRPC method or service name; name a method as "package.Service/Method" or a whole service as "package.Service"'],
  ['retry conditions with attempts < 1', { defaultRoute: { retry: { attempts: 0, on: [RetryOn.UNAVAILABLE] } } },
    'test/svc: invalid defaultRoute.retry.attempts 0: retry conditions and a per-try timeout need attempts >= 1; set attempts to 1 or more, or remove on and perTryTimeout'],
  ['negative attempts', { defaultRoute: { retry: { attempts: -1 } } },
    'test/svc: invalid defaultRoute.retry.attempts -1: not an integer from 0 to 100; set how many retries follow the first try, or 0 for none'],
  ['an unknown retry condition', { defaultRoute: { retry: { attempts: 1, on: ['5xx'] } } },
    'test/svc: invalid defaultRoute.retry.on[0] "5xx": unknown retry condition; use one of RetryOn: cancelled, deadline-exceeded, internal, resource-exhausted, unavailable, connect-failure, refused-stream, reset'],
  ['a per-try timeout longer than the route timeout', { defaultRoute: { timeout: Duration.seconds(2), retry: { attempts: 2, perTryTimeout: Duration.seconds(3) } } },
    'test/svc: invalid defaultRoute.retry.perTryTimeout 3 seconds: longer than the route timeout 2000ms (defaultRoute.timeout); make the per-try timeout at most the route timeout'],
  ['a method timeout shorter than an inherited per-try timeout', { defaultRoute: { retry: { attempts: 2, perTryTimeout: Duration.seconds(3) } }, methods: [{ name: 'p.S/M', timeout: Duration.seconds(1) }] },
    'test/svc: invalid methods[0].timeout 1 second: shorter than the per-try timeout 3000ms inherited from defaultRoute.retry; raise the timeout or give this route its own retry'],
  ['a duration under 1 ms', { defaultRoute: { timeout: Duration.millis(0.5) } },
    'test/svc: invalid defaultRoute.timeout 0.5 millis: durations must be at least 1ms and whole milliseconds; round it to whole milliseconds, at least Duration.millis(1)'],
  ['a duration of 0s (Istio rejects it)', { defaultRoute: { timeout: Duration.seconds(0) } },
    'test/svc: invalid defaultRoute.timeout 0 seconds: durations must be at least 1ms and whole milliseconds; round it to whole milliseconds, at least Duration.millis(1)'],
  ['a duration that is not whole milliseconds', { connectionPool: { connectTimeout: Duration.millis(1.5) } },
    'test/svc: invalid connectionPool.connectTimeout 1.5 millis: durations must be at least 1ms and whole milliseconds; round it to whole milliseconds, at least Duration.millis(1)'],
  ['a port out of range', { port: 70000 },
    'test/svc: invalid port 70000: port out of range; use an integer port from 1 to 65535'],
  ['a health port out of range', { healthPort: 0 },
    'test/svc: invalid healthPort 0: port out of range; use an integer port from 1 to 65535'],
  ['a health port equal to the gRPC port', { healthPort: 50051 },
    'test/svc: invalid healthPort 50051: the same as port; pick a separate port for health checks, or leave healthPort unset'],
  ['a service name that is not DNS-1123', { serviceName: 'My_Service' },
    'test/svc: invalid serviceName "My_Service": not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['a namespace that is not DNS-1123', { namespace: 'Team A' },
    'test/svc: invalid namespace "Team A": not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['a version name that is not DNS-1123', { versions: [{ name: 'V1', image: 'x' }] },
    'test/svc: invalid versions[0].name "V1": not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['a timeout on a streaming method', { methods: [{ name: 'p.S/W', streaming: Streaming.SERVER, timeout: Duration.seconds(5) }] },
    'test/svc: invalid methods[0].timeout 5 seconds: a route timeout would cut this streaming method\'s streams; remove the timeout and let clients set a deadline instead'],
  ['retries on a streaming method', { methods: [{ name: 'p.S/W', streaming: Streaming.BIDIRECTIONAL, retry: { attempts: 2 } }] },
    'test/svc: invalid methods[0].retry.attempts 2: the mesh cannot safely retry a streaming method; remove the retry or set attempts to 0'],
  ['an empty versions list', { versions: [] },
    'test/svc: invalid versions []: no versions; declare at least one version, e.g. [{ name: "v1", image: "registry/app:v1" }]'],
  ['a version without an image', { versions: [{ name: 'v1' }] },
    'test/svc: invalid versions[0].image undefined: no image for this version; set image on the version or a service-wide image'],
  ['a version declared twice', { versions: [{ name: 'v1', image: 'a' }, { name: 'v1', image: 'b' }] },
    'test/svc: invalid versions[1].name "v1": declared twice; give each version a unique name'],
  ['probe times that are not whole seconds', { readinessProbe: { period: Duration.millis(1500) } },
    'test/svc: invalid readinessProbe.period 1 second 500 millis: probe times must be whole seconds, at least 1s; use Duration.seconds(n) with a whole n >= 1'],
  ['replicas that are not a whole number', { replicas: 1.5 },
    'test/svc: invalid replicas 1.5: not an integer from 0 to 10000; set an integer from 0 to 10000'],
  ['a max ejection percent over 100', { outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 150 } },
    'test/svc: invalid outlierDetection.maxEjectionPercent 150: not an integer from 0 to 100; set an integer from 0 to 100'],
  ['outlier detection without a trigger', { outlierDetection: { interval: Duration.seconds(10) } },
    'test/svc: invalid outlierDetection {"interval":"10 seconds"}: no ejection trigger; set consecutive5xxErrors or consecutiveGatewayErrors'],
  ['a consistent-hash header that is not a header name', { loadBalancer: LoadBalancer.consistentHashByHeader('bad header') },
    'test/svc: invalid loadBalancer "bad header": not a valid header name; pass a header name of letters, digits and "-"'],
  ['a tracing percentage over 100', { telemetry: { tracing: { samplingPercentage: 101 } } },
    'test/svc: invalid telemetry.tracing.samplingPercentage 101: not a percentage from 0 to 100; set a number from 0 to 100'],
  ['an ingress without hosts', { ingress: { hosts: [], tlsCredentialName: 'cert' } },
    'test/svc: invalid ingress.hosts []: no hosts; list at least one external host name'],
  ['an ingress host that is not a host name', { ingress: { hosts: ['https://grpc.example.com'], tlsCredentialName: 'cert' } },
    'test/svc: invalid ingress.hosts[0] "https://grpc.example.com": not a DNS host name; use a lowercase host name such as "grpc.example.com" (a leading "*." is allowed)'],
  ['an authorization rule without clients', { authorization: { allow: [{ clients: [] }] } },
    'test/svc: invalid authorization.allow[0].clients []: no clients; name at least one Client, or remove the rule'],
  ['an authorization rule with a malformed method', { authorization: { allow: [{ clients: [Client.namespace('a')], methods: ['pkg.Svc/'] }] } },
    'test/svc: invalid authorization.allow[0].methods[0] "pkg.Svc/": malformed gRPC method or service name; name a method as "package.Service/Method" or a whole service as "package.Service"'],
  ['a client namespace that is not DNS-1123', { authorization: { allow: [{ clients: [Client.serviceAccount('web', 'Front')] }] } },
    'test/svc: invalid authorization.allow[0].clients[0].namespace "Front": not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['no mesh', { mesh: undefined },
    'test/svc: invalid mesh undefined: no mesh; set mesh: Mesh.istio()'],
];

describe('bad input gets a clear error', () => {
  test.each(CASES)('%s', (_what, overrides, message) => {
    expect(errorOf(() => synthService(baseProps(overrides as any)))).toBe(message);
  });

  test('messages are lowercase after the path and end without a period', () => {
    for (const [, overrides] of CASES) {
      const message = errorOf(() => synthService(baseProps(overrides as any)));
      expect(message).not.toMatch(/\.$/);
      expect(message).toMatch(/^test\/svc: invalid [a-zA-Z]/);
    }
  });
});
