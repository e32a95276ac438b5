import * as sec from '../../imports/security.istio.io';
import { ClientKind } from '../client';
import { serviceSelector } from '../model/labels';
import { AuthorizationRuleModel, GrpcMatch, IngressModel, ServiceModel, grpcPath } from '../model/model';
import { ingressGateway } from './ingress-gateway';

/**
 * An ALLOW policy: once it selects the pods, every call no rule admits is denied.
 * With no rules it admits nobody.
 */
export function renderAuthorizationPolicySpec(model: ServiceModel, trustDomain: string): sec.AuthorizationPolicySpec {
  const rules = [...model.authorization.rules.map((rule) => renderRule(rule, trustDomain)), ...ingressRule(model, trustDomain)];
  return {
    selector: { matchLabels: serviceSelector(model) },
    action: sec.AuthorizationPolicySpecAction.ALLOW,
    ...(rules.length ? { rules } : {}),
  };
}

/**
 * Calls through the ingress gateway come from its identity, which must be admitted too, for the
 * methods the ingress exposes only.
 */
function ingressRule(model: ServiceModel, trustDomain: string): sec.AuthorizationPolicySpecRules[] {
  const i = model.ingress;
  if (!i) return [];
  return [{
    from: [{ source: { principals: [gatewayPrincipal(i, trustDomain)], ...requestPrincipals(i) } }],
    ...toMethods(i.methods),
  }];
}

/** With `ingress.jwt`, calls through the gateway need a request principal from the token issuer. */
function requestPrincipals(i: IngressModel): Pick<sec.AuthorizationPolicySpecRulesFromSource, 'requestPrincipals'> {
  return i.jwt ? { requestPrincipals: [`${i.jwt.issuer}/*`] } : {};
}

/**
 * With `ingress.methods`, a DENY policy for the gateway's calls to any other method; with
 * `ingress.jwt`, for the gateway's calls without a valid token too. DENY is evaluated before ALLOW, so
 * no allow rule that happens to cover the gateway's identity (any mesh workload, the gateway's
 * namespace) can open the other methods, or any method without a token, to callers outside the cluster.
 */
export function renderIngressDenySpec(model: ServiceModel, trustDomain: string): sec.AuthorizationPolicySpec | undefined {
  const i = model.ingress;
  if (!i || (i.methods.length === 0 && !i.jwt)) return undefined;
  const gateway = gatewayPrincipal(i, trustDomain);
  const rules: sec.AuthorizationPolicySpecRules[] = [];
  if (i.methods.length > 0) {
    rules.push({ from: [{ source: { principals: [gateway] } }], to: [{ operation: { notPaths: paths(i.methods) } }] });
  }
  if (i.jwt) rules.push({ from: [{ source: { principals: [gateway], notRequestPrincipals: ['*'] } }] });
  return {
    selector: { matchLabels: serviceSelector(model) },
    action: sec.AuthorizationPolicySpecAction.DENY,
    rules,
  };
}

function gatewayPrincipal(i: IngressModel, trustDomain: string): string {
  const gateway = ingressGateway(i);
  return `${trustDomain}/ns/${gateway.namespace}/sa/${gateway.serviceAccount}`;
}

function paths(methods: GrpcMatch[]): string[] {
  return methods.map((m) => (m.method ? grpcPath(m) : `${grpcPath(m)}*`));
}

function toMethods(methods: GrpcMatch[]): Pick<sec.AuthorizationPolicySpecRules, 'to'> {
  return methods.length ? { to: [{ operation: { paths: paths(methods) } }] } : {};
}

function renderRule(rule: AuthorizationRuleModel, trustDomain: string): sec.AuthorizationPolicySpecRules {
  // Fields inside one `source` are ANDed, so principals and namespaces go in separate entries.
  const principals = rule.clients.flatMap((c) => {
    if (c.kind === ClientKind.SERVICE_ACCOUNT) return [`${trustDomain}/ns/${c.namespace}/sa/${c.name}`];
    if (c.kind === ClientKind.ANY_MESH_WORKLOAD) return ['*'];
    return [];
  });
  const namespaces = rule.clients.filter((c) => c.kind === ClientKind.NAMESPACE).map((c) => c.namespace!);
  const from: sec.AuthorizationPolicySpecRulesFrom[] = [];
  if (principals.length) from.push({ source: { principals: unique(principals) } });
  if (namespaces.length) from.push({ source: { namespaces: unique(namespaces) } });
  return { from, ...toMethods(rule.methods) };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
