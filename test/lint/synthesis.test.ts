import { ApiObject, App, Chart, JsonPatch, Testing, Yaml } from 'cdk8s';
import { GrpcMeshService, IstioResources, LINT_RULES, LintSeverity, Streaming } from '../../src';
import { baseProps, errorOf } from '../support/service';

/** Counts how often each service is linted, through a rule that finds nothing. */
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
function multiChartApp(charts: number): { app: App; services: GrpcMeshService[] } {
  const app = Testing.app();
  const services = Array.from({ length: charts }, (_, i) => new GrpcMeshService(
    new Chart(app, `c${i}`), `svc${i}`, baseProps({ methods: [{ name: 'p.S/Watch', streaming: Streaming.SERVER }] }),
  ));
  new ApiObject(new Chart(app, 'plain'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
  return { app, services };
}

const streamTimeout = (service: GrpcMeshService) => IstioResources.of(service).virtualService!
  .addJsonPatch(JsonPatch.add('/spec/http/0/timeout', '5s'));

describe('lint once per synthesis', () => {
  test('synthYaml() and synth() lint each service once, however many charts (cdk8s validates N + 1 times)', () => {
    const { app } = multiChartApp(4);
    const once = new Map([0, 1, 2, 3].map((i) => [`svc${i}`, 1]));
    expect(countLints(() => app.synthYaml())).toEqual(once);
    expect(countLints(() => app.synth())).toEqual(once);
  });

  test('Testing.synth() and service.lint() lint afresh each time', () => {
    const { app, services } = multiChartApp(2);
    expect(countLints(() => Testing.synth(app.node.findChild('c0') as Chart))).toEqual(new Map([['svc0', 1], ['svc1', 1]]));
    expect(countLints(() => { services[0].lint(); services[0].lint(); })).toEqual(new Map([['svc0', 2]]));
  });

  test('the YAML is the same as rendering every chart on its own, and the same twice', () => {
    const { app } = multiChartApp(3);
    const apart = Yaml.stringify(...app.charts.flatMap((c) => Testing.synth(c)));
    expect(app.synthYaml()).toBe(apart);
    expect(app.synthYaml()).toBe(apart);
  });

  test('a patch made after a synthesis is linted by the next one, in every chart, without waiting', () => {
    const { app, services } = multiChartApp(3);
    app.synthYaml();
    streamTimeout(services[0]);
    expect(errorOf(() => app.synthYaml())).toContain('[c0/svc0] error GM105 streaming-timeout');
    const second = multiChartApp(3);
    second.app.synth();
    streamTimeout(second.services[1]);
    expect(errorOf(() => second.app.synth())).toContain('[c1/svc1] error GM105 streaming-timeout');
  });

  test('a chart synthesized on its own, then a change in another chart: the next synthesis lints it', () => {
    const { app, services } = multiChartApp(2);
    Testing.synth(app.node.findChild('c0') as Chart);
    streamTimeout(services[1]);
    expect(errorOf(() => Testing.synth(app.node.findChild('c1') as Chart))).toContain('[c1/svc1] error GM105');
    expect(errorOf(() => app.synthYaml())).toContain('[c1/svc1] error GM105');
  });

  test('an object rendered again after it was written renders afresh', () => {
    const { app, services } = multiChartApp(1);
    app.synthYaml();
    const vs = IstioResources.of(services[0]).virtualService!;
    vs.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']));
    expect(vs.toJson().spec.exportTo).toEqual(['.']);
    expect(vs.toJson()).not.toBe(vs.toJson());
    expect(app.synthYaml()).toContain('exportTo:');
  });

  test('an App subclass whose synth() synthesizes twice, changing a service in between, is linted both times', () => {
    class TwiceApp extends App {
      public synth(): void {
        this.synthYaml();
        streamTimeout(this.node.findAll().find((c): c is GrpcMeshService => c instanceof GrpcMeshService)!);
        super.synth();
      }
    }
    const app = new TwiceApp({ outdir: Testing.app().outdir });
    new GrpcMeshService(new Chart(app, 'c'), 'svc', baseProps({ methods: [{ name: 'p.S/Watch', streaming: Streaming.SERVER }] }));
    expect(errorOf(() => app.synth())).toContain('[c/svc] error GM105');
  });

  test('validations outside a synthesis lint afresh each time', () => {
    const { services } = multiChartApp(1);
    expect(countLints(() => { services[0].node.validate(); services[0].node.validate(); })).toEqual(new Map([['svc0', 2]]));
  });
});
