import { Chart, Duration, Testing } from 'cdk8s';
import {
  GrpcMeshService, GrpcMeshServiceProps, LinkerdProvider, LintAcknowledgement, LINT_RULES, Mesh, RetryOn, Streaming,
} from '../../src';
import { ISTIO_LINT_RULES } from '../../src/istio/lint-rules';
import { LinkerdMode } from '../../src/linkerd/linkerd-options';
import { LINKERD_LINT_RULES } from '../../src/linkerd/lint-rules';
import { lintModel, lintObjects } from '../../src/lint/lint';
import { allLintRules, modelLintRules } from '../../src/lint/rules';
import { baseProps } from '../support/service';

// The lint of the props at construction (lintModel) runs only the rules that can find something
// without objects: the built-in meshes' rules read only objects, and GM120 needs their findings.

// Each mesh with what the props' lint finds below (a ServiceProfile has no per-try timeout and
// retries a fixed set of codes).
const meshes: [string, () => Mesh, string[]][] = [
  ['Istio', () => Mesh.istio(), ['GM104', 'GM106', 'GM106', 'GM114']],
  ['Linkerd', () => Mesh.linkerd(), ['GM104', 'GM106', 'GM106', 'GM114']],
  ['Linkerd legacy', () => Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), ['GM114']],
];

/** Props with findings of several rules (GM103, GM104, GM106, GM114) and an acknowledged one. */
const withFindings = (mesh: Mesh): GrpcMeshServiceProps => {
  const legacy = mesh.provider instanceof LinkerdProvider && mesh.provider.mode === LinkerdMode.SERVICE_PROFILE;
  const on = legacy ? undefined : [RetryOn.RESOURCE_EXHAUSTED];
  return baseProps({
    mesh,
    defaultRoute: { timeout: Duration.seconds(2), retry: { attempts: 3, perTryTimeout: legacy ? undefined : Duration.seconds(1), on } },
    methods: [
      { name: 'p.S/Create', idempotent: false, retry: { attempts: 1 } },
      { name: 'p.S/Watch', streaming: Streaming.SERVER },
      { name: 'p.S/Get', retry: { attempts: 2, on } },
    ],
    authorization: { allow: [] },
    lintAcknowledgements: [LintAcknowledgement.ofMethod('GM103', 'p.S/Create', 'the server deduplicates')],
  });
};

const construct = (props: GrpcMeshServiceProps) => new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', props);

describe.each(meshes)('the props\' lint of a service on %s', (_name, mesh, codes) => {
  test('finds exactly what every rule finds without objects (GM120 aside)', () => {
    const service = construct(withFindings(mesh()));
    const everyRule = lintObjects(service.model, []).filter((f) => f.code !== 'GM120');
    expect(everyRule.map((f) => f.code)).toEqual(codes);
    expect(lintModel(service.model)).toEqual(everyRule);
  });

  test('runs no rule of a built-in mesh, its own or another\'s', () => {
    const spies = [...ISTIO_LINT_RULES, ...LINKERD_LINT_RULES].map((rule) => jest.spyOn(rule, 'check'));
    try {
      const service = construct(withFindings(mesh()));
      expect(spies.filter((s) => s.mock.calls.length > 0)).toEqual([]);
      // service.lint() (with the objects) still runs every rule.
      service.lint();
      expect(spies.filter((s) => s.mock.calls.length === 0)).toEqual([]);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });
});

test('every built-in mesh rule finds nothing in a model without objects', () => {
  for (const m of meshes) {
    const model = construct(withFindings(m[1]())).model;
    for (const rule of [...ISTIO_LINT_RULES, ...LINKERD_LINT_RULES]) {
      expect([m[0], rule.code, rule.check({ model, objects: [] })]).toEqual([m[0], rule.code, []]);
    }
  }
});

describe('the sorted rules', () => {
  test('are sorted once, and again when a rule list changes; allLintRules returns a copy', () => {
    const before = allLintRules();
    expect(allLintRules()).toEqual(before);
    before.pop();
    expect(allLintRules()).toHaveLength(before.length + 1);
    LINT_RULES.push({ code: 'GM000', rule: 'first', severity: LINT_RULES[0].severity, description: 'x', check: () => [{ message: 'found' }] });
    try {
      expect(allLintRules()[0].code).toBe('GM000');
      expect(modelLintRules()[0].code).toBe('GM000');
      expect(lintModel(construct(baseProps()).model).map((f) => f.code)).toEqual(['GM000']);
    } finally {
      LINT_RULES.pop();
    }
    expect(allLintRules().map((r) => r.code)).not.toContain('GM000');
    expect(modelLintRules().map((r) => r.code)).not.toContain('GM000');
  });

  test('the model rules are the mesh-neutral ones but GM120', () => {
    expect(modelLintRules().map((r) => r.code)).toEqual(LINT_RULES.map((r) => r.code).filter((c) => c !== 'GM120'));
  });
});
