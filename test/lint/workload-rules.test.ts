import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { DisruptionBudget, GrpcMeshService, GrpcMeshServiceProps, LintFinding } from '../../src';
import { lintManifests } from '../../src/lint/lint';
import { baseProps } from '../support/service';

/** Lints without synthesizing (an error finding would fail synth). */
function lint(overrides: Partial<GrpcMeshServiceProps>): LintFinding[] {
  const service = new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', baseProps(overrides));
  return service.lint().filter((f) => f.code === 'GM118' || f.code === 'GM119');
}

describe('workload lint', () => {
  test('GM118: a canary autoscaled from zero is an error naming its weight, fails synth, and fails the check of the written manifests', () => {
    const props: Partial<GrpcMeshServiceProps> = {
      versions: [{ name: 'v1', image: 'i' }, { name: 'v2', image: 'i', autoscaling: { minReplicas: 0, maxReplicas: 3 } }],
      defaultRoute: { weights: { v1: 95, v2: 5 } },
    };
    const message = 'version v2 is autoscaled with minReplicas 0: with no pod there is no CPU or memory metric, so its HorizontalPodAutoscaler never scales up, yet version v2 gets 5% of the calls of the default route; set autoscaling.minReplicas to at least 1';
    expect(lint(props)).toEqual([{ code: 'GM118', rule: 'autoscaled-from-zero', severity: 'error', message }]);
    // Found in the props: plain synth fails, as for every error of the props.
    const app = Testing.app();
    new GrpcMeshService(new Chart(app, 'test'), 'svc', baseProps(props));
    expect(() => app.synth()).toThrow(/GM118 autoscaled-from-zero: version v2 is autoscaled with minReplicas 0/);
    // The written manifests show the HorizontalPodAutoscaler (the cdk8s-cli plugin, the command).
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'svc', baseProps(props));
    expect(lintManifests(chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson())).map((f) => [f.code, f.severity, f.app, f.message])).toEqual([[
      'GM118', 'error', 'svc', 'HorizontalPodAutoscaler svc-v2 has minReplicas 0: with no pod there is no CPU or memory metric, so it never scales up; set minReplicas to at least 1',
    ]]);
  });

  test('GM118: an autoscaler patched to minReplicas 0 is found on the objects, once', () => {
    const service = new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', baseProps({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }));
    const hpa = service.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'HorizontalPodAutoscaler' && c.name === 'svc-v1')!;
    hpa.addJsonPatch(JsonPatch.replace('/spec/minReplicas', 0));
    expect(service.lint().map((f) => f.message)).toEqual(['HorizontalPodAutoscaler svc-v1 has minReplicas 0: with no pod there is no CPU or memory metric, so it never scales up, yet version v1 gets 100% of the calls of the default route; set minReplicas to at least 1']);
  });

  test('GM118: also without weight; minReplicas 1 is clean', () => {
    const zero = lint({ versions: [{ name: 'v1', image: 'i' }, { name: 'v2', image: 'i', autoscaling: { minReplicas: 0, maxReplicas: 3 } }] });
    expect(zero.map((f) => f.message)).toEqual(['version v2 is autoscaled with minReplicas 0: with no pod there is no CPU or memory metric, so its HorizontalPodAutoscaler never scales up; set autoscaling.minReplicas to at least 1']);
    expect(lint({ autoscaling: { minReplicas: 1, maxReplicas: 3 } })).toEqual([]);
  });

  test('GM119: a budget that allows no eviction at the fewest pods warns', () => {
    expect(lint({ replicas: 2, disruptionBudget: DisruptionBudget.minAvailable(2) }).map((f) => [f.code, f.severity, f.message])).toEqual([
      ['GM119', 'warning', 'PodDisruptionBudget svc-v1 (minAvailable 2) allows no eviction of its 2 pods, so every node drain waits on it; use DisruptionBudget.maxUnavailable(1), run more pods, or DisruptionBudget.none()'],
      ['GM119', 'warning', 'PodDisruptionBudget svc-v2 (minAvailable 2) allows no eviction of its 2 pods, so every node drain waits on it; use DisruptionBudget.maxUnavailable(1), run more pods, or DisruptionBudget.none()'],
    ]);
    expect(lint({ versions: [{ name: 'v1', image: 'i', replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailablePercent(0) }] })).toHaveLength(1);
    expect(lint({ versions: [{ name: 'v1', image: 'i', autoscaling: { minReplicas: 2, maxReplicas: 9 }, disruptionBudget: DisruptionBudget.minAvailablePercent(100) }] })).toHaveLength(1);
  });

  test('GM119: the default budget, and percentages rounded up, leave room', () => {
    expect(lint({})).toEqual([]);
    expect(lint({ replicas: 2, disruptionBudget: DisruptionBudget.minAvailablePercent(50) })).toEqual([]);
    expect(lint({ replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailablePercent(1) })).toEqual([]);
  });
});
