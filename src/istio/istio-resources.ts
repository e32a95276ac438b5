import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ARGO_MANAGED_BY_ANNOTATION, argoRoutesTraffic, rolloutName } from '../delivery/argo-istio';
import { DeliveryEngine } from '../delivery/delivery';
import * as net from '../../imports/networking.istio.io';
import * as sec from '../../imports/security.istio.io';
import * as tel from '../../imports/telemetry.istio.io';
import { IMeshResources } from '../mesh-provider';
import { objectLabels, serviceSelector } from '../model/labels';
import { ServiceModel } from '../model/model';
import { renderAuthorizationPolicySpec, renderIngressDenySpec } from './authorization-policy';
import { renderDestinationRuleSpec } from './destination-rule';
import type { IstioProvider } from './istio-provider';
import { renderTelemetrySpec } from './telemetry';
import { renderHttpRoutes, renderIngressHttpRoutes } from './virtual-service';
import { exportTo } from './export-to';
import { ingressGateway } from './ingress-gateway';
import { renderApiObject } from '../render/api-object';
import { meshResourcesAs } from '../resources-of';

/**
 * The Istio objects of a {@link GrpcMeshService} (`service.meshResources`), children of the service
 * itself. Each is a plain `ApiObject` written from the typed imports' props: use `addJsonPatch` on it
 * to override a field the props do not cover (the paths of the written JSON).
 */
export class IstioResources implements IMeshResources {
  /** Returns the Istio objects of a service rendered for Istio. */
  public static of(service: Construct): IstioResources {
    return meshResourcesAs(service, IstioResources, 'Istio', 'IstioResources.of needs a GrpcMeshService with mesh: Mesh.istio()');
  }

  /**
   * Subsets, mTLS to the destination, connection pool, load balancing, outlier detection. Undefined
   * with `Delivery.flagger()`: Flagger writes the DestinationRules of the host.
   */
  public readonly destinationRule?: ApiObject;
  /** The in-mesh routes. Undefined with `Delivery.flagger()`: Flagger writes the host's VirtualService. */
  public readonly virtualService?: ApiObject;
  /** STRICT (or PERMISSIVE) mutual TLS for the pods. */
  public readonly peerAuthentication: ApiObject;
  /** Who may call the service. */
  public readonly authorizationPolicy: ApiObject;
  /** Tracing and access logging, when `telemetry` is set. */
  public readonly telemetry?: ApiObject;
  /**
   * Denies the ingress gateway every method but `ingress.methods`, when they are set, and calls
   * without a valid token, with `ingress.jwt`.
   */
  public readonly ingressAuthorizationPolicy?: ApiObject;
  /** Validates the end users' JWTs on the service's pods, with `ingress.jwt`. */
  public readonly requestAuthentication?: ApiObject;
  /** The ingress Gateway, when `ingress` is set. */
  public readonly gateway?: ApiObject;
  /** The routes bound to the ingress Gateway, when `ingress` is set (Flagger's VirtualService with `Delivery.flagger()`). */
  public readonly ingressVirtualService?: ApiObject;

  /** Adds the objects directly under `scope`, the service. */
  public constructor(scope: Construct, model: ServiceModel, istio: IstioProvider) {
    const host = `${model.name}.${model.namespace}.svc.${istio.clusterDomain}`;
    const metadata = (name: string) => ({ name, namespace: model.namespace, labels: objectLabels(model) });
    const routes = renderHttpRoutes(model, host);
    // Flagger owns the host's VirtualService and DestinationRules (and binds the ingress Gateway).
    const flaggerRoutes = model.delivery?.engine === DeliveryEngine.FLAGGER;

    const exported = exportTo(model);
    if (!flaggerRoutes) {
      this.destinationRule = renderApiObject(scope, 'DestinationRule', net.DestinationRule.GVK, net.toJson_DestinationRuleProps, {
        metadata: argoRoutesTraffic(model)
          ? { ...metadata(model.name), annotations: { [ARGO_MANAGED_BY_ANNOTATION]: rolloutName(model) } }
          : metadata(model.name),
        spec: { ...renderDestinationRuleSpec(model, host), ...exported },
      });
      this.virtualService = renderApiObject(scope, 'VirtualService', net.VirtualService.GVK, net.toJson_VirtualServiceProps, {
        metadata: metadata(model.name),
        spec: { hosts: [host], ...exported, http: routes },
      });
    }
    this.peerAuthentication = renderApiObject(scope, 'PeerAuthentication', sec.PeerAuthentication.GVK, sec.toJson_PeerAuthenticationProps, {
      metadata: metadata(model.name),
      spec: {
        selector: { matchLabels: serviceSelector(model) },
        mtls: { mode: model.mtls as string as sec.PeerAuthenticationSpecMtlsMode },
      },
    });
    this.authorizationPolicy = renderApiObject(scope, 'AuthorizationPolicy', sec.AuthorizationPolicy.GVK, sec.toJson_AuthorizationPolicyProps, {
      metadata: metadata(model.name),
      spec: renderAuthorizationPolicySpec(model, istio.trustDomain),
    });
    const ingressDeny = renderIngressDenySpec(model, istio.trustDomain);
    if (ingressDeny) {
      this.ingressAuthorizationPolicy = renderApiObject(scope, 'IngressAuthorizationPolicy', sec.AuthorizationPolicy.GVK, sec.toJson_AuthorizationPolicyProps, {
        metadata: metadata(`${model.name}-ingress-methods`),
        spec: ingressDeny,
      });
    }
    const jwt = model.ingress?.jwt;
    if (jwt) {
      this.requestAuthentication = renderApiObject(scope, 'RequestAuthentication', sec.RequestAuthentication.GVK, sec.toJson_RequestAuthenticationProps, {
        metadata: metadata(model.name),
        spec: {
          selector: { matchLabels: serviceSelector(model) },
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
      this.telemetry = renderApiObject(scope, 'Telemetry', tel.Telemetry.GVK, tel.toJson_TelemetryProps, { metadata: metadata(model.name), spec: telemetry });
    }
    if (model.ingress) {
      const gatewayName = `${model.name}-gateway`;
      const gateway = ingressGateway(model.ingress);
      this.gateway = renderApiObject(scope, 'Gateway', net.Gateway.GVK, net.toJson_GatewayProps, {
        metadata: metadata(gatewayName),
        spec: {
          selector: gateway.selector,
          servers: [{
            port: { number: 443, name: 'https-grpc', protocol: 'HTTPS' },
            tls: { mode: net.GatewaySpecServersTlsMode.SIMPLE, credentialName: model.ingress.tlsCredentialName },
            // `./host`: only VirtualServices of the Gateway's own namespace may bind these hosts to it.
            hosts: model.ingress.hosts.map((h) => `./${h}`),
          }],
        },
      });
      if (!flaggerRoutes) {
        this.ingressVirtualService = renderApiObject(scope, 'IngressVirtualService', net.VirtualService.GVK, net.toJson_VirtualServiceProps, {
          metadata: metadata(`${model.name}-ingress`),
          spec: {
            hosts: model.ingress.hosts,
            gateways: [`${model.namespace}/${gatewayName}`],
            // Only the gateway's proxies read it (no sidecar routes through a Gateway's VirtualService).
            exportTo: [gateway.namespace === model.namespace ? '.' : gateway.namespace],
            http: renderIngressHttpRoutes(model, host),
          },
        });
      }
    }
  }
}
