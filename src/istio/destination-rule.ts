import * as net from '../../imports/networking.istio.io';
import { LoadBalancerKind } from '../load-balancer';
import { argoRoutesTraffic, argoSubsets } from '../delivery/argo-istio';
import { versionSelector } from '../model/labels';
import { LoadBalancerModel, ServiceModel } from '../model/model';
import { DEFAULT_MAX_RETRIES } from '../traffic-policy';
import { istioDuration } from './durations';

type TrafficPolicy = net.DestinationRuleSpecTrafficPolicy;

/** The DestinationRule spec: one subset per version, mTLS, pool, balancing, ejection. */
export function renderDestinationRuleSpec(model: ServiceModel, host: string): net.DestinationRuleSpec {
  return {
    host,
    trafficPolicy: {
      tls: { mode: net.DestinationRuleSpecTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL },
      ...renderLoadBalancer(model.loadBalancer),
      ...renderConnectionPool(model),
      ...renderOutlierDetection(model),
    },
    subsets: argoRoutesTraffic(model) ? argoSubsets(model) : model.versions.map((v) => ({ name: v.name, labels: versionSelector(model, v.name) })),
  };
}

function renderLoadBalancer(lb: LoadBalancerModel | undefined): TrafficPolicy {
  if (!lb) return {};
  const Simple = net.DestinationRuleSpecTrafficPolicyLoadBalancerSimple;
  switch (lb.kind) {
    case LoadBalancerKind.ROUND_ROBIN: return { loadBalancer: { simple: Simple.ROUND_UNDERSCORE_ROBIN } };
    case LoadBalancerKind.LEAST_REQUEST: return { loadBalancer: { simple: Simple.LEAST_UNDERSCORE_REQUEST } };
    case LoadBalancerKind.RANDOM: return { loadBalancer: { simple: Simple.RANDOM } };
    case LoadBalancerKind.CONSISTENT_HASH_HEADER:
      return { loadBalancer: { consistentHash: { httpHeaderName: lb.key } } };
    case LoadBalancerKind.CONSISTENT_HASH_COOKIE:
      return {
        loadBalancer: {
          consistentHash: { httpCookie: { name: lb.key!, ...(lb.ttlMs === undefined ? {} : { ttl: istioDuration(lb.ttlMs) }) } },
        },
      };
    case LoadBalancerKind.CONSISTENT_HASH_SOURCE_IP:
      return { loadBalancer: { consistentHash: { useSourceIp: true } } };
  }
}

function renderConnectionPool(model: ServiceModel): TrafficPolicy {
  // A retry budget whenever a route retries: Istio's default is no budget at all.
  const retries = model.routes.some((r) => r.retry !== undefined);
  const c = { ...model.connectionPool, maxRetries: model.connectionPool?.maxRetries ?? (retries ? DEFAULT_MAX_RETRIES : undefined) };
  const tcp = compact({
    maxConnections: c.maxConnections,
    connectTimeout: c.connectTimeoutMs === undefined ? undefined : istioDuration(c.connectTimeoutMs),
  });
  const http = compact({
    http2MaxRequests: c.maxRequests,
    maxRequestsPerConnection: c.maxRequestsPerConnection,
    maxConcurrentStreams: c.maxConcurrentStreams,
    idleTimeout: c.idleTimeoutMs === undefined ? undefined : istioDuration(c.idleTimeoutMs),
    maxRetries: c.maxRetries,
  });
  if (!tcp && !http) return {};
  return { connectionPool: { ...(tcp ? { tcp } : {}), ...(http ? { http } : {}) } };
}

function renderOutlierDetection(model: ServiceModel): TrafficPolicy {
  const o = model.outlierDetection;
  if (!o) return {};
  return {
    outlierDetection: {
      // Written even when unset: absent, Envoy ejects after 5 server errors anyway.
      consecutive5XxErrors: o.consecutive5xxErrors ?? 0,
      consecutiveGatewayErrors: o.consecutiveGatewayErrors,
      interval: o.intervalMs === undefined ? undefined : istioDuration(o.intervalMs),
      baseEjectionTime: o.baseEjectionTimeMs === undefined ? undefined : istioDuration(o.baseEjectionTimeMs),
      maxEjectionPercent: o.maxEjectionPercent,
      minHealthPercent: o.minHealthPercent,
    },
  };
}

/** The object without its undefined fields, or undefined when nothing is left. */
function compact<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}
