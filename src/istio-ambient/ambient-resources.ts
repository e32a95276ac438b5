import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as net from '../../imports/networking.istio.io';
import * as sec from '../../imports/security.istio.io';
import * as tel from '../../imports/telemetry.istio.io';
import { renderServiceRouteSpec } from '../gateway-api/grpc-route';
import { renderServiceHttpRouteSpec } from '../gateway-api/http-route';
import { renderAuthorizationPolicySpec, renderIngressDenySpec } from '../istio/authorization-policy';
import { ingressGateway } from '../istio/ingress-gateway';
import { renderBackendPolicy } from '../istio/destination-rule';
import { renderTelemetrySpec } from '../istio/telemetry';
import { IMeshResources } from '../mesh-provider';
import { objectLabels, serviceSelector } from '../model/labels';
import { ServiceModel, grpcPath } from '../model/model';
import { renderApiObject } from '../render/api-object';
import { meshResourcesAs } from '../resources-of';
import { DEFAULT_MAX_RETRIES } from '../traffic-policy';
import { MeshDefaultRetry } from './ambient-options';
import type { IstioAmbientProvider } from './ambient-provider';
import { AMBIENT_LABELS, WAYPOINT_CLASS, ZTUNNEL_INBOUND_PORT } from './labels';

/** A reference to one of the service's Services, as Istio policies' `targetRefs` take it. */
interface ServiceRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/**
 * The Istio ambient objects of a {@link GrpcMeshService} (`service.meshResources`), children of the
 * service itself. Each is a plain `ApiObject` written from the typed imports' props: use
 * `addJsonPatch` on it to override a field the props do not cover (the paths of the written JSON).
 * The enrollment and waypoint labels are on the workload's pods and Services (`service.workload`).
 */
export class IstioAmbientResources implements IMeshResources {
  /** Returns the Istio ambient objects of a service rendered for Istio ambient mode. */
  public static of(service: Construct): IstioAmbientResources {
    return meshResourcesAs(service, IstioAmbientResources, 'Istio ambient',
      'IstioAmbientResources.of needs a GrpcMeshService with mesh: Mesh.istio({ dataplane: IstioDataplane.AMBIENT })');
  }

  /** The service's own waypoint (`Waypoint.dedicated()`, the default); undefined with an existing one. */
  public readonly waypoint?: ApiObject;
  /**
   * The routes parented on the service's Service, by route name (`default` for the default route):
   * a GRPCRoute, or an HTTPRoute on the gRPC path for a route with a timeout (GRPCRoute has none).
   */
  public readonly routes: { readonly [route: string]: ApiObject };
  /**
   * Load balancing, connection pool and outlier detection of the waypoint's calls to each version,
   * by version, when the props set any.
   */
  public readonly destinationRules: { readonly [version: string]: ApiObject };
  /** STRICT (or PERMISSIVE) mutual TLS, enforced by ztunnel. */
  public readonly peerAuthentication: ApiObject;
  /** Who may call the service, per method: enforced by the waypoint (`targetRefs` on the Services). */
  public readonly authorizationPolicy: ApiObject;
  /** Admits only the waypoint to the pods (ztunnel, `selector`), so that no call bypasses its policies. */
  public readonly workloadAuthorizationPolicy: ApiObject;
  /** Denies the ingress gateway the methods outside `ingress.methods`, and calls without a token with `ingress.jwt`, at the waypoint. */
  public readonly ingressAuthorizationPolicy?: ApiObject;
  /** Validates the end users' JWTs at the waypoint, with `ingress.jwt`. */
  public readonly requestAuthentication?: ApiObject;
  /** Tracing and access logging at the waypoint, when `telemetry` is set. */
  public readonly telemetry?: ApiObject;
  /** The ingress Gateway, when `ingress` is set. */
  public readonly gateway?: ApiObject;
  /** Sends the ingress gateway's calls to the Service, through its waypoint, when `ingress` is set. */
  public readonly ingressVirtualService?: ApiObject;

  /** Adds the objects directly under `scope`, the service. */
  public constructor(scope: Construct, model: ServiceModel, ambient: IstioAmbientProvider) {
    const istio = ambient.istio;
    const metadata = (name: string, labels: { [k: string]: string } = {}) => ({
      name, namespace: model.namespace, labels: { ...objectLabels(model), ...labels },
    });
    const serviceDomain = `${model.namespace}.svc.${istio.clusterDomain}`;
    const targetRefs: ServiceRef[] = [model.name, ...model.versions.map((v) => `${model.name}-${v.name}`)]
      .map((name) => ({ group: '', kind: 'Service', name }));
    const waypoint = ambient.waypointOf(model);

    if (waypoint.dedicated) {
      this.waypoint = renderApiObject(scope, 'Waypoint', gw.Gateway.GVK, gw.toJson_GatewayProps, {
        metadata: metadata(waypoint.name, { [AMBIENT_LABELS.waypointFor]: 'service' }),
        spec: {
          gatewayClassName: WAYPOINT_CLASS,
          listeners: [{ name: 'mesh', port: ZTUNNEL_INBOUND_PORT, protocol: 'HBONE' }],
        },
      });
    }

    const routes: { [route: string]: ApiObject } = {};
    for (const route of model.routes) {
      const props = { metadata: metadata(`${model.name}-${route.name}`) };
      routes[route.name] = route.timeoutMs === undefined
        ? renderApiObject(scope, `Route-${route.name}`, gw.GrpcRoute.GVK, gw.toJson_GrpcRouteProps, { ...props, spec: renderServiceRouteSpec(model, route) })
        : renderApiObject(scope, `Route-${route.name}`, gw.HttpRoute.GVK, gw.toJson_HttpRouteProps, { ...props, spec: renderServiceHttpRouteSpec(model, route) });
    }
    this.routes = routes;

    const destinationRules: { [version: string]: ApiObject } = {};
    const backendPolicy = withRetryBudget(renderBackendPolicy(model), ambient.meshDefaultRetry);
    if (Object.keys(backendPolicy).length) {
      for (const v of model.versions) {
        // No `tls`: the waypoint reaches the pods over HBONE, whatever a DestinationRule says.
        destinationRules[v.name] = renderApiObject(scope, `DestinationRule-${v.name}`, net.DestinationRule.GVK, net.toJson_DestinationRuleProps, {
          metadata: metadata(`${model.name}-${v.name}`),
          spec: { host: `${model.name}-${v.name}.${serviceDomain}`, trafficPolicy: backendPolicy },
        });
      }
    }
    this.destinationRules = destinationRules;

    this.peerAuthentication = renderApiObject(scope, 'PeerAuthentication', sec.PeerAuthentication.GVK, sec.toJson_PeerAuthenticationProps, {
      metadata: metadata(model.name),
      spec: {
        selector: { matchLabels: serviceSelector(model) },
        mtls: { mode: model.mtls as string as sec.PeerAuthenticationSpecMtlsMode },
      },
    });
    const { selector: _l7, ...allow } = renderAuthorizationPolicySpec(model, istio.trustDomain);
    this.authorizationPolicy = renderApiObject(scope, 'AuthorizationPolicy', sec.AuthorizationPolicy.GVK, sec.toJson_AuthorizationPolicyProps, {
      metadata: metadata(model.name),
      spec: { targetRefs, ...allow },
    });
    this.workloadAuthorizationPolicy = renderApiObject(scope, 'WorkloadAuthorizationPolicy', sec.AuthorizationPolicy.GVK, sec.toJson_AuthorizationPolicyProps, {
      metadata: metadata(`${model.name}-ztunnel`),
      spec: {
        selector: { matchLabels: serviceSelector(model) },
        action: sec.AuthorizationPolicySpecAction.ALLOW,
        rules: [{ from: [{ source: { principals: [`${istio.trustDomain}/ns/${waypoint.namespace}/sa/${waypoint.serviceAccount}`] } }] }],
      },
    });
    const ingressDeny = renderIngressDenySpec(model, istio.trustDomain);
    if (ingressDeny) {
      const { selector: _deny, ...deny } = ingressDeny;
      this.ingressAuthorizationPolicy = renderApiObject(scope, 'IngressAuthorizationPolicy', sec.AuthorizationPolicy.GVK, sec.toJson_AuthorizationPolicyProps, {
        metadata: metadata(`${model.name}-ingress-methods`),
        spec: { targetRefs, ...deny },
      });
    }
    const jwt = model.ingress?.jwt;
    if (jwt) {
      this.requestAuthentication = renderApiObject(scope, 'RequestAuthentication', sec.RequestAuthentication.GVK, sec.toJson_RequestAuthenticationProps, {
        metadata: metadata(model.name),
        spec: {
          targetRefs,
          jwtRules: [{
            issuer: jwt.issuer,
            ...(jwt.jwksUri === undefined ? {} : { jwksUri: jwt.jwksUri }),
            ...(jwt.jwks === undefined ? {} : { jwks: jwt.jwks }),
            ...(jwt.audiences.length ? { audiences: jwt.audiences } : {}),
          }],
        },
      });
    }
    const telemetry = renderTelemetrySpec(model, istio.accessLogProvider);
    if (telemetry) {
      const { selector: _t, ...spec } = telemetry;
      this.telemetry = renderApiObject(scope, 'Telemetry', tel.Telemetry.GVK, tel.toJson_TelemetryProps, { metadata: metadata(model.name), spec: { targetRefs, ...spec } });
    }
    if (model.ingress) {
      const ingressGw = ingressGateway(model.ingress);
      const gatewayName = `${model.name}-gateway`;
      this.gateway = renderApiObject(scope, 'Gateway', net.Gateway.GVK, net.toJson_GatewayProps, {
        metadata: metadata(gatewayName),
        spec: {
          selector: ingressGw.selector,
          servers: [{
            port: { number: 443, name: 'https-grpc', protocol: 'HTTPS' },
            tls: { mode: net.GatewaySpecServersTlsMode.SIMPLE, credentialName: model.ingress.tlsCredentialName },
            // `./host`: only VirtualServices of the Gateway's own namespace may bind these hosts to it.
            hosts: model.ingress.hosts.map((h) => `./${h}`),
          }],
        },
      });
      // One route to the Service: its waypoint (`istio.io/ingress-use-waypoint`) applies the
      // routes, timeouts and policies; the gateway itself does not retry on top of it.
      this.ingressVirtualService = renderApiObject(scope, 'IngressVirtualService', net.VirtualService.GVK, net.toJson_VirtualServiceProps, {
        metadata: metadata(`${model.name}-ingress`),
        spec: {
          hosts: model.ingress.hosts,
          gateways: [`${model.namespace}/${gatewayName}`],
          // Only the gateway's proxies read it.
          exportTo: [ingressGw.namespace === model.namespace ? '.' : ingressGw.namespace],
          http: renderIngressRoutes(model, `${model.name}.${serviceDomain}`),
        },
      });
    }
  }
}

/**
 * The ingress gateway's routes: one per method or service `ingress.methods` allows (a call to any
 * other finds no route at the gateway), or one for every call, each to the Service. The waypoint
 * applies the service's own routes, weights and timeouts; the gateway does not retry on top of it.
 */
function renderIngressRoutes(model: ServiceModel, host: string): net.VirtualServiceSpecHttp[] {
  const route = [{ destination: { host, port: { number: model.port } } }];
  const allowed = model.ingress?.methods ?? [];
  if (allowed.length === 0) return [{ name: 'waypoint', route, retries: { attempts: 0 } }];
  return [...allowed.filter((a) => a.method), ...allowed.filter((a) => !a.method)].map((a, i) => ({
    name: `waypoint-${i}`,
    match: [{ uri: a.method ? { exact: grpcPath(a) } : { prefix: grpcPath(a) } }],
    route,
    retries: { attempts: 0 },
  }));
}

/**
 * With Istio's default retry every route retries, so the calls to each version get a retry budget
 * (`connectionPool.http.maxRetries`) unless the props set one: Istio's own default is none at all.
 */
function withRetryBudget(policy: net.DestinationRuleSpecTrafficPolicy, retry: MeshDefaultRetry): net.DestinationRuleSpecTrafficPolicy {
  if (retry !== MeshDefaultRetry.ISTIO_DEFAULT || policy.connectionPool?.http?.maxRetries !== undefined) return policy;
  const pool = policy.connectionPool ?? {};
  return { ...policy, connectionPool: { ...pool, http: { ...pool.http, maxRetries: DEFAULT_MAX_RETRIES } } };
}
