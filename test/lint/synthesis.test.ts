import { ApiObject, App, Chart, JsonPatch, Testing, Yaml } from 'cdk8s';
import { GrpcMeshService, IstioResources, LINT_RULES, LintSeverity, Streaming } from '../../src';
import { lintManifests } from '../../src/lint/lint';
import { parseManifests } from '../../src/validation/files';
import { baseProps, errorOf } from '../support/service';

/** Counts how often each service's rules run, through a rule that finds nothing. */
function countLints(fn: () => void): Map<string, number> {
  const counts = new Map<string, number>();
  LINT_RULES.push({
    code: 'GM999', rule: 'count', severity: LintSeverity.WARNING, description: 'counts lint runs',
    check: (ctx) => { counts.set(ctx.model.name, (counts.get(ctx.model.name) ?? 0) + 1); return []; },
  });
  try {
    fn();
  } finally {
    LINT_RULES.pop();
  }
  return counts;
}

/** An app of `charts` charts, one service each (svc0, svc1, ...), and a chart without any. */
function multiChartApp(charts: number, props = {}): { app: App; services: GrpcMeshService[] } {
  const app = Testing.app();
  const services = Array.from({ length: charts }, (_, i) => new GrpcMeshService(
    new Chart(app, `c${i}`), `svc${i}`, baseProps({ methods: [{ name: 'p.S/Watch', streaming: Streaming.SERVER }], ...props }),
  ));
  new ApiObject(new Chart(app, 'plain'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
  return { app, services };
}

const streamTimeout = (service: GrpcMeshService) => IstioResources.of(service).virtualService!
  .addJsonPatch(JsonPatch.add('/spec/http/0/timeout', '5s'));

/** Counts the toJson() calls of every ApiObject while fn runs. */
function countRenders(fn: () => void): number {
  const spy = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('the lint at synth: the props, once per service', () => {
  test('the props are linted once per service, when it is constructed, however many charts and syntheses (cdk8s validates N + 1 times each)', () => {
    const once = new Map([0, 1, 2, 3].map((i) => [`svc${i}`, 1]));
    expect(countLints(() => {
      const { app } = multiChartApp(4);
      app.synthYaml(); app.synth(); app.synthYaml();
    })).toEqual(once);
  });

  test('a service whose props lint clean adds no validation: nothing runs for it when cdk8s validates', () => {
    const { services } = multiChartApp(2);
    const withFindings = new GrpcMeshService(new Chart(Testing.app(), 'c'), 'svc', baseProps({ authorization: { allow: [] } }));
    expect(services.map((s) => (s.node as any)._validations)).toEqual([undefined, undefined]);
    expect(withFindings.node.validate()).toEqual([]);
    expect(new GrpcMeshService(new Chart(Testing.app(), 'c'), 'svc', baseProps({ authorization: { allow: [] }, strict: true })).node.validate())
      .toEqual(['warning GM114 admits-nobody: authorization.allow is empty, so every call is denied; add a rule with the clients that call this service']);
  });

  test('a synthesis renders every object exactly once: the validations render nothing', () => {
    const { app } = multiChartApp(3);
    const objects = app.node.findAll().filter((c) => c instanceof ApiObject).length;
    expect(countRenders(() => app.synthYaml())).toBe(objects);
    expect(countRenders(() => app.node.findAll().forEach((c) => c.node.validate()))).toBe(0);
  });

  test('a props finding fails every synthesis and Testing.synth, with the service path', () => {
    const { app } = multiChartApp(2, { authorization: { allow: [] }, strict: true });
    const error = '[c1/svc1] warning GM114 admits-nobody: authorization.allow is empty';
    expect(errorOf(() => app.synthYaml())).toContain(error);
    expect(errorOf(() => app.synth())).toContain(error);
    expect(errorOf(() => Testing.synth(app.node.findChild('c1') as Chart))).toContain(error);
  });

  test('nothing of cdk8s or of the user\'s objects is replaced, before or after a synthesis', () => {
    const { app } = multiChartApp(2);
    const own = () => [
      ...['synth', 'synthYaml'].filter((m) => Object.prototype.hasOwnProperty.call(app, m)),
      ...app.node.findAll().filter((c) => Object.prototype.hasOwnProperty.call(c, 'toJson')).map((c) => c.node.path),
    ];
    expect(own()).toEqual([]);
    app.synthYaml();
    app.synth();
    expect(own()).toEqual([]);
    expect(app.synth).toBe(App.prototype.synth);
  });

  test('the YAML is the same as rendering every chart on its own, and the same twice', () => {
    const { app } = multiChartApp(3);
    const apart = Yaml.stringify(...app.charts.flatMap((c) => Testing.synth(c)));
    expect(app.synthYaml()).toBe(apart);
    expect(app.synthYaml()).toBe(apart);
  });
});

describe('the lint of the objects as written: service.lint() and the written manifests', () => {
  test('a patch made after a synthesis is seen by service.lint() and by the manifest lint of the next synthesis', () => {
    const { app, services } = multiChartApp(3);
    app.synthYaml();
    streamTimeout(services[1]);
    IstioResources.of(services[2]).virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/route/0/weight', 90));
    expect(services[1].lint().map((f) => f.code)).toEqual(['GM105']);
    expect(services[2].lint().map((f) => f.code)).toEqual(['GM101']);
    expect(services[0].lint()).toEqual([]);
    // Which routes stream is in the props, not in the YAML: the manifest lint sees the weights only.
    const findings = lintManifests(parseManifests(app.synthYaml()).objects);
    expect(findings.map((f) => [f.code, f.severity, f.namespace, f.app, f.message])).toEqual([
      ['GM101', LintSeverity.ERROR, 'default', 'svc2', 'VirtualService svc2 http[0] weights sum to 90; make them add up to 100'],
    ]);
  });

  test('service.lint() renders afresh every time', () => {
    const { services } = multiChartApp(1);
    expect(countLints(() => { services[0].lint(); services[0].lint(); })).toEqual(new Map([['svc0', 2]]));
    const vs = IstioResources.of(services[0]).virtualService!;
    vs.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']));
    expect(vs.toJson().spec.exportTo).toEqual(['.']);
  });
});
