import { ServiceModel } from '../model/model';

/** How serious a lint finding is. */
export enum LintSeverity {
  /** Synth fails. */
  ERROR = 'error',
  /** Printed at synth; an error with `strict: true`. */
  WARNING = 'warning',
}

/** One problem found in a service's model or rendered objects. */
export interface LintFinding {
  /** The stable code of the rule, e.g. `GM104`. */
  readonly code: string;
  /** The rule's short name. */
  readonly rule: string;
  readonly severity: LintSeverity;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /**
   * The route the finding is about: `pkg.Service/Method`, `pkg.Service` or `defaultRoute`;
   * undefined for a finding about the service as a whole or about an object.
   */
  readonly route?: string;
}

/** One message of a rule, and the route it is about (see {@link LintFinding.route}). */
export interface LintMessage {
  readonly message: string;
  readonly route?: string;
  /**
   * The route's name in the objects (a VirtualService http route, a GRPCRoute `<service>-<name>`),
   * which acknowledgement annotations name.
   */
  readonly routeName?: string;
}

/** What a rule looks at: the checked model and the objects as they will be written. */
export interface LintContext {
  readonly model: ServiceModel;
  /** Every object of the service, rendered to JSON with escape-hatch patches applied. */
  readonly objects: any[];
}

export interface LintRule {
  readonly code: string;
  readonly rule: string;
  readonly severity: LintSeverity;
  /** One line for the lint table (docs/lint.md). */
  readonly description: string;
  /** Returns one message per problem: what is wrong and how to fix it, and where. */
  check(ctx: LintContext): LintMessage[];
}
