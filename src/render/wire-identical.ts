import { k8s } from 'cdk8s-plus-27';
import * as argo from '../../imports/argoproj.io';
import * as flagger from '../../imports/flagger.app';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as l5d from '../../imports/linkerd.io';
import * as net from '../../imports/networking.istio.io';
import * as pol from '../../imports/policy.linkerd.io';
import * as sec from '../../imports/security.istio.io';
import * as smi from '../../imports/split.smi-spec.io';
import * as tel from '../../imports/telemetry.istio.io';

import { WirePlan } from './wire';

/**
 * How `toWire` writes the props of a converter: `renamed`, the properties its nested converters
 * write under another name (`consecutive5XxErrors` as `consecutive5xxErrors`...), and `plan`,
 * where it renames them as the converter does; props holding one elsewhere are converted by the
 * converter.
 *
 * @internal
 */
export interface WireRule {
  readonly renamed?: ReadonlySet<string>;
  readonly plan?: WirePlan;
}

const none: WireRule = {};
const renaming = (...names: string[]): WireRule => ({ renamed: new Set(names) });

/**
 * The generated converters of the kinds we render that write every property under its own name
 * (values copied, mapped, nested-converted or unwrapped from their value class) but those of their
 * rule, so that `toWire` writes the same JSON without building every schema key. Checked against
 * the converters' code by test/render/wire.test.ts.
 *
 * @internal
 */
export const WIRE_IDENTICAL: ReadonlyMap<Function, WireRule> = new Map<Function, WireRule>([
  [k8s.toJson_KubeConfigMapProps, none],
  [k8s.toJson_KubeDeploymentProps, {
    ...renaming('datasetUuid', 'diskUri', 'downwardApi', 'hostIp', 'hostIpc', 'hostPid', 'pdId', 'scaleIo', 'setHostnameAsFqdn',
      'storagePolicyId', 'targetWwNs', 'volumeId'),
    plan: { spec: { template: { spec: { setHostnameAsFqdn: 'setHostnameAsFQDN' } } } },
  }],
  [k8s.toJson_KubeHorizontalPodAutoscalerV2Props, none],
  [k8s.toJson_KubeNetworkPolicyProps, none],
  [k8s.toJson_KubePodDisruptionBudgetProps, none],
  [k8s.toJson_KubeServiceAccountProps, none],
  [k8s.toJson_KubeServiceProps, renaming('clientIp', 'clusterIp', 'loadBalancerIp')],
  [argo.toJson_AnalysisTemplateProps, none],
  [argo.toJson_RolloutProps, none],
  [flagger.toJson_CanaryProps, {
    ...renaming('consecutive5XxErrors'),
    plan: { spec: { service: { trafficPolicy: { outlierDetection: { consecutive5XxErrors: 'consecutive5xxErrors' } } } } },
  }],
  [flagger.toJson_MetricTemplateProps, none],
  [gw.toJson_GatewayProps, none],
  [gw.toJson_GrpcRouteProps, none],
  [gw.toJson_HttpRouteProps, none],
  [l5d.toJson_ServiceProfileProps, none],
  [net.toJson_DestinationRuleProps, {
    ...renaming('consecutive5XxErrors'),
    plan: { spec: { trafficPolicy: { outlierDetection: { consecutive5XxErrors: 'consecutive5xxErrors' } } } },
  }],
  [net.toJson_GatewayProps, none],
  [net.toJson_VirtualServiceProps, renaming('mirrorPercent')],
  [pol.toJson_AuthorizationPolicyProps, none],
  [pol.toJson_MeshTlsAuthenticationProps, none],
  [pol.toJson_NetworkAuthenticationProps, none],
  [pol.toJson_ServerProps, none],
  [sec.toJson_AuthorizationPolicyProps, none],
  [sec.toJson_PeerAuthenticationProps, none],
  [sec.toJson_RequestAuthenticationProps, renaming('jwksUri')],
  [smi.toJson_TrafficSplitProps, none],
  [tel.toJson_TelemetryProps, none],
]);
