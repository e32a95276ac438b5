import { Duration } from 'cdk8s';

/**
 * A HorizontalPodAutoscaler (`autoscaling/v2`) for a version's Deployment, which then leaves
 * `replicas` to it. Mesh weights split calls, not pods: each version scales on the load its own
 * share of the calls puts on its own pods (see "Autoscaling and canary weights" in docs/props.md).
 */
export interface AutoscalingOptions {
  /**
   * The fewest pods. At least 1: an HPA on CPU and memory cannot scale up from zero pods (lint GM118).
   *
   * @default 2
   */
  readonly minReplicas?: number;

  /** The most pods; at least `minReplicas`. */
  readonly maxReplicas: number;

  /**
   * The average CPU utilization to keep, in percent of the CPU request (1 to 100).
   *
   * @default - 80, unless only `memoryUtilization` is set
   */
  readonly cpuUtilization?: number;

  /**
   * The average memory utilization to keep, in percent of the memory request (1 to 100).
   *
   * @default - none
   */
  readonly memoryUtilization?: number;
}

/** How a disruption budget limits voluntary evictions (node drains). */
export enum DisruptionBudgetKind {
  /** `maxUnavailable`, in pods. */
  MAX_UNAVAILABLE = 'MAX_UNAVAILABLE',
  /** `maxUnavailable`, in percent of the pods (rounded up). */
  MAX_UNAVAILABLE_PERCENT = 'MAX_UNAVAILABLE_PERCENT',
  /** `minAvailable`, in pods. */
  MIN_AVAILABLE = 'MIN_AVAILABLE',
  /** `minAvailable`, in percent of the pods (rounded up). */
  MIN_AVAILABLE_PERCENT = 'MIN_AVAILABLE_PERCENT',
  /** No PodDisruptionBudget. */
  NONE = 'NONE',
}

/** The PodDisruptionBudget (`policy/v1`) of a version. */
export class DisruptionBudget {
  /** At most this many pods of the version evicted at a time. */
  public static maxUnavailable(pods: number): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.MAX_UNAVAILABLE, pods);
  }

  /** At most this percentage of the version's pods (rounded up) evicted at a time. */
  public static maxUnavailablePercent(percent: number): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.MAX_UNAVAILABLE_PERCENT, percent);
  }

  /** Evictions stop while fewer than this many pods of the version are available. */
  public static minAvailable(pods: number): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.MIN_AVAILABLE, pods);
  }

  /** Evictions stop while fewer than this percentage of the version's pods (rounded up) are available. */
  public static minAvailablePercent(percent: number): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.MIN_AVAILABLE_PERCENT, percent);
  }

  /** No PodDisruptionBudget. */
  public static none(): DisruptionBudget {
    return new DisruptionBudget(DisruptionBudgetKind.NONE);
  }

  private constructor(
    /** Which limit. */
    public readonly kind: DisruptionBudgetKind,
    /** Pods or percent. */
    public readonly value?: number,
  ) {}
}

/**
 * Topology spread constraints for each version's pods: as even as possible over zones and nodes,
 * so that losing one does not take every pod of a version.
 */
export interface TopologySpreadOptions {
  /**
   * Whether pods are spread at all.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The node labels to spread over, each a constraint.
   *
   * @default ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']
   */
  readonly topologyKeys?: string[];

  /**
   * The largest difference allowed between the pods of a version in two domains (zones, nodes).
   *
   * @default 1
   */
  readonly maxSkew?: number;

  /**
   * Whether a pod that cannot be placed within `maxSkew` stays pending (`DoNotSchedule`) rather
   * than being placed anyway (`ScheduleAnyway`).
   *
   * @default false
   */
  readonly required?: boolean;
}

/**
 * How a pod stops without failing calls: its endpoint is removed first (the pre-stop delay), in-flight
 * calls finish (the longest unary route timeout, streams their own drain), then the proxy closes
 * (the drain window). Times are whole seconds.
 */
export interface DrainOptions {
  /**
   * Time between the pod's deletion and the server's SIGTERM (a `preStop` hook running `sleep`,
   * which the image must have), so that clients and proxies stop sending calls first.
   * `Duration.seconds(0)` removes the hook.
   *
   * @default Duration.seconds(5)
   */
  readonly preStopDelay?: Duration;

  /**
   * The time in-flight streams get to finish after SIGTERM, when the service has streaming routes.
   *
   * @default Duration.seconds(30)
   */
  readonly streamDrain?: Duration;

  /**
   * The time the mesh proxy gets to close its connections after the server finished (at least 1s).
   *
   * @default Duration.seconds(5)
   */
  readonly drainWindow?: Duration;

  /**
   * The pod's `terminationGracePeriodSeconds`. It must cover the pre-stop delay, the longest unary
   * route timeout and the drain window.
   *
   * @default - the pre-stop delay + the longest of the unary route timeouts and (with streaming routes) the stream drain + the drain window
   */
  readonly terminationGracePeriod?: Duration;
}

/**
 * A NetworkPolicy for the plain-text health port: it admits the health port only from the probe
 * networks, and keeps the gRPC port and the mesh proxy's ports open to every source, as without it.
 */
export interface HealthPortPolicyOptions {
  /**
   * Whether the NetworkPolicy is rendered (only with `healthPort`).
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * CIDRs the health port is admitted from, besides the pod's own node: Kubernetes NetworkPolicies
   * never block a pod's node, where the kubelet probes from.
   *
   * @default - none: only the pod's own node
   */
  readonly probeNetworks?: string[];
}
