import { formatFinding } from '../lint/lint';
import { LintSeverity } from '../lint/lint-rule';
import type { UnknownKinds, ValidationRelease } from '../validation/types';
import { checkManifestFiles } from './check';

// The cdk8s-cli validation plugin contract (cdk8s-cli's `Validation`), written out so that the
// package does not depend on cdk8s-cli.
interface PluginViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly { readonly resourceName: string; readonly locations: readonly string[]; readonly manifestPath: string }[];
}
interface PluginContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
}

/** Properties of the plugin (`properties:` of its entry in `cdk8s.yaml`). */
export interface GrpcMeshValidationProps {
  /**
   * Lint warnings are violations too.
   *
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Run the manifest validator (the pinned CRDs' and Kubernetes' schemas and rules).
   *
   * @default true
   */
  readonly schemas?: boolean;

  /**
   * The release whose CRDs every object must be accepted by (`ValidationRelease` values, e.g.
   * `linkerd-2.15`).
   *
   * @default - a file named after a release (`linkerd-2-15.k8s.yaml`) is checked against it, any
   * other against the latest pins
   */
  readonly release?: ValidationRelease;

  /**
   * Objects of kinds the validator has no schema for: `warn` or `skip` leaves them unchecked
   * (`warn` logs them) instead of reporting each as a violation.
   *
   * @default 'fail'
   */
  readonly unknownKinds?: UnknownKinds;
}

/**
 * A cdk8s-cli validation plugin: `cdk8s synth` runs it on the manifests it wrote. Declare it in
 * `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-grpc-mesh/lib/src/cli/plugin.js
 *     version: 0.1.0
 *     class: GrpcMeshValidation
 *     properties: { strict: false }
 * ```
 */
export class GrpcMeshValidation {
  private readonly props: GrpcMeshValidationProps;

  public constructor(props: GrpcMeshValidationProps = {}) {
    this.props = props ?? {};
  }

  public async validate(context: PluginContext): Promise<void> {
    const strict = this.props.strict ?? false;
    const result = checkManifestFiles(context.manifests, {
      strict, schemas: this.props.schemas ?? true, release: this.props.release, unknownKinds: this.props.unknownKinds,
    });
    for (const w of result.warnings) context.logger.log(`not checked: ${w.source ?? ''} ${w.kind ?? ''}/${w.name ?? ''}: ${w.message}`);
    for (const p of result.problems) {
      context.report.addViolation({
        ruleName: 'schema',
        recommendation: p.message,
        fix: `correct ${p.path === '' ? 'the object' : p.path} (see the pinned CRD or Kubernetes schema)`,
        violatingResources: [{
          resourceName: `${p.kind ?? '<no kind>'}/${p.name ?? '<no name>'}`,
          locations: [p.path === '' ? '(object)' : p.path],
          manifestPath: p.source ?? '',
        }],
      });
    }
    for (const f of result.findings) {
      if (f.severity === LintSeverity.WARNING && !strict) {
        context.logger.log(`${f.namespace}/${f.app} ${formatFinding(f)}`);
        continue;
      }
      // A lint message says what is wrong, then (after "; ") how to fix it.
      const cut = f.message.lastIndexOf('; ');
      context.report.addViolation({
        ruleName: `${f.code} ${f.rule}`,
        recommendation: cut > 0 ? f.message.slice(0, cut) : f.message,
        fix: cut > 0 ? f.message.slice(cut + 2) : 'see the lint table in docs/lint.md',
        violatingResources: f.sources.map((source) => ({
          resourceName: `${f.namespace}/${f.app}`, locations: [f.severity], manifestPath: source,
        })),
      });
    }
    context.report.submit(result.ok ? 'success' : 'failure', {
      files: String(result.files), objects: String(result.objects),
      problems: String(result.problems.length), findings: String(result.findings.length),
    });
  }
}
