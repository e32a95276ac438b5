import { Duration } from 'cdk8s';
import { Delivery, GrpcMeshServiceProps, Mesh, UndeclaredMethods } from '../src';
import { exampleProps } from './scenario';

/**
 * The example scenario's service handed to Flagger on Istio, for a service whose methods are all unary
 * and idempotent: the default route's timeout and retries and the traffic policy go into the Canary
 * (Flagger writes the one route of the host), 10% more calls to the canary every minute up to 50%,
 * rolled back after 5 failed checks of the gRPC success rate (99%) or the p99 latency (500ms).
 * Flagger carries neither per-method routes nor TCP pool limits, so they are left out.
 */
export function flaggerExampleProps(): GrpcMeshServiceProps {
  const { methods, connectionPool, lintAcknowledgements, ...common } = exampleProps(Mesh.istio());
  return {
    ...common,
    // The scenario's v1 (autoscaled), whose next image Flagger rolls out as a canary.
    versions: [common.versions[0]],
    namespace: 'grpc-flagger',
    undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT,
    connectionPool: { maxRequests: 1000, idleTimeout: Duration.minutes(5) },
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
 * kept and shifted with the default route; 20% more calls every two minutes up to 60%. The scenario
 * has a streaming method, so the analysis checks the gRPC success rate only.
 */
export function argoRolloutsExampleProps(): GrpcMeshServiceProps {
  const common = exampleProps(Mesh.istio());
  return {
    ...common,
    // The scenario's v1 (autoscaled: the autoscaler scales the Rollout).
    versions: [common.versions[0]],
    namespace: 'grpc-argo-rollouts',
    // One version: the Rollout, not the props, weighs stable and canary.
    methods: common.methods!.map(({ weights, ...method }) => method),
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
