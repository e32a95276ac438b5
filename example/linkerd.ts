import { Duration } from 'cdk8s';
import { Client, GrpcMeshServiceProps, LinkerdRelease, LintAcknowledgement, Mesh, Streaming } from '../src';
import { exampleProps } from './scenario';

/**
 * The example scenario on Linkerd with GRPCRoutes (2.18 and later by default, or 2.16-2.17): the
 * same names, versions, weights, timeouts and retries as on Istio, without what Linkerd cannot
 * honour (see the capability matrix, docs/capabilities.md): no load-balancer choice, no connection pool, no
 * ingress gateway, no tracing or filtered access log; outlier detection becomes failure accrual
 * after 5 consecutive failures. Its probes go through the proxy (no health port), authorized for
 * the health check only.
 */
export function linkerdExampleProps(release: LinkerdRelease = LinkerdRelease.V2_18_OR_LATER): GrpcMeshServiceProps {
  const mesh = release === LinkerdRelease.V2_18_OR_LATER ? Mesh.linkerd() : Mesh.linkerd({ release });
  const { loadBalancer, connectionPool, ingress, telemetry, outlierDetection, healthPort, ...common } = exampleProps(mesh);
  return {
    ...common,
    // Its own namespace, so that dist/ can be applied as a whole; clients in `default` stay authorized.
    namespace: release === LinkerdRelease.V2_18_OR_LATER ? 'grpc-linkerd' : 'grpc-linkerd-2-16',
    outlierDetection: { consecutive5xxErrors: 5, baseEjectionTime: Duration.seconds(30) },
  };
}

/**
 * A service on Linkerd 2.15 (the legacy ServiceProfile mode, the only one 2.15 has): a
 * ServiceProfile with a retryable `GetResource`, a non-idempotent `UpdateResource` and a
 * server-streaming `StreamData`, a 20% retry budget, and 90% of calls to v1, 10% to v2 for the
 * whole service (the ServiceProfile's `dstOverrides`, no SMI extension); a Server `v1beta2` and
 * inbound `policy.linkerd.io` HTTPRoutes authorize the clients and the kubelet's probes.
 */
export function linkerdLegacyExampleProps(): GrpcMeshServiceProps {
  return {
    mesh: Mesh.linkerd({
      release: LinkerdRelease.V2_15,
      retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: Duration.seconds(10) },
    }),
    serviceName: 'grpc-service',
    namespace: 'grpc-linkerd-2-15',
    port: 50051,
    replicas: 3,
    versions: [
      { name: 'v1', image: 'myregistry/grpc-service:v1', autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 } },
      { name: 'v2', image: 'myregistry/grpc-service:v2' },
    ],
    defaultRoute: { weights: { v1: 90, v2: 10 } },
    methods: [
      // Retryable: Linkerd retries it within the retry budget (the attempts are not a count here).
      { name: 'mypackage.MyService/GetResource', timeout: Duration.seconds(5), retry: { attempts: 2 } },
      { name: 'mypackage.MyService/UpdateResource', idempotent: false, timeout: Duration.seconds(10) },
      { name: 'mypackage.MyService/StreamData', streaming: Streaming.SERVER },
    ],
    authorization: { allow: [{ clients: [Client.namespace('default')] }] },
    strict: true,
    lintAcknowledgements: [
      LintAcknowledgement.ofMethod('GM115', 'mypackage.MyService/GetResource',
        'the 20% retry budget, not a count per call, is the bound this service wants'),
    ],
  };
}
