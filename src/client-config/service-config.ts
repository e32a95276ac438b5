import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { objectLabels } from '../model/labels';
import { GrpcMatch, RetryModel, RouteModel, ServiceModel } from '../model/model';
import { RetryOn } from '../options';

// The gRPC service config clients of the service should use
// (https://github.com/grpc/grpc/blob/master/doc/service_config.md), derived from the same
// routes the mesh renders, so that client and mesh agree:
// - each route's timeout becomes the client's per-method timeout (so the deadline travels
//   to the server in `grpc-timeout`); a route without timeout (streaming methods) gets none;
// - a call is retried by exactly one party: a client in the mesh leaves every retry to the
//   mesh (its proxy applies the routes), so the config carries no retryPolicy; a client outside
//   the mesh gets the routes' retries as retryPolicy, and nothing else retries its calls;
// - the mesh's proxy balances every request over the endpoints, so a client in the mesh keeps
//   one connection to it (`pick_first`); a client outside balances itself (`round_robin`).

/** The `name` of a method config: one method, a whole service (no method), or every method (`{}`). */
export interface GrpcServiceConfigName {
  /** The fully qualified service, `package.Service`. */
  readonly service?: string;
  /** The method; absent for a whole service. */
  readonly method?: string;
}

/** A gRPC client retry policy (gRFC A6). */
export interface GrpcRetryPolicy {
  /** Attempts in all, the first one included (gRPC caps it at 5). */
  readonly maxAttempts: number;
  /** The backoff before the first retry, e.g. `0.025s`. */
  readonly initialBackoff: string;
  /** The longest backoff, e.g. `0.25s`. */
  readonly maxBackoff: string;
  readonly backoffMultiplier: number;
  /** Status code names, e.g. `UNAVAILABLE`. */
  readonly retryableStatusCodes: string[];
}

/** One `methodConfig` entry. */
export interface GrpcMethodConfig {
  readonly name: GrpcServiceConfigName[];
  /** The longest a call may take, e.g. `1.5s`; the caller's own deadline may be shorter. */
  readonly timeout?: string;
  readonly retryPolicy?: GrpcRetryPolicy;
}

/** A gRPC service config (the JSON a client reads, e.g. from a file or DNS). */
export interface GrpcServiceConfig {
  /** `[{ pick_first: {} }]` or `[{ round_robin: {} }]`. */
  readonly loadBalancingConfig: { [policy: string]: {} }[];
  /** Per-method timeouts and retries, when any route sets them. */
  readonly methodConfig?: GrpcMethodConfig[];
}

/** Options of the client service config. */
export interface ClientServiceConfigOptions {
  /**
   * Whether the clients run in the mesh (with its sidecar or proxy). The mesh then applies
   * the routes' timeouts and retries and balances each call, and the config carries timeouts
   * only. Set false for clients outside the mesh: the config then carries the routes' retries
   * (gRPC status conditions; connection failures as `UNAVAILABLE`; no per-try timeout, which
   * the service config cannot express) and `round_robin`, which needs a target that resolves to
   * every pod (a headless Service). Weights and canaries are not applied outside the mesh.
   *
   * @default true
   */
  readonly clientInMesh?: boolean;
}

/** The key of the service config in the ConfigMap. */
export const CLIENT_CONFIG_KEY = 'service-config.json';

/** gRPC's own cap on `maxAttempts`. */
const MAX_ATTEMPTS = 5;

const STATUS_BY_CONDITION: { [on in RetryOn]: string } = {
  [RetryOn.CANCELLED]: 'CANCELLED',
  [RetryOn.DEADLINE_EXCEEDED]: 'DEADLINE_EXCEEDED',
  [RetryOn.INTERNAL]: 'INTERNAL',
  [RetryOn.RESOURCE_EXHAUSTED]: 'RESOURCE_EXHAUSTED',
  [RetryOn.UNAVAILABLE]: 'UNAVAILABLE',
  // A gRPC client sees a failed connection or a refused or reset stream as UNAVAILABLE.
  [RetryOn.CONNECT_FAILURE]: 'UNAVAILABLE',
  [RetryOn.REFUSED_STREAM]: 'UNAVAILABLE',
  [RetryOn.RESET]: 'UNAVAILABLE',
};

interface ClientPolicy {
  readonly timeout?: string;
  readonly retryPolicy?: GrpcRetryPolicy;
}

/**
 * The gRPC service config for the clients of a service, from its checked model: the same
 * routes the mesh renders, most specific first. A route gets an entry only when its policy
 * differs from the one that would otherwise apply (its service's, else the default's);
 * routes with the same policy share an entry.
 */
export function clientServiceConfig(model: ServiceModel, options: ClientServiceConfigOptions = {}): GrpcServiceConfig {
  const inMesh = options.clientInMesh ?? true;
  const policies = new Map<RouteModel, ClientPolicy>(model.routes.map((route) => [route, clientPolicy(route, inMesh)]));
  const fallback = (route: RouteModel): ClientPolicy => {
    const defaultRoute = model.routes[model.routes.length - 1];
    if (route === defaultRoute) return {};
    const service = route.match?.method
      ? model.routes.find((r) => r.match && !r.match.method && r.match.service === route.match!.service)
      : undefined;
    return policies.get(service ?? defaultRoute)!;
  };

  const groups = new Map<string, GrpcServiceConfigName[]>();
  for (const route of model.routes) {
    const policy = policies.get(route)!;
    const key = JSON.stringify(policy);
    if (key === JSON.stringify(fallback(route))) continue;
    const names = groups.get(key) ?? [];
    names.push(configName(route.match));
    groups.set(key, names);
  }
  const methodConfig = [...groups].map(([key, name]) => ({ name, ...(JSON.parse(key) as ClientPolicy) }));
  return {
    loadBalancingConfig: [inMesh ? { pick_first: {} } : { round_robin: {} }],
    ...(methodConfig.length ? { methodConfig } : {}),
  };
}

/** The service config as the text of a file: two-space JSON, a final newline, stable. */
export function renderServiceConfig(config: GrpcServiceConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Adds a ConfigMap `<name>-grpc-client-config` holding the client service config under the key
 * `service-config.json`, for clients to mount or read.
 */
export function addClientConfigMap(scope: Construct, model: ServiceModel, options: ClientServiceConfigOptions = {}): ApiObject {
  const id = 'ClientConfig';
  if (scope.node.tryFindChild(id)) {
    throw new Error(`${model.path}: the client config ConfigMap is already added; call addClientConfigMap() once`);
  }
  return new kplus.k8s.KubeConfigMap(scope, id, {
    metadata: { name: `${model.name}-grpc-client-config`, namespace: model.namespace, labels: objectLabels(model) },
    data: { [CLIENT_CONFIG_KEY]: renderServiceConfig(clientServiceConfig(model, options)) },
  });
}

function clientPolicy(route: RouteModel, inMesh: boolean): ClientPolicy {
  return {
    ...(route.timeoutMs === undefined ? {} : { timeout: grpcDuration(route.timeoutMs) }),
    ...(route.retry && !inMesh ? { retryPolicy: retryPolicy(route.retry) } : {}),
  };
}

function retryPolicy(retry: RetryModel): GrpcRetryPolicy {
  return {
    maxAttempts: Math.min(retry.attempts + 1, MAX_ATTEMPTS),
    // Envoy's retry backoff (25ms base, at most ten times that), so the client retries as the mesh would.
    initialBackoff: '0.025s',
    maxBackoff: '0.25s',
    backoffMultiplier: 2,
    retryableStatusCodes: [...new Set(retry.on.map((on) => STATUS_BY_CONDITION[on]))],
  };
}

function configName(match: GrpcMatch | undefined): GrpcServiceConfigName {
  if (!match) return {};
  return match.method ? { service: match.service, method: match.method } : { service: match.service };
}

/** A protobuf JSON duration: seconds with a fraction, e.g. `1.5s`. */
function grpcDuration(ms: number): string {
  return `${ms / 1000}s`;
}
