// x-kubernetes-validations: CEL rules evaluated the way the API server does on create.
// The CEL engine (@bufbuild/cel, with an RE2 engine for matches(), and the Kubernetes library
// functions of cel-k8s.ts) is loaded on first use.
import type { Schema, SchemaRule } from './schemas';

type CelModule = typeof import('@bufbuild/cel');
type Expr = ReturnType<CelModule['parse']>['expr'];
type Program = (ctx: Record<string, unknown>) => unknown;

interface Engine {
  readonly cel: CelModule;
  readonly env: ReturnType<CelModule['celEnv']>;
  readonly timestampFromDate: (d: Date) => unknown;
}

let engine: Engine | undefined;

function load(): Engine {
  if (!engine) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cel = require('@bufbuild/cel') as CelModule;
    const ext = require('@bufbuild/cel/ext') as typeof import('@bufbuild/cel/ext');
    const wkt = require('@bufbuild/protobuf/wkt') as typeof import('@bufbuild/protobuf/wkt');
    const k8s = require('./cel-k8s') as typeof import('./cel-k8s');
    /* eslint-enable @typescript-eslint/no-require-imports */
    // The Kubernetes CEL environment is the standard library plus extension libraries. The strings
    // extension (charAt, indexOf, lowerAscii, replace, split, join, ...) is the part @bufbuild/cel
    // ships; cel-k8s.ts adds, as Kubernetes defines them, the Kubernetes library functions the
    // pinned CRDs' rules call (url, isURL, getScheme). A rule calling a function the environment
    // lacks (the lists, regex, IP, CIDR, sets, quantity, format, semver libraries, two-variable
    // comprehensions, optional types) is reported as not evaluable, never skipped.
    const lib = k8s.kubernetesLibrary();
    engine = {
      cel,
      env: cel.celEnv({ funcs: [...ext.strings, ...lib.funcs], registry: lib.registry }),
      timestampFromDate: wkt.timestampFromDate,
    };
  }
  return engine;
}

export type CompiledRule =
  | { readonly ok: true; readonly program: Program; readonly usesOldSelf: boolean }
  | { readonly ok: false; readonly error: string };

const compiled = new Map<string, CompiledRule>();

/** Compiles (once per distinct expression) a rule or message expression. */
export function compileRule(expression: string): CompiledRule {
  let hit = compiled.get(expression);
  if (!hit) {
    hit = compile(expression);
    compiled.set(expression, hit);
  }
  return hit;
}

function compile(expression: string): CompiledRule {
  const { cel, env } = load();
  let expr: Expr;
  try {
    expr = cel.parse(expression).expr;
  } catch (e) {
    return { ok: false, error: `parse error: ${e instanceof Error ? e.message : String(e)}` };
  }
  const facts = { usesOldSelf: false, problems: [] as string[] };
  inspect(expr, facts);
  if (facts.problems.length > 0) return { ok: false, error: facts.problems.join('; ') };
  try {
    const planned = cel.plan(env, expr) as unknown as Program;
    return { ok: true, program: planned, usesOldSelf: facts.usesOldSelf };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Finds references to oldSelf and calls of functions the environment does not have. */
function inspect(expr: Expr | undefined, facts: { usesOldSelf: boolean; problems: string[] }): void {
  if (!expr) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr':
      if (kind.value.name === 'oldSelf') facts.usesOldSelf = true;
      return;
    case 'selectExpr':
      return inspect(kind.value.operand, facts);
    case 'callExpr': {
      const call = kind.value;
      // A namespaced function (sets.contains(a, b), ip.isCanonical(s)), resolved as the planner does.
      const qualified = call.target ? qualifiedName(call.target) : undefined;
      if (qualified !== undefined) {
        const group = load().env.funcs.find(`${qualified}.${call.function}`);
        if (group && [...group].some((f) => f.target === undefined && f.arguments.length === call.args.length)) {
          call.args.forEach((a) => inspect(a, facts));
          return;
        }
      }
      // Operators (_&&_, _?_:_, _[_], @in, ...) are planned by the engine itself.
      if (!/^[_@]/.test(call.function)) {
        const group = load().env.funcs.find(call.function);
        const hasTarget = call.target !== undefined;
        const fits = group && [...group].some((f) => (f.target !== undefined) === hasTarget && f.arguments.length === call.args.length);
        if (!fits) {
          const shape = `${hasTarget ? '<value>.' : ''}${call.function}(${call.args.length} argument${call.args.length === 1 ? '' : 's'})`;
          facts.problems.push(`unknown function ${shape}`);
        }
      }
      inspect(call.target, facts);
      call.args.forEach((a) => inspect(a, facts));
      return;
    }
    case 'listExpr':
      kind.value.elements.forEach((e) => inspect(e, facts));
      return;
    case 'structExpr':
      kind.value.entries.forEach((e) => {
        if (e.keyKind.case === 'mapKey') inspect(e.keyKind.value, facts);
        inspect(e.value, facts);
      });
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].forEach((e) => inspect(e, facts));
      return;
    }
    default:
      return;
  }
}

/** `a.b.c` for an identifier or a chain of field selections on one, else undefined. */
function qualifiedName(expr: Expr): string | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case === 'selectExpr' && !kind.value.testOnly && kind.value.operand) {
    const operand = qualifiedName(kind.value.operand);
    return operand === undefined ? undefined : `${operand}.${kind.value.field}`;
  }
  return undefined;
}

export type RuleOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Runs a compiled program with `self` (already a CEL value, see toCel). */
export function run(program: Program, self: unknown): RuleOutcome {
  const { cel } = load();
  let result: unknown;
  try {
    result = program({ self });
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (cel.isCelError(result)) return { ok: false, error: result.message };
  return { ok: true, value: result };
}

// ---------------------------------------------------------------------------------------------
// Values: Kubernetes binds `self` to the node's value typed by its schema: integer fields are CEL
// ints, number fields doubles, object properties are fields (with reserved or special names
// escaped), additionalProperties maps are maps, date-time strings timestamps, byte strings bytes.

const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** The name a property has in CEL (k8s.io/apiserver/pkg/cel escaping), or undefined if inaccessible. */
export function celPropertyName(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name
    .replace(/__/g, '__underscores__')
    .replace(/\./g, '__dot__')
    .replace(/-/g, '__dash__')
    .replace(/\//g, '__slash__');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts a (schema-valid) JSON value into the CEL value Kubernetes would bind. */
export function toCel(value: unknown, schema: Schema | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (isPlainObject(value)) {
    const out = new Map<string, unknown>();
    for (const [key, v] of Object.entries(value)) {
      const prop = schema?.properties?.[key];
      if (prop) {
        const name = celPropertyName(key);
        if (name !== undefined) out.set(name, toCel(v, prop));
      } else {
        const additional = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
        out.set(key, toCel(v, additional));
      }
    }
    return out;
  }
  if (typeof value === 'number') {
    if (schema?.type === 'number') return value;
    if (Number.isInteger(value) && schema?.type !== 'number') return BigInt(value);
    return value;
  }
  if (typeof value === 'string' && schema?.type === 'string') {
    if (schema.format === 'date-time' || schema.format === 'date') {
      const d = new Date(value);
      if (!Number.isNaN(d.getTime())) return load().timestampFromDate(d);
    } else if (schema.format === 'byte') {
      return new Uint8Array(Buffer.from(value, 'base64'));
    }
  }
  return value;
}

/** The rule's problem text: messageExpression, else message, else the rule itself (as Kubernetes does). */
export function ruleMessage(rule: SchemaRule, self: unknown): string {
  if (rule.messageExpression) {
    const c = compileRule(rule.messageExpression);
    if (c.ok) {
      const out = run(c.program, self);
      if (out.ok && typeof out.value === 'string' && out.value.trim() !== '') return out.value;
    }
  }
  return rule.message ? rule.message : `failed rule: ${rule.rule}`;
}
