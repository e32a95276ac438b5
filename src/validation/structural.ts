// Structural-schema validation of one object, as the Kubernetes API server applies a CRD's
// openAPIV3Schema on create: null pruning and defaulting first, then types, value validations,
// unknown fields (strict field validation), list-type uniqueness and x-kubernetes-validations.
import { compileRule, ruleMessage, run, toCel } from './cel';
import { checkFormat } from './formats';
import { re2Find } from './re2';
import type { Schema, SchemaRule } from './schemas';

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export interface RuleStats {
  rulesEvaluated: number;
  transitionRulesSkipped: number;
}

type Json = unknown;
type JsonObject = Record<string, Json>;

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

const keyPath = (path: string, key: string): string => `${path}[${key}]`;
const indexPath = (path: string, i: number): string => `${path}[${i}]`;

function jsonType(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v: Json): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

const isScalar = (v: Json): boolean => v === null || typeof v !== 'object';

/** Canonical JSON (sorted keys), for equality of list items. */
function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function typeMatches(v: Json, type: string): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return false;
  }
}

const additionalSchema = (s: Schema): Schema | undefined =>
  typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;

/** The schema of an object's field, if the schema declares or admits one. */
function fieldSchema(s: Schema, key: string): Schema | undefined {
  return s.properties?.[key] ?? additionalSchema(s);
}

/**
 * The object as the API server stores it before validating: null fields that are not nullable
 * pruned, and `default`s of absent fields applied, recursively. The input is not modified.
 */
export function withDefaults(value: Json, schema: Schema | undefined): Json {
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.map((v) => withDefaults(v, items)) : value;
  }
  if (!isPlainObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const field = fieldSchema(schema, key);
    if (v === null && field && !field.nullable) {
      if (field.default !== undefined) out[key] = withDefaults(structuredClone(field.default), field);
      continue;
    }
    out[key] = withDefaults(v, field);
  }
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    if (!(key in out) && field.default !== undefined) out[key] = withDefaults(structuredClone(field.default), field);
  }
  return out;
}

/** Validates values against schema nodes, collecting problems. */
export class SchemaChecker {
  readonly problems: FieldProblem[] = [];
  /** Problems other than failed CEL rules: a node with one of these in its subtree is not given to CEL. */
  private structural = 0;

  /**
   * @param full the whole API-server treatment; false inside oneOf/anyOf/allOf/not, where a
   * structural schema only constrains values (no unknown-field pruning, no CEL rules).
   */
  constructor(
    private readonly stats: RuleStats,
    private readonly full = true,
  ) {}

  private add(path: string, message: string, structural = true): void {
    this.problems.push({ path, message });
    if (structural) this.structural++;
  }

  private addAll(problems: readonly FieldProblem[]): void {
    for (const p of problems) this.add(p.path, p.message);
  }

  check(value: Json, schema: Schema, path: string): void {
    const before = this.structural;
    if (value === null || value === undefined) {
      if (!schema.nullable && (schema.type !== undefined || schema['x-kubernetes-int-or-string'])) this.add(path, 'must not be null');
      return;
    }
    if (schema['x-kubernetes-int-or-string']) {
      if (!(typeMatches(value, 'integer') || typeof value === 'string')) {
        this.add(path, `must be an integer or a string, got ${jsonType(value)} ${show(value)}`);
        return;
      }
    } else if (schema.type !== undefined && !typeMatches(value, schema.type)) {
      this.add(path, `must be of type ${schema.type}, got ${jsonType(value)} ${show(value)}`);
      return;
    }

    if (schema.enum && !schema.enum.some((e) => canonical(e) === canonical(value))) {
      this.add(path, `Unsupported value: ${show(value)}: supported values: ${schema.enum.map((e) => show(e)).join(', ')}`);
    }
    if (schema.format !== undefined) this.checkFormat(value, schema.format, path);

    if (typeof value === 'string') this.checkString(value, schema, path);
    else if (typeof value === 'number') this.checkNumber(value, schema, path);
    else if (Array.isArray(value)) this.checkArray(value, schema, path);
    else if (isPlainObject(value)) this.checkObject(value, schema, path);

    this.checkJunctors(value, schema, path);

    const rules = schema['x-kubernetes-validations'];
    // Rules see the value through its schema; a node that is already invalid is not evaluated.
    if (this.full && rules && this.structural === before) this.checkRules(value, schema, rules, path);
  }

  private checkFormat(value: Json, format: string, path: string): void {
    try {
      const problem = checkFormat(format, value);
      if (problem) this.add(path, problem);
    } catch (e) {
      this.add(path, `cannot check format: ${(e as Error).message}`);
    }
  }

  private checkString(value: string, schema: Schema, path: string): void {
    // Kubernetes counts characters (runes), not UTF-16 units.
    const length = schema.minLength !== undefined || schema.maxLength !== undefined ? [...value].length : 0;
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      this.add(path, `Too long: may not be longer than ${schema.maxLength} characters, got ${length}`);
    }
    if (schema.minLength !== undefined && length < schema.minLength) {
      this.add(path, `Too short: must be at least ${schema.minLength} characters, got ${length} (${show(value)})`);
    }
    if (schema.pattern !== undefined) {
      const found = re2Find(schema.pattern, value);
      if (typeof found === 'object') this.add(path, `cannot check pattern ${show(schema.pattern)}: ${found.error}`);
      else if (!found) this.add(path, `Invalid value: ${show(value)}: should match ${show(schema.pattern)}`);
    }
  }

  private checkNumber(value: number, schema: Schema, path: string): void {
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
        this.add(path, `Invalid value: ${value}: should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`);
      }
    }
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
        this.add(path, `Invalid value: ${value}: should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`);
      }
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
      const q = value / schema.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) this.add(path, `Invalid value: ${value}: should be a multiple of ${schema.multipleOf}`);
    }
  }

  private checkArray(value: Json[], schema: Schema, path: string): void {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      this.add(path, `Too many: ${value.length}: must have at most ${schema.maxItems} items`);
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.add(path, `Too few: ${value.length}: must have at least ${schema.minItems} items`);
    }
    const items = schema.items;
    if (items) value.forEach((v, i) => this.check(v, items, indexPath(path, i)));

    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set' || schema.uniqueItems) {
      const seen = new Set<string>();
      value.forEach((v, i) => {
        const c = canonical(v);
        if (seen.has(c)) this.add(indexPath(path, i), `Duplicate value: ${show(v)}`);
        seen.add(c);
      });
    } else if (listType === 'map' && this.full) {
      const keys = schema['x-kubernetes-list-map-keys'] ?? [];
      const seen = new Set<string>();
      value.forEach((v, i) => {
        if (!isPlainObject(v)) return; // type problem reported by items
        const id: JsonObject = {};
        for (const k of keys) if (v[k] !== undefined) id[k] = v[k];
        const c = canonical(id);
        if (seen.has(c)) this.add(indexPath(path, i), `Duplicate value: ${show(id)}`);
        seen.add(c);
      });
    }
  }

  private checkObject(value: JsonObject, schema: Schema, path: string): void {
    const properties = schema.properties ?? {};
    const additional = schema.additionalProperties;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    const isPresent = (key: string): boolean => {
      if (!(key in value) || value[key] === undefined) return false;
      // A null field that is not nullable is pruned by the API server: as good as absent.
      return !(value[key] === null && !fieldSchema(schema, key)?.nullable);
    };
    for (const key of Object.keys(value)) {
      if (value[key] === undefined) continue; // not serialized
      const prop = properties[key];
      if (prop) {
        if (isPresent(key)) this.check(value[key], prop, childPath(path, key));
      } else if (typeof additional === 'object') {
        if (isPresent(key)) this.check(value[key], additional, keyPath(path, key));
      } else if (this.full && additional !== true && !preserve) {
        this.add(childPath(path, key), `unknown field${suggest(key, Object.keys(properties))}`);
      }
    }
    for (const key of schema.required ?? []) {
      if (!isPresent(key)) this.add(childPath(path, key), 'Required value');
    }
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      this.add(path, `Too many: ${count}: must have at most ${schema.maxProperties} properties`);
    }
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      this.add(path, `Too few: ${count}: must have at least ${schema.minProperties} properties`);
    }
  }

  private matches(value: Json, schema: Schema, path: string): FieldProblem[] {
    const sub = new SchemaChecker(this.stats, false);
    sub.check(value, schema, path);
    return sub.problems;
  }

  private checkJunctors(value: Json, schema: Schema, path: string): void {
    for (const sub of schema.allOf ?? []) this.addAll(this.matches(value, sub, path));
    if (schema.anyOf && schema.anyOf.length > 0) {
      const results = schema.anyOf.map((s) => this.matches(value, s, path));
      if (results.every((r) => r.length > 0)) {
        if (results.length === 1) this.addAll(results[0]);
        else this.add(path, `must match at least one of: ${schema.anyOf.map(describe).join('; ')}`);
      }
    }
    if (schema.oneOf && schema.oneOf.length > 0) {
      const ok = schema.oneOf.filter((s) => this.matches(value, s, path).length === 0);
      if (ok.length !== 1) this.add(path, oneOfMessage(value, schema.oneOf, ok));
    }
    if (schema.not && this.matches(value, schema.not, path).length === 0) {
      this.add(path, `must not match: ${describe(schema.not)}`);
    }
  }

  private checkRules(value: Json, schema: Schema, rules: readonly SchemaRule[], path: string): void {
    let self: unknown;
    let converted = false;
    for (const rule of rules) {
      const c = compileRule(rule.rule);
      if (!c.ok) {
        this.add(path, `cannot evaluate rule ${show(rule.rule)}: ${c.error}`, false);
        continue;
      }
      if (c.usesOldSelf) {
        if (rule.optionalOldSelf) {
          // On create the API server evaluates these with oldSelf = optional.none(); the CEL engine
          // has no optional types, so say so instead of guessing.
          this.add(path, `cannot evaluate rule ${show(rule.rule)}: optionalOldSelf rules need CEL optional types, which the validator's CEL engine lacks`, false);
        } else {
          this.stats.transitionRulesSkipped++;
        }
        continue;
      }
      if (!converted) {
        self = toCel(value, schema);
        converted = true;
      }
      this.stats.rulesEvaluated++;
      const out = run(c.program, self);
      const target = rule.fieldPath ? joinFieldPath(path, rule.fieldPath) : path;
      if (!out.ok) {
        this.add(target, `${out.error} evaluating rule: ${show(rule.rule)}`, false);
      } else if (typeof out.value !== 'boolean') {
        this.add(path, `cannot evaluate rule ${show(rule.rule)}: it returned ${typeof out.value}, not a bool`, false);
      } else if (!out.value) {
        const got = isScalar(value) ? ` (got ${show(value)})` : '';
        this.add(target, `${reasonPrefix(rule.reason)}${ruleMessage(rule, self)}${got}`, false);
      }
    }
  }
}

function reasonPrefix(reason: string | undefined): string {
  switch (reason) {
    case 'FieldValueRequired':
      return 'Required value: ';
    case 'FieldValueDuplicate':
      return 'Duplicate value: ';
    case 'FieldValueForbidden':
      return 'Forbidden: ';
    default:
      return '';
  }
}

/** `.spec.foo['bar']` relative to `path`, in this validator's path syntax. */
function joinFieldPath(path: string, fieldPath: string): string {
  const rel = fieldPath.replace(/\[['"]([^'"\]]*)['"]\]/g, '[$1]').replace(/^\./, '');
  if (rel === '') return path;
  return rel.startsWith('[') || path === '' ? `${path}${rel}` : `${path}.${rel}`;
}

/** ` (did you mean "timeout"?)` for a near miss of a declared field, else ''. */
function suggest(key: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(k, key);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = up;
    }
  }
  return row[b.length];
}

/** A short human description of a junctor alternative. */
function describe(s: Schema): string {
  const parts: string[] = [];
  if (s.required && s.required.length > 0) parts.push(`${s.required.join(' and ')} set`);
  if (s['x-kubernetes-int-or-string']) parts.push('an integer or a string');
  else if (s.type) parts.push(`a ${s.type}${s.pattern ? ` matching ${show(s.pattern)}` : ''}`);
  if (s.enum) parts.push(`one of ${s.enum.map((e) => show(e)).join(', ')}`);
  if (s.not) parts.push(`not (${describe(s.not)})`);
  if (s.anyOf) parts.push(`any of (${s.anyOf.map(describe).join(' | ')})`);
  if (s.oneOf) parts.push(`one of (${s.oneOf.map(describe).join(' | ')})`);
  if (s.allOf) parts.push(`all of (${s.allOf.map(describe).join(' | ')})`);
  if (s.properties) parts.push(`constraints on ${Object.keys(s.properties).join(', ')}`);
  return parts.length > 0 ? parts.join(', ') : show(s);
}

const singleRequired = (s: Schema): string | undefined =>
  s.required?.length === 1 && Object.keys(s).length === 1 ? s.required[0] : undefined;

/**
 * oneOf in the pinned CRDs mostly spells "at most one of" / "exactly one of" some fields:
 * [ not(anyOf(required a, required b, ...)), required a, required b, ... ]. Say that plainly.
 */
function oneOfMessage(value: Json, alternatives: readonly Schema[], ok: readonly Schema[]): string {
  const fields: string[] = [];
  let allowsNone = false;
  for (const alt of alternatives) {
    const single = singleRequired(alt);
    if (single !== undefined) {
      fields.push(single);
    } else if (alt.not?.anyOf && Object.keys(alt).length === 1 && alt.not.anyOf.every((s) => singleRequired(s) !== undefined)) {
      allowsNone = true;
    } else {
      return `must match exactly one of: ${alternatives.map(describe).join('; ')} (matched ${ok.length})`;
    }
  }
  const present = isPlainObject(value) ? fields.filter((f) => value[f] !== undefined && value[f] !== null) : [];
  if (present.length > 1) return `only one of ${fields.join(', ')} may be set, found ${present.join(', ')}`;
  return allowsNone
    ? `must match exactly one of: ${alternatives.map(describe).join('; ')} (matched ${ok.length})`
    : `exactly one of ${fields.join(', ')} must be set`;
}
