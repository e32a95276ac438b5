#!/usr/bin/env node
// npm run validate [--release <release>] [--unknown-kinds=fail|warn|skip] [files or directories...]
// (default: dist/). Validates synthesized manifests offline against the pinned CRDs and core
// Kubernetes schemas, with the compiled validator in lib/ (npm run build). Each file is checked
// against the CRDs of the release it targets: `--release` for all of them (latest,
// linkerd-2.16-2.17, linkerd-2.15), else by its name: `<release>.k8s.yaml`, dots as dashes (e.g.
// dist/linkerd-2-15.k8s.yaml: cdk8s names a file after its chart, a DNS label) targets that release,
// any other file the latest pins. Prints one line per problem and exits 1 when there is any;
// otherwise prints a one-line summary per release. --unknown-kinds=warn (or skip) leaves objects of
// kinds the validator has no schema for unchecked, with a warning on stderr (or silently), instead
// of failing: for your own charts, which hold kinds of other CRDs.
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

function main(argv) {
  let args = argv;
  if (!fs.existsSync(compiled)) {
    console.error(`validate: ${path.relative(root, compiled)} not found: run \`npm run build\` first`);
    return 2;
  }
  const sources = path.join(root, 'src', 'validation');
  if (fs.existsSync(sources) && newestMtime(sources, '.ts') > newestMtime(path.dirname(compiled), '.js')) {
    console.error('validate: warning: lib/ is older than src/validation: run `npm run build` to use the current validator');
  }
  const { ValidationRelease, UnknownKinds, formatProblem, listManifestFiles, validateManifestFiles } = require(compiled);
  const releases = Object.values(ValidationRelease);

  const flags = args.filter((a) => a.startsWith('--unknown-kinds='));
  args = args.filter((a) => !flags.includes(a));
  const unknownKinds = flags.length > 0 ? flags[flags.length - 1].slice('--unknown-kinds='.length) : UnknownKinds.FAIL;
  if (!Object.values(UnknownKinds).includes(unknownKinds)) {
    console.error('validate: --unknown-kinds must be fail, warn or skip');
    return 2;
  }
  let forced;
  const at = args.indexOf('--release');
  if (at >= 0) {
    forced = args[at + 1];
    if (!releases.includes(forced)) {
      console.error(`validate: --release must be one of ${releases.join(', ')}, not ${forced === undefined ? 'nothing' : JSON.stringify(forced)}`);
      return 2;
    }
    args = [...args.slice(0, at), ...args.slice(at + 2)];
  }
  const targets = args.length > 0 ? args : ['dist'];
  const missing = targets.filter((t) => !fs.existsSync(t));
  if (missing.length > 0) {
    console.error(`validate: not found: ${missing.join(', ')}${args.length === 0 ? ' (run `npm run synth` first)' : ''}`);
    return 2;
  }
  const files = listManifestFiles(targets);
  if (files.length === 0) {
    console.error(`validate: no *.yaml or *.yml files in ${targets.join(', ')}`);
    return 2;
  }
  const byRelease = new Map();
  for (const file of files) {
    const release = forced ?? releaseOf(path.basename(file), releases, ValidationRelease.LATEST);
    byRelease.set(release, [...(byRelease.get(release) ?? []), file]);
  }
  let failed = false;
  for (const [release, group] of byRelease) {
    const result = validateManifestFiles(group, { release, unknownKinds });
    for (const w of result.warnings) console.error(`warning: ${formatProblem(w)}`);
    for (const p of result.problems) console.log(formatProblem(p));
    const where = `${result.objects} object${result.objects === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}`;
    let skipped =
      result.transitionRulesSkipped > 0
        ? `; ${result.transitionRulesSkipped} transition rule(s) not evaluated (they only apply to updates)`
        : '';
    if (result.skipped > 0) {
      skipped += `; ${result.skipped} object${result.skipped === 1 ? '' : 's'} of a kind without a schema not validated`;
    }
    const problems = result.problems.length;
    console.log(`validated ${where} against release ${release}: ${problems > 0 ? `${problems} problem${problems === 1 ? '' : 's'}` : 'no problems'}${skipped}`);
    failed = failed || problems > 0;
  }
  return failed ? 1 : 0;
}

/** The release a file targets by its name (`<release>.k8s.yaml`, dots as dashes), else the latest pins. */
function releaseOf(base, releases, latest) {
  return releases.find((r) => r !== latest && base.startsWith(`${r.replace(/\./g, '-')}.`)) ?? latest;
}

process.exitCode = main(process.argv.slice(2));
