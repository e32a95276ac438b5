import { Duration } from 'cdk8s';
import { GrpcRouteVersion, LinkerdRelease, LinkerdSplit } from './linkerd-release';

/** Which Linkerd traffic API the service is rendered for. */
export enum LinkerdMode {
  /**
   * Linkerd 2.16 and later: Gateway API GRPCRoutes parented on the Service (`v1`, or `v1alpha2` on
   * Linkerd 2.16-2.17, see `LinkerdRelease`), with Linkerd's retry and timeout annotations on each route.
   */
  GATEWAY_API = 'GATEWAY_API',

  /**
   * Legacy traffic API, as Linkerd up to 2.15 configured traffic (the only mode on
   * `LinkerdRelease.V2_15`): a ServiceProfile (`linkerd.io/v1alpha2`) for routes, timeouts and
   * retries, and the canary split as its `dstOverrides` (or an SMI TrafficSplit, see `LinkerdSplit`).
   * ServiceProfiles are kept by Linkerd 2.16 and later for compatibility only.
   *
   * The policy objects are rendered for the chosen release: on 2.16 and later a Server
   * `policy.linkerd.io/v1beta3` and inbound GRPCRoutes, on 2.15 a Server `v1beta2` and inbound
   * `policy.linkerd.io` HTTPRoutes.
   */
  SERVICE_PROFILE = 'SERVICE_PROFILE',
}

/** The retry budget of a ServiceProfile (legacy mode): how many retries Linkerd adds on top of calls. */
export interface RetryBudgetOptions {
  /**
   * The most retries, as a ratio of the original calls (0.2 is 20% more load at most).
   *
   * @default 0.2
   */
  readonly retryRatio?: number;

  /**
   * Retries per second always allowed, whatever the ratio.
   *
   * @default 10
   */
  readonly minRetriesPerSecond?: number;

  /**
   * The window over which the ratio is computed (1s to 60s, whole milliseconds).
   *
   * @default Duration.seconds(10)
   */
  readonly ttl?: Duration;
}

/**
 * How long Linkerd keeps an endpoint out of balancing after `outlierDetection.consecutive5xxErrors`
 * failures in a row (failure accrual). The penalty starts at `outlierDetection.baseEjectionTime` and
 * grows exponentially up to `maxPenalty`.
 */
export interface FailureAccrualOptions {
  /**
   * The longest penalty (`balancer.linkerd.io/failure-accrual-consecutive-max-penalty`).
   *
   * @default - Linkerd's default, 60s
   */
  readonly maxPenalty?: Duration;

  /**
   * Random jitter added to each penalty, as a ratio of it, from 0 to 100
   * (`balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio`).
   *
   * @default - Linkerd's default, 0.5
   */
  readonly jitterRatio?: number;
}

/** Options for rendering on Linkerd. */
export interface LinkerdOptions {
  /**
   * The Linkerd release line the output must apply to: objects are rendered in the versions it
   * serves, and what it cannot honour is rejected at synth.
   *
   * @default LinkerdRelease.V2_18_OR_LATER
   */
  readonly release?: LinkerdRelease;

  /**
   * The GRPCRoute version, when you installed Gateway API CRDs other than those the release
   * bundles: `GrpcRouteVersion.V1` on Linkerd 2.16-2.17 with Gateway API 1.1 or later installed
   * (its policy controller reads routes as `v1alpha2`, which Gateway API 1.1 also serves).
   *
   * @default - the version the release bundles: `V1` on 2.18+, `V1ALPHA2` on 2.16-2.17 (2.15 has no GRPCRoute)
   */
  readonly grpcRouteVersion?: GrpcRouteVersion;

  /**
   * How the ServiceProfile mode splits calls over the versions. Only the ServiceProfile mode uses it.
   *
   * @default LinkerdSplit.DST_OVERRIDES
   */
  readonly split?: LinkerdSplit;

  /**
   * The traffic API to render for.
   *
   * @default - `LinkerdMode.GATEWAY_API`, or `LinkerdMode.SERVICE_PROFILE` on `LinkerdRelease.V2_15`
   */
  readonly mode?: LinkerdMode;

  /**
   * The cluster DNS domain, used in the ServiceProfile name (`<service>.<namespace>.svc.<clusterDomain>`).
   * Only the legacy mode uses it.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * The ServiceProfile retry budget. Only the legacy mode (`LinkerdMode.SERVICE_PROFILE`) has one;
   * setting it in `GATEWAY_API` mode is an error.
   *
   * @default - 20% of calls, at least 10 retries per second, over 10s
   */
  readonly retryBudget?: RetryBudgetOptions;

  /**
   * The failure-accrual penalty bounds, used with `outlierDetection` (GATEWAY_API mode only).
   *
   * @default - Linkerd's defaults (max penalty 60s, jitter ratio 0.5)
   */
  readonly failureAccrual?: FailureAccrualOptions;

  /**
   * The networks the kubelet's gRPC probes come from, when they go through the proxy (no
   * `healthPort`): only `grpc.health.v1.Health/Check` is authorized from them, without mTLS
   * (`Watch`, `List` and every other call still need an mTLS identity). The default admits any
   * address to `Check`, as the nodes' addresses are not known at synth: set the node CIDRs here to
   * narrow it, or set `healthPort` to keep the probes out of the proxy.
   *
   * @default ['0.0.0.0/0', '::/0']
   */
  readonly probeNetworks?: string[];
}

/**
 * The retry budget Linkerd applies when a ServiceProfile sets none.
 *
 * @internal
 */
export const DEFAULT_RETRY_BUDGET = { retryRatio: 0.2, minRetriesPerSecond: 10, ttlMs: 10_000 };
/**
 * Every address, IPv4 and IPv6: the kubelet probes from the node, whose address is not known here.
 *
 * @internal
 */
export const DEFAULT_PROBE_NETWORKS = ['0.0.0.0/0', '::/0'];
