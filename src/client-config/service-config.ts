import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Reporter } from '../errors';
import { object } from '../model/checks';
import { objectLabels } from '../model/labels';
import { GrpcMatch, RouteModel, ServiceModel } from '../model/model';
import { renderApiObject } from '../render/api-object';

// The gRPC service config clients of the service should use
// (https://github.com/grpc/grpc/blob/master/doc/service_config.md), derived from the same
// routes the mesh renders, so that client and mesh agree:
// - each route's timeout becomes the client's per-method timeout (so the deadline travels
//   to the server in `grpc-timeout`); a route without timeout (streaming methods) gets none;
// - a call is retried by exactly one party, the mesh: a client in the mesh has its proxy apply
//   the routes, a client outside it reaches the service only through the ingress gateway, which
//   applies the same routes. So the config never carries a retryPolicy (a client retry would
//   multiply the mesh's attempts, and a status the server sent would replay calls the mesh
//   retries only on connection failures);
// - the proxy or the gateway balances every request over the endpoints, so the client keeps one
//   connection to it (`pick_first`).

/** The `name` of a method config: one method, a whole service (no method), or every method (`{}`). */
export interface GrpcServiceConfigName {
  /** The fully qualified service, `package.Service`. */
  readonly service?: string;
  /** The method; absent for a whole service. */
  readonly method?: string;
}

/** One `methodConfig` entry. */
export interface GrpcMethodConfig {
  readonly name: GrpcServiceConfigName[];
  /** The longest a call may take, e.g. `1.5s`; the caller's own deadline may be shorter. */
  readonly timeout?: string;
}

/** A gRPC service config (the JSON a client reads, e.g. from a file or DNS). */
export interface GrpcServiceConfig {
  /** `[{ pick_first: {} }]`: the mesh balances every request. */
  readonly loadBalancingConfig: { [policy: string]: {} }[];
  /** Per-method timeouts and retries, when any route sets them. */
  readonly methodConfig?: GrpcMethodConfig[];
}

/** Options of the client service config. */
export interface ClientServiceConfigOptions {
  /**
   * Whether the clients run in the mesh (with its sidecar or proxy). Set false for clients
   * outside the mesh: they reach the service only through the ingress gateway (STRICT mTLS and
   * the authorization admit nothing else), which applies the same routes, so the config is the
   * same, and a service without `ingress` is an error. The config never carries a retry policy:
   * the mesh retries each call as the routes say, and nothing retries on top of it.
   *
   * @default true
   */
  readonly clientInMesh?: boolean;
}

/** The key of the service config in the ConfigMap. */
export const CLIENT_CONFIG_KEY = 'service-config.json';

interface ClientPolicy {
  readonly timeout?: string;
}

/**
 * The gRPC service config for the clients of a service, from its checked model: the same
 * routes the mesh renders, most specific first. A route gets an entry only when its policy
 * differs from the one that would otherwise apply (its service's, else the default's);
 * routes with the same policy share an entry.
 *
 * @internal
 */
export function clientServiceConfig(model: ServiceModel, options: ClientServiceConfigOptions = {}): GrpcServiceConfig {
  const r = new Reporter(model.path);
  const inMesh = object(r, 'clientServiceConfig', options, 'pass { clientInMesh? }').clientInMesh ?? true;
  if (typeof inMesh !== 'boolean') r.fail('clientInMesh', inMesh, 'not a boolean', 'set true or false');
  if (!inMesh && !model.ingress) {
    r.fail('clientInMesh', inMesh, 'a client outside the mesh can reach the service only through the ingress gateway, and the service has no ingress',
      'set ingress and point the client at its host, or run the client in the mesh');
  }
  const policies = new Map<RouteModel, ClientPolicy>(model.routes.map((route) => [route, clientPolicy(route)]));
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
    loadBalancingConfig: [{ pick_first: {} }],
    ...(methodConfig.length ? { methodConfig } : {}),
  };
}

/**
 * The service config as the text of a file: two-space JSON, a final newline, stable.
 *
 * @internal
 */
export function renderServiceConfig(config: GrpcServiceConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Adds a ConfigMap `<name>-grpc-client-config` holding the client service config under the key
 * `service-config.json`, for clients to mount or read.
 *
 * @internal
 */
export function addClientConfigMap(scope: Construct, model: ServiceModel, options: ClientServiceConfigOptions = {}): ApiObject {
  const id = 'ClientConfig';
  if (scope.node.tryFindChild(id)) {
    new Reporter(model.path).fail('addClientConfigMap()', options, `the ConfigMap "${model.name}-grpc-client-config" is already added`,
      'call addClientConfigMap() once per service and keep the ApiObject it returns');
  }
  return renderApiObject(scope, id, k8s.KubeConfigMap.GVK, k8s.toJson_KubeConfigMapProps, {
    metadata: { name: `${model.name}-grpc-client-config`, namespace: model.namespace, labels: objectLabels(model) },
    data: { [CLIENT_CONFIG_KEY]: renderServiceConfig(clientServiceConfig(model, options)) },
  });
}

function clientPolicy(route: RouteModel): ClientPolicy {
  return route.timeoutMs === undefined ? {} : { timeout: grpcDuration(route.timeoutMs) };
}

function configName(match: GrpcMatch | undefined): GrpcServiceConfigName {
  if (!match) return {};
  return match.method ? { service: match.service, method: match.method } : { service: match.service };
}

/** A protobuf JSON duration: seconds with a fraction, e.g. `1.5s`. */
function grpcDuration(ms: number): string {
  return `${ms / 1000}s`;
}
