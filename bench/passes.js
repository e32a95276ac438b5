#!/usr/bin/env node
/*
 * The cost of one cdk8s whole-app pass, which a Chart per service pays once per chart.
 *
 *   node bench/passes.js [--sizes 500,1000,2000,3000] [--mesh istio|linkerd|linkerd-service-profile] [--runs N]
 *                                       # lib/ must be built (npm run build)
 *
 * `Chart.toJson()` resolves dependencies and validates the whole app before it renders its own
 * objects; an empty chart renders nothing, so `emptyChart.toJson()` is one pass and nothing else.
 * For each size, in fresh processes (alternating which goes first is not needed: one app per
 * process), an app of N charts holds either N GrpcMeshServices (the bench's service, see run.js)
 * or the same objects as plain ApiObjects; 20 untimed passes, then 200 timed ones. Printed: CPU
 * ms per pass (median of the runs), construct nodes, and CPU ns per node. The per-node cost is
 * not constant: it grows with the app once the walk no longer fits the CPU's caches, which is why
 * a ratio measured near that point (about 11,000 nodes on the 2-core machine of docs/performance.md)
 * moves with small changes in the number of nodes.
 */
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'lib', 'src', 'index.js');

function child(kind, meshKey, services) {
  const cdk8s = require('cdk8s');
  const m = require(ENTRY);
  const { serviceProps, serviceName, MESHES } = require('./run.js');
  const { App, Chart, ApiObject } = cdk8s;
  const mesh = MESHES.find((d) => d.key === meshKey);
  const props = () => serviceProps(m, cdk8s, mesh.make(m));
  const templateApp = new App();
  const templateChart = new Chart(templateApp, 'tmpl-svc', { namespace: 'bench' });
  new m.GrpcMeshService(templateChart, 'tmpl-svc', props());
  const template = JSON.stringify(Object.values(templateChart.toJson()));
  const app = new App();
  for (let i = 0; i < services; i++) {
    const chart = new Chart(app, serviceName(i), { namespace: 'bench' });
    if (kind === 'service') {
      new m.GrpcMeshService(chart, serviceName(i), props());
    } else {
      const docs = JSON.parse(template.replaceAll('tmpl-svc', serviceName(i)));
      docs.forEach((doc, j) => new ApiObject(chart, `${i}-${j}`, doc));
    }
  }
  const empty = new Chart(app, 'empty');
  for (let k = 0; k < 20; k++) empty.toJson();
  const passes = 200;
  const c0 = process.cpuUsage();
  for (let k = 0; k < passes; k++) empty.toJson();
  const u = process.cpuUsage(c0);
  const nodes = app.node.findAll().length;
  process.stdout.write(`${JSON.stringify({ msPerPass: (u.user + u.system) / 1000 / passes, nodes })}\n`);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function main() {
  const opts = { sizes: [500, 1000, 2000, 3000], mesh: 'istio', runs: 3 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
    else if (argv[i] === '--mesh') opts.mesh = argv[++i];
    else if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}; see the comment at the top of bench/passes.js`);
  }
  console.log(`mesh ${opts.mesh}, ${opts.runs} runs each; CPU time of one whole-app pass (an empty chart's toJson())`);
  console.log('services  kind      nodes  ms/pass  ns/node');
  for (const services of opts.sizes) {
    for (const kind of ['baseline', 'service']) {
      const samples = [];
      for (let r = 0; r < opts.runs; r++) {
        const res = spawnSync(process.execPath, [__filename, '--child', kind, opts.mesh, String(services)], {
          cwd: ROOT, encoding: 'utf8', env: { ...process.env, GRPC_MESH_LINT_QUIET: '1' }, maxBuffer: 16 * 1024 * 1024,
        });
        if (res.status !== 0) throw new Error(`child failed:\n${res.stderr}`);
        samples.push(JSON.parse(res.stdout.trim().split('\n').pop()));
      }
      const ms = median(samples.map((s) => s.msPerPass));
      const nodes = samples[0].nodes;
      console.log(`${String(services).padStart(8)}  ${kind.padEnd(8)}  ${String(nodes).padStart(5)}  ${ms.toFixed(2).padStart(7)}  ${(ms * 1e6 / nodes).toFixed(0).padStart(7)}`);
    }
  }
}

if (process.argv[2] === '--child') child(process.argv[3], process.argv[4], Number(process.argv[5]));
else main();
