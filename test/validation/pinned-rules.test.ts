import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@bufbuild/cel';
import * as YAML from 'yaml';
import { compileRule, run, toCel } from '../../src/validation/cel';
import { kubernetesLibrary } from '../../src/validation/cel-k8s';
import type { Schema } from '../../src/validation/schemas';

// The validator's Kubernetes CEL library holds what the rules of the pinned CRDs call, and nothing
// else: every rule of every pinned CRD file (all kinds and versions, ../shared/crds and
// ../shared/crds-by-release, not only the kinds the library emits today) compiles, and every
// function of the library is called by at least one of them. Needs ../shared beside the repo.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SHARED } = require('../../scripts/crd-sources') as { SHARED: string };
const dirs = ['crds', 'crds-by-release'].map((d) => path.join(SHARED, d));
const haveShared = dirs.every((d) => fs.existsSync(d));

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

interface PinnedRule {
  readonly expression: string;
  readonly schema: Schema;
  readonly file: string;
}

function pinnedRules(): PinnedRule[] {
  const out: PinnedRule[] = [];
  const walk = (node: unknown, file: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, file));
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Schema & Record<string, unknown>;
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      out.push({ expression: rule.rule, schema, file });
      if (rule.messageExpression) out.push({ expression: rule.messageExpression, schema, file });
    }
    for (const [key, value] of Object.entries(schema)) if (key !== 'x-kubernetes-validations') walk(value, file);
  };
  for (const file of dirs.flatMap(yamlFiles)) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) walk(doc.toJS(), path.relative(SHARED, file));
  }
  return out;
}

type Expr = ReturnType<typeof parse>['expr'];

/** The functions an expression calls: `name`, `target.name` for namespaced ones (sets.contains). */
function calledFunctions(expr: Expr | undefined, into: Set<string>): Set<string> {
  if (!expr) return into;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      calledFunctions(kind.value.operand, into);
      break;
    case 'callExpr': {
      const { target, args } = kind.value;
      into.add(kind.value.function);
      if (target?.exprKind.case === 'identExpr') into.add(`${target.exprKind.value.name}.${kind.value.function}`);
      calledFunctions(target, into);
      args.forEach((a) => calledFunctions(a, into));
      break;
    }
    case 'listExpr':
      kind.value.elements.forEach((e) => calledFunctions(e, into));
      break;
    case 'structExpr':
      kind.value.entries.forEach((e) => {
        if (e.keyKind.case === 'mapKey') calledFunctions(e.keyKind.value, into);
        calledFunctions(e.value, into);
      });
      break;
    case 'comprehensionExpr': {
      const c = kind.value;
      [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].forEach((e) => calledFunctions(e, into));
      break;
    }
    default:
      break;
  }
  return into;
}

(haveShared ? describe : describe.skip)('the rules of every pinned CRD', () => {
  const rules = haveShared ? pinnedRules() : [];

  test('there are rules in the pinned CRDs (Istio, Gateway API, Linkerd, Flagger, Argo Rollouts)', () => {
    expect(rules.length).toBeGreaterThan(100);
    const projects = new Set(rules.map((r) => r.file.split('/')[1]));
    expect([...projects].sort()).toEqual(['argo-rollouts', 'flagger', 'gateway-api', 'istio']);
  });

  test('every rule compiles in the validator\'s CEL environment', () => {
    const failing = rules.flatMap((r) => {
      const c = compileRule(r.expression);
      return c.ok ? [] : [`${r.file}: ${r.expression}: ${c.error}`];
    });
    expect(failing).toEqual([]);
  });

  test('every function of the Kubernetes CEL library is called by some pinned rule', () => {
    const called = new Set<string>();
    for (const r of rules) calledFunctions(parse(r.expression).expr, called);
    const library = [...new Set(kubernetesLibrary().funcs.map((f) => f.name))];
    expect(library.filter((name) => !called.has(name))).toEqual([]);
  });

  test('the rules on strings evaluate on URLs, host names and socket paths', () => {
    const samples = ['http://example.com/a?b=c', 'oci://registry.example.com/x:1', 'example.com', 'unix:///run/s', 'unix://x', '%zz', ''];
    const outcomes = new Set<string>();
    for (const r of rules.filter((rule) => rule.schema.type === 'string')) {
      const c = compileRule(r.expression);
      if (!c.ok || c.usesOldSelf) continue;
      for (const s of samples) {
        const out = run(c.program, toCel(s, r.schema));
        outcomes.add(out.ok ? typeof out.value : out.error.replace(/: .*/, ''));
      }
    }
    // As in Kubernetes, url() of a string Go's url.ParseRequestURI rejects, and duration() of a
    // string that is no duration, are evaluation errors; everything else evaluates to a bool.
    expect([...outcomes].sort()).toEqual(['Failed to parse duration', 'URL parse error during conversion from string', 'boolean']);
  });
});
