import { Construct } from 'constructs';
import { ARGO_MANAGED_BY_ANNOTATION, argoRoutesTraffic, rolloutName } from '../delivery/argo-istio';
import { DeliveryEngine } from '../delivery/delivery';
import { Reporter } from '../errors';
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
import { meshResourcesOf } from '../resources-of';

/**
 * The Istio objects of a {@link GrpcMeshService} (`service.meshResources`), children of the service
 * itself. Each is an L1 object: use `addJsonPatch` on it to override a field the props do not cover.
 */
export class IstioResources implements IMeshResources {
  /** Returns the Istio objects of a service rendered for Istio. */
  public static of(service: Construct): IstioResources {
    const found = meshResourcesOf(service);
    if (!(found instanceof IstioResources)) {
      return new Reporter(service.node.path).fail('mesh', found?.constructor.name,
        found ? 'not rendered for Istio' : 'not a GrpcMeshService, so not rendered for Istio',
        'IstioResources.of needs a GrpcMeshService with mesh: Mesh.istio()');
    }
    return found;
  }

  /**
   * Subsets, mTLS to the destination, connection pool, load balancing, outlier detection. Undefined
   * with `Delivery.flagger()`: Flagger writes the DestinationRules of the host.
   */
  public readonly destinationRule?: net.DestinationRule;
  /** The in-mesh routes. Undefined with `Delivery.flagger()`: Flagger writes the host's VirtualService. */
  public readonly virtualService?: net.VirtualService;
  /** STRICT (or PERMISSIVE) mutual TLS for the pods. */
  public readonly peerAuthentication: sec.PeerAuthentication;
  /** Who may call the service. */
  public readonly authorizationPolicy: sec.AuthorizationPolicy;
  /** Tracing and access logging, when `telemetry` is set. */
  public readonly telemetry?: tel.Telemetry;
  /**
   * Denies the ingress gateway every method but `ingress.methods`, when they are set, and calls
   * without a valid token, with `ingress.jwt`.
   */
  public readonly ingressAuthorizationPolicy?: sec.AuthorizationPolicy;
  /** Validates the end users' JWTs on the service's pods, with `ingress.jwt`. */
  public readonly requestAuthentication?: sec.RequestAuthentication;
  /** The ingress Gateway, when `ingress` is set. */
  public readonly gateway?: net.Gateway;
  /** The routes bound to the ingress Gateway, when `ingress` is set (Flagger's VirtualService with `Delivery.flagger()`). */
  public readonly ingressVirtualService?: net.VirtualService;

  /** Adds the objects directly under `scope`, the service. */
  public constructor(scope: Construct, model: ServiceModel, istio: IstioProvider) {
    const host = `${model.name}.${model.namespace}.svc.${istio.clusterDomain}`;
    const metadata = (name: string) => ({ name, namespace: model.namespace, labels: objectLabels(model) });
    const routes = renderHttpRoutes(model, host);
    // Flagger owns the host's VirtualService and DestinationRules (and binds the ingress Gateway).
    const flaggerRoutes = model.delivery?.engine === DeliveryEngine.FLAGGER;

    const exported = exportTo(model);
    if (!flaggerRoutes) {
      this.destinationRule = new net.DestinationRule(scope, 'DestinationRule', {
        metadata: argoRoutesTraffic(model)
          ? { ...metadata(model.name), annotations: { [ARGO_MANAGED_BY_ANNOTATION]: rolloutName(model) } }
          : metadata(model.name),
        spec: { ...renderDestinationRuleSpec(model, host), ...exported },
      });
      this.virtualService = new net.VirtualService(scope, 'VirtualService', {
        metadata: metadata(model.name),
        spec: { hosts: [host], ...exported, http: routes },
      });
    }
    this.peerAuthentication = new sec.PeerAuthentication(scope, 'PeerAuthentication', {
      metadata: metadata(model.name),
      spec: {
        selector: { matchLabels: serviceSelector(model) },
        mtls: { mode: model.mtls as string as sec.PeerAuthenticationSpecMtlsMode },
      },
    });
    this.authorizationPolicy = new sec.AuthorizationPolicy(scope, 'AuthorizationPolicy', {
      metadata: metadata(model.name),
      spec: renderAuthorizationPolicySpec(model, istio.trustDomain),
    });
    const ingressDeny = renderIngressDenySpec(model, istio.trustDomain);
    if (ingressDeny) {
      this.ingressAuthorizationPolicy = new sec.AuthorizationPolicy(scope, 'IngressAuthorizationPolicy', {
        metadata: metadata(`${model.name}-ingress-methods`),
        spec: ingressDeny,
      });
    }
    const jwt = model.ingress?.jwt;
    if (jwt) {
      this.requestAuthentication = new sec.RequestAuthentication(scope, 'RequestAuthentication', {
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
      this.telemetry = new tel.Telemetry(scope, 'Telemetry', { metadata: metadata(model.name), spec: telemetry });
    }
    if (model.ingress) {
      const gatewayName = `${model.name}-gateway`;
      const gateway = ingressGateway(model.ingress);
      this.gateway = new net.Gateway(scope, 'Gateway', {
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
        this.ingressVirtualService = new net.VirtualService(scope, 'IngressVirtualService', {
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
