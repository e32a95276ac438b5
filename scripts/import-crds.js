#!/usr/bin/env node
// Regenerates imports/ from the pinned CRDs in ../shared/crds.
// Each CRD is trimmed to the one version the library emits, and the schema subtrees the library
// never sets through typed props are left open (crd-sources.js IMPORT_OPEN), so the generated
// code (and therefore build, test and require time) only carries what we use.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { WANTED, loadCrds, openForImport } = require('./crd-sources');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'imports');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-mesh-import-'));

const YAML = require('yaml');
const trimmed = loadCrds().map(openForImport);
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir);
const byGroup = new Map();
for (const crd of trimmed) {
  const list = byGroup.get(crd.spec.group) ?? [];
  list.push(crd);
  byGroup.set(crd.spec.group, list);
}
for (const [group, crds] of [...byGroup.entries()].sort()) {
  const file = path.join(work, `${group}.yaml`);
  fs.writeFileSync(file, crds.map((c) => YAML.stringify(c)).join('---\n'));
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'cdk8s'),
    ['import', file, '--no-save', '--no-check-upgrade', '--language', 'typescript', '--output', outDir],
    { stdio: 'inherit', cwd: root },
  );
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`imports/: ${trimmed.length} kinds from ${WANTED.length} pinned CRDs`);
