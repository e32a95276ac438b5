import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import * as lib from '../../src';
import { expectValidManifests } from '../support/validate';

// Every `ts` snippet of the README that builds an app is run as a user would run it (with
// 'cdk8s-grpc-mesh' resolved to this source), and must synthesize, validate and lint clean. The
// other snippets are fragments of a larger program, listed here by their first line so that a new
// snippet is never skipped unnoticed.

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const FRAGMENTS = [
  'const svc = new GrpcMeshService(chart, \'orders\', props);',
  'new GrpcMeshService(chart, \'payments\', {',
  'import { Testing } from \'cdk8s\';',
  'Mesh.linkerd();',
  // Several apps (one per batch); synthInBatches itself is tested in test/batch-synthesis.test.ts.
  '// main.ts of a monorepo: a chart per service, synthesized in batches',
  // "Using a newer cdk8s-plus": run as test/workload/newer-cdk8s-plus.test.ts (against cdk8s-plus-32).
  'import { ApiObject, JsonPatch } from \'cdk8s\';',
];

const snippets = [...README.matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)]
  .map((m) => m[2].split('\n').map((line) => line.slice(m[1].length)).join('\n'));

/** Runs a snippet; returns the apps it created. */
function run(source: string): cdk8s.App[] {
  const apps: cdk8s.App[] = [];
  class App extends cdk8s.App {
    public constructor(props?: cdk8s.AppProps) {
      super(props);
      apps.push(this);
    }
  }
  const modules: { [name: string]: unknown } = { 'cdk8s': { ...cdk8s, App }, 'cdk8s-grpc-mesh': lib };
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} };
  new Function('require', 'module', 'exports', js)((name: string) => modules[name] ?? require(name), module, module.exports);
  return apps;
}

describe('README snippets', () => {
  const full = snippets.filter((s) => s.includes('new App('));

  test('every snippet builds an app or is a known fragment', () => {
    const fragments = snippets.filter((s) => !s.includes('new App(')).map((s) => s.split('\n')[0]);
    const known = fragments.map((first) => FRAGMENTS.find((f) => first.startsWith(f)) ?? first);
    expect(known.sort()).toEqual([...FRAGMENTS].sort());
    expect(full.length).toBeGreaterThanOrEqual(2);
  });

  test.each(full.map((s) => [s.split('\n').find((l) => l.includes('new GrpcMeshService')) ?? s.slice(0, 40), s]))('%s synthesizes, validates and lints clean', (_name, source) => {
    // As in a user's project: app.synth() writes to its outdir, .proto files are found under protos/.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-mesh-readme-'));
    fs.symlinkSync(path.join(ROOT, 'test', 'fixtures', 'proto'), path.join(dir, 'protos'));
    const cwd = process.cwd();
    const outdir = process.env.CDK8S_OUTDIR;
    process.chdir(dir);
    process.env.CDK8S_OUTDIR = path.join(dir, 'dist');
    let apps: cdk8s.App[];
    try {
      apps = run(source);
    } finally {
      process.chdir(cwd);
      if (outdir === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = outdir;
    }
    expect(apps).toHaveLength(1);
    const services = apps[0].node.findAll().filter((c): c is lib.GrpcMeshService => c instanceof lib.GrpcMeshService);
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) expect(service.lint()).toEqual([]);
    for (const chart of apps[0].charts) expectValidManifests(chart.toJson());
  });
});
