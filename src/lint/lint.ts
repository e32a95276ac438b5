import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceModel } from '../model/model';
import { LintFinding, LintSeverity } from './lint-rule';
import { acknowledges, allLintRules } from './rules';

/**
 * Runs every lint rule over a service's model and its objects as they will be written; the
 * findings the service acknowledges (`lintAcknowledgements`) are left out.
 *
 * @internal
 */
export function lintObjects(model: ServiceModel, objects: any[]): LintFinding[] {
  const ctx = { model, objects };
  const acknowledged = model.lintAcknowledgements ?? [];
  return allLintRules().flatMap((rule) => rule.check(ctx).map((m) => ({
    code: rule.code, rule: rule.rule, severity: rule.severity, message: m.message, ...(m.route === undefined ? {} : { route: m.route }),
  }))).filter((f) => !acknowledged.some((a) => acknowledges(a, f)));
}

/** The JSON of every ApiObject under a construct, escape-hatch patches applied. */
export function renderedObjects(scope: Construct): any[] {
  return apiObjects(scope).map((o) => o.toJson());
}

function apiObjects(scope: Construct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

export function formatFinding(f: LintFinding): string {
  return `${f.severity} ${f.code} ${f.rule}: ${f.message}`;
}

/** Errors (and, when strict, warnings) as messages that fail synth. */
export function failing(findings: LintFinding[], strict: boolean): LintFinding[] {
  return findings.filter((f) => f.severity === LintSeverity.ERROR || strict);
}

// ---------------------------------------------------------------------------------------------
// Linting once per synthesis
//
// cdk8s validates the whole app at the start of App.synth() and App.synthYaml(), and again before
// it renders each chart (Chart.toJson() validates the app), so with N charts every service would be
// linted N + 1 times, each time rendering all its objects, and then rendered once more to be
// written. Between those validations and the rendering of the charts only cdk8s runs: nothing can
// change an object. So within one synth() or synthYaml() call a service is linted once, and the
// JSON the lint rendered of each object is handed to cdk8s when it renders the object to write it
// (once: a later toJson() renders afresh).
//
// The boundaries of the call are known exactly: the app's synth() and synthYaml() are wrapped (on
// the App instance, once, when its first GrpcMeshService is created). Nothing is kept outside such
// a call, and nothing outlives it: Chart.toJson() and Testing.synth(), which validate once, and
// GrpcMeshService.lint() always render and lint afresh, so escape-hatch patches and any other change
// made between two syntheses are always linted. Lint rules must not modify the objects they are
// given: within a synthesis the same JSON is written.

/** What one synth() or synthYaml() call keeps: the findings per service, the JSON per object. */
interface Synthesis {
  readonly findings: Map<Construct, LintFinding[]>;
  readonly rendered: Map<ApiObject, any>;
}

let current: Synthesis | undefined;

const SYNTH_METHODS = ['synth', 'synthYaml'];
const trackedRoots = new WeakSet<Construct>();
const handingOver = new WeakSet<ApiObject>();

/**
 * Makes the synth() and synthYaml() of the app a construct belongs to each one lint synthesis.
 * Idempotent; a root that is not an App (no such methods) is left alone.
 */
export function trackSyntheses(scope: Construct): void {
  const root = scope.node.root as any;
  if (trackedRoots.has(root)) return;
  trackedRoots.add(root);
  for (const name of SYNTH_METHODS) {
    const original = root[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(root, name, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function (this: unknown, ...args: unknown[]) {
        const outer = current;
        // A synthesis inside another (an App subclass whose synth() calls synthYaml()) starts
        // afresh, and so does the outer one after it: code of the subclass may run in between.
        outer?.findings.clear();
        outer?.rendered.clear();
        current = { findings: new Map(), rendered: new Map() };
        try {
          return original.apply(this, args);
        } finally {
          current = outer;
          outer?.findings.clear();
          outer?.rendered.clear();
        }
      },
    });
  }
}

/**
 * The findings of a service for the validation of the app: computed once per synthesis (see
 * above), and afresh on every call outside one.
 */
export function lintForSynthesis(scope: Construct, model: ServiceModel): LintFinding[] {
  const synthesis = current;
  if (!synthesis) return lintObjects(model, renderedObjects(scope));
  const known = synthesis.findings.get(scope);
  if (known) return known;
  const objects = apiObjects(scope);
  const rendered = objects.map((o) => o.toJson());
  const findings = lintObjects(model, rendered);
  synthesis.findings.set(scope, findings);
  objects.forEach((o, i) => {
    handOver(o);
    synthesis.rendered.set(o, rendered[i]);
  });
  return findings;
}

/** Lets an object's next toJson() in the current synthesis return the JSON the lint rendered. */
function handOver(o: ApiObject): void {
  if (handingOver.has(o)) return;
  handingOver.add(o);
  // Usually toJson() is the class's: one shared function then serves every object. An object
  // with a toJson() of its own keeps it, wrapped.
  const own: (() => any) | undefined = Object.prototype.hasOwnProperty.call(o, 'toJson') ? o.toJson : undefined;
  Object.defineProperty(o, 'toJson', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: own ? function (this: ApiObject) { return handedOver(this) ?? own.call(this); } : toJsonHandedOver,
  });
}

/** The toJson() of an object handed over: the lint's JSON once, else the class's toJson(). */
function toJsonHandedOver(this: ApiObject): any {
  return handedOver(this) ?? Object.getPrototypeOf(this).toJson.call(this);
}

function handedOver(o: ApiObject): any {
  const synthesis = current;
  if (synthesis === undefined) return undefined;
  const json = synthesis.rendered.get(o);
  if (json !== undefined) synthesis.rendered.delete(o);
  return json;
}
