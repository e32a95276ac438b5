import * as flagger from '../../imports/flagger.app';
import * as net from '../../imports/networking.istio.io';
import { Reporter } from '../errors';
import { istioDuration } from '../istio/durations';
import { renderDestinationRuleSpec } from '../istio/destination-rule';
import { failureAccrualAnnotations } from '../linkerd/annotations';
import { linkerdDuration } from '../linkerd/durations';
import { LinkerdProvider } from '../linkerd/linkerd-provider';
import { LinkerdRelease } from '../linkerd/linkerd-release';
import { IMeshProvider } from '../mesh-provider';
import { objectLabels } from '../model/labels';
import { RouteModel, ServiceModel } from '../model/model';
import { GRPC_PORT_NAME } from '../workload/grpc-workload';
import { DeliveryMesh } from './target';

/** The props each part of an Istio traffic policy comes from, for messages. */
const POLICY_PROPS: { [leaf: string]: string } = {
  maxConnections: 'connectionPool.maxConnections',
  connectTimeout: 'connectionPool.connectTimeout',
  http2MaxRequests: 'connectionPool.maxRequests',
  maxRequestsPerConnection: 'connectionPool.maxRequestsPerConnection',
  maxConcurrentStreams: 'connectionPool.maxConcurrentStreams',
  idleTimeout: 'connectionPool.idleTimeout',
  maxRetries: 'connectionPool.maxRetries',
};

/** The Istio traffic policy of the service (mTLS, pool, balancing, ejection), as Flagger carries it. */
function istioTrafficPolicy(model: ServiceModel): net.DestinationRuleSpecTrafficPolicy | undefined {
  return renderDestinationRuleSpec(model, model.name).trafficPolicy;
}

/**
 * @internal
 * Fails on the first part of the traffic policy that Flagger's Canary `service.trafficPolicy` has no
 * field for (the API server would prune it, and Flagger's DestinationRules would go without it).
 */
export function checkFlaggerTrafficPolicy(r: Reporter, model: ServiceModel): void {
  const policy = istioTrafficPolicy(model);
  const istio = net.toJson_DestinationRuleSpecTrafficPolicy(policy);
  const carried = flagger.toJson_CanarySpecServiceTrafficPolicy(policy as flagger.CanarySpecServiceTrafficPolicy);
  const missing = firstMissing(istio, carried, []);
  if (missing) {
    const [section, ...rest] = missing.path;
    const leaf = rest[rest.length - 1];
    const prop = section === 'connectionPool' ? POLICY_PROPS[leaf] ?? 'connectionPool'
      : section === 'outlierDetection' ? `outlierDetection.${leaf.replace('5Xx', '5xx')}` : section;
    r.fail(prop, missing.value, `no field for trafficPolicy.${missing.path.join('.')} in Flagger's Canary`,
      'remove it, or use Delivery.argoRollouts(), which keeps the library\'s DestinationRule');
  }
}

function firstMissing(want: any, got: any, path: string[]): { path: string[]; value: unknown } | undefined {
  if (want === null || typeof want !== 'object') {
    return JSON.stringify(want) === JSON.stringify(got) ? undefined : { path, value: want };
  }
  for (const [key, value] of Object.entries(want)) {
    const found = firstMissing(value, got?.[key], [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** The default route: with Flagger, the only route the routing objects carry. */
function defaultRoute(model: ServiceModel): RouteModel {
  return model.routes[model.routes.length - 1];
}

/** Labels Flagger puts on the Services it creates, beside its selector label (as the library labels its objects). */
function serviceMetadata(model: ServiceModel, annotations: { [k: string]: string } = {}) {
  return { labels: objectLabels(model), ...(Object.keys(annotations).length ? { annotations } : {}) };
}

/**
 * The Canary's `service`: the port named and typed for the mesh, and the route's timeout, retries and
 * traffic policy, which Flagger writes into the routing objects it owns.
 */
export function renderCanaryService(model: ServiceModel, mesh: DeliveryMesh, provider: IMeshProvider): flagger.CanarySpecService {
  const route = defaultRoute(model);
  const port = { name: model.name, port: model.port, portName: GRPC_PORT_NAME, targetPort: GRPC_PORT_NAME };
  switch (mesh) {
    case DeliveryMesh.ISTIO: {
      const metadata = serviceMetadata(model);
      const ingress = model.ingress;
      return {
        ...port,
        appProtocol: 'grpc',
        ...(ingress
          ? { gateways: [`${model.namespace}/${model.name}-gateway`, 'mesh'], hosts: [model.name, ...ingress.hosts] }
          : {}),
        ...(route.timeoutMs === undefined ? {} : { timeout: istioDuration(route.timeoutMs) }),
        retries: route.retry
          ? {
            attempts: route.retry.attempts,
            ...(route.retry.perTryTimeoutMs === undefined ? {} : { perTryTimeout: istioDuration(route.retry.perTryTimeoutMs) }),
            retryOn: route.retry.on.join(','),
          }
          // Without retries, Istio applies its own default retry policy.
          : { attempts: 0 },
        trafficPolicy: istioTrafficPolicy(model) as flagger.CanarySpecServiceTrafficPolicy,
        apex: metadata,
        primary: metadata,
        canary: metadata,
      };
    }
    case DeliveryMesh.LINKERD: {
      const linkerd = provider as LinkerdProvider;
      return {
        ...port,
        // Linkerd makes any other appProtocol, `grpc` included, an opaque TCP port.
        appProtocol: 'kubernetes.io/h2c',
        // GAMMA: the HTTPRoute Flagger writes is parented on the service's own Service.
        gatewayRefs: [{ group: 'core', kind: 'Service', name: model.name, namespace: model.namespace, port: model.port }],
        ...(route.timeoutMs === undefined ? {} : { timeout: linkerdDuration(route.timeoutMs) }),
        // On the apex Service (and the HTTPRoute): failure accrual for the primary and canary backends.
        apex: serviceMetadata(model, failureAccrualAnnotations(model, linkerd.options.failureAccrual)),
        primary: serviceMetadata(model),
        canary: serviceMetadata(model),
      };
    }
    case DeliveryMesh.LINKERD_LEGACY:
      // Timeouts and retries stay in the library's ServiceProfile of the apex host.
      return {
        ...port,
        appProtocol: 'kubernetes.io/h2c',
        apex: serviceMetadata(model),
        primary: serviceMetadata(model),
        canary: serviceMetadata(model),
      };
  }
}

/** The Deployment the Canary targets: the version's. */
export function flaggerTarget(model: ServiceModel): string {
  return `${model.name}-${model.versions[0].name}`;
}

/**
 * @internal
 * Fails when a name Flagger derives is longer than the API server admits: the Services
 * `<name>-primary` and `<name>-canary` (DNS-1035 labels; `<name>-primary` is also the value of the
 * primary pods' `name` label).
 */
export function checkFlaggerNames(r: Reporter, model: ServiceModel, nameProp: string): void {
  const service = `${model.name}-primary`;
  if (service.length > 63) {
    r.fail(nameProp, model.name, `the Service "${service}" Flagger creates would be longer than 63 characters`,
      `shorten it to at most ${63 - '-primary'.length} characters`);
  }
}

/** Flagger's provider for the mesh. */
export function flaggerProvider(mesh: DeliveryMesh, provider: IMeshProvider): flagger.CanarySpecProvider {
  switch (mesh) {
    case DeliveryMesh.ISTIO: return flagger.CanarySpecProvider.ISTIO;
    // Linkerd 2.16+: an HTTPRoute parented on the service's Service (GAMMA). 2.16 and 2.17 bundle
    // Gateway API v0.7.1, which serves HTTPRoute up to v1beta1.
    case DeliveryMesh.LINKERD:
      return (provider as LinkerdProvider).release === LinkerdRelease.V2_16_TO_2_17
        ? flagger.CanarySpecProvider.GATEWAYAPI_V1BETA1
        : flagger.CanarySpecProvider.GATEWAYAPI_V1;
    // An SMI TrafficSplit (split.smi-spec.io/v1alpha1, served by linkerd-smi).
    case DeliveryMesh.LINKERD_LEGACY: return flagger.CanarySpecProvider.LINKERD;
  }
}

