import * as path from 'path';
import { lintManifests, ManifestLintFinding } from '../lint/lint';
import { LintSeverity } from '../lint/lint-rule';
import { parseManifestFiles } from '../validation/files';
import { UnknownKinds, ValidationProblem, ValidationRelease } from '../validation/types';
import { validateGroups } from '../validation/validate';

/** What to check in written manifests. */
export interface ManifestCheckOptions {
  /**
   * Run the manifest validator (the pinned CRDs' and Kubernetes' schemas and rules).
   *
   * @default true
   */
  readonly schemas?: boolean;

  /**
   * Run the mesh lint.
   *
   * @default true
   */
  readonly lint?: boolean;

  /**
   * The release whose CRDs every object must be accepted by.
   *
   * @default - a file named after a release (`linkerd-2-15.k8s.yaml`: a cdk8s chart `linkerd-2-15`)
   * is checked against it, any other against the latest pins
   */
  readonly release?: ValidationRelease;

  /**
   * Objects of kinds the validator has no schema for (your own charts' Ingresses, other CRDs):
   * `UnknownKinds.WARN` and `SKIP` leave them unchecked (listed in `warnings`, or not).
   *
   * @default UnknownKinds.FAIL
   */
  readonly unknownKinds?: UnknownKinds;

  /**
   * Lint warnings fail the check too.
   *
   * @default false
   */
  readonly strict?: boolean;
}

/** A lint finding in manifest files. */
export interface ManifestFileFinding extends ManifestLintFinding {
  /** The files that hold the service's objects (its namespace and `app` label). */
  readonly sources: string[];
}

/** The outcome of checking manifest files. */
export interface ManifestCheckResult {
  /** Whether nothing failed: no schema problem, no lint error (nor warning, when strict). */
  readonly ok: boolean;
  readonly files: number;
  readonly objects: number;
  /** Schema and YAML problems. */
  readonly problems: ValidationProblem[];
  /** Objects left unchecked with `UnknownKinds.WARN`. */
  readonly warnings: ValidationProblem[];
  /** Lint findings, per file. */
  readonly findings: ManifestFileFinding[];
}

/**
 * Checks manifest files (directories are searched for *.yaml and *.yml): YAML syntax, the
 * validator's schemas and rules, and the mesh lint of the objects of all files together (a
 * service's objects and the policies that apply to it may be written by different charts).
 */
export function checkManifestFiles(paths: readonly string[], options: ManifestCheckOptions = {}): ManifestCheckResult {
  const files = parseManifestFiles(paths);
  const problems: ValidationProblem[] = files.flatMap((f) => f.problems);
  const warnings: ValidationProblem[] = [];
  if (options.schemas ?? true) {
    const byRelease = new Map<ValidationRelease, typeof files>();
    for (const f of files) {
      const release = options.release ?? releaseOf(path.basename(f.path));
      byRelease.set(release, [...(byRelease.get(release) ?? []), f]);
    }
    for (const [release, group] of byRelease) {
      const result = validateGroups(group.map((f) => ({ objects: f.objects, source: f.path })), { release, unknownKinds: options.unknownKinds });
      problems.push(...result.problems);
      warnings.push(...result.warnings);
    }
  }
  const findings: ManifestFileFinding[] = [];
  if (options.lint ?? true) {
    const sources = new Map<string, Set<string>>();
    for (const f of files) {
      for (const o of f.objects as any[]) {
        const where = serviceKey(o?.metadata?.namespace ?? 'default', o?.metadata?.labels?.app ?? '');
        const set = sources.get(where);
        if (set) set.add(f.path); else sources.set(where, new Set([f.path]));
      }
    }
    for (const finding of lintManifests(files.flatMap((f) => f.objects))) {
      findings.push({ ...finding, sources: [...sources.get(serviceKey(finding.namespace, finding.app)) ?? []] });
    }
  }
  const failing = findings.filter((f) => f.severity === LintSeverity.ERROR || options.strict);
  return {
    ok: problems.length === 0 && failing.length === 0,
    files: files.length,
    objects: files.reduce((n, f) => n + f.objects.length, 0),
    problems,
    warnings,
    findings,
  };
}

/** The release a file targets by its name (`<release>.k8s.yaml`, dots as dashes), else the latest pins. */
function releaseOf(base: string): ValidationRelease {
  return Object.values(ValidationRelease).find((r) => r !== ValidationRelease.LATEST && base.startsWith(`${r.replace(/\./g, '-')}.`))
    ?? ValidationRelease.LATEST;
}

const serviceKey = (namespace: string, app: string) => `${namespace}\n${app}`;
