/**
 * cdk8s constructs that run gRPC services in a service mesh: `import { GrpcMeshService, Mesh } from 'cdk8s-grpc-mesh'`.
 * The manifest validator is the `cdk8s-grpc-mesh/validation` subpath.
 *
 * @module cdk8s-grpc-mesh
 */
export * from './access-log-filter';
export * from './batch-synthesis';
export * from './capabilities';
export * from './client';
export * from './client-config/service-config';
export * from './delivery/delivery';
export * from './delivery/argo-resources';
export * from './delivery/capabilities';
export * from './delivery/flagger-resources';
export * from './errors';
export * from './grpc-mesh-service';
export * from './ingress';
export * from './istio/istio-options';
export * from './istio/istio-provider';
export * from './istio/istio-resources';
export * from './linkerd/linkerd-options';
export * from './linkerd/linkerd-provider';
export * from './linkerd/linkerd-release';
export * from './linkerd/linkerd-resources';
export * from './lint';
export * from './load-balancer';
export * from './mesh';
export * from './mesh-definition';
export * from './mesh-provider';
export * from './options';
export * from './probe';
export * from './proto/grpc-api';
export * from './route';
export * from './telemetry';
export * from './traffic-policy';
export * from './version';
export * from './workload/grpc-workload';
export * from './workload/options';
export type * from './model/model';
export { covers, grpcPath } from './model/model';
