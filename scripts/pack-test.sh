#!/usr/bin/env bash
# npm run pack-test: what another team gets from `npm install cdk8s-grpc-mesh`.
#
# Packs the library (prepack builds lib/), checks the tarball holds the compiled JavaScript, the
# .d.ts files, README, LICENSE and the runtime schemas and nothing else, then installs it with its
# peer dependencies (the versions of package.json's devDependencies) and TypeScript 5.9.3 into a
# fresh cdk8s app in a temporary directory, type-checks a small app with one GrpcMeshService on
# Istio (strict) that validates its output with the cdk8s-grpc-mesh/validation subpath, under the
# module resolutions TypeScript users have (node10, node16, bundler), checks the package's .d.ts
# without skipLibCheck, compiles and runs the app, and checks the synthesized YAML has a
# VirtualService. Then checks every value the declarations export exists at runtime, and that
# requiring the entry loads neither the validator nor the .proto parser.
#
# Offline when npm's cache is warm (CI runs npm ci first). KEEP_PACK_TEST=1 keeps the directory.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-grpc-mesh-pack-test.XXXXXX")"
if [ "${KEEP_PACK_TEST:-}" = 1 ]; then
  echo "pack-test: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
fail() { echo "pack-test: $*" >&2; exit 1; }

# 1. Pack. The JSON report goes to a file: prepack's output must not mix with it.
cd "$root"
npm pack --json --pack-destination "$work" > "$work/pack.json"
tarball="$work/$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r[0].filename)' "$work/pack.json")"
[ -f "$tarball" ] || fail "npm pack made no tarball"

# 2. The tarball's contents.
tar -tzf "$tarball" | sed 's|^package/||' | sort > "$work/files.txt"
allowed='^(package\.json|README\.md|LICENSE|lib/(src|imports)/.+\.(js|d\.ts)|schemas/[^/]+\.json)$'
if grep -Ev "$allowed" "$work/files.txt" > "$work/unexpected.txt"; then
  fail "files that do not belong in the package:"$'\n'"$(cat "$work/unexpected.txt")"
fi
for required in package.json README.md LICENSE lib/src/index.js lib/src/index.d.ts \
  lib/imports/networking.istio.io.js lib/imports/networking.istio.io.d.ts schemas/core.json schemas/crds.json; do
  grep -qxF "$required" "$work/files.txt" || fail "$required is missing from the package"
done
# Every compiled file has its source: no leftovers of deleted sources in lib/.
while read -r file; do
  case "$file" in
    lib/*.d.ts) source="${file#lib/}"; source="${source%.d.ts}.ts" ;;
    lib/*.js) source="${file#lib/}"; source="${source%.js}.ts" ;;
    *) continue ;;
  esac
  [ -f "$root/$source" ] || fail "$file has no source $source (stale lib/? run: rm -rf lib && npm run build)"
done < "$work/files.txt"
echo "pack-test: $(basename "$tarball"): $(wc -l < "$work/files.txt") files, contents as expected"

# 3. A fresh cdk8s app that installs the tarball and the peers at the versions we test with.
version() { node -e 'console.log(require(process.argv[1]).devDependencies[process.argv[2]])' "$root/package.json" "$1"; }
app="$work/app"
mkdir -p "$app/src"
cd "$app"
cat > package.json <<'JSON'
{ "name": "pack-test-app", "version": "0.0.0", "private": true }
JSON
cat > cdk8s.yaml <<'YAML'
language: typescript
app: node out/main.js
YAML
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "lib": ["ES2022"],
    "strict": true,
    "noImplicitReturns": true,
    "noUnusedLocals": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "types": [],
    "outDir": "out",
    "rootDir": "src"
  },
  "include": ["src/**/*.ts"]
}
JSON
cat > src/main.ts <<'TS'
import { App, Chart, Duration } from 'cdk8s';
import { Client, formatFinding, GrpcMeshService, grpcPath, IstioResources, Mesh, RetryOn, Streaming } from 'cdk8s-grpc-mesh';
import { formatProblem, UnknownKinds, validateManifestsDetailed } from 'cdk8s-grpc-mesh/validation';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'orders', { namespace: 'shop' });
const service: GrpcMeshService = new GrpcMeshService(chart, 'orders', {
  mesh: Mesh.istio(),
  versions: [
    { name: 'v1', image: 'registry.example.com/orders:1.4.0' },
    { name: 'v2', image: 'registry.example.com/orders:1.5.0' },
  ],
  defaultRoute: {
    weights: { v1: 95, v2: 5 },
    timeout: Duration.seconds(5),
    retry: { attempts: 2, perTryTimeout: Duration.millis(1500), on: [RetryOn.UNAVAILABLE] },
  },
  methods: [
    { name: 'shop.Orders/GetOrder' },
    { name: 'shop.Orders/PlaceOrder', idempotent: false },
    { name: 'shop.Orders/WatchOrders', streaming: Streaming.SERVER },
  ],
  authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front')] }] },
});
const hosts: string[] = IstioResources.of(service).virtualService!.toJson().spec.hosts;
if (hosts.length !== 1) throw new Error(`expected one host, got ${hosts.join(', ')}`);
// The README's quick start props (the same as these) lint clean.
const findings = service.lint();
if (findings.length) throw new Error(`expected no lint findings, got:\n${findings.map(formatFinding).join('\n')}`);
if (grpcPath({ service: 'shop.Orders', method: 'PlaceOrder' }) !== '/shop.Orders/PlaceOrder') throw new Error('grpcPath');
const result = validateManifestsDetailed(chart.toJson(), { unknownKinds: UnknownKinds.FAIL });
if (result.problems.length) throw new Error(result.problems.map(formatProblem).join('\n'));
app.synth();
TS

npm install --prefer-offline --no-audit --no-fund \
  "$tarball" \
  "cdk8s@$(version cdk8s)" "cdk8s-plus-27@$(version cdk8s-plus-27)" "constructs@$(version constructs)" \
  typescript@5.9.3 > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "npm install failed"; }

# 4. Type-check (strict) with each module resolution, check our .d.ts, compile, run, look at the YAML.
./node_modules/.bin/tsc --noEmit -p tsconfig.json || fail "the app does not type-check against the package's .d.ts"
./node_modules/.bin/tsc --noEmit -p tsconfig.json --module node16 --moduleResolution node16 \
  || fail "the app does not type-check with moduleResolution node16 (package.json exports)"
./node_modules/.bin/tsc --noEmit -p tsconfig.json --module preserve --moduleResolution bundler \
  || fail "the app does not type-check with moduleResolution bundler (package.json exports)"
./node_modules/.bin/tsc --noEmit -p tsconfig.json --skipLibCheck false \
  || fail "the package's .d.ts (or a peer's) do not type-check without skipLibCheck"
./node_modules/.bin/tsc -p tsconfig.json || fail "the app does not compile"
node out/main.js 2> "$work/run.err" || { cat "$work/run.err" >&2; fail "the app does not run"; }
[ ! -s "$work/run.err" ] || { cat "$work/run.err" >&2; fail "the app printed to stderr (lint warnings?)"; }
yaml="dist/orders.k8s.yaml"
[ -s "$yaml" ] || fail "$yaml was not synthesized"
grep -qx 'kind: VirtualService' "$yaml" || fail "$yaml has no VirtualService"
grep -q 'host: orders.shop.svc.cluster.local' "$yaml" || fail "$yaml does not route to orders.shop.svc.cluster.local"
# 5. What the declarations promise exists at runtime; the entry stays lean.
node - <<'JS' || fail "the package's runtime does not match its declarations, or its entry is not lean"
const ts = require('typescript');
const check = (specifier) => {
  const file = require.resolve(specifier).replace(/\.js$/, '.d.ts');
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)));
  const values = exported.filter((s) => (checker.getExportSymbolOfSymbol(s).flags & ts.SymbolFlags.Value) !== 0 || (s.flags & ts.SymbolFlags.Alias && (checker.getAliasedSymbol(s).flags & ts.SymbolFlags.Value) !== 0));
  const runtime = require(specifier);
  const missing = values.map((s) => s.name).filter((name) => !(name in runtime));
  if (missing.length) throw new Error(`${specifier} declares, but does not export at runtime: ${missing.join(', ')}`);
  return values.length;
};
const before = new Set(Object.keys(require.cache));
require('cdk8s-grpc-mesh');
const loaded = Object.keys(require.cache).filter((m) => !before.has(m));
const heavy = loaded.filter((m) => /[\\/](protobufjs|@bufbuild)[\\/]|[\\/]cdk8s-grpc-mesh[\\/]lib[\\/]src[\\/]validation[\\/]/.test(m));
if (heavy.length) throw new Error(`require('cdk8s-grpc-mesh') loaded ${heavy.join(', ')}`);
console.log(`pack-test: ${check('cdk8s-grpc-mesh')} values of cdk8s-grpc-mesh and ${check('cdk8s-grpc-mesh/validation')} of cdk8s-grpc-mesh/validation exist at runtime; the entry loads no validator or proto parser`);
JS
echo "pack-test: a fresh app installed the package, type-checked, and synthesized $(grep -c '^kind: ' "$yaml") objects, a VirtualService among them"

# 5. The command (package bin) and the cdk8s-cli plugin, as a user runs them on the written YAML.
./node_modules/.bin/cdk8s-grpc-mesh validate --json dist > "$work/validate.json" \
  || { cat "$work/validate.json" >&2; fail "npx cdk8s-grpc-mesh validate dist failed"; }
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (!r.ok || r.objects < 8) process.exit(1)' "$work/validate.json" \
  || fail "npx cdk8s-grpc-mesh validate --json: unexpected result $(cat "$work/validate.json")"
node -e 'const { GrpcMeshValidation } = require(require("path").resolve(process.argv[1])); if (typeof new GrpcMeshValidation({}).validate !== "function") process.exit(1)' \
  ./node_modules/cdk8s-grpc-mesh/lib/src/cli/plugin.js || fail "the cdk8s-cli plugin does not load from ./node_modules/cdk8s-grpc-mesh/lib/src/cli/plugin.js"
echo "pack-test: npx cdk8s-grpc-mesh validate passed the app's YAML; the cdk8s-cli plugin loads"
