import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as l5d from '../../imports/linkerd.io';
import * as pol from '../../imports/policy.linkerd.io';
import * as smi from '../../imports/split.smi-spec.io';
import { DeliveryEngine } from '../delivery/delivery';
import { IMeshResources } from '../mesh-provider';
import { objectLabels } from '../model/labels';
import { ServiceModel } from '../model/model';
import { renderApiObject } from '../render/api-object';
import { meshResourcesAs } from '../resources-of';
import { routeAnnotations } from './annotations';
import { renderServiceRouteSpec } from '../gateway-api/grpc-route';
import { renderInboundRouteSpec } from './grpc-route';
import { POLICY_HTTP_ROUTE_API_VERSION, renderInboundHttpRouteSpec } from './http-route';
import {
  INBOUND_GRPC_ROUTE, INBOUND_HTTP_ROUTE, INBOUND_SUFFIXES, planInbound, renderAnyMeshWorkloadSpec, renderAuthorizationPolicySpec,
  renderIdentityRefsSpec, renderProbeNetworksSpec, renderServerSpec,
} from './inbound-policy';
import { DEFAULT_RETRY_BUDGET, LinkerdMode } from './linkerd-options';
import type { LinkerdProvider } from './linkerd-provider';
import { GrpcRouteVersion, LinkerdRelease, LinkerdSplit } from './linkerd-release';
import { renderDstOverrides, renderServiceProfileSpec, serviceProfileName } from './service-profile';
import { renderTrafficSplitSpec } from './traffic-split';

/**
 * The Linkerd objects of a {@link GrpcMeshService} (`service.meshResources`), children of the service
 * itself. Each is a plain `ApiObject` written from the typed imports' props: use `addJsonPatch` on it
 * to override a field the props do not cover (the paths of the written JSON). The pod annotations
 * and the failure-accrual annotations are on the workload's Deployments and Service (`service.workload`).
 */
export class LinkerdResources implements IMeshResources {
  /**
   * Returns the Linkerd objects of a service rendered for Linkerd.
   *
   * @throws GrpcMeshError naming the service's mesh objects (e.g. `"IstioResources"`), or `undefined`
   * when the construct is not a GrpcMeshService
   */
  public static of(service: Construct): LinkerdResources {
    return meshResourcesAs(service, LinkerdResources, 'Linkerd', 'LinkerdResources.of needs a GrpcMeshService with mesh: Mesh.linkerd()');
  }

  /** The release the objects were rendered for. */
  public readonly release: LinkerdRelease;
  /** The mode the objects were rendered for. */
  public readonly mode: LinkerdMode;
  /**
   * The outbound GRPCRoutes, parented on the service's Service, by route name (`default` for the
   * default route), in the GRPCRoute version of the release. Empty in `SERVICE_PROFILE` mode.
   */
  public readonly routes: { readonly [route: string]: ApiObject };
  /** The ServiceProfile, in `SERVICE_PROFILE` mode. */
  public readonly serviceProfile?: ApiObject;
  /**
   * The TrafficSplit over the version Services, in `SERVICE_PROFILE` mode with several versions and
   * `split: LinkerdSplit.SMI_TRAFFIC_SPLIT`.
   */
  public readonly trafficSplit?: ApiObject;
  /**
   * The Server for the gRPC port: calls to it are denied unless a policy authorizes them
   * (`policy.linkerd.io/v1beta3`, or `v1beta2` on Linkerd 2.15).
   */
  public readonly server: ApiObject;
  /**
   * The inbound routes parented on the Server, by object name: present when per-method
   * authorization or the kubelet's probes need them, with a catch-all route for the other calls.
   * GRPCRoutes from Linkerd 2.16; `policy.linkerd.io` HTTPRoutes on the gRPC paths on Linkerd 2.15.
   */
  public readonly inboundRoutes: { readonly [name: string]: ApiObject };
  /** The AuthorizationPolicies, by object name. */
  public readonly authorizationPolicies: { readonly [name: string]: ApiObject };
  /** The MeshTLSAuthentications (the clients' identities), by object name. */
  public readonly meshTlsAuthentications: { readonly [name: string]: ApiObject };
  /** The NetworkAuthentication of the kubelet's probes, when they go through the proxy. */
  public readonly networkAuthentication?: ApiObject;

  /** Adds the objects directly under `scope`, the service. */
  public constructor(scope: Construct, model: ServiceModel, linkerd: LinkerdProvider) {
    this.release = linkerd.release;
    this.mode = linkerd.mode;
    const apis = linkerd.apis;
    const routes: { [route: string]: ApiObject } = {};
    const inboundRoutes: { [name: string]: ApiObject } = {};
    const policies: { [name: string]: ApiObject } = {};
    const authentications: { [name: string]: ApiObject } = {};
    this.routes = routes;
    this.inboundRoutes = inboundRoutes;
    this.authorizationPolicies = policies;
    this.meshTlsAuthentications = authentications;
    const metadata = (name: string, annotations: { [k: string]: string } = {}): ApiObjectMetadata => ({
      name,
      namespace: model.namespace,
      labels: objectLabels(model),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    });

    if (linkerd.mode === LinkerdMode.SERVICE_PROFILE) {
      const b = linkerd.options.retryBudget ?? {};
      this.serviceProfile = renderApiObject(scope, 'ServiceProfile', l5d.ServiceProfile.GVK, l5d.toJson_ServiceProfileProps, {
        metadata: metadata(serviceProfileName(model, linkerd.clusterDomain)),
        spec: renderServiceProfileSpec(model, {
          retryRatio: b.retryRatio ?? DEFAULT_RETRY_BUDGET.retryRatio,
          minRetriesPerSecond: b.minRetriesPerSecond ?? DEFAULT_RETRY_BUDGET.minRetriesPerSecond,
          ttlMs: b.ttl?.toMilliseconds({ integral: false }) ?? DEFAULT_RETRY_BUDGET.ttlMs,
        }, linkerd.split === LinkerdSplit.DST_OVERRIDES ? renderDstOverrides(model, linkerd.clusterDomain) : undefined),
      });
      const split = linkerd.split === LinkerdSplit.SMI_TRAFFIC_SPLIT ? renderTrafficSplitSpec(model) : undefined;
      if (split) this.trafficSplit = renderApiObject(scope, 'TrafficSplit', smi.TrafficSplit.GVK, smi.toJson_TrafficSplitProps, { metadata: metadata(model.name), spec: split });
    } else if (model.delivery?.engine !== DeliveryEngine.FLAGGER) {
      // Never together with a ServiceProfile: Linkerd would let the profile win silently. With Flagger,
      // its HTTPRoute is the only route: a GRPCRoute on the same Service would take the calls from it.
      for (const route of model.routes) {
        routes[route.name] = grpcRoute(scope, `Route-${route.name}`, linkerd.grpcRouteVersion!, {
          metadata: metadata(`${model.name}-${route.name}`, routeAnnotations(route)),
          spec: renderServiceRouteSpec(model, route),
        });
      }
    }

    // The typed `v1beta3` Server, or its fields but `accessPolicy` as `v1beta2` (Linkerd 2.15).
    const server = { ...pol.Server.GVK, apiVersion: `policy.linkerd.io/${apis.serverVersion}` };
    this.server = renderApiObject(scope, 'Server', server, pol.toJson_ServerProps, {
      metadata: metadata(model.name),
      spec: renderServerSpec(model, apis.serverAccessPolicy),
    });
    const routeKind = apis.grpcRoutes ? INBOUND_GRPC_ROUTE : INBOUND_HTTP_ROUTE;
    const targets = planInbound(model, new Set(Object.values(routes).map((r) => r.name)));
    if (targets.some((t) => t.probes)) {
      this.networkAuthentication = renderApiObject(scope, 'ProbeNetworks', pol.NetworkAuthentication.GVK, pol.toJson_NetworkAuthenticationProps, {
        metadata: metadata(`${model.name}-probes`),
        spec: renderProbeNetworksSpec(linkerd.probeNetworks),
      });
    }
    for (const target of targets) {
      if (target.isRoute) {
        inboundRoutes[target.name] = apis.grpcRoutes
          ? grpcRoute(scope, `Inbound-${target.name}`, linkerd.grpcRouteVersion!, {
            metadata: metadata(target.name),
            spec: renderInboundRouteSpec(model.name, target.match),
          })
          : new ApiObject(scope, `Inbound-${target.name}`, {
            apiVersion: POLICY_HTTP_ROUTE_API_VERSION,
            kind: 'HTTPRoute',
            metadata: metadata(target.name),
            spec: renderInboundHttpRouteSpec(model.name, target.match),
          });
      }
      const meshTls = [
        { suffix: INBOUND_SUFFIXES.clients, spec: renderIdentityRefsSpec(target.clients) },
        { suffix: INBOUND_SUFFIXES.anyMeshWorkload, spec: renderAnyMeshWorkloadSpec(target.clients) },
      ];
      for (const { suffix, spec } of meshTls) {
        if (!spec) continue;
        const name = `${target.name}-${suffix}`;
        authentications[name] = renderApiObject(scope, `MeshTLSAuthentication-${name}`, pol.MeshTlsAuthentication.GVK, pol.toJson_MeshTlsAuthenticationProps, { metadata: metadata(name), spec });
        policies[name] = renderApiObject(scope, `AuthorizationPolicy-${name}`, pol.AuthorizationPolicy.GVK, pol.toJson_AuthorizationPolicyProps, {
          metadata: metadata(name),
          spec: renderAuthorizationPolicySpec(target, { kind: 'MeshTLSAuthentication', name }, routeKind),
        });
      }
      if (target.probes) {
        const name = `${target.name}-${INBOUND_SUFFIXES.probes}`;
        policies[name] = renderApiObject(scope, `AuthorizationPolicy-${name}`, pol.AuthorizationPolicy.GVK, pol.toJson_AuthorizationPolicyProps, {
          metadata: metadata(name),
          spec: renderAuthorizationPolicySpec(target, { kind: 'NetworkAuthentication', name: this.networkAuthentication!.name }, routeKind),
        });
      }
    }
  }
}

/**
 * A GRPCRoute in the given Gateway API version, from the typed `v1` props: as `v1`, or as `v1alpha2`
 * (Linkerd 2.16-2.17), whose schema has the fields the library emits unchanged.
 */
function grpcRoute(scope: Construct, id: string, version: GrpcRouteVersion, props: gw.GrpcRouteProps): ApiObject {
  const gvk = { ...gw.GrpcRoute.GVK, apiVersion: `gateway.networking.k8s.io/${version}` };
  return renderApiObject(scope, id, gvk, gw.toJson_GrpcRouteProps, props);
}
