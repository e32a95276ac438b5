import { Duration } from 'cdk8s';

/** The controller that moves a canary's traffic weights and rolls back on bad metrics. */
export enum DeliveryEngine {
  /** Flagger (`flagger.app/v1beta1` Canary and MetricTemplates). */
  FLAGGER = 'FLAGGER',
  /** Argo Rollouts (`argoproj.io/v1alpha1` Rollout and AnalysisTemplates). */
  ARGO_ROLLOUTS = 'ARGO_ROLLOUTS',
}

/**
 * How a canary progresses and what makes it fail: the same options for every engine. The analysis
 * counts gRPC failures by their status (not HTTP codes, which are 200 for gRPC errors).
 */
export interface CanaryAnalysisOptions {
  /**
   * The share of calls (percent) the canary gains at each step.
   *
   * @default 10
   */
  readonly stepWeight?: number;

  /**
   * The canary's largest share of calls (percent) before it is promoted. A multiple of `stepWeight`.
   *
   * @default 50
   */
  readonly maxWeight?: number;

  /**
   * How long each step lasts; the metrics are checked once per step, over this window (1s to 24h,
   * whole seconds).
   *
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * How many failed metric checks roll the canary back (1 to 100).
   *
   * @default 5
   */
  readonly failureThreshold?: number;

  /**
   * The Prometheus the analysis queries (an `http://` or `https://` URL).
   *
   * @default - the mesh's: `http://prometheus.istio-system:9090` on Istio, `http://prometheus.linkerd-viz:9090` on Linkerd
   */
  readonly prometheusAddress?: string;

  /**
   * The lowest share of calls (percent, above 0 and at most 100) that must succeed: calls ending in a
   * gRPC server-side failure status count as failures (see docs/delivery.md).
   *
   * @default 99
   */
  readonly minSuccessRate?: number;

  /**
   * The highest 99th-percentile call latency (whole milliseconds). Streaming calls last as long as their
   * stream, so it cannot be set when the service has streaming methods.
   *
   * @default - no latency check
   */
  readonly maxLatency?: Duration;
}

/** Options of {@link Delivery.flagger}. */
export interface FlaggerDeliveryOptions extends CanaryAnalysisOptions {}

/** Options of {@link Delivery.argoRollouts}. */
export interface ArgoRolloutsDeliveryOptions extends CanaryAnalysisOptions {}

/**
 * Progressive delivery: a controller, not the props, moves the canary's weights. Without it, the
 * routes' static `weights` apply.
 */
export class Delivery {
  /**
   * Flagger: a Canary targeting the service's Deployment, with gRPC-aware MetricTemplates. Flagger owns
   * the Services and the routing objects of the service's host, so the library does not emit them.
   */
  public static flagger(options: FlaggerDeliveryOptions = {}): Delivery {
    return new Delivery(DeliveryEngine.FLAGGER, options);
  }

  /**
   * Argo Rollouts: a Rollout instead of the version's Deployment, patching the weights of the library's
   * own routes (on Istio, every VirtualService route), with gRPC-aware AnalysisTemplates.
   */
  public static argoRollouts(options: ArgoRolloutsDeliveryOptions = {}): Delivery {
    return new Delivery(DeliveryEngine.ARGO_ROLLOUTS, options);
  }

  private constructor(
    /** The controller. */
    public readonly engine: DeliveryEngine,
    /** The canary's steps and analysis. */
    public readonly options: CanaryAnalysisOptions,
  ) {}
}
