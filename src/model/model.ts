import { ContainerResources } from 'cdk8s-plus-27';
import { ClientKind } from '../client';
import { LoadBalancerKind } from '../load-balancer';
import { MutualTlsMode, RetryOn, Streaming } from '../options';
import type { DeliveryModel } from '../delivery/delivery-model';
import type { Idempotency } from '../proto/grpc-api';

// The mesh-neutral model: props normalised and checked once; every mesh renders from it.
// Times are whole milliseconds. A field is undefined when the user did not set it, so a
// mesh can reject what it cannot honour instead of dropping it.

export interface ServiceModel {
  /** The construct path, for error messages. */
  readonly path: string;
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly healthPort?: number;
  readonly serviceAccountName: string;
  readonly versions: VersionModel[];
  readonly readinessProbe: ProbeModel;
  readonly livenessProbe: ProbeModel;
  /** Method routes in match order (none shadowed), then the default route last. */
  readonly routes: RouteModel[];
  readonly connectionPool?: ConnectionPoolModel;
  readonly loadBalancer?: LoadBalancerModel;
  readonly outlierDetection?: OutlierDetectionModel;
  readonly mtls: MutualTlsMode;
  readonly authorization: AuthorizationModel;
  readonly telemetry?: TelemetryModel;
  readonly ingress?: IngressModel;
  /** With the `api` prop: every method the API declares, in API order. */
  readonly apiMethods?: ApiMethodModel[];
  /** Undefined: pods are not spread. */
  readonly topologySpread?: TopologySpreadModel;
  readonly drain: DrainModel;
  /** Set when `healthPort` is and its NetworkPolicy is on. */
  readonly healthPortPolicy?: HealthPortPolicyModel;
  /** The lint warnings accepted on purpose. */
  readonly lintAcknowledgements?: LintAcknowledgementModel[];
  /** Set when a delivery controller moves the canary's weights. */
  readonly delivery?: DeliveryModel;
}

/** A lint warning accepted at one place. */
export interface LintAcknowledgementModel {
  readonly code: string;
  /** `pkg.Service/Method`, `pkg.Service` or `defaultRoute`; undefined: the whole service. */
  readonly route?: string;
  readonly reason: string;
}

export interface AutoscalingModel {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Percent of the request; undefined: not a target. */
  readonly cpuUtilization?: number;
  readonly memoryUtilization?: number;
}

export interface DisruptionBudgetModel {
  readonly field: 'maxUnavailable' | 'minAvailable';
  /** Pods, or percent when `percent`. */
  readonly value: number;
  readonly percent: boolean;
  /** Where it comes from, for messages: `disruptionBudget`, `versions[1].disruptionBudget` or the default. */
  readonly prop: string;
}

export interface TopologySpreadModel {
  readonly topologyKeys: string[];
  readonly maxSkew: number;
  readonly required: boolean;
}

/** Whole seconds. */
export interface DrainModel {
  readonly preStopDelaySeconds: number;
  readonly streamDrainSeconds: number;
  readonly drainWindowSeconds: number;
  readonly terminationGracePeriodSeconds: number;
  /** How long the mesh proxy must keep serving after the pod's deletion: the grace period less the drain window. */
  readonly proxyDrainSeconds: number;
}

export interface HealthPortPolicyModel {
  readonly probeNetworks: string[];
}

export interface JwtModel {
  readonly issuer: string;
  readonly jwksUri?: string;
  readonly jwks?: string;
  readonly audiences: string[];
}

/** A method the `api` prop declares, and the route that carries its policy. */
export interface ApiMethodModel {
  /** The service and the method. */
  readonly match: GrpcMatch;
  readonly streaming: Streaming;
  /** As the `.proto` declares it. */
  readonly idempotency: Idempotency;
  /** Whether the method is treated as idempotent (its `idempotency_level`, or a user override). */
  readonly idempotent: boolean;
  /**
   * The name of the route whose policy applies: its own route, or the service or default
   * route when its own would have had the same policy.
   */
  readonly route: string;
}

export interface VersionModel {
  readonly name: string;
  readonly image: string;
  /** The fixed number of pods, or the fewest when autoscaled. */
  readonly replicas: number;
  readonly resources: ContainerResources;
  /** Set: the Deployment has no `replicas`, an HPA scales it. */
  readonly autoscaling?: AutoscalingModel;
  /** Undefined: no PodDisruptionBudget. */
  readonly disruptionBudget?: DisruptionBudgetModel;
}

export interface ProbeModel {
  readonly port: number;
  readonly service?: string;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** A gRPC service, or one method of it. */
export interface GrpcMatch {
  /** Fully qualified service, `package.Service`. */
  readonly service: string;
  /** Method name; undefined matches every method of the service. */
  readonly method?: string;
}

export interface RouteModel {
  /** The prop this route comes from, e.g. `methods[2]` or `defaultRoute`. */
  readonly prop: string;
  /** A DNS-1123 label naming the route, unique in the service. */
  readonly name: string;
  /** Undefined for the default route. */
  readonly match?: GrpcMatch;
  readonly streaming: Streaming;
  readonly idempotent: boolean;
  readonly timeoutMs?: number;
  /** The route whose `timeout` prop the timeout comes from; undefined without a timeout. */
  readonly timeoutFrom?: string;
  /** Undefined: the mesh must not retry this route. */
  readonly retry?: RetryModel;
  /** Whether `retry` was set on this route itself, rather than inherited. */
  readonly retryExplicit: boolean;
  /** The route whose `retry` prop the policy comes from (this route's own prop when explicit). */
  readonly retryFrom: string;
  /** Weights in version order; versions with weight 0 are kept. */
  readonly weights: WeightModel[];
}

export interface RetryModel {
  readonly attempts: number;
  readonly perTryTimeoutMs?: number;
  readonly on: RetryOn[];
  /** Whether `on` was set by the user, rather than the default `[RetryOn.UNAVAILABLE]`. */
  readonly onExplicit: boolean;
}

export interface WeightModel {
  readonly version: string;
  readonly weight: number;
}

export interface ConnectionPoolModel {
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
  readonly maxRequests?: number;
  readonly maxRequestsPerConnection?: number;
  readonly maxConcurrentStreams?: number;
  readonly idleTimeoutMs?: number;
  readonly maxRetries?: number;
}

export interface LoadBalancerModel {
  readonly kind: LoadBalancerKind;
  readonly key?: string;
  readonly ttlMs?: number;
}

export interface OutlierDetectionModel {
  readonly consecutive5xxErrors?: number;
  readonly consecutiveGatewayErrors?: number;
  readonly intervalMs?: number;
  readonly baseEjectionTimeMs?: number;
  readonly maxEjectionPercent?: number;
  readonly minHealthPercent?: number;
}

export interface ClientModel {
  readonly kind: ClientKind;
  readonly name?: string;
  readonly namespace?: string;
}

export interface AuthorizationRuleModel {
  readonly clients: ClientModel[];
  /** Empty: every method. */
  readonly methods: GrpcMatch[];
}

export interface AuthorizationModel {
  /** Whether the user declared it, or it is the default (clients in the service's namespace). */
  readonly explicit: boolean;
  readonly rules: AuthorizationRuleModel[];
}

export interface TelemetryModel {
  readonly tracing?: { readonly samplingPercentage: number; readonly tagGrpcMethod: boolean };
  /** Set when access logging is on; `filter` undefined logs every call. */
  readonly accessLogging?: { readonly filter?: string };
}

export interface IngressModel {
  readonly hosts: string[];
  readonly tlsCredentialName: string;
  /** Undefined: the mesh's default gateway (on Istio, see `istio/ingress-gateway.ts`); likewise below. */
  readonly gatewaySelector?: { [label: string]: string };
  /**
   * What callers through the gateway may call, none covered by another; empty: every method.
   * With the `api` prop and no `ingress.methods`, every declared method.
   */
  readonly methods: GrpcMatch[];
  /** The ingress gateway's identity, admitted by the service's authorization. */
  readonly gatewayServiceAccount?: string;
  readonly gatewayNamespace?: string;
  /** End-user JWT authentication of calls through the gateway. */
  readonly jwt?: JwtModel;
}

/** The gRPC path of a match: `/pkg.Service/Method`, or the prefix `/pkg.Service/`. */
export function grpcPath(match: GrpcMatch): string {
  return match.method ? `/${match.service}/${match.method}` : `/${match.service}/`;
}

/** Whether `outer` (a method, or a whole service) matches every call `inner` matches. */
export function covers(outer: GrpcMatch, inner: GrpcMatch): boolean {
  return outer.service === inner.service && (outer.method === undefined || outer.method === inner.method);
}
