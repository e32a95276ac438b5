import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import * as argo from '../../imports/argoproj.io';
import * as flagger from '../../imports/flagger.app';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as l5d from '../../imports/linkerd.io';
import * as net from '../../imports/networking.istio.io';
import * as pol from '../../imports/policy.linkerd.io';
import * as sec from '../../imports/security.istio.io';
import * as smi from '../../imports/split.smi-spec.io';
import * as tel from '../../imports/telemetry.istio.io';
import { GrpcMeshService } from '../../src';
import * as render from '../../src/render/api-object';
import { RENAMED, toWire, VALUE_CLASSES, WirePlan } from '../../src/render/wire';
import { WIRE_IDENTICAL } from '../../src/render/wire-identical';
import { RICH_SERVICES } from '../support/rich-services';
import { baseProps } from '../support/service';

const IMPORTS: Record<string, any>[] = [k8s, argo, flagger, gw, l5d, net, pol, sec, smi, tel];
const moduleOf = (fn: Function) => IMPORTS.find((m) => m[fn.name] === fn)!;

/** A line `'written': <expr>` of a generated converter: the property it reads, the converters it calls. */
interface Line { readonly written: string; readonly read: string; readonly nested: string[]; readonly record?: boolean }

const BODY = new RegExp(String.raw`^function (toJson_\w+)\(obj\) \{\s*if \(obj === undefined\) \{\s*return undefined;\s*\}\s*`
  + String.raw`const result = \{\n([\s\S]*?)\n\s*\};\s*// filter undefined values\s*`
  + String.raw`return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);\s*\}$`);
const RECORD = /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\1\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*) \}\), \{\}\)\)$/;

/** The lines of a generated converter, or why it is not one `toWire` can stand for. */
function linesOf(fn: Function): Line[] | string {
  const body = BODY.exec(fn.toString());
  if (!body) return `${fn.name}: not a generated converter`;
  const lines: Line[] = [];
  for (const text of body[2].split('\n')) {
    const [, written, expr] = /^\s*'([^']+)': (.*),$/.exec(text) ?? [];
    if (written === undefined) return `${fn.name}: ${text.trim()}`;
    let m: RegExpExecArray | null;
    if ((m = RECORD.exec(expr))) {
      const [, read, item] = m;
      if (['i[1]', 'i[1]?.map(y => y)', 'i[1]?.value'].includes(item)) lines.push({ written, read, nested: [], record: true });
      else if ((m = /^(toJson_\w+)\(i\[1\]\)$/.exec(item))) lines.push({ written, read, nested: [m[1]], record: true });
      else return `${fn.name}: '${written}': ${expr}`;
    } else if ((m = /^obj\.(\w+)(\?\.map\(y => y\)|\?\.value|\?\.toISOString\(\))?$/.exec(expr))) lines.push({ written, read: m[1], nested: [] });
    else if ((m = /^obj\.(\w+)\?\.map\(y => (toJson_\w+)\(y\)\)$/.exec(expr))) lines.push({ written, read: m[1], nested: [m[2]] });
    else if ((m = /^(toJson_\w+)\(obj\.(\w+)\)$/.exec(expr))) lines.push({ written, read: m[2], nested: [m[1]] });
    else return `${fn.name}: '${written}': ${expr}`;
  }
  return lines;
}

/**
 * Walks the closure of a converter (nested converters resolved by name in its module): what is not
 * a copy, a map, a nested conversion, a date or a value class's `.value`, and every rename
 * (`converter: 'written' <- obj.read`).
 */
function analyse(fn: Function) {
  const mod = moduleOf(fn);
  const seen = new Set<Function>();
  const unexpected: string[] = [];
  const renames: string[] = [];
  const visit = (f: Function) => {
    if (seen.has(f)) return;
    seen.add(f);
    const lines = linesOf(f);
    if (typeof lines === 'string') return void unexpected.push(lines);
    for (const { written, read, nested } of lines) {
      if (read !== written) renames.push(`${f.name}: '${written}' <- obj.${read}`);
      for (const name of nested) {
        if (typeof mod[name] === 'function') visit(mod[name]);
        else unexpected.push(`${f.name}: ${name} is not exported`);
      }
    }
  };
  visit(fn);
  return { unexpected, renames, renamed: [...new Set(renames.map((r) => r.split('<- obj.')[1]))].sort(), converters: seen.size };
}

/** Follows a plan through a converter's closure: each step a nested conversion, each leaf a rename it makes. */
function planProblems(fn: Function, plan: WirePlan, path = ''): string[] {
  const lines = linesOf(fn);
  if (typeof lines === 'string') return [lines];
  return Object.entries(plan).flatMap(([property, step]) => {
    const line = lines.find((l) => l.read === property);
    if (!line) return [`${path}${property}: not read by ${fn.name}`];
    if (typeof step === 'string') return line.written === step && step !== property ? [] : [`${path}${property}: written as '${line.written}'`];
    if (line.record || line.nested.length !== 1) return [`${path}${property}: not a nested conversion`];
    return planProblems(moduleOf(fn)[line.nested[0]], step, `${path}${property}.`);
  });
}

describe('WIRE_IDENTICAL: checked against the generated converters', () => {
  test.each([...WIRE_IDENTICAL].map(([fn, rule]) => [fn.name, fn, rule] as const))('%s', (_, fn, rule) => {
    const { unexpected, renamed, converters } = analyse(fn);
    expect(converters).toBeGreaterThan(1);
    expect(unexpected).toEqual([]);
    expect(renamed).toEqual([...rule.renamed ?? []].sort());
    expect(planProblems(fn, rule.plan ?? {})).toEqual([]);
  });

  test('a rename in a nested converter is found: DestinationRule writes consecutive5XxErrors as consecutive5xxErrors', () => {
    expect(analyse(net.toJson_DestinationRuleSpecTrafficPolicyOutlierDetection).renames)
      .toEqual(["toJson_DestinationRuleSpecTrafficPolicyOutlierDetection: 'consecutive5xxErrors' <- obj.consecutive5XxErrors"]);
    expect(analyse(net.toJson_DestinationRuleProps).renames).toContain(
      "toJson_DestinationRuleSpecTrafficPolicyOutlierDetection: 'consecutive5xxErrors' <- obj.consecutive5XxErrors");
    expect(analyse(k8s.toJson_KubeServiceProps).renames).toContain("toJson_ServiceSpec: 'clusterIP' <- obj.clusterIp");
    expect(analyse(k8s.toJson_ObjectMeta)).toMatchObject({ unexpected: [], renames: [] });
  });

  test('a converter writing schema keywords is found', () => {
    // k8s's JSONSchemaProps writes `$ref` and `x-kubernetes-*` from other names.
    expect(analyse(k8s.toJson_JsonSchemaProps).renamed).toEqual(expect.arrayContaining(['ref', 'xKubernetesIntOrString']));
  });

  test('a plan is checked along the converters', () => {
    const dr = net.toJson_DestinationRuleProps;
    expect(planProblems(dr, { spec: { trafficPolicy: { outlierDetection: { consecutive5XxErrors: 'consecutive5xxErrors' } } } })).toEqual([]);
    expect(planProblems(dr, { spec: { trafficPolicy: { outlierDetection: { consecutive5XxErrors: 'consecutive5XxErrors' } } } }))
      .toEqual(["spec.trafficPolicy.outlierDetection.consecutive5XxErrors: written as 'consecutive5xxErrors'"]);
    expect(planProblems(dr, { spec: { outlierDetection: { consecutive5XxErrors: 'consecutive5xxErrors' } } }))
      .toEqual(['spec.outlierDetection: not read by toJson_DestinationRuleSpec']);
    expect(planProblems(dr, { spec: { host: 'hosts' } })).toEqual(["spec.host: written as 'host'"]);
  });

  test('every converter the rich services are rendered with is wire-identical', () => {
    const used = new Set<string>();
    for (const [, overrides] of RICH_SERVICES) {
      const spy = jest.spyOn(render, 'renderApiObject');
      new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', baseProps(overrides)).addClientConfigMap();
      for (const [, , , toJson] of spy.mock.calls) used.add((toJson as Function).name);
      spy.mockRestore();
    }
    expect(used.size).toBeGreaterThanOrEqual(20);
    expect([...used].filter((name) => ![...WIRE_IDENTICAL.keys()].some((fn) => fn.name === name))).toEqual([]);
  });

  test('the value classes are every generated class that is not a kind', () => {
    const generated = IMPORTS.flatMap((m) => Object.values(m))
      .filter((c) => typeof c === 'function' && !c.name.startsWith('toJson_') && c.GVK === undefined && /^class /.test(String(c)));
    expect(new Set(generated)).toEqual(VALUE_CLASSES);
  });
});

describe('toWire', () => {
  test('drops undefined values at every depth, keeps null, empty objects and empty arrays', () => {
    expect(toWire({ a: undefined, b: { c: undefined, d: [{ e: undefined, f: 1 }] }, g: null, h: {}, i: [] }))
      .toStrictEqual({ b: { d: [{ f: 1 }] }, g: null, h: {}, i: [] });
    const props = { metadata: { labels: {}, annotations: { a: undefined } }, spec: { template: { spec: { containers: [] } } } };
    expect(toWire(props)).toStrictEqual(k8s.toJson_KubeDeploymentProps(props as unknown as k8s.KubeDeploymentProps));
  });

  test('writes value classes as their value and dates as ISO strings', () => {
    const props: k8s.KubeDeploymentProps = {
      metadata: { creationTimestamp: new Date(Date.UTC(2024, 0, 2)) },
      spec: {
        selector: {},
        strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: { spec: { containers: [{ name: 'app', resources: { limits: { cpu: k8s.Quantity.fromString('500m') } } }] } },
      },
    };
    expect(toWire(props)).toStrictEqual(k8s.toJson_KubeDeploymentProps(props));
    expect(toWire(props)).toMatchObject({
      metadata: { creationTimestamp: '2024-01-02T00:00:00.000Z' },
      spec: { strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } },
    });
    const weight = l5d.ServiceProfileSpecDstOverridesWeight.fromNumber(3);
    expect(toWire([weight, 'a', 2, true])).toStrictEqual([3, 'a', 2, true]);
  });

  test('keeps instances of other classes as they are', () => {
    class Token { }
    const token = new Token();
    expect((toWire({ a: token }) as any).a).toBe(token);
  });

  test('copies: the written JSON shares no plain object or array with the props', () => {
    const props = { a: { b: [1] } };
    const wire = toWire(props) as typeof props;
    expect(wire).toStrictEqual(props);
    expect(wire.a).not.toBe(props.a);
    expect(wire.a.b).not.toBe(props.a.b);
  });

  test('renames where the plan says, gives up on a renamed property elsewhere', () => {
    const renamed = new Set(['consecutive5XxErrors']);
    const plan = { spec: { trafficPolicy: { outlierDetection: { consecutive5XxErrors: 'consecutive5xxErrors' } } } };
    const props: net.DestinationRuleProps = {
      spec: { host: 'h', trafficPolicy: { outlierDetection: { consecutive5XxErrors: 5, interval: '30s' } } },
    };
    expect(toWire(props, renamed, plan)).toStrictEqual(net.toJson_DestinationRuleProps(props));
    expect(toWire(props, renamed, plan)).toMatchObject({ spec: { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } } });
    expect(toWire(props, renamed)).toBe(RENAMED);
    const subset: net.DestinationRuleProps = { spec: { host: 'h', subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { consecutive5XxErrors: 1 } } }] } };
    expect(toWire(subset, renamed, plan)).toBe(RENAMED);
    // An undefined renamed property is dropped, as the converter drops it.
    expect(toWire({ spec: { subsets: [{ trafficPolicy: { outlierDetection: { consecutive5XxErrors: undefined } } }] } }, renamed, plan))
      .toStrictEqual({ spec: { subsets: [{ trafficPolicy: { outlierDetection: {} } }] } });
  });

  test('renderApiObject falls back to the converter for props holding a property renamed off the plan', () => {
    const chart = new Chart(Testing.app(), 'test');
    const props: net.DestinationRuleProps = { spec: { host: 'h', subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { consecutive5XxErrors: 1 } } }] } };
    const object = render.renderApiObject(chart, 'dr', net.DestinationRule.GVK, net.toJson_DestinationRuleProps, props);
    expect(object.toJson().spec).toEqual({ host: 'h', subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1 } } }] });
  });
});
