import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { ApiObject } from 'cdk8s';
import { allLintRules, Client, formatFinding, IstioResources, LinkerdResources, LintFinding, Mesh, RetryOn, Streaming } from '../../src';
import { baseProps, errorOf, synthService } from '../support/service';

const codes = (findings: LintFinding[]) => findings.map((f) => f.code);
const lintOf = (overrides = {}) => synthService(baseProps(overrides)).service.lint();

/** Lints after an escape-hatch patch on one Istio object. */
function lintPatched(pick: (r: IstioResources) => ApiObject, ...patches: JsonPatch[]): LintFinding[] {
  const { service } = synthService(baseProps({ methods: [{ name: 'p.S/Watch', streaming: Streaming.SERVER }] }));
  pick(IstioResources.of(service)).addJsonPatch(...patches);
  return service.lint();
}

describe('mesh lint', () => {
  test('the default props lint clean', () => {
    expect(lintOf()).toEqual([]);
  });

  test('GM101: VirtualService weights changed by a patch to not sum to 100', () => {
    const findings = lintPatched((r) => r.virtualService!, JsonPatch.add('/spec/http/1/route/0/weight', 90));
    expect(findings).toEqual([expect.objectContaining({ code: 'GM101', severity: 'error', message: 'VirtualService svc http[1] weights sum to 90; make them add up to 100' })]);
  });

  test('GM102: a route after the match-less default route is unreachable', () => {
    const findings = lintPatched((r) => r.virtualService!, JsonPatch.add('/spec/http/-', { name: 'late', match: [{ uri: { exact: '/p.S/X' } }], route: [{ destination: { host: 'h' } }] }));
    expect(codes(findings)).toEqual(['GM102']);
    expect(findings[0].message).toBe('VirtualService svc http[2] is unreachable after the match-less http[1]; move the default route last');
  });

  test('GM102: an exact match covered by an earlier service prefix', () => {
    const findings = lintPatched((r) => r.virtualService!, JsonPatch.add('/spec/http/0', { name: 'svc', match: [{ uri: { prefix: '/p.S/' } }], route: [{ destination: { host: 'h' } }] }));
    expect(codes(findings)).toEqual(['GM102']);
  });

  test('GM103: an explicit retry on a method that is not idempotent warns', () => {
    const findings = lintOf({ methods: [{ name: 'p.S/Update', idempotent: false, retry: { attempts: 1 } }] });
    expect(findings).toEqual([{
      code: 'GM103', rule: 'retry-not-idempotent', severity: 'warning',
      message: 'methods[0] retries a method that is not idempotent: a retried call may run twice; remove methods[0].retry unless the server deduplicates, or acknowledge it (LintAcknowledgement.ofMethod)',
      route: 'p.S/Update',
    }]);
  });

  test('GM104: (attempts + 1) tries x per-try timeout beyond the route timeout warns; exactly equal does not', () => {
    const on = [RetryOn.UNAVAILABLE, RetryOn.RESET];
    expect(lintOf({ defaultRoute: { timeout: Duration.seconds(60), retry: { attempts: 3, perTryTimeout: Duration.seconds(20), on } } })).toEqual([{
      code: 'GM104', rule: 'retries-exceed-timeout', severity: 'warning',
      message: 'the default route: 4 tries (1 + 3 retries) x 20000ms per try exceed the 60000ms route timeout; lower attempts or perTryTimeout, or raise the timeout',
      route: 'defaultRoute',
    }]);
    expect(lintOf({ defaultRoute: { timeout: Duration.seconds(60), retry: { attempts: 2, perTryTimeout: Duration.seconds(20), on } } })).toEqual([]);
  });

  test('GM117: never from the props, whose per-try timeouts always come with reset', () => {
    expect(lintOf({
      defaultRoute: { timeout: Duration.seconds(10), retry: { attempts: 1, perTryTimeout: Duration.seconds(4) } },
      methods: [{ name: 'p.S' }, { name: 'p.S/Get' }, { name: 'p.T/Get', retry: { attempts: 1, perTryTimeout: Duration.seconds(2) } }],
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c' },
    }).filter((f) => f.code === 'GM117')).toEqual([]);
  });

  test('GM117 reads the VirtualService as written: a patched retryOn without reset is linted', () => {
    const findings = lintPatched((r) => r.virtualService!, JsonPatch.add('/spec/http/1/retries', { attempts: 2, perTryTimeout: '1s', retryOn: 'cancelled' }));
    expect(findings).toEqual([{
      code: 'GM117', rule: 'per-try-timeout-not-retried', severity: 'warning',
      message: 'VirtualService svc http[1]: a try that reaches its 1s per-try timeout ends the call instead of being retried, as retryOn "cancelled" has no reset; add reset to its retryOn, or remove perTryTimeout',
    }]);
  });

  test('GM116: PERMISSIVE mTLS with identity-based authorization warns', () => {
    const { MutualTlsMode } = require('../../src');
    expect(codes(lintOf({ mtls: MutualTlsMode.PERMISSIVE }))).toEqual(['GM116']);
  });

  test('GM114 does not fire when the ingress gateway is admitted', () => {
    expect(lintOf({ authorization: { allow: [] }, ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c' } })).toEqual([]);
  });

  test('GM105: a timeout added to a streaming route by a patch is an error', () => {
    const findings = lintPatched((r) => r.virtualService!, JsonPatch.add('/spec/http/0/timeout', '30s'));
    expect(findings).toEqual([expect.objectContaining({ code: 'GM105', message: 'VirtualService svc route p-s-watch is a streaming method with timeout 30s; remove the timeout' })]);
  });

  test('GM105 and GM106 read Linkerd GRPCRoutes as written: a patched timeout on a stream, a patched resource-exhausted retry', () => {
    const { service } = synthService(baseProps({
      mesh: Mesh.linkerd(),
      methods: [{ name: 'p.S/Watch', streaming: Streaming.SERVER }, { name: 'p.S/Get', timeout: Duration.seconds(5) }],
    }));
    expect(service.lint()).toEqual([]);
    const routes = LinkerdResources.of(service).routes;
    routes['p-s-watch'].metadata.addAnnotation('timeout.linkerd.io/request', '30s');
    routes['p-s-get'].metadata.addAnnotation('retry.linkerd.io/grpc', 'unavailable,resource-exhausted');
    expect(service.lint().map((f) => [f.code, f.message])).toEqual([
      ['GM105', 'GRPCRoute svc-p-s-watch is a streaming method with a timeout.linkerd.io/request annotation; remove it'],
      ['GM106', 'GRPCRoute svc-p-s-get retries resource-exhausted, which adds load to an overloaded server; drop it from retry.linkerd.io/grpc'],
    ]);
  });

  test('GM106: a VirtualService patched to retry resource-exhausted warns once; the props asking for it warn on the prop', () => {
    const findings = lintPatched((r) => r.virtualService!, JsonPatch.add('/spec/http/1/retries', { attempts: 1, retryOn: 'resource-exhausted' }));
    expect(findings.map((f) => f.message)).toEqual(['VirtualService svc route default retries resource-exhausted, which adds load to an overloaded server; drop it from retryOn']);
    expect(lintOf({ defaultRoute: { retry: { attempts: 1, on: [RetryOn.RESOURCE_EXHAUSTED] } } }).map((f) => f.message))
      .toEqual(['the default route retries resource-exhausted, which adds load to an overloaded server; drop RetryOn.RESOURCE_EXHAUSTED from defaultRoute.retry.on']);
  });

  test('GM106: retrying resource-exhausted warns', () => {
    expect(codes(lintOf({ defaultRoute: { retry: { attempts: 1, on: [RetryOn.RESOURCE_EXHAUSTED] } } }))).toEqual(['GM106']);
  });

  test('GM107: a max ejection percent that ejects no endpoint warns per version', () => {
    const findings = lintOf({ replicas: 3, outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 20 } });
    expect(findings.map((f) => f.message)).toEqual([
      'outlierDetection.maxEjectionPercent 20 ejects no endpoint of version v1 (3 replicas); raise it to at least 34',
      'outlierDetection.maxEjectionPercent 20 ejects no endpoint of version v2 (3 replicas); raise it to at least 34',
    ]);
    expect(lintOf({ replicas: 3, outlierDetection: { consecutive5xxErrors: 5, maxEjectionPercent: 34 } })).toEqual([]);
  });

  test('GM108: a min health percent that disables ejection warns', () => {
    expect(codes(lintOf({ replicas: 2, versions: [{ name: 'v1', image: 'i' }], outlierDetection: { consecutive5xxErrors: 5, minHealthPercent: 60 } }))).toEqual(['GM108']);
    expect(lintOf({ replicas: 3, versions: [{ name: 'v1', image: 'i' }], outlierDetection: { consecutive5xxErrors: 5, minHealthPercent: 30 } })).toEqual([]);
  });

  test('GM109: h2UpgradePolicy UPGRADE at the top level warns', () => {
    const findings = lintPatched((r) => r.destinationRule!, JsonPatch.add('/spec/trafficPolicy/connectionPool', { http: { h2UpgradePolicy: 'UPGRADE' } }));
    expect(codes(findings)).toEqual(['GM109']);
  });

  test('GM114: an empty allow list warns that nobody is admitted', () => {
    expect(codes(lintOf({ authorization: { allow: [] } }))).toEqual(['GM114']);
    expect(lintOf({ authorization: { allow: [{ clients: [Client.anyMeshWorkload()] }] } })).toEqual([]);
  });

  test('errors in the written objects are found by service.lint(), not at synth (the manifest lint runs on what synth wrote)', () => {
    const chart = new Chart(Testing.app(), 'test');
    const { GrpcMeshService } = require('../../src');
    const svc = new GrpcMeshService(chart, 'svc', baseProps({ methods: [{ name: 'p.S/W', streaming: Streaming.SERVER }] }));
    IstioResources.of(svc).virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/timeout', '5s'));
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(svc.lint().map(formatFinding)).toEqual([
      'error GM105 streaming-timeout: VirtualService svc route p-s-w is a streaming method with timeout 5s; remove the timeout',
    ]);
  });

  test('warnings are printed once at synth unless GRPC_MESH_LINT_QUIET is set', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { written.push(String(chunk)); return true; });
    delete process.env.GRPC_MESH_LINT_QUIET;
    try {
      const chart = new Chart(Testing.app(), 'test');
      const { GrpcMeshService } = require('../../src');
      new GrpcMeshService(chart, 'svc', baseProps({ authorization: { allow: [] } }));
      Testing.synth(chart);
      Testing.synth(chart);
    } finally {
      process.env.GRPC_MESH_LINT_QUIET = '1';
      spy.mockRestore();
    }
    expect(written).toEqual([
      '[test/svc] warning GM114 admits-nobody: authorization.allow is empty, so every call is denied; add a rule with the clients that call this service\n',
    ]);
  });

  test('warnings pass synth, and fail it with strict: true', () => {
    const props = { authorization: { allow: [] } };
    expect(() => synthService(baseProps(props))).not.toThrow();
    expect(errorOf(() => synthService(baseProps({ ...props, strict: true })))).toBe(
      'Validation failed with the following errors:\n  [test/svc] warning GM114 admits-nobody: authorization.allow is empty, so every call is denied; add a rule with the clients that call this service',
    );
  });

  test('a code is one rule (one name and severity, in each mesh that checks it) and the table in docs/lint.md lists every rule', () => {
    const rules = allLintRules();
    expect(new Set(rules.map((r) => `${r.code} ${r.description}`)).size).toBe(rules.length);
    for (const r of rules) {
      expect(rules.filter((x) => x.code === r.code).map((x) => [x.code, x.rule, x.severity])).toEqual(rules.filter((x) => x.code === r.code).map(() => [r.code, r.rule, r.severity]));
    }
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'lint.md'), 'utf8');
    const table = rules.map((r) => `| ${r.code} | ${r.rule} | ${r.severity} | ${r.description} |`).join('\n');
    expect(readme).toContain(table);
  });
});
