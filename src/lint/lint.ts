import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceModel } from '../model/model';
import { LintFinding, LintRule, LintSeverity } from './lint-rule';
import { acknowledgementKey, annotatedAcknowledgements, objectRouteNames } from './annotations';
import { acknowledges, allLintRules, modelLintRules } from './rules';

// Where the lint runs (nothing here patches cdk8s or the user's objects):
// - at synth, in the service's node validation: what the props (the model) show, computed once per
//   service and kept with its model, which nothing changes after construction. cdk8s validates the
//   whole app again for every chart it renders, so this must cost next to nothing per validation;
// - on the written manifests (escape-hatch patches included): `npx cdk8s-grpc-mesh validate dist/`
//   and the cdk8s-cli validation plugin run `lintManifests`;
// - `GrpcMeshService.lint()`: both at once, rendering the service's objects afresh.

/**
 * Runs every lint rule over a service's model and its objects as they will be written; the
 * findings the service acknowledges (`lintAcknowledgements`) are left out.
 *
 * @internal
 */
export function lintObjects(model: ServiceModel, objects: any[]): LintFinding[] {
  return runRules(model, objects).map(({ routeName: _, ...f }) => f);
}

/** A finding with the name of its route in the objects, when it has one. */
interface NamedFinding extends LintFinding {
  readonly routeName?: string;
}

function runRules(model: ServiceModel, objects: any[], rules: readonly LintRule[] = allLintRules()): NamedFinding[] {
  const ctx = { model, objects };
  const acknowledged = model.lintAcknowledgements ?? [];
  return rules.flatMap((rule) => rule.check(ctx).map((m) => ({
    code: rule.code, rule: rule.rule, severity: rule.severity, message: m.message,
    ...(m.route === undefined ? {} : { route: m.route }), ...(m.routeName === undefined ? {} : { routeName: m.routeName }),
  }))).filter((f) => !acknowledged.some((a) => acknowledges(a, f)));
}

const MODEL_FINDINGS = new WeakMap<ServiceModel, LintFinding[]>();
const UNUSED_ACKNOWLEDGEMENT = 'GM120';

/**
 * What the lint finds in the model alone (no objects): the checks of the props. Computed once per
 * model; the model is fixed when the service is constructed.
 */
export function lintModel(model: ServiceModel): LintFinding[] {
  let findings = MODEL_FINDINGS.get(model);
  if (findings === undefined) {
    // Whether an acknowledgement is unused (GM120) needs the objects too: service.lint() tells.
    // Only the rules that can find something without objects run (see modelLintRules).
    findings = runRules(model, [], modelLintRules()).map(({ routeName: _, ...f }) => f);
    MODEL_FINDINGS.set(model, findings);
  }
  return findings;
}

/** The JSON of every ApiObject under a construct, escape-hatch patches applied. */
export function renderedObjects(scope: Construct): any[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
}

export function formatFinding(f: LintFinding): string {
  return `${f.severity} ${f.code} ${f.rule}: ${f.message}`;
}

/** Errors (and, when strict, warnings) as messages that fail synth. */
export function failing(findings: LintFinding[], strict: boolean): LintFinding[] {
  return findings.filter((f) => f.severity === LintSeverity.ERROR || strict);
}

/** A lint finding in written manifests, with the service (namespace and `app` label) it is about. */
export interface ManifestLintFinding extends LintFinding {
  /** The namespace of the objects linted together. */
  readonly namespace: string;
  /** Their `app` label: the service; empty for objects without one. */
  readonly app: string;
}

/**
 * Lints written manifests (any objects: those of other tools are ignored by the rules). The
 * objects are linted per service: those of one namespace with the same `app` label, together
 * with that namespace's objects that have no `app` label (policies of the user's own, say).
 * Only what the objects show is reported: the checks of the props run at synth, and checks that
 * need the props to read the objects (which routes stream, which retries were asked for) see a
 * service without method routes.
 */
export function lintManifests(objects: readonly unknown[]): ManifestLintFinding[] {
  const byNamespace = new Map<string, { unlabelled: any[]; apps: Map<string, any[]> }>();
  for (const o of objects) {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
    const metadata = (o as any).metadata ?? {};
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    const app = metadata.labels?.app;
    let ns = byNamespace.get(namespace);
    if (!ns) byNamespace.set(namespace, ns = { unlabelled: [], apps: new Map() });
    if (typeof app === 'string' && app !== '') {
      const list = ns.apps.get(app);
      if (list) list.push(o); else ns.apps.set(app, [o]);
    } else {
      ns.unlabelled.push(o);
    }
  }
  const findings: ManifestLintFinding[] = [];
  for (const namespace of [...byNamespace.keys()].sort()) {
    const { unlabelled, apps } = byNamespace.get(namespace)!;
    const groups: [string, any[]][] = [...apps.keys()].sort().map((app) => [app, [...apps.get(app)!, ...unlabelled]]);
    if (groups.length === 0) groups.push(['', unlabelled]);
    for (const [app, group] of groups) {
      const model = manifestModel(app, namespace);
      const fromModel = new Set(runRules(model, []).map(key));
      const found = runRules(model, group).filter((f) => !fromModel.has(key(f)));
      for (const f of honourAnnotations(found, group, app)) findings.push({ ...f, namespace, app });
    }
  }
  return findings;
}

/**
 * Leaves out the warnings that acknowledgement annotations of the objects acknowledge, and reports
 * (as GM120) the annotations that name no warning rule, or a route none of the objects has. Whether
 * an annotation on an existing route still matches a finding is not known here, as rules that read
 * only the props do not run on written objects: `GrpcMeshService.lint()` tells (GM120).
 */
function honourAnnotations(found: NamedFinding[], objects: any[], app: string): LintFinding[] {
  const annotations = annotatedAcknowledgements(objects);
  if (annotations.length === 0) return found.map(({ routeName: _, ...f }) => f);
  const keys = new Set(annotations.map((a) => a.key));
  const out: LintFinding[] = [];
  for (const { routeName, ...f } of found) {
    const acknowledged = f.severity === LintSeverity.WARNING
      && (keys.has(acknowledgementKey(f.code)) || (routeName !== undefined && keys.has(acknowledgementKey(f.code, routeName))));
    if (!acknowledged) out.push(f);
  }
  const rules = allLintRules();
  const unused = rules.find((rule) => rule.code === UNUSED_ACKNOWLEDGEMENT)!;
  const routeNames = objectRouteNames(objects, app);
  for (const a of annotations) {
    const rule = rules.find((x) => x.code === a.code);
    let problem: string | undefined;
    if (!rule) problem = `names ${a.code}, which is not a lint rule code; use a code from the lint table`;
    else if (rule.severity !== LintSeverity.WARNING || rule.code === UNUSED_ACKNOWLEDGEMENT) problem = `names ${a.code}, which cannot be acknowledged; remove the annotation`;
    else if (!a.wholeService && routeNames && !routeNames.some((name) => acknowledgementKey(a.code, name) === a.key)) problem = 'names a route none of the service\'s objects has; remove the annotation, or name the route as the objects do';
    if (problem) out.push({ code: unused.code, rule: unused.rule, severity: unused.severity, message: `annotation ${a.key} on ${a.object} ${problem}` });
  }
  return out;
}

const key = (f: LintFinding) => `${f.code}\n${f.message}`;

/**
 * The model the rules get for written objects: a service without routes, versions or policies.
 * What the rules find in it alone is not reported (see lintManifests).
 */
function manifestModel(name: string, namespace: string): ServiceModel {
  const partial = {
    path: `${namespace}/${name}`,
    name,
    namespace,
    versions: [],
    routes: [],
    authorization: { rules: [] },
  };
  return partial as unknown as ServiceModel;
}
