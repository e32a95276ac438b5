import { RouteModel, ServiceModel } from '../model/model';
import { linkerdDuration } from './durations';
import type { FailureAccrualOptions } from './linkerd-options';

type Annotations = { [key: string]: string };

/**
 * The pod annotations: proxy injection, a default inbound policy that needs mTLS identities, the
 * health port kept out of the proxy, and the proxy's JSON access log when every call is logged.
 */
export function podAnnotations(model: ServiceModel): Annotations {
  return {
    'linkerd.io/inject': 'enabled',
    // For ports no Server covers; the gRPC port has its own Server and authorization policies.
    'config.linkerd.io/default-inbound-policy': 'all-authenticated',
    ...(model.healthPort === undefined ? {} : { 'config.linkerd.io/skip-inbound-ports': String(model.healthPort) }),
    ...(model.telemetry?.accessLogging && model.telemetry.accessLogging.filter === undefined
      ? { 'config.linkerd.io/access-log': 'json' }
      : {}),
  };
}

/**
 * Failure accrual (Linkerd's circuit breaking) on the service's own Service: the policy controller
 * reads these annotations on the parent Service and the client proxy applies them to every backend
 * the routes send to (the version Services).
 */
export function failureAccrualAnnotations(model: ServiceModel, options: FailureAccrualOptions = {}): Annotations {
  const o = model.outlierDetection;
  if (o?.consecutive5xxErrors === undefined) return {};
  const key = (suffix: string) => `balancer.linkerd.io/failure-accrual-consecutive-${suffix}`;
  return {
    'balancer.linkerd.io/failure-accrual': 'consecutive',
    [key('max-failures')]: String(o.consecutive5xxErrors),
    ...(o.baseEjectionTimeMs === undefined ? {} : { [key('min-penalty')]: linkerdDuration(o.baseEjectionTimeMs) }),
    ...(options.maxPenalty === undefined ? {} : { [key('max-penalty')]: linkerdDuration(options.maxPenalty.toMilliseconds({ integral: false })) }),
    ...(options.jitterRatio === undefined ? {} : { [key('jitter-ratio')]: String(options.jitterRatio) }),
  };
}

/**
 * The retry and timeout annotations of an outbound GRPCRoute. A route without `retry` gets no retry
 * annotation (Linkerd then retries nothing); a route without a timeout (streaming) gets none.
 */
export function routeAnnotations(route: RouteModel): Annotations {
  const retry = route.retry;
  return {
    ...(route.timeoutMs === undefined ? {} : { 'timeout.linkerd.io/request': linkerdDuration(route.timeoutMs) }),
    ...(retry
      ? {
        // gRPC statuses only: the checks reject connection-level conditions, which Linkerd lacks.
        'retry.linkerd.io/grpc': retry.on.join(','),
        'retry.linkerd.io/limit': String(retry.attempts),
        ...(retry.perTryTimeoutMs === undefined ? {} : { 'retry.linkerd.io/timeout': linkerdDuration(retry.perTryTimeoutMs) }),
      }
      : {}),
  };
}
