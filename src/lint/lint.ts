import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceModel } from '../model/model';
import { LintFinding, LintSeverity } from './lint-rule';
import { LINT_RULES } from './rules';

/** Runs every lint rule over a service's model and its objects as they will be written. */
export function lintObjects(model: ServiceModel, objects: any[]): LintFinding[] {
  const ctx = { model, objects };
  return LINT_RULES.flatMap((rule) => rule.check(ctx).map((message) => ({
    code: rule.code, rule: rule.rule, severity: rule.severity, message,
  })));
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
