import { Duration } from 'cdk8s';
import { Reporter } from '../errors';
import { integer, object } from '../model/checks';
import { knownKeys } from '../model/suggest';
import { CanaryAnalysisOptions, Delivery } from './delivery';
import { DeliveryModel } from './delivery-model';

export const DELIVERY_DEFAULTS = { stepWeight: 10, maxWeight: 50, intervalMs: 60_000, failureThreshold: 5, minSuccessRate: 99 };

// Typed so that a new option cannot be left out.
const OPTION_KEYS: { [K in keyof CanaryAnalysisOptions]-?: K } = {
  stepWeight: 'stepWeight', maxWeight: 'maxWeight', interval: 'interval', failureThreshold: 'failureThreshold',
  prometheusAddress: 'prometheusAddress', minSuccessRate: 'minSuccessRate', maxLatency: 'maxLatency',
};

/** Checks the `delivery` prop; undefined when the routes' static weights apply. */
export function normaliseDelivery(r: Reporter, delivery: Delivery | undefined): DeliveryModel | undefined {
  if (delivery === undefined) return undefined;
  if (!(delivery instanceof Delivery)) {
    r.fail('delivery', delivery, 'not a Delivery', 'use Delivery.flagger({...}) or Delivery.argoRollouts({...})');
  }
  const o = object(r, 'delivery', delivery.options ?? {}, 'pass the options as an object, e.g. Delivery.flagger({ stepWeight: 10 })');
  knownKeys(r, 'delivery', o, Object.values(OPTION_KEYS), 'a delivery option', 'the options are');
  const stepWeight = integer(r, 'delivery.stepWeight', o.stepWeight ?? DELIVERY_DEFAULTS.stepWeight, 1, 99);
  const maxWeight = integer(r, 'delivery.maxWeight', o.maxWeight ?? DELIVERY_DEFAULTS.maxWeight, 1, 100);
  if (stepWeight > maxWeight || maxWeight % stepWeight !== 0) {
    r.fail('delivery.maxWeight', maxWeight, `steps of ${stepWeight} never reach ${maxWeight}`,
      `make maxWeight a multiple of stepWeight, e.g. ${Math.max(1, Math.floor(maxWeight / stepWeight)) * stepWeight}`);
  }
  return {
    engine: delivery.engine,
    stepWeight,
    maxWeight,
    intervalMs: interval(r, o.interval),
    failureThreshold: integer(r, 'delivery.failureThreshold', o.failureThreshold ?? DELIVERY_DEFAULTS.failureThreshold, 1, 100),
    ...(o.prometheusAddress === undefined ? {} : { prometheusAddress: prometheusAddress(r, o.prometheusAddress) }),
    minSuccessRate: minSuccessRate(r, o.minSuccessRate ?? DELIVERY_DEFAULTS.minSuccessRate),
    ...(o.maxLatency === undefined ? {} : { maxLatencyMs: maxLatency(r, o.maxLatency) }),
  };
}

function interval(r: Reporter, value: unknown): number {
  if (value === undefined) return DELIVERY_DEFAULTS.intervalMs;
  if (!(value instanceof Duration)) r.fail('delivery.interval', value, 'not a Duration', 'use Duration.minutes(...) or Duration.seconds(...) from cdk8s');
  const s = value.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s < 1 || s > 86_400) {
    r.fail('delivery.interval', value, 'not whole seconds from 1s to 24h', 'use Duration.seconds(n) with a whole n from 1 to 86400, e.g. Duration.minutes(1)');
  }
  return s * 1000;
}

function maxLatency(r: Reporter, value: unknown): number {
  if (!(value instanceof Duration)) r.fail('delivery.maxLatency', value, 'not a Duration', 'use Duration.millis(...) from cdk8s');
  const ms = value.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms) || ms < 1 || ms > 3_600_000) {
    r.fail('delivery.maxLatency', value, 'not whole milliseconds from 1ms to 1h', 'use Duration.millis(n) with a whole n, e.g. Duration.millis(500)');
  }
  return ms;
}

function minSuccessRate(r: Reporter, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 100) {
    r.fail('delivery.minSuccessRate', value, 'not a percentage above 0 and at most 100', 'set the lowest share of successful calls, e.g. 99 or 99.9');
  }
  return value;
}

function prometheusAddress(r: Reporter, value: unknown): string {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value)) {
    r.fail('delivery.prometheusAddress', value, 'not an http:// or https:// URL', 'set the Prometheus base URL, e.g. "http://prometheus.istio-system:9090"');
  }
  return value;
}
