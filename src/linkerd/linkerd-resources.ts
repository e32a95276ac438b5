import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as l5d from '../../imports/linkerd.io';
import * as pol from '../../imports/policy.linkerd.io';
import * as smi from '../../imports/split.smi-spec.io';
import { DeliveryEngine } from '../delivery/delivery';
import { Reporter } from '../errors';
import { objectLabels } from '../model/labels';
import { ServiceModel } from '../model/model';
import { routeAnnotations } from './annotations';
import { renderInboundRouteSpec, renderOutboundRouteSpec } from './grpc-route';
import {
  INBOUND_SUFFIXES, planInbound, renderAnyMeshWorkloadSpec, renderAuthorizationPolicySpec, renderIdentityRefsSpec,
  renderProbeNetworksSpec, renderServerSpec,
} from './inbound-policy';
import { DEFAULT_RETRY_BUDGET, LinkerdMode } from './linkerd-options';
import type { LinkerdProvider } from './linkerd-provider';
import { renderServiceProfileSpec, serviceProfileName } from './service-profile';
import { renderTrafficSplitSpec } from './traffic-split';

/**
 * The Linkerd objects of a {@link GrpcMeshService}. Each is an L1 object: use `addJsonPatch` on it
 * to override a field the props do not cover. The pod annotations and the failure-accrual
 * annotations are on the workload's Deployments and Service (`service.workload`).
 */
export class LinkerdResources extends Construct {
  /**
   * Returns the Linkerd objects of a service rendered for Linkerd.
   *
   * @throws GrpcMeshError naming the service's mesh objects (e.g. `"IstioResources"`), or `undefined`
   * when the construct is not a GrpcMeshService
   */
  public static of(service: Construct): LinkerdResources {
    const found = service.node.tryFindChild('Mesh');
    if (!(found instanceof LinkerdResources)) {
      return new Reporter(service.node.path).fail('mesh', found?.constructor.name,
        found ? 'not rendered for Linkerd' : 'not a GrpcMeshService, so not rendered for Linkerd',
        'LinkerdResources.of needs a GrpcMeshService with mesh: Mesh.linkerd()');
    }
    return found;
  }

  /** The mode the objects were rendered for. */
  public readonly mode: LinkerdMode;
  /**
   * The outbound GRPCRoutes, parented on the service's Service, by route name (`default` for the
   * default route). Empty in `SERVICE_PROFILE` mode.
   */
  public readonly routes: { readonly [route: string]: gw.GrpcRoute };
  /** The ServiceProfile, in `SERVICE_PROFILE` mode. */
  public readonly serviceProfile?: l5d.ServiceProfile;
  /** The TrafficSplit over the version Services, in `SERVICE_PROFILE` mode with several versions. */
  public readonly trafficSplit?: smi.TrafficSplit;
  /** The Server for the gRPC port: calls to it are denied unless a policy authorizes them. */
  public readonly server: pol.Server;
  /**
   * The inbound GRPCRoutes parented on the Server, by object name: present when per-method
   * authorization or the kubelet's probes need them, with a catch-all route for the other calls.
   */
  public readonly inboundRoutes: { readonly [name: string]: gw.GrpcRoute };
  /** The AuthorizationPolicies, by object name. */
  public readonly authorizationPolicies: { readonly [name: string]: pol.AuthorizationPolicy };
  /** The MeshTLSAuthentications (the clients' identities), by object name. */
  public readonly meshTlsAuthentications: { readonly [name: string]: pol.MeshTlsAuthentication };
  /** The NetworkAuthentication of the kubelet's probes, when they go through the proxy. */
  public readonly networkAuthentication?: pol.NetworkAuthentication;

  public constructor(scope: Construct, id: string, model: ServiceModel, linkerd: LinkerdProvider) {
    super(scope, id);
    this.mode = linkerd.mode;
    const routes: { [route: string]: gw.GrpcRoute } = {};
    const inboundRoutes: { [name: string]: gw.GrpcRoute } = {};
    const policies: { [name: string]: pol.AuthorizationPolicy } = {};
    const authentications: { [name: string]: pol.MeshTlsAuthentication } = {};
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
      this.serviceProfile = new l5d.ServiceProfile(this, 'ServiceProfile', {
        metadata: metadata(serviceProfileName(model, linkerd.clusterDomain)),
        spec: renderServiceProfileSpec(model, {
          retryRatio: b.retryRatio ?? DEFAULT_RETRY_BUDGET.retryRatio,
          minRetriesPerSecond: b.minRetriesPerSecond ?? DEFAULT_RETRY_BUDGET.minRetriesPerSecond,
          ttlMs: b.ttl?.toMilliseconds({ integral: false }) ?? DEFAULT_RETRY_BUDGET.ttlMs,
        }),
      });
      const split = renderTrafficSplitSpec(model);
      if (split) this.trafficSplit = new smi.TrafficSplit(this, 'TrafficSplit', { metadata: metadata(model.name), spec: split });
    } else if (model.delivery?.engine !== DeliveryEngine.FLAGGER) {
      // Never together with a ServiceProfile: Linkerd would let the profile win silently. With Flagger,
      // its HTTPRoute is the only route: a GRPCRoute on the same Service would take the calls from it.
      for (const route of model.routes) {
        routes[route.name] = new gw.GrpcRoute(this, `Route-${route.name}`, {
          metadata: metadata(`${model.name}-${route.name}`, routeAnnotations(route)),
          spec: renderOutboundRouteSpec(model, route),
        });
      }
    }

    this.server = new pol.Server(this, 'Server', { metadata: metadata(model.name), spec: renderServerSpec(model) });
    const targets = planInbound(model, new Set(Object.values(routes).map((r) => r.name)));
    if (targets.some((t) => t.probes)) {
      this.networkAuthentication = new pol.NetworkAuthentication(this, 'ProbeNetworks', {
        metadata: metadata(`${model.name}-probes`),
        spec: renderProbeNetworksSpec(linkerd.probeNetworks),
      });
    }
    for (const target of targets) {
      if (target.isRoute) {
        inboundRoutes[target.name] = new gw.GrpcRoute(this, `Inbound-${target.name}`, {
          metadata: metadata(target.name),
          spec: renderInboundRouteSpec(model.name, target.match),
        });
      }
      const meshTls = [
        { suffix: INBOUND_SUFFIXES.clients, spec: renderIdentityRefsSpec(target.clients) },
        { suffix: INBOUND_SUFFIXES.anyMeshWorkload, spec: renderAnyMeshWorkloadSpec(target.clients) },
      ];
      for (const { suffix, spec } of meshTls) {
        if (!spec) continue;
        const name = `${target.name}-${suffix}`;
        authentications[name] = new pol.MeshTlsAuthentication(this, `MeshTLSAuthentication-${name}`, { metadata: metadata(name), spec });
        policies[name] = new pol.AuthorizationPolicy(this, `AuthorizationPolicy-${name}`, {
          metadata: metadata(name),
          spec: renderAuthorizationPolicySpec(target, { kind: 'MeshTLSAuthentication', name }),
        });
      }
      if (target.probes) {
        const name = `${target.name}-${INBOUND_SUFFIXES.probes}`;
        policies[name] = new pol.AuthorizationPolicy(this, `AuthorizationPolicy-${name}`, {
          metadata: metadata(name),
          spec: renderAuthorizationPolicySpec(target, { kind: 'NetworkAuthentication', name: this.networkAuthentication!.name }),
        });
      }
    }
  }
}
