import { checkCoreRules } from './core-rules';
import { checkMetadata } from './metadata';
import { knownKinds, splitApiVersion, splitKey } from './schemas';
import { FieldProblem, RuleStats, SchemaChecker, isPlainObject, withDefaults } from './structural';
import { UnknownKinds, ValidationRelease } from './types';
import type { ValidateFilesOptions, ValidateOptions, ValidationProblem, ValidationResult } from './types';

/** Objects to validate together, and where they came from. */
export interface ManifestGroup {
  readonly objects: readonly unknown[];
  readonly source?: string;
}

/**
 * Validates Kubernetes objects (e.g. `Testing.synth(chart)` output, or parsed YAML documents) offline,
 * as the API server would on create, against the schemas in schemas/ (pinned CRDs and Kubernetes 1.27).
 */
export function validateManifestsDetailed(objects: readonly unknown[], options: ValidateOptions = {}): ValidationResult {
  return validateGroups([{ objects, ...(options.source !== undefined ? { source: options.source } : {}) }], options);
}

/** The problems `validateManifestsDetailed` finds; an empty list means every object is valid. */
export function validateManifests(objects: readonly unknown[], options: ValidateOptions = {}): ValidationProblem[] {
  return validateManifestsDetailed(objects, options).problems;
}

/**
 * Validates every object of every group, and that no two objects (in any group) are the same
 * resource: same API group, kind, namespace and name, which one cluster cannot hold twice.
 */
export function validateGroups(groups: readonly ManifestGroup[], options: ValidateFilesOptions = {}): ValidationResult {
  const release = options.release ?? ValidationRelease.LATEST;
  const unknownKinds = options.unknownKinds ?? UnknownKinds.FAIL;
  if (!Object.values(UnknownKinds).includes(unknownKinds)) {
    throw new Error(`unknownKinds: ${JSON.stringify(unknownKinds)} is not one of ${Object.values(UnknownKinds).join(', ')}`);
  }
  const stats: RuleStats = { rulesEvaluated: 0, transitionRulesSkipped: 0 };
  const problems: ValidationProblem[] = [];
  const warnings: ValidationProblem[] = [];
  const seen = new Map<string, string>();
  let count = 0;
  let skipped = 0;
  for (const { objects, source } of groups) {
    objects.forEach((obj, index) => {
      count++;
      const found = validateObject(obj, index, source, stats, release);
      if (found.unknown && unknownKinds !== UnknownKinds.FAIL) {
        skipped++;
        if (unknownKinds === UnknownKinds.WARN) warnings.push(...found.problems);
      } else {
        problems.push(...found.problems);
      }
      const id = identity(obj);
      if (id === undefined) return;
      const first = seen.get(id.key);
      if (first === undefined) {
        seen.set(id.key, `${source ?? ''}#${index}`);
      } else {
        problems.push({
          ...(source !== undefined ? { source } : {}),
          index,
          ...id.fields,
          path: 'metadata.name',
          message: `Duplicate value: ${JSON.stringify(id.fields.name)}: ${first} is the same ${id.fields.kind} (same API group, namespace and name)`,
        });
      }
    });
  }
  return { problems, warnings, objects: count, skipped, ...stats };
}

function identity(obj: unknown): { key: string; fields: { apiVersion: string; kind: string; name: string } } | undefined {
  if (!isPlainObject(obj) || !isPlainObject(obj.metadata)) return undefined;
  const { apiVersion, kind } = obj;
  const { name, namespace } = obj.metadata;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return undefined;
  const ns = typeof namespace === 'string' ? namespace : '';
  return { key: `${splitApiVersion(apiVersion).group}\n${kind}\n${ns}\n${name}`, fields: { apiVersion, kind, name } };
}

/** The problems of one object; `unknown` when the only one is that there is no schema for its kind. */
interface ObjectProblems {
  readonly problems: ValidationProblem[];
  readonly unknown?: boolean;
}

function validateObject(
  obj: unknown, index: number, source: string | undefined, stats: RuleStats, release: ValidationRelease,
): ObjectProblems {
  const base = { ...(source !== undefined ? { source } : {}), index };
  if (!isPlainObject(obj)) {
    return { problems: [{ ...base, path: '', message: `must be a Kubernetes object (a mapping), got ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj)}` }] };
  }
  const apiVersion = typeof obj.apiVersion === 'string' && obj.apiVersion !== '' ? obj.apiVersion : undefined;
  const kind = typeof obj.kind === 'string' && obj.kind !== '' ? obj.kind : undefined;
  const name = isPlainObject(obj.metadata) && typeof obj.metadata.name === 'string' ? obj.metadata.name : undefined;
  const ident = {
    ...base,
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...(name !== undefined ? { name } : {}),
  };
  const problem = (p: FieldProblem): ValidationProblem => ({ ...ident, path: p.path, message: p.message });

  if (apiVersion === undefined || kind === undefined) {
    const missing: FieldProblem[] = [];
    if (apiVersion === undefined) missing.push({ path: 'apiVersion', message: 'Required value: a non-empty string' });
    if (kind === undefined) missing.push({ path: 'kind', message: 'Required value: a non-empty string' });
    return { problems: missing.map(problem) };
  }

  const known = knownKinds(release);
  const entry = known.byKey.get(`${apiVersion}/${kind}`);
  if (!entry) {
    const why = unknownKind(apiVersion, kind, release);
    return { problems: [problem(why)], unknown: why.noSchema };
  }

  const checker = new SchemaChecker(stats);
  const stored = withDefaults(obj, entry.schema);
  checker.check(stored, entry.schema, '');
  const out = checker.problems;
  const schemaValid = out.length === 0;
  if (!out.some((p) => p.path === 'metadata' || p.path.startsWith('metadata.'))) {
    out.push(...checkMetadata((stored as Record<string, unknown>).metadata, entry.nameFormat, entry.clusterScoped));
  }
  // The Go-side checks of core kinds assume a schema-valid object.
  if (schemaValid) out.push(...checkCoreRules(`${apiVersion}/${kind}`, stored as Record<string, unknown>));
  return { problems: out.map(problem) };
}

/** Why there is no schema; `noSchema` unless the pinned CRD (or Kubernetes) does not serve the apiVersion. */
function unknownKind(apiVersion: string, kind: string, release: ValidationRelease): FieldProblem & { noSchema: boolean } {
  const known = knownKinds(release);
  const { group, version } = splitApiVersion(apiVersion);
  const key = known.byGroupKind.get(`${group}/${kind}`);
  if (key === undefined) {
    const kinds = [...known.byKey.keys()].map((k) => {
      const s = splitKey(k);
      return `${s.group === '' ? '' : `${s.group}/`}${s.version} ${s.kind}`;
    });
    const where = release === ValidationRelease.LATEST ? '' : ` (release ${release})`;
    return { path: 'kind', message: `no schema for ${kind} in ${apiVersion}${where}: the validator knows ${kinds.join(', ')}`, noSchema: true };
  }
  const entry = known.byKey.get(key)!;
  const wanted = splitKey(key).version;
  const groupPrefix = group === '' ? '' : `${group}/`;
  const servedBy = entry.crd ? `the pinned CRD ${entry.crd} (${entry.file})` : 'Kubernetes 1.27';
  const served = entry.served.map((v) => groupPrefix + v).join(', ');
  if (entry.served.includes(version)) {
    return {
      path: 'apiVersion',
      message: `${apiVersion} is served by ${servedBy} (served: ${served}), but the library emits and validates ${kind} only as ${groupPrefix}${wanted}`,
      noSchema: true,
    };
  }
  return { path: 'apiVersion', message: `${apiVersion} ${kind} is not served by ${servedBy}; served versions: ${served}`, noSchema: false };
}
