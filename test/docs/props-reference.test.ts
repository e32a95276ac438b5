import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { readDoc, ROOT } from '../support/docs';

// Every prop a user can set is in the props reference (docs/props.md; Linkerd's options in
// docs/linkerd.md): the construct's props and every options interface they reach, read from the
// source so that a new prop cannot be added without documenting it.

/** The property names of an exported interface, its own (not inherited). */
function props(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022);
  const found = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!found) throw new Error(`${file} has no interface ${name}`);
  return found.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text);
}

const PROPS = readDoc('docs/props.md');
const LINKERD = readDoc('docs/linkerd.md');
const LINT = readDoc('docs/lint.md');
const PERFORMANCE = readDoc('docs/performance.md');

/** The rows of the props table whose prop starts with `prefix`: where the nested props are listed. */
function rows(prefix: string): string {
  return PROPS.split('\n').filter((line) => line.startsWith(`| \`${prefix}`)).join('\n');
}

const CASES: [string, string, string][] = [
  ['src/grpc-mesh-service.ts', 'GrpcMeshServiceProps', rows('')],
  ['src/version.ts', 'VersionOptions', rows('versions')],
  ['src/route.ts', 'RouteOptions', rows('defaultRoute')],
  ['src/route.ts', 'MethodRouteOptions', rows('methods')],
  ['src/route.ts', 'RetryOptions', rows('retry.')],
  ['src/probe.ts', 'GrpcProbeOptions', rows('readinessProbe')],
  ['src/traffic-policy.ts', 'ConnectionPoolOptions', rows('connectionPool')],
  ['src/traffic-policy.ts', 'OutlierDetectionOptions', rows('outlierDetection')],
  ['src/client.ts', 'AuthorizationOptions', rows('authorization')],
  ['src/client.ts', 'AuthorizationRule', rows('authorization')],
  ['src/telemetry.ts', 'TelemetryOptions', rows('telemetry')],
  ['src/telemetry.ts', 'TracingOptions', rows('telemetry.tracing')],
  ['src/ingress.ts', 'IngressOptions', rows('ingress')],
  ['src/ingress.ts', 'JwtOptions', rows('ingress.jwt')],
  ['src/workload/options.ts', 'AutoscalingOptions', rows('autoscaling')],
  ['src/workload/options.ts', 'TopologySpreadOptions', rows('topologySpread')],
  ['src/workload/options.ts', 'DrainOptions', rows('drain')],
  ['src/workload/options.ts', 'HealthPortPolicyOptions', rows('healthPortPolicy')],
  ['src/istio/istio-options.ts', 'IstioOptions', rows('mesh')],
  ['src/delivery/delivery.ts', 'CanaryAnalysisOptions', rows('delivery')],
  ['src/linkerd/linkerd-options.ts', 'LinkerdOptions', LINKERD],
  ['src/linkerd/linkerd-options.ts', 'RetryBudgetOptions', LINKERD],
  ['src/linkerd/linkerd-options.ts', 'FailureAccrualOptions', LINKERD],
  ['src/cli/plugin.ts', 'GrpcMeshValidationProps', LINT],
  ['src/batch-synthesis.ts', 'BatchSynthesisProps', PERFORMANCE],
];

describe('the props reference documents every prop', () => {
  test.each(CASES)('%s %s', (file, name, text) => {
    const names = props(file, name);
    expect(names.length).toBeGreaterThan(0);
    const missing = names.filter((p) => !new RegExp(`[\`{.,\\s]${p}\\??[\`}?,:.[\\s(]`).test(text));
    expect(missing).toEqual([]);
  });
});
