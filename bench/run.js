#!/usr/bin/env node
/*
 * Synthesis benchmark: GrpcMeshService at scale against a plain-ApiObject baseline.
 *
 *   npm run bench                      # builds lib/, then runs this file
 *   node bench/run.js [options]        # lib/ must be built
 *
 * Options:
 *   --sizes 100,1000,3000   services per app (default 100,1000,3000)
 *   --layouts a,b           which layouts (default all three):
 *                             one-chart          every service in one Chart, app.synthYaml()
 *                             chart-per-service  a Chart per service in one App, app.synthYaml()
 *                             batches            a Chart per service, synthYamlInBatches (its default, 20 per App):
 *                                                the recommended path for large apps (docs/performance.md)
 *   --meshes a,b            which meshes and modes (default every one the package exports)
 *   --runs N                fresh processes per mesh, layout and size (default: 4 up to 100 services,
 *                           2 up to 1000, 1 above; both orders of the phases alternate)
 *   --out FILE              results file (default bench/results.json; "-" for none)
 *   --merge                 keep the results already in the file that this run does not measure again
 *                           (another mesh, layout or size), and check the targets over all of them
 *   --check                 exit 1 when a target is missed
 *
 * Every mesh and mode the compiled package exports is measured: Mesh.istio() always,
 * Mesh.linkerd() and Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }) when they exist.
 *
 * Each (mesh, layout, size, run) is a fresh child process (GRPC_MESH_LINT_QUIET=1: nothing is printed while
 * the clock runs). In it:
 *   1. one service is synthesized (the template of the baseline), then, untimed, both phases below
 *      with 20 services (warm-up: without it the phase that ran second got the JIT warm-up, which
 *      swung the ratio at 100 services by 40%);
 *   2. timed: N services are constructed and the app is synthesized to YAML (app.synthYaml());
 *   3. timed, in the same process: the baseline builds the same objects directly as cdk8s
 *      ApiObjects from plain JSON (the template's, the service renamed per index, parsed before
 *      the clock starts) and synthesizes them to YAML the same way. Its YAML must have the same
 *      size, and up to 100 services the same objects (keys sorted; only the path hash in a pod
 *      label differs).
 * Runs alternate which of 2. and 3. goes first, so that neither always gets the warmer process (the
 * second still runs some 5% faster: the heap has grown).
 * Times are wall-clock milliseconds, the median of the runs (also kept: the fastest and the
 * slowest); ratio = median ms / median baseline ms. rssMB is the peak RSS right after the service's
 * synthesis, the highest of the runs in which the service went first (so that the baseline's peak
 * is never counted; the warm-up's, far smaller, is). gcMs is the time the garbage collector paused
 * the main thread during a phase (V8's `gc` performance entries; the median of the runs). The require time of the package entry (lib/src/index.js) and of cdk8s-plus-27 alone is
 * the median over 9 fresh processes each, interleaved.
 */
'use strict';

const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'lib', 'src', 'index.js');
// The template service's name: unique, and as long as the names it is replaced with.
const TEMPLATE_NAME = 'tmpl-svc';

/** The meshes and modes to measure, each a key and a factory over the package's exports. */
const MESHES = [
  { key: 'istio', available: (m) => typeof m.Mesh?.istio === 'function', make: (m) => m.Mesh.istio() },
  { key: 'linkerd', available: (m) => typeof m.Mesh?.linkerd === 'function', make: (m) => m.Mesh.linkerd() },
  {
    key: 'linkerd-service-profile',
    available: (m) => typeof m.Mesh?.linkerd === 'function' && m.LinkerdMode?.SERVICE_PROFILE !== undefined,
    make: (m) => m.Mesh.linkerd({ mode: m.LinkerdMode.SERVICE_PROFILE }),
  },
];

/** Services synthesized by both phases before the timed ones, to warm up the code they run. */
const WARMUP_SERVICES = 20;

/** Service i's name: always 8 characters, like the template's, so every object keeps its size. */
function serviceName(i) {
  return `svc-${String(i).padStart(4, '0')}`;
}

/**
 * A realistic service: 2 versions, a canary default route and 10 method routes (a streaming one, a
 * non-idempotent one, the others with their own timeouts, half of them their own retries). The same
 * props on every mesh, so every mesh and mode accepts them (no per-try timeouts, no explicit retry
 * conditions, no per-method weight splits: a Linkerd ServiceProfile cannot express those).
 */
function serviceProps(m, cdk8s, mesh) {
  const { Duration } = cdk8s;
  const methods = [];
  for (let j = 0; j < 10; j++) {
    const name = `bench.v1.Orders/Method${j}`;
    if (j === 0) methods.push({ name, streaming: m.Streaming.SERVER });
    else if (j === 1) methods.push({ name, idempotent: false, timeout: Duration.seconds(3) });
    else if (j % 2 === 0) methods.push({ name, timeout: Duration.seconds(j) });
    else methods.push({ name, timeout: Duration.seconds(j), retry: { attempts: 1 } });
  }
  return {
    mesh,
    versions: [
      { name: 'v1', image: 'registry.example.com/orders:1.0.0' },
      { name: 'v2', image: 'registry.example.com/orders:1.1.0' },
    ],
    defaultRoute: { weights: { v1: 90, v2: 10 }, timeout: Duration.seconds(10), retry: { attempts: 2 } },
    methods,
    // The default route's timeout and retries must apply to undeclared methods (else it is rejected).
    undeclaredMethods: m.UndeclaredMethods.UNARY,
  };
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Milliseconds the garbage collector paused the main thread since the previous call (V8's `gc`
 * performance entries; Node queues them after the current task, hence the wait).
 */
function gcPauseMeter() {
  const { PerformanceObserver } = require('perf_hooks');
  const observer = new PerformanceObserver(() => {});
  observer.observe({ entryTypes: ['gc'] });
  return async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return observer.takeRecords().reduce((sum, e) => sum + e.duration, 0);
  };
}

/** CPU milliseconds of this process so far, every thread (the GC's helpers too). */
function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Children

/** The layouts: how the services are put into charts and apps, and how the app is synthesized. */
const LAYOUTS = ['one-chart', 'chart-per-service', 'batches'];

/**
 * Synthesizes `services` units to one YAML string in a layout; `add(chart, i)` adds unit i to a
 * chart. Returns the YAML and the objects' canonical JSON (up to 100 services) and count.
 */
function synthLayout(m, cdk8s, layout, services, add) {
  const { App, Chart, ApiObject } = cdk8s;
  const collect = (charts) => ({
    objects: charts.reduce((n, c) => n + c.node.findAll().filter((x) => x instanceof ApiObject).length, 0),
    data: services <= 100 ? canonical(charts) : undefined,
  });
  if (layout === 'one-chart') {
    const app = new App();
    const chart = new Chart(app, 'bench', { namespace: 'bench' });
    for (let i = 0; i < services; i++) add(chart, i);
    const yaml = app.synthYaml();
    return { yaml, ...collect([chart]) };
  }
  if (layout === 'chart-per-service') {
    const app = new App();
    const charts = [];
    for (let i = 0; i < services; i++) {
      const chart = new Chart(app, serviceName(i), { namespace: 'bench' });
      charts.push(chart);
      add(chart, i);
    }
    const yaml = app.synthYaml();
    return { yaml, ...collect(charts) };
  }
  // batches: only the figures are kept of each batch, which is garbage once synthesized.
  let objects = 0;
  const datas = [];
  const keys = Array.from({ length: services }, (_, i) => String(i));
  const yaml = m.synthYamlInBatches({
    keys,
    define: (app, key) => {
      const i = Number(key);
      const chart = new Chart(app, serviceName(i), { namespace: 'bench' });
      add(chart, i);
      objects += chart.node.findAll().filter((x) => x instanceof ApiObject).length;
      if (services <= 100) datas.push(chart);
    },
  });
  return { yaml, objects, data: services <= 100 ? canonical(datas) : undefined };
}

/** Measures one mesh in one layout at one size; prints one JSON line. `baselineFirst` swaps the timed phases. */
async function childSynth(meshKey, layout, services, baselineFirst) {
  const cdk8s = require('cdk8s');
  const m = require(ENTRY);
  const meshDef = MESHES.find((d) => d.key === meshKey);
  const { App, Chart, ApiObject } = cdk8s;
  const props = () => serviceProps(m, cdk8s, meshDef.make(m));

  // 1. The template: one service, also warming up every code path both sides use.
  const templateApp = new App();
  // In its layout's chart: a chart per service is named after it (the pod labels hold the path).
  const templateChart = new Chart(templateApp, layout === 'one-chart' ? 'bench' : TEMPLATE_NAME, { namespace: 'bench' });
  new m.GrpcMeshService(templateChart, TEMPLATE_NAME, props());
  templateApp.synthYaml();
  const template = JSON.stringify(Object.values(templateChart.toJson()));
  if (!template.includes(TEMPLATE_NAME)) throw new Error('the template does not name its service');

  // 2. The service. (No forced GC before the phases: a global.gc() here made V8 size the heap so
  // tightly that the 1000-service runs took up to 3x longer, which no real app would see.)
  const gcSince = gcPauseMeter();
  const runService = async (services) => {
    await gcSince();
    const c0 = cpuNow();
    const t0 = now();
    const out = synthLayout(m, cdk8s, layout, services, (chart, i) => new m.GrpcMeshService(chart, serviceName(i), props()));
    const ms = now() - t0;
    const cpuMs = cpuNow() - c0;
    const rssMB = process.resourceUsage().maxRSS / 1024;
    const gcMs = await gcSince();
    return { ms, cpuMs, gcMs, rssMB, objects: out.objects, bytes: Buffer.byteLength(out.yaml), data: out.data };
  }; // the app is garbage once this returns: the other phase does not carry its heap

  // 3. The baseline: the same objects as ApiObjects from plain JSON, in the same layout.
  const runBaseline = async (services) => {
    // Its inputs are prepared before the clock starts (and not before the service's phase, whose
    // heap they would burden): the template's JSON renamed per service, parsed.
    const docs = Array.from({ length: services }, (_, i) => JSON.parse(template.replaceAll(TEMPLATE_NAME, serviceName(i))));
    await gcSince();
    const c0 = cpuNow();
    const t0 = now();
    const out = synthLayout(m, cdk8s, layout, services, (chart, i) => {
      for (let j = 0; j < docs[i].length; j++) new ApiObject(chart, `${i}-${j}`, docs[i][j]);
    });
    const ms = now() - t0;
    const cpuMs = cpuNow() - c0;
    const gcMs = await gcSince();
    return { ms, cpuMs, gcMs, bytes: Buffer.byteLength(out.yaml), data: out.data };
  };

  // Warm-up of both phases, untimed and as garbage afterwards, so that the phase that runs second
  // does not get all of the JIT warm-up (at 100 services that alone swung the ratio by 40%).
  await runService(WARMUP_SERVICES);
  await runBaseline(WARMUP_SERVICES);

  let service;
  let baseline;
  if (baselineFirst) {
    baseline = await runBaseline(services);
    service = await runService(services);
  } else {
    service = await runService(services);
    baseline = await runBaseline(services);
  }

  // The baseline must have produced the same objects. Compared as data, keys sorted (a renderer's
  // JSON patches may order keys differently from the baseline's sorted ones), up to 100 services;
  // the YAML sizes must be equal at every size.
  const sameYaml = baseline.bytes === service.bytes && baseline.data === service.data;
  const { ms, cpuMs, gcMs, rssMB, objects, bytes } = service;
  const baselineMs = baseline.ms;
  const baselineCpuMs = baseline.cpuMs;
  const baselineGcMs = baseline.gcMs;
  process.stdout.write(`${JSON.stringify({ ms, baselineMs, cpuMs, baselineCpuMs, gcMs, baselineGcMs, rssMB, objects, bytes, sameYaml, baselineFirst })}\n`);
}

/** Charts' objects as sorted-key JSON, without the path hash in the pod templates' labels. */
function canonical(charts) {
  const sorted = (v) => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
  };
  // cdk8s.io/metadata.addr hashes the construct path, which the renamed template cannot know.
  return JSON.stringify(sorted(charts.flatMap((c) => Object.values(c.toJson()))))
    .replace(/("cdk8s\.io\/metadata\.addr":"[^"]*-)[0-9a-f]{8}"/g, '$1"');
}

/** Measures the require time of one module; prints it. */
function childRequire(file) {
  const t0 = now();
  require(file);
  process.stdout.write(`${now() - t0}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent

function parseArgs(argv) {
  const opts = {
    sizes: [100, 1000, 3000], layouts: LAYOUTS, meshes: undefined, runs: undefined, out: path.join(__dirname, 'results.json'), check: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
    else if (a === '--layouts') opts.layouts = argv[++i].split(',');
    else if (a === '--meshes') opts.meshes = argv[++i].split(',');
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--out') opts.out = argv[++i] === '-' ? undefined : path.resolve(argv[i]);
    else if (a === '--check') opts.check = true;
    else if (a === '--merge') opts.merge = true;
    else throw new Error(`unknown option ${a}; see the comment at the top of bench/run.js`);
  }
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  const unknown = opts.layouts.filter((l) => !LAYOUTS.includes(l));
  if (unknown.length) throw new Error(`unknown layout ${unknown.join(', ')}; the layouts are ${LAYOUTS.join(', ')}`);
  return opts;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

function runChild(args) {
  const { spawnSync } = require('child_process');
  const res = spawnSync(process.execPath, [__filename, ...args], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 1_800_000,
    env: { ...process.env, GRPC_MESH_LINT_QUIET: '1' },
  });
  if (res.status !== 0) {
    throw new Error(`bench child ${args.join(' ')} failed (${res.status ?? res.signal}):\n${res.stderr.slice(-4000)}`);
  }
  const lines = res.stdout.trim().split('\n');
  return { value: JSON.parse(lines[lines.length - 1]), stderr: res.stderr };
}

function measureRequire(runs) {
  const pkg = [];
  const plus = [];
  const plusEntry = require.resolve('cdk8s-plus-27', { paths: [ROOT] });
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that a busy moment of the machine hits both alike.
    pkg.push(runChild(['--child', 'require', ENTRY]).value);
    plus.push(runChild(['--child', 'require', plusEntry]).value);
  }
  return { requireMs: round(median(pkg), 1), requireBaselineMs: round(median(plus), 1) };
}

function printTable(results, req) {
  const header = ['mesh', 'layout', 'services', 'CPU ms', 'CPU ms/service', 'baseline CPU ms', 'CPU ratio', 'GC ms', 'baseline GC ms', 'wall ms', 'wall ratio', 'peak RSS MB', 'objects', 'YAML bytes', 'wall ms min-max'];
  const rows = results.map((r) => [
    r.mesh, r.layout, r.services, r.cpuMs.toFixed(0), r.cpuMsPerService.toFixed(2), r.baselineCpuMs.toFixed(0), r.cpuRatio.toFixed(2),
    r.gcMs === undefined ? '-' : r.gcMs.toFixed(0), r.baselineGcMs === undefined ? '-' : r.baselineGcMs.toFixed(0),
    r.ms.toFixed(0), r.ratio.toFixed(2),
    r.rssMB.toFixed(1), r.objects, r.bytes, `${Math.round(r.msMin)}-${Math.round(r.msMax)}`,
  ].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((row) => console.log(line(row)));
  console.log(`\nrequire: package entry ${req.requireMs} ms, cdk8s-plus-27 alone ${req.requireBaselineMs} ms`
    + ` (the package adds ${round(req.requireMs - req.requireBaselineMs, 1)} ms)`);
}

/**
 * The targets (issues 6 and 16); returns the misses. Each is checked where its sizes were measured;
 * a run without any of them says so. Times are CPU times (the process's, every thread): on a
 * machine shared with other work, wall-clock times follow the load (both are reported).
 *  - one chart: at most 1.5x the baseline at 1000 services;
 *  - a chart per service, plain app.synthYaml(): at most 1.5x the baseline at 1000 and 3000;
 *  - batches (the recommended path): time per service at 3000 at most 1.3x that at 100, peak RSS
 *    at 3000 under 1 GiB;
 *  - the package adds at most 150 ms of require time to cdk8s-plus-27's.
 */
function checkTargets(results, req) {
  const misses = [];
  const find = (mesh, layout, services) => results.find((r) => r.mesh === mesh && r.layout === layout && r.services === services);
  let checked = 0;
  for (const mesh of [...new Set(results.map((r) => r.mesh))]) {
    const one = find(mesh, 'one-chart', 1000);
    if (one) {
      checked++;
      if (one.cpuRatio > 1.5) misses.push(`${mesh} one-chart: ${one.cpuRatio}x the baseline's CPU time at 1000 services (target <= 1.5)`);
    }
    for (const n of [1000, 3000]) {
      const r = find(mesh, 'chart-per-service', n);
      if (!r) continue;
      checked++;
      if (r.cpuRatio > 1.5) misses.push(`${mesh} chart-per-service: ${r.cpuRatio}x the baseline's CPU time at ${n} services (target <= 1.5)`);
    }
    const small = find(mesh, 'batches', 100);
    const big = find(mesh, 'batches', 3000);
    if (big) {
      checked++;
      if (big.rssMB >= 1024) misses.push(`${mesh} batches: peak RSS at 3000 services is ${big.rssMB} MB (target < 1024)`);
      if (small) {
        const growth = big.cpuMsPerService / small.cpuMsPerService;
        if (growth > 1.3) misses.push(`${mesh} batches: CPU time per service at 3000 is ${growth.toFixed(2)}x that at 100 (target <= 1.3x)`);
      }
    }
  }
  if (req) {
    const added = req.requireMs - req.requireBaselineMs;
    if (added > 150) misses.push(`the package adds ${added.toFixed(1)} ms of require time over cdk8s-plus-27 (target <= 150)`);
  }
  if (checked === 0) misses.push('no target applies to the sizes and layouts measured (one-chart at 1000, chart-per-service at 1000 or 3000, batches at 3000)');
  return misses;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const fs = require('fs');
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing; run npm run build first (npm run bench does)`);
  const pkg = require(ENTRY);
  const meshes = MESHES.filter((d) => d.available(pkg) && (opts.meshes === undefined || opts.meshes.includes(d.key)));
  console.log(`meshes: ${meshes.map((d) => d.key).join(', ')}`
    + ` (not measured: ${MESHES.filter((d) => !meshes.includes(d)).map((d) => d.key).join(', ') || 'none'})`);
  const os = require('os');
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)}\n`);

  const started = now();
  const results = [];
  const stderrLines = new Set();
  for (const mesh of meshes) {
    for (const layout of opts.layouts) {
    for (const services of opts.sizes) {
      const runs = opts.runs ?? (services <= 100 ? 4 : services <= 1000 ? 2 : 1);
      const samples = [];
      for (let k = 0; k < runs; k++) {
        const baselineFirst = k % 2 === 1;
        const { value, stderr } = runChild(['--child', 'synth', mesh.key, layout, String(services), baselineFirst ? 'baseline-first' : 'service-first']);
        if (!value.sameYaml) throw new Error(`${mesh.key} ${layout} ${services}: the baseline YAML differs from the service's`);
        stderr.split('\n').filter(Boolean).forEach((l) => stderrLines.add(`${mesh.key}: ${l.replace(/svc-\d{4}|tmpl-svc/g, '<svc>')}`));
        samples.push(value);
      }
      // The machine may be shared and run times vary a lot: the median of the runs, for the service
      // and the baseline alike, and the ratio of the medians. Memory: the highest peak of the runs
      // in which the service went first (its peak is then its own).
      const times = samples.map((x) => x.ms);
      const baselineTimes = samples.map((x) => x.baselineMs);
      const ms = median(times);
      const baselineMs = median(baselineTimes);
      const cpuMs = median(samples.map((x) => x.cpuMs));
      const baselineCpuMs = median(samples.map((x) => x.baselineCpuMs));
      const firsts = samples.filter((x) => !x.baselineFirst);
      results.push({
        mesh: mesh.key,
        layout,
        services,
        ms: round(ms, 1),
        baselineMs: round(baselineMs, 1),
        ratio: round(ms / baselineMs, 2),
        cpuMs: round(cpuMs, 1),
        baselineCpuMs: round(baselineCpuMs, 1),
        cpuRatio: round(cpuMs / baselineCpuMs, 2),
        cpuMsPerService: round(cpuMs / services, 3),
        gcMs: round(median(samples.map((x) => x.gcMs)), 1),
        baselineGcMs: round(median(samples.map((x) => x.baselineGcMs)), 1),
        rssMB: round(Math.max(...firsts.map((x) => x.rssMB)), 1),
        objects: samples[0].objects,
        bytes: samples[0].bytes,
        msPerService: round(ms / services, 3),
        runs,
        msMin: round(Math.min(...times), 1),
        msMax: round(Math.max(...times), 1),
        baselineMsMin: round(Math.min(...baselineTimes), 1),
        baselineMsMax: round(Math.max(...baselineTimes), 1),
      });
      const ratios = samples.map((x) => (x.ms / x.baselineMs).toFixed(2));
      console.log(`  ${mesh.key} ${layout} x${services}: median ${round(ms, 1)} ms, baseline ${round(baselineMs, 1)} ms;`
        + ` CPU ${round(cpuMs, 1)} ms, baseline ${round(baselineCpuMs, 1)} ms`
        + ` (runs: ${times.map(Math.round).join(', ')}; baseline: ${baselineTimes.map(Math.round).join(', ')}; ratios: ${ratios.join(', ')})`);
    }
    }
  }
  const req = measureRequire(9);
  if (opts.merge && opts.out && fs.existsSync(opts.out)) {
    const key = (r) => `${r.mesh} ${r.layout} ${r.services}`;
    const fresh = new Set(results.map(key));
    const kept = (JSON.parse(fs.readFileSync(opts.out, 'utf8')).results ?? []).filter((r) => r.layout && !fresh.has(key(r)));
    results.push(...kept);
    const order = (r) => [MESHES.findIndex((m) => m.key === r.mesh), LAYOUTS.indexOf(r.layout), r.services];
    results.sort((a, b) => { const x = order(a); const y = order(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    console.log(`kept ${kept.length} earlier results from ${path.relative(process.cwd(), opts.out)}`);
  }
  if (stderrLines.size) console.log(`\nthe children printed to stderr:\n  ${[...stderrLines].join('\n  ')}`);
  console.log('');

  printTable(results, req);
  const misses = checkTargets(results, req);
  console.log(misses.length ? `\ntargets missed:\n  ${misses.join('\n  ')}` : '\nall targets met');
  console.log(`(${((now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg()[0].toFixed(2)})`);

  if (opts.out) {
    fs.writeFileSync(opts.out, `${JSON.stringify({ results, ...req }, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), opts.out)}`);
  }
  if (opts.check && misses.length) process.exitCode = 1;
}

module.exports = { MESHES, serviceProps, serviceName };

if (require.main === module) {
  if (process.argv[2] === '--child') {
    const [, , , kind, a, b, c, d] = process.argv;
    if (kind === 'synth') {
      childSynth(a, b, Number(c), d === 'baseline-first').catch((e) => { console.error(e); process.exit(1); });
    } else if (kind === 'require') childRequire(a);
    else throw new Error(`unknown child ${kind}`);
  } else {
    main();
  }
}
