import { Duration } from 'cdk8s';
import { Delivery, LinkerdMode, Mesh, RetryOn, Streaming } from '../../src';

/** One version on Istio, for the delivery cases: a delivery controller rolls out one version at a time. */
export const ONE_VERSION = { versions: [{ name: 'v1', image: 'registry/app:v1' }] };

/** Bad delivery props (over `baseProps()` with one version on Istio) and the exact message each gets. */
export const DELIVERY_CASES: [string, object, string][] = [
  ['a delivery that is not a Delivery', { delivery: { engine: 'FLAGGER' } },
    'test/svc: invalid delivery {"engine":"FLAGGER"}: not a Delivery; use Delivery.flagger({...}) or Delivery.argoRollouts({...})'],
  ['an unknown delivery option', { delivery: Delivery.flagger({ stepWieght: 10 } as any) },
    'test/svc: invalid delivery.stepWieght 10: not a delivery option; did you mean "stepWeight"?'],
  ['a step weight of 0', { delivery: Delivery.flagger({ stepWeight: 0 }) },
    'test/svc: invalid delivery.stepWeight 0: not an integer from 1 to 99; set an integer from 1 to 99'],
  ['a max weight above 100', { delivery: Delivery.argoRollouts({ maxWeight: 110 }) },
    'test/svc: invalid delivery.maxWeight 110: not an integer from 1 to 100; set an integer from 1 to 100'],
  ['steps that never reach the max weight', { delivery: Delivery.flagger({ stepWeight: 20, maxWeight: 50 }) },
    'test/svc: invalid delivery.maxWeight 50: steps of 20 never reach 50; make maxWeight a multiple of stepWeight, e.g. 40'],
  ['a step weight above the max weight', { delivery: Delivery.argoRollouts({ stepWeight: 30, maxWeight: 20 }) },
    'test/svc: invalid delivery.maxWeight 20: steps of 30 never reach 20; make maxWeight a multiple of stepWeight, e.g. 30'],
  ['a failure threshold of 0', { delivery: Delivery.flagger({ failureThreshold: 0 }) },
    'test/svc: invalid delivery.failureThreshold 0: not an integer from 1 to 100; set an integer from 1 to 100'],
  ['a success rate above 100', { delivery: Delivery.flagger({ minSuccessRate: 101 }) },
    'test/svc: invalid delivery.minSuccessRate 101: not a percentage above 0 and at most 100; set the lowest share of successful calls, e.g. 99 or 99.9'],
  ['a success rate of 0', { delivery: Delivery.argoRollouts({ minSuccessRate: 0 }) },
    'test/svc: invalid delivery.minSuccessRate 0: not a percentage above 0 and at most 100; set the lowest share of successful calls, e.g. 99 or 99.9'],
  ['a latency threshold under 1ms', { delivery: Delivery.flagger({ maxLatency: Duration.millis(0.5) }) },
    'test/svc: invalid delivery.maxLatency 0.5 millis: not whole milliseconds from 1ms to 1h; use Duration.millis(n) with a whole n, e.g. Duration.millis(500)'],
  ['an interval that is not whole seconds', { delivery: Delivery.flagger({ interval: Duration.seconds(1.5) }) },
    'test/svc: invalid delivery.interval 1 second 500 millis: not whole seconds from 1s to 24h; use Duration.seconds(n) with a whole n from 1 to 86400, e.g. Duration.minutes(1)'],
  ['a Prometheus address that is not a URL', { delivery: Delivery.flagger({ prometheusAddress: 'prometheus:9090' }) },
    'test/svc: invalid delivery.prometheusAddress "prometheus:9090": not an http:// or https:// URL; set the Prometheus base URL, e.g. "http://prometheus.istio-system:9090"'],
  ['a service name too long for the Services Flagger creates', { serviceName: 'a'.repeat(56), delivery: Delivery.flagger() },
    `test/svc: invalid serviceName "${'a'.repeat(56)}": the Service "${'a'.repeat(56)}-primary" Flagger creates would be longer than 63 characters; shorten it to at most 55 characters`],
  ['a delivery with two versions', { versions: [{ name: 'v1', image: 'r/a:1' }, { name: 'v2', image: 'r/a:2' }], delivery: Delivery.flagger() },
    'test/svc: invalid versions ["v1","v2"]: one version at a time with Flagger: the canary is the next image of that version; declare one version and change its image to start a canary'],
  ['a latency threshold with a streaming method', { delivery: Delivery.argoRollouts({ maxLatency: Duration.millis(300) }), methods: [{ name: 'p.S/Watch', streaming: Streaming.SERVER }] },
    'test/svc: invalid delivery.maxLatency "300ms": the proxies\' latency histograms have no method label, and a streaming call (methods[0]) lasts as long as its stream; remove maxLatency and rely on the success rate'],
  ['Flagger with a method route of its own', { delivery: Delivery.flagger(), methods: [{ name: 'p.S/Get', timeout: Duration.seconds(2) }] },
    'test/svc: invalid methods[0] "p.S/Get": one route for the whole service with Flagger, so a method route with its own timeout, retries or weights cannot be carried; remove the method routes (or the api methods whose policy differs from the default route), or use Delivery.argoRollouts() on Istio, which shifts every named route'],
  ['Flagger with a traffic policy field its Canary lacks', { delivery: Delivery.flagger(), connectionPool: { maxConcurrentStreams: 100 } },
    'test/svc: invalid connectionPool.maxConcurrentStreams 100: no field for trafficPolicy.connectionPool.http.maxConcurrentStreams in Flagger\'s Canary; remove it, or use Delivery.argoRollouts(), which keeps the library\'s DestinationRule'],
  ['Flagger on Linkerd with retries', { mesh: Mesh.linkerd(), delivery: Delivery.flagger(), defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE] } } },
    'test/svc: invalid defaultRoute.retry 2: the HTTPRoute Flagger writes for Linkerd retries on HTTP statuses only, never on a gRPC status; remove the retry, or use LinkerdMode.SERVICE_PROFILE, whose ServiceProfile keeps the retries'],
  ['Argo Rollouts on Linkerd\'s Gateway API', { mesh: Mesh.linkerd(), delivery: Delivery.argoRollouts() },
    'test/svc: invalid delivery "Argo Rollouts": no Gateway API routing in Argo Rollouts without its Gateway API plugin, a separate binary; use Delivery.flagger(), or Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }) for an SMI TrafficSplit'],
  ['Argo Rollouts on Linkerd\'s legacy API', { mesh: Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), delivery: Delivery.argoRollouts() },
    'test/svc: invalid delivery "Argo Rollouts": on Linkerd\'s legacy API, Argo Rollouts needs an SMI TrafficSplit of its own over canary and stable Services, which this library does not render yet; use Delivery.flagger(), which renders a Canary for LinkerdMode.SERVICE_PROFILE'],
];
