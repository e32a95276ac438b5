import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import * as lib from '../../src';
import { docFiles, readDoc, ROOT } from '../support/docs';
import { expectValidManifests } from '../support/validate';

// Every `ts` snippet of the README and of the docs/ pages that builds an app is run as a user
// would run it (with 'cdk8s-grpc-mesh' resolved to this source), and must synthesize, validate and
// lint clean. The other snippets are fragments of a larger program, listed here per file by their
// first line so that a new snippet is never skipped unnoticed.

const FRAGMENTS: { [file: string]: string[] } = {
  'docs/props.md': ['const svc = new GrpcMeshService(chart, \'orders\', props);'],
  'docs/lint.md': ['new GrpcMeshService(chart, \'payments\', {'],
  'docs/validation.md': ['import { Testing } from \'cdk8s\';'],
  'docs/linkerd.md': ['Mesh.linkerd();'],
  // Several apps (one per batch); synthInBatches itself is tested in test/batch-synthesis.test.ts.
  'docs/performance.md': ['// main.ts of a monorepo: a chart per service, synthesized in batches'],
  // "Using a newer cdk8s-plus": run as test/workload/newer-cdk8s-plus.test.ts (against cdk8s-plus-32).
  'docs/cdk8s-plus.md': ['import { JsonPatch } from \'cdk8s\';'],
};

/** The `ts` snippets of a Markdown file, unindented. */
function snippetsOf(file: string): string[] {
  return [...readDoc(file).matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)]
    .map((m) => m[2].split('\n').map((line) => line.slice(m[1].length)).join('\n'));
}

const FILES = docFiles();
const SNIPPETS = FILES.flatMap((file) => snippetsOf(file).map((source) => ({ file, source })));
const FULL = SNIPPETS.filter((s) => s.source.includes('new App('));

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

describe('snippets of the README and docs/', () => {
  test.each(FILES)('every snippet of %s builds an app or is a listed fragment', (file) => {
    const fragments = snippetsOf(file).filter((s) => !s.includes('new App(')).map((s) => s.split('\n')[0]);
    const listed = FRAGMENTS[file] ?? [];
    const known = fragments.map((first) => listed.find((f) => first.startsWith(f)) ?? first);
    expect(known.sort()).toEqual([...listed].sort());
  });

  test('every file with listed fragments exists', () => {
    expect(Object.keys(FRAGMENTS).filter((file) => !FILES.includes(file))).toEqual([]);
  });

  test('the README\'s quick start and the .proto page build apps', () => {
    expect(FULL.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(1);
    expect(FULL.filter((s) => s.file === 'docs/proto.md').length).toBeGreaterThanOrEqual(1);
  });

  const name = (s: { file: string; source: string }) => `${s.file}: ${s.source.split('\n').find((l) => l.includes('new GrpcMeshService')) ?? s.source.slice(0, 40)}`;
  test.each(FULL.map((s) => [name(s), s.source]))('%s synthesizes, validates and lints clean', (_name, source) => {
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
