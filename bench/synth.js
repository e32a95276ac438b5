#!/usr/bin/env node
/*
 * How long `npm run synth` takes, against a hello-world cdk8s app built and synthesized the same way.
 *
 *   node bench/synth.js [--runs N]      # N runs of each (default 7), interleaved; medians
 *
 * The hello-world app is generated in a temporary directory: one Chart with one cdk8s-plus-27
 * Deployment, this repository's tsconfig.json compiler options and node_modules (the same
 * TypeScript, cdk8s, cdk8s-plus-27 and cdk8s-cli), and the same synth script as package.json's
 * (`tsc -b tsconfig.json --noCheck && cdk8s synth --no-check-upgrade`). Both are measured
 *   - fresh: no compiled output (a fresh clone: lib/ removed before each run), and
 *   - warm: compiled output up to date (what a second `npm run synth` costs),
 *   - after an edit: a comment appended to one source file before each run (the repository's
 *     src/grpc-mesh-service.ts, the app's main.ts; restored at the end),
 * each run the synth script through `sh -c` with node_modules/.bin on the PATH (npm's own start-up,
 * the same for both, is left out). For comparison, this repository's synth is also timed with type
 * checking (`tsc -b tsconfig.json` instead of `--noCheck`, as `npm run synth` was before). The
 * repository's dist/ is rewritten by every run (with the same bytes).
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const SYNTH = pkg.scripts.synth;
const CHECKED = SYNTH.replace(' --noCheck', '');

function parseArgs(argv) {
  const opts = { runs: 7 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}; see the comment at the top of bench/synth.js`);
  }
  return opts;
}

/** The hello-world app, sharing this repository's node_modules and compiler options. */
function helloWorld() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hello-world-'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { ...compilerOptions, types: ['node'] }, include: ['main.ts'],
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'hello-world', private: true, scripts: { synth: SYNTH } }));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: node lib/main.js\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), `import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

const app = new App();
const chart = new Chart(app, 'hello');
new kplus.Deployment(chart, 'hello', { containers: [{ image: 'registry.example.com/hello:1.0.0', portNumber: 8080 }] });
app.synth();
`);
  return dir;
}

let edits = 0;

/** Runs a synth script once; `prepare`: 'fresh' removes lib/, or a file (relative to cwd) to edit. */
function timeOnce(cwd, script, prepare) {
  if (prepare === 'fresh') fs.rmSync(path.join(cwd, 'lib'), { recursive: true, force: true });
  else if (prepare) fs.appendFileSync(path.join(cwd, prepare), `// edit ${++edits}\n`);
  const env = { ...process.env, PATH: `${path.join(cwd, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, GRPC_MESH_LINT_QUIET: '1' };
  const t0 = process.hrtime.bigint();
  const res = spawnSync('sh', ['-c', script], { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${script} failed in ${cwd}:\n${res.stdout}\n${res.stderr}`);
  return ms;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function main() {
  const { runs } = parseArgs(process.argv.slice(2));
  const hello = helloWorld();
  const edited = 'src/grpc-mesh-service.ts';
  const original = fs.readFileSync(path.join(ROOT, edited), 'utf8');
  const cases = [
    { name: 'hello-world app, fresh', cwd: hello, script: SYNTH, prepare: 'fresh' },
    { name: 'npm run synth, fresh clone (no lib/)', cwd: ROOT, script: SYNTH, prepare: 'fresh' },
    { name: 'hello-world app, warm', cwd: hello, script: SYNTH },
    { name: 'npm run synth, lib/ up to date', cwd: ROOT, script: SYNTH },
    { name: 'hello-world app, after an edit', cwd: hello, script: SYNTH, prepare: 'main.ts' },
    { name: `npm run synth, after an edit of ${edited}`, cwd: ROOT, script: SYNTH, prepare: edited },
    { name: 'with type checking, fresh clone', cwd: ROOT, script: CHECKED, prepare: 'fresh' },
    { name: 'with type checking, lib/ up to date', cwd: ROOT, script: CHECKED },
    { name: `with type checking, after an edit of ${edited}`, cwd: ROOT, script: CHECKED, prepare: edited },
  ];
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)}; ${runs} runs each, interleaved`);
  console.log(`synth script: ${SYNTH}\n`);
  const samples = cases.map(() => []);
  try {
    // Warm-up: compile both once, so that "warm" starts from up-to-date output and disk caches are hot.
    for (const c of cases) timeOnce(c.cwd, c.script);
    for (let k = 0; k < runs; k++) {
      cases.forEach((c, i) => samples[i].push(timeOnce(c.cwd, c.script, c.prepare)));
    }
  } finally {
    // Leave the source as it was, and lib/ compiled and checked.
    fs.writeFileSync(path.join(ROOT, edited), original);
    timeOnce(ROOT, CHECKED);
    fs.rmSync(hello, { recursive: true, force: true });
  }
  const width = Math.max(...cases.map((c) => c.name.length));
  console.log(`${'case'.padEnd(width)}  median s  min-max s`);
  cases.forEach((c, i) => {
    const s = samples[i];
    console.log(`${c.name.padEnd(width)}  ${(median(s) / 1000).toFixed(2).padStart(8)}  ${(Math.min(...s) / 1000).toFixed(2)}-${(Math.max(...s) / 1000).toFixed(2)}`);
  });
}

main();
