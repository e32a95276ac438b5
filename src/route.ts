import { Duration } from 'cdk8s';
import { RetryOn, Streaming } from './options';

/** How the mesh retries a failed call. */
export interface RetryOptions {
  /**
   * How many times the mesh retries a failed call, after the first try.
   * `0` turns retries off.
   */
  readonly attempts: number;

  /**
   * The time each try may take.
   *
   * @default - each try may take until the route timeout
   */
  readonly perTryTimeout?: Duration;

  /**
   * The failures that are retried.
   *
   * @default [RetryOn.UNAVAILABLE] when attempts > 0
   */
  readonly on?: RetryOn[];
}

/**
 * What the mesh may assume of the methods that neither a `methods` entry nor the `api` declares.
 * The default route carries them, and it can only be as safe as what is known of them.
 */
export enum UndeclaredMethods {
  /**
   * Nothing: they may stream and may not be idempotent. The default route gives them no timeout
   * (it would cut a stream) and no retries (a call might run twice); `defaultRoute.timeout` and
   * `defaultRoute.retry` are inherited by the declared methods only.
   */
  UNKNOWN = 'UNKNOWN',
  /** Unary, but not known to be idempotent: they get the default route's timeout, no retries. */
  UNARY = 'UNARY',
  /** Unary and idempotent: they get the default route's timeout and retries. */
  UNARY_IDEMPOTENT = 'UNARY_IDEMPOTENT',
}

/** The traffic policy of a route: where calls go, how long they may take, how they are retried. */
export interface RouteOptions {
  /**
   * How long a call may take in all, retries included.
   * Streaming methods take no route timeout (it would cut long-lived streams). On the default
   * route: the timeout the declared unary methods inherit, and the undeclared methods' timeout
   * only with `undeclaredMethods` UNARY or UNARY_IDEMPOTENT.
   *
   * @default - the default route's timeout for unary methods; no timeout for the default route
   */
  readonly timeout?: Duration;

  /**
   * How failed calls are retried. On the default route: the policy the declared idempotent unary
   * methods inherit, and the undeclared methods' policy only with `undeclaredMethods`
   * UNARY_IDEMPOTENT.
   *
   * @default - the default route's retries for idempotent unary methods; no retries for
   * streaming and non-idempotent methods and for the default route
   */
  readonly retry?: RetryOptions;

  /**
   * The share of calls (integer percent, summing to 100) each version receives, by version name.
   *
   * @default - the default route's weights; for the default route, 100 to the first version
   */
  readonly weights?: { [version: string]: number };
}

/** A route for one gRPC method or one whole gRPC service. */
export interface MethodRouteOptions extends RouteOptions {
  /**
   * The method, `package.Service/Method`, or a whole service, `package.Service`.
   * Method routes are matched before service routes.
   */
  readonly name: string;

  /**
   * How the method streams. Streaming methods get no route timeout and no retries.
   *
   * @default - the streaming of its whole-service route when one is declared, else Streaming.UNARY
   */
  readonly streaming?: Streaming;

  /**
   * Whether a call can be repeated safely. Non-idempotent methods are never retried unless
   * `retry` is set on this route explicitly.
   *
   * @default true
   */
  readonly idempotent?: boolean;
}
