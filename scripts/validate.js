#!/usr/bin/env node
// npm run validate [files or directories...]   (default: dist/)
// Validates synthesized manifests offline against the pinned CRDs and core Kubernetes schemas,
// with the compiled validator in lib/ (npm run build). Prints one line per problem and exits 1 when
// there is any; otherwise prints a one-line summary.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'lib', 'src', 'validation', 'index.js');

function newestMtime(dir, ext) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (entry.name.endsWith(ext)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function main(args) {
  if (!fs.existsSync(compiled)) {
    console.error(`validate: ${path.relative(root, compiled)} not found: run \`npm run build\` first`);
    return 2;
  }
  const sources = path.join(root, 'src', 'validation');
  if (fs.existsSync(sources) && newestMtime(sources, '.ts') > newestMtime(path.dirname(compiled), '.js')) {
    console.error('validate: warning: lib/ is older than src/validation: run `npm run build` to use the current validator');
  }
  const { formatProblem, validateManifestFiles } = require(compiled);

  const targets = args.length > 0 ? args : ['dist'];
  const missing = targets.filter((t) => !fs.existsSync(t));
  if (missing.length > 0) {
    console.error(`validate: not found: ${missing.join(', ')}${args.length === 0 ? ' (run `npm run synth` first)' : ''}`);
    return 2;
  }
  const result = validateManifestFiles(targets);
  if (result.files === 0) {
    console.error(`validate: no *.yaml or *.yml files in ${targets.join(', ')}`);
    return 2;
  }
  for (const p of result.problems) console.log(formatProblem(p));
  const where = `${result.objects} object${result.objects === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}`;
  const skipped =
    result.transitionRulesSkipped > 0
      ? `; ${result.transitionRulesSkipped} transition rule(s) not evaluated (they only apply to updates)`
      : '';
  if (result.problems.length > 0) {
    console.log(`validated ${where}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}${skipped}`);
    return 1;
  }
  console.log(`validated ${where}: no problems${skipped}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
