import { execFileSync } from 'child_process';
import * as path from 'path';
import * as ts from 'typescript';
import * as entry from '../src';
import * as validation from '../src/validation';

const root = path.resolve(__dirname, '..');

/** The modules a fresh Node process has loaded after running `script` (TypeScript sources, transpiled). */
function modulesLoadedBy(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-e', `${script}; console.log(JSON.stringify(Object.keys(require.cache)))`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') } },
  );
  return (JSON.parse(out) as string[]).map((m) => path.relative(root, m).split(path.sep).join('/'));
}

const validator = (m: string): boolean => m.startsWith('src/validation/') || m.startsWith('node_modules/@bufbuild/');
const protoParser = (m: string): boolean => m.startsWith('node_modules/protobufjs/') || m === 'src/proto/proto-loader.ts';

describe('the package entry', () => {
  test('requiring it loads neither the manifest validator nor the .proto parser', () => {
    const loaded = modulesLoadedBy("require('./src')");
    expect(loaded).toContain('src/grpc-mesh-service.ts');
    expect(loaded.filter(validator)).toEqual([]);
    expect(loaded.filter(protoParser)).toEqual([]);
  }, 60_000);

  test('the .proto parser loads when a .proto is first parsed', () => {
    const loaded = modulesLoadedBy(
      "require('./src').GrpcApi.fromProtoText('syntax = \"proto3\"; package p; message M {} service S { rpc Get(M) returns (M); }')",
    );
    expect(loaded).toContain('node_modules/protobufjs/index.js');
    expect(loaded.filter(validator)).toEqual([]);
  }, 60_000);

  test('the validator is not part of the entry: it is the cdk8s-grpc-mesh/validation subpath', () => {
    expect(Object.keys(entry)).not.toContain('validateManifests');
    expect(Object.keys(validation).sort()).toEqual([
      'UnknownKinds', 'ValidationRelease', 'formatProblem', 'listManifestFiles', 'parseManifestFiles', 'parseManifests',
      'validateManifestFiles', 'validateManifests', 'validateManifestsDetailed',
    ]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exportsMap = (require('../package.json') as { exports: Record<string, { default: string }> }).exports;
    expect(exportsMap['.'].default).toBe('./lib/src/index.js');
    expect(exportsMap['./validation'].default).toBe('./lib/src/validation/index.js');
  });

  test('the declarations in lib/ (npm test builds them first) type-check without skipLibCheck: nothing public refers to a stripped @internal', () => {
    const entries = ['lib/src/index.d.ts', 'lib/src/validation/index.d.ts'].map((f) => path.join(root, f));
    const program = ts.createProgram(entries, {
      strict: true, skipLibCheck: false, noEmit: true, types: ['node'], target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
    // Every value they declare exists at runtime (a function in a module exported with `export type *` would not).
    const checker = program.getTypeChecker();
    for (const entry of entries) {
      const declared = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
      const values = declared.filter((s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const runtime = require(entry.replace(/\.d\.ts$/, '.js')) as object;
      expect(values.map((s) => s.name).filter((name) => !(name in runtime))).toEqual([]);
    }
  }, 60_000);
});
