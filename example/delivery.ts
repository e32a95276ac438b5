import { Duration } from 'cdk8s';
import { Delivery, GrpcMeshServiceProps, Mesh, RetryOn, RouteOptions } from '../src';
import { exampleProps } from './scenario';

/** Two retries of 3s tries within the 10s timeout, a timed-out try retried too (lint-clean). */
const DEFAULT_ROUTE: RouteOptions = {
  weights: { v1: 100 },
  timeout: Duration.seconds(10),
  retry: { attempts: 2, perTryTimeout: Duration.seconds(3), on: [RetryOn.UNAVAILABLE, RetryOn.RESET] },
};

/**
 * The example scenario handed to Flagger on Istio: the default route's timeout, retries and traffic
 * policy go into the Canary (Flagger writes the one route of the host; retries lint-clean), 10% more calls to the canary
 * every minute up to 50%, rolled back after 5 failed checks of the gRPC success rate (99%) or the p99
 * latency (500ms). Flagger cannot carry per-method routes nor TCP pool limits, so they are left out.
 */
export function flaggerExampleProps(): GrpcMeshServiceProps {
  const { methods, connectionPool, ...common } = exampleProps(Mesh.istio());
  return {
    ...common,
    // The scenario's v1 (autoscaled), whose next image Flagger rolls out as a canary.
    versions: [common.versions[0]],
    namespace: 'grpc-flagger',
    connectionPool: { maxRequests: 1000, idleTimeout: Duration.minutes(5) },
    defaultRoute: DEFAULT_ROUTE,
    strict: true,
    delivery: Delivery.flagger({
      stepWeight: 10,
      maxWeight: 50,
      interval: Duration.minutes(1),
      failureThreshold: 5,
      minSuccessRate: 99,
      maxLatency: Duration.millis(500),
    }),
  };
}

/**
 * The example scenario handed to Argo Rollouts on Istio: every per-method route of the scenario is
 * kept and shifted with the default route (retries lint-clean); 20% more calls every two minutes up to 60%. The scenario
 * has a streaming method, so the analysis checks the gRPC success rate only.
 */
export function argoRolloutsExampleProps(): GrpcMeshServiceProps {
  const common = exampleProps(Mesh.istio());
  return {
    ...common,
    // The scenario's v1 (autoscaled: the autoscaler scales the Rollout).
    versions: [common.versions[0]],
    namespace: 'grpc-argo-rollouts',
    methods: [
      { name: 'mypackage.MyService/ExpensiveMethod', timeout: Duration.seconds(60), retry: { attempts: 2, perTryTimeout: Duration.seconds(20), on: [RetryOn.UNAVAILABLE, RetryOn.RESET] } },
      ...common.methods!.slice(1).map(({ weights, ...method }) => method),
    ],
    defaultRoute: DEFAULT_ROUTE,
    strict: true,
    delivery: Delivery.argoRollouts({
      stepWeight: 20,
      maxWeight: 60,
      interval: Duration.minutes(2),
      failureThreshold: 3,
      minSuccessRate: 99.5,
    }),
  };
}
