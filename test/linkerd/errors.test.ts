import { Duration } from 'cdk8s';
import { AccessLogFilter, LoadBalancer, MutualTlsMode, RetryOn } from '../../src';
import { errorOf, synthService } from '../support/service';
import { legacyProps, linkerdProps } from './helpers';

// One case per rejection and per Linkerd-specific check, with the exact message.
type Case = [string, () => ReturnType<typeof linkerdProps>, string];

const CURRENT: Case[] = [
  ['ingress (no ingress gateway)', () => linkerdProps({ ingress: { hosts: ['a.example.com'], tlsCredentialName: 'cert' } }),
    'test/svc: invalid ingress {"hosts":["a.example.com"],"tlsCredentialName":"cert","gatewaySelector":{"istio":"ingressgateway"}}: ingress is not supported on Linkerd (Linkerd has no ingress gateway); remove ingress and expose the service through an ingress controller of your own, meshed with linkerd.io/inject'],
  ['PERMISSIVE mTLS', () => linkerdProps({ mtls: MutualTlsMode.PERMISSIVE }),
    'test/svc: invalid mtls "PERMISSIVE": PERMISSIVE mutual TLS is not supported on Linkerd (Linkerd admits plain-text calls only through a NetworkAuthentication, which would let unauthenticated callers past the identity-based authorization); use MutualTlsMode.STRICT, and mesh the clients (linkerd.io/inject) so that they call with mTLS'],
  ['tracing', () => linkerdProps({ telemetry: { tracing: { samplingPercentage: 10 } } }),
    `test/svc: invalid telemetry.tracing {"samplingPercentage":10,"tagGrpcMethod":true}: telemetry.tracing is not supported on Linkerd (Linkerd has no per-service tracing setting: its proxies join the traces that callers sample); remove telemetry.tracing and set the sampling rate where traces start (the ingress or the client's tracer)`],
  ['a failed-calls access log filter', () => linkerdProps({ telemetry: { accessLogging: AccessLogFilter.failedCalls() } }),
    'test/svc: invalid telemetry.accessLogging "response.code >= 400 || response.grpc_status != 0": a filtered access log is not supported on Linkerd (the proxy access log that config.linkerd.io/access-log turns on logs every call and cannot filter them); use AccessLogFilter.allCalls() and filter the JSON log where it is collected, or remove telemetry.accessLogging'],
  ['a CEL access log filter', () => linkerdProps({ telemetry: { accessLogging: AccessLogFilter.expression('response.code >= 500') } }),
    'test/svc: invalid telemetry.accessLogging "response.code >= 500": a filtered access log is not supported on Linkerd (the proxy access log that config.linkerd.io/access-log turns on logs every call and cannot filter them); use AccessLogFilter.allCalls() and filter the JSON log where it is collected, or remove telemetry.accessLogging'],
  ['connectionPool.maxConnections', () => linkerdProps({ connectionPool: { maxConnections: 100 } }),
    'test/svc: invalid connectionPool.maxConnections 100: connectionPool.maxConnections is not supported on Linkerd (Linkerd has no connection-pool limits: each client proxy keeps one HTTP/2 connection per endpoint and balances every request); remove connectionPool.maxConnections'],
  ['connectionPool.connectTimeout', () => linkerdProps({ connectionPool: { connectTimeout: Duration.seconds(10) } }),
    'test/svc: invalid connectionPool.connectTimeout 10 seconds: connectionPool.connectTimeout is not supported on Linkerd (Linkerd has no connection-pool limits: each client proxy keeps one HTTP/2 connection per endpoint and balances every request); remove connectionPool.connectTimeout: the connect timeout is a proxy setting of the calling pods (config.linkerd.io/proxy-outbound-connect-timeout)'],
  ['connectionPool.maxRequests', () => linkerdProps({ connectionPool: { maxRequests: 100 } }),
    'test/svc: invalid connectionPool.maxRequests 100: connectionPool.maxRequests is not supported on Linkerd (Linkerd has no connection-pool limits: each client proxy keeps one HTTP/2 connection per endpoint and balances every request); remove connectionPool.maxRequests'],
  ['connectionPool.maxRequestsPerConnection', () => linkerdProps({ connectionPool: { maxRequestsPerConnection: 1 } }),
    'test/svc: invalid connectionPool.maxRequestsPerConnection 1: connectionPool.maxRequestsPerConnection is not supported on Linkerd (Linkerd has no connection-pool limits: each client proxy keeps one HTTP/2 connection per endpoint and balances every request); remove connectionPool.maxRequestsPerConnection'],
  ['connectionPool.maxConcurrentStreams', () => linkerdProps({ connectionPool: { maxConcurrentStreams: 10 } }),
    'test/svc: invalid connectionPool.maxConcurrentStreams 10: connectionPool.maxConcurrentStreams is not supported on Linkerd (Linkerd has no connection-pool limits: each client proxy keeps one HTTP/2 connection per endpoint and balances every request); remove connectionPool.maxConcurrentStreams'],
  ['connectionPool.idleTimeout', () => linkerdProps({ connectionPool: { idleTimeout: Duration.minutes(5) } }),
    'test/svc: invalid connectionPool.idleTimeout 5 minutes: connectionPool.idleTimeout is not supported on Linkerd (Linkerd has no connection-pool limits: each client proxy keeps one HTTP/2 connection per endpoint and balances every request); remove connectionPool.idleTimeout'],
  ['round robin', () => linkerdProps({ loadBalancer: LoadBalancer.roundRobin() }),
    'test/svc: invalid loadBalancer "ROUND_ROBIN": load balancer ROUND_ROBIN is not supported on Linkerd (Linkerd balances every request by latency, EWMA over the better of two random endpoints, and has no other algorithm nor session affinity); remove loadBalancer, or use LoadBalancer.leastRequest(), which is what Linkerd does'],
  ['random balancing', () => linkerdProps({ loadBalancer: LoadBalancer.random() }),
    'test/svc: invalid loadBalancer "RANDOM": load balancer RANDOM is not supported on Linkerd (Linkerd balances every request by latency, EWMA over the better of two random endpoints, and has no other algorithm nor session affinity); remove loadBalancer, or use LoadBalancer.leastRequest(), which is what Linkerd does'],
  ['consistent hash on a header', () => linkerdProps({ loadBalancer: LoadBalancer.consistentHashByHeader('x-user') }),
    'test/svc: invalid loadBalancer "CONSISTENT_HASH_HEADER": load balancer CONSISTENT_HASH_HEADER is not supported on Linkerd (Linkerd balances every request by latency, EWMA over the better of two random endpoints, and has no other algorithm nor session affinity); remove loadBalancer, or use LoadBalancer.leastRequest(), which is what Linkerd does'],
  ['consistent hash on a cookie', () => linkerdProps({ loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.hours(1)) }),
    'test/svc: invalid loadBalancer "CONSISTENT_HASH_COOKIE": load balancer CONSISTENT_HASH_COOKIE is not supported on Linkerd (Linkerd balances every request by latency, EWMA over the better of two random endpoints, and has no other algorithm nor session affinity); remove loadBalancer, or use LoadBalancer.leastRequest(), which is what Linkerd does'],
  ['consistent hash on the source IP', () => linkerdProps({ loadBalancer: LoadBalancer.consistentHashBySourceIp() }),
    'test/svc: invalid loadBalancer "CONSISTENT_HASH_SOURCE_IP": load balancer CONSISTENT_HASH_SOURCE_IP is not supported on Linkerd (Linkerd balances every request by latency, EWMA over the better of two random endpoints, and has no other algorithm nor session affinity); remove loadBalancer, or use LoadBalancer.leastRequest(), which is what Linkerd does'],
  ['outlierDetection.consecutiveGatewayErrors', () => linkerdProps({ outlierDetection: { consecutiveGatewayErrors: 3 } }),
    `test/svc: invalid outlierDetection.consecutiveGatewayErrors 3: outlierDetection.consecutiveGatewayErrors is not supported on Linkerd (Linkerd's failure accrual counts every failed response, not gateway errors alone); use consecutive5xxErrors instead (Linkerd counts UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS)`],
  ['outlierDetection.interval', () => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(10) } }),
    'test/svc: invalid outlierDetection.interval 10 seconds: outlierDetection.interval is not supported on Linkerd (Linkerd judges each endpoint on its consecutive failures as they happen, not on a periodic sweep); remove outlierDetection.interval'],
  ['outlierDetection.maxEjectionPercent', () => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3, maxEjectionPercent: 50 } }),
    'test/svc: invalid outlierDetection.maxEjectionPercent 50: outlierDetection.maxEjectionPercent is not supported on Linkerd (Linkerd has no cap on the share of endpoints kept out); remove outlierDetection.maxEjectionPercent'],
  ['outlierDetection.minHealthPercent', () => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3, minHealthPercent: 30 } }),
    'test/svc: invalid outlierDetection.minHealthPercent 30: outlierDetection.minHealthPercent is not supported on Linkerd (Linkerd has no panic threshold); remove outlierDetection.minHealthPercent'],
  ['a connection-level retry condition on the default route', () => linkerdProps({ defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE, RetryOn.CONNECT_FAILURE] } } }),
    'test/svc: invalid defaultRoute.retry.on ["unavailable","connect-failure"]: retrying on "connect-failure" is not supported on Linkerd (Linkerd retries on gRPC status codes only, through retry.linkerd.io/grpc, never on connection failures); remove "connect-failure" and retry on gRPC statuses such as RetryOn.UNAVAILABLE'],
  ['connection-level retry conditions on a method', () => linkerdProps({ methods: [{ name: 'p.S/M', retry: { attempts: 1, on: [RetryOn.RESET, RetryOn.REFUSED_STREAM] } }] }),
    'test/svc: invalid methods[0].retry.on ["refused-stream","reset"]: retrying on "refused-stream", "reset" is not supported on Linkerd (Linkerd retries on gRPC status codes only, through retry.linkerd.io/grpc, never on connection failures); remove "refused-stream", "reset" and retry on gRPC statuses such as RetryOn.UNAVAILABLE'],
  ['a connection-level condition inherited from the default route names the default route', () => linkerdProps({ defaultRoute: { retry: { attempts: 1, on: [RetryOn.CONNECT_FAILURE] } }, methods: [{ name: 'p.S/M' }] }),
    'test/svc: invalid defaultRoute.retry.on ["connect-failure"]: retrying on "connect-failure" is not supported on Linkerd (Linkerd retries on gRPC status codes only, through retry.linkerd.io/grpc, never on connection failures); remove "connect-failure" and retry on gRPC statuses such as RetryOn.UNAVAILABLE'],
  ['a retry budget in GATEWAY_API mode', () => linkerdProps({}, { retryBudget: { retryRatio: 0.1 } }),
    'test/svc: invalid mesh.retryBudget {"retryRatio":0.1}: a retry budget is not supported on Linkerd in GATEWAY_API mode (GRPCRoute retries are bounded by retry.linkerd.io/limit per call, not by a budget); remove retryBudget, or use LinkerdMode.SERVICE_PROFILE'],
  ['a base ejection time above the default max penalty', () => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3, baseEjectionTime: Duration.minutes(2) } }),
    `test/svc: invalid outlierDetection.baseEjectionTime 2 minutes: longer than Linkerd's default max penalty of 60s, so Linkerd would ignore the whole failure-accrual config; shorten it, or raise failureAccrual.maxPenalty in Mesh.linkerd()`],
  ['a max penalty below the min penalty', () => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3, baseEjectionTime: Duration.seconds(30) } }, { failureAccrual: { maxPenalty: Duration.seconds(10) } }),
    `test/svc: invalid mesh.failureAccrual.maxPenalty 10 seconds: shorter than the min penalty of 30000ms (outlierDetection.baseEjectionTime, else Linkerd's 1s), so Linkerd would ignore the whole failure-accrual config; make it at least the min penalty`],
  ['a jitter ratio above 100', () => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3 } }, { failureAccrual: { jitterRatio: 101 } }),
    'test/svc: invalid mesh.failureAccrual.jitterRatio 101: not a ratio from 0 to 100; set a number from 0 to 100, e.g. 0.5'],
  ['a max penalty in fractions of a millisecond', () => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3 } }, { failureAccrual: { maxPenalty: Duration.millis(1.5) } }),
    'test/svc: invalid mesh.failureAccrual.maxPenalty 1.5 millis: durations must be whole milliseconds, at least 1ms; round it to whole milliseconds'],
  ['a probe network that is not a CIDR', () => linkerdProps({}, { probeNetworks: ['10.0.0.0'] }),
    'test/svc: invalid mesh.probeNetworks[0] "10.0.0.0": not a CIDR; use an IPv4 or IPv6 network such as "10.0.0.0/8"'],
  ['no probe networks', () => linkerdProps({}, { probeNetworks: [] }),
    'test/svc: invalid mesh.probeNetworks []: no networks; list the CIDRs the kubelet probes come from, e.g. the node network'],
  ['an unknown mode', () => linkerdProps({}, { mode: 'ISTIO' as any }),
    'test/svc: invalid mesh.mode "ISTIO": unknown Linkerd mode; use LinkerdMode.GATEWAY_API or LinkerdMode.SERVICE_PROFILE'],
  ['a cluster domain that is not a DNS name', () => legacyProps({}, { clusterDomain: 'Cluster.Local' }),
    `test/svc: invalid mesh.clusterDomain "Cluster.Local": not a DNS domain; use the cluster's DNS domain, e.g. "cluster.local"`],
];

const LEGACY: Case[] = [
  ['retry conditions', () => legacyProps({ defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE] } } }),
    'test/svc: invalid defaultRoute.retry.on ["unavailable"]: a retry condition is not supported on Linkerd in SERVICE_PROFILE mode (a retryable ServiceProfile route retries a fixed set of gRPC codes: UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS); remove on (the route then retries that fixed set), or use LinkerdMode.GATEWAY_API'],
  ['a per-try timeout', () => legacyProps({ methods: [{ name: 'p.S/M', retry: { attempts: 2, perTryTimeout: Duration.seconds(1) } }] }),
    'test/svc: invalid methods[0].retry.perTryTimeout 1 second: a per-try timeout is not supported on Linkerd in SERVICE_PROFILE mode (a ServiceProfile has no per-try timeout, only the route timeout that covers every try); remove perTryTimeout, or use LinkerdMode.GATEWAY_API'],
  ['per-method weights', () => legacyProps({ defaultRoute: { weights: { v1: 90, v2: 10 } }, methods: [{ name: 'p.S/M', weights: { v1: 100 } }] }),
    `test/svc: invalid methods[0].weights {"v1":100,"v2":0}: a per-method weight split is not supported on Linkerd in SERVICE_PROFILE mode (the SMI TrafficSplit splits the whole service by the default route's weights); remove the weights of this route (or set them to the default route's), or use LinkerdMode.GATEWAY_API`],
  ['outlier detection', () => legacyProps({ outlierDetection: { consecutive5xxErrors: 3 } }),
    'test/svc: invalid outlierDetection {"consecutive5xxErrors":3}: outlierDetection is not supported on Linkerd in SERVICE_PROFILE mode (with a ServiceProfile the proxy balances without failure accrual); remove outlierDetection, or use LinkerdMode.GATEWAY_API, where it maps to failure accrual'],
  ['connection-level retry conditions', () => legacyProps({ defaultRoute: { retry: { attempts: 2, on: [RetryOn.CONNECT_FAILURE] } } }),
    'test/svc: invalid defaultRoute.retry.on ["connect-failure"]: a retry condition is not supported on Linkerd in SERVICE_PROFILE mode (a retryable ServiceProfile route retries a fixed set of gRPC codes: UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS); remove on (the route then retries that fixed set), or use LinkerdMode.GATEWAY_API'],
  ['a negative retry ratio', () => legacyProps({}, { retryBudget: { retryRatio: -1 } }),
    'test/svc: invalid mesh.retryBudget.retryRatio -1: not a ratio from 0 to 1000; set the share of extra calls retries may add, e.g. 0.2'],
  ['a fractional minimum of retries per second', () => legacyProps({}, { retryBudget: { minRetriesPerSecond: 1.5 } }),
    'test/svc: invalid mesh.retryBudget.minRetriesPerSecond 1.5: not a non-negative integer; set a whole number of retries per second, e.g. 10'],
  ['a retry budget ttl above 60s', () => legacyProps({}, { retryBudget: { ttl: Duration.minutes(2) } }),
    'test/svc: invalid mesh.retryBudget.ttl 2 minutes: not from 1s to 60s, the bounds the proxy accepts; set a ttl from Duration.seconds(1) to Duration.seconds(60)'],
  ['a retry budget ttl that is not a Duration', () => legacyProps({}, { retryBudget: { ttl: 10 as any } }),
    'test/svc: invalid mesh.retryBudget.ttl 10: not a Duration; use Duration.seconds(...) or Duration.millis(...) from cdk8s'],
  ['ingress (mode-independent rejections name Linkerd only)', () => legacyProps({ ingress: { hosts: ['a.example.com'], tlsCredentialName: 'cert' } }),
    'test/svc: invalid ingress {"hosts":["a.example.com"],"tlsCredentialName":"cert","gatewaySelector":{"istio":"ingressgateway"}}: ingress is not supported on Linkerd (Linkerd has no ingress gateway); remove ingress and expose the service through an ingress controller of your own, meshed with linkerd.io/inject'],
];

describe('Linkerd rejections (GATEWAY_API mode)', () => {
  test.each(CURRENT)('%s', (_name, props, message) => {
    expect(errorOf(() => synthService(props()))).toBe(message);
  });
});

describe('Linkerd rejections (SERVICE_PROFILE mode)', () => {
  test.each(LEGACY)('%s', (_name, props, message) => {
    expect(errorOf(() => synthService(props()))).toBe(message);
  });
});
