#!/usr/bin/env node
// Derives the compact schemas the offline validator (src/validation) checks synthesized
// manifests against, and writes them to schemas/ (committed, so a fresh clone validates
// without ../shared or the network):
//   schemas/crds.json  the wanted version of each pinned CRD (scripts/crd-sources.js WANTED)
//   schemas/<release>.json  the same for each older Linkerd release line (crd-sources.js RELEASES),
//                      from ../shared/crds-by-release: what the output for that release is checked against
//   schemas/core.json  the core Kubernetes kinds the library emits (CORE_KINDS below), from the
//                      Kubernetes 1.27 OpenAPI definitions shipped by the kubernetes-models package
// Both are keyed by `<apiVersion>/<Kind>` (group/version/Kind). Descriptions are dropped, keys are
// sorted, and CRD formats the API server does not enforce are dropped, so the output is small and
// byte-for-byte reproducible.
'use strict';
const fs = require('fs');
const path = require('path');
const { RELEASES, loadCrds, loadServedVersions } = require('./crd-sources');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'schemas');

/** Core kinds the library emits, with the versions Kubernetes 1.27 serves for them. */
const CORE_KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment', definition: 'io.k8s.api.apps.v1.Deployment', served: ['v1'] },
  // Service names are DNS-1035 labels (apimachinery ValidateServiceName); the rest DNS-1123 subdomains.
  { apiVersion: 'v1', kind: 'Service', definition: 'io.k8s.api.core.v1.Service', served: ['v1'], nameFormat: 'dns1035Label' },
  { apiVersion: 'v1', kind: 'ServiceAccount', definition: 'io.k8s.api.core.v1.ServiceAccount', served: ['v1'] },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', definition: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler', served: ['v1', 'v2'] },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', definition: 'io.k8s.api.policy.v1.PodDisruptionBudget', served: ['v1'] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', definition: 'io.k8s.api.networking.v1.NetworkPolicy', served: ['v1'] },
  { apiVersion: 'v1', kind: 'ConfigMap', definition: 'io.k8s.api.core.v1.ConfigMap', served: ['v1'] },
  // Namespaces are cluster-scoped DNS-1123 labels (apimachinery ValidateNamespaceName).
  { apiVersion: 'v1', kind: 'Namespace', definition: 'io.k8s.api.core.v1.Namespace', served: ['v1'], nameFormat: 'dns1123Label', clusterScoped: true },
];
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// String formats the apiextensions API server validates (apiextensions-apiserver
// pkg/apiserver/validation/formats.go); any other format in a CRD schema is ignored by the server,
// so it is dropped here (int32, int64, float, double, ...).
const CRD_ENFORCED_FORMATS = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4',
  'uuid5', 'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password',
  'date', 'duration', 'datetime', 'date-time',
]);

// The Kubernetes resource.Quantity syntax (a fact of apimachinery's quantity grammar).
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** Deep copy with object keys sorted, so JSON.stringify output is deterministic. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

/** A CRD schema node without documentation and unenforced formats. */
function compactCrdSchema(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((n) => compactCrdSchema(n));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inProperties) {
      if (key === 'description') continue;
      if (key === 'format' && !CRD_ENFORCED_FORMATS.has(value)) continue;
      if (key === 'default' || key === 'enum' || key === 'example') {
        out[key] = value; // data, not schema
        continue;
      }
    }
    out[key] = compactCrdSchema(value, !inProperties && (key === 'properties' || key === 'definitions'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Core kinds: the kubernetes-models package (4.3.x: Kubernetes 1.27.1) ships each OpenAPI
// definition as a JSON schema registered through @kubernetes-models/validate's register(id, schema).
// We capture those registrations, then resolve $refs into one self-contained schema per kind.

// kubernetes-models does not export its _schemas folder, so its files are loaded by path.
const kubernetesModelsDir = () => path.dirname(require.resolve('kubernetes-models'));
const packageDir = (name) =>
  path.dirname(require.resolve(`${name}/package.json`, { paths: [kubernetesModelsDir()] }));

function loadCoreDefinitions(ids) {
  // The instance the schema files call (resolved from kubernetes-models, not from here).
  const validate = require(require.resolve('@kubernetes-models/validate', { paths: [kubernetesModelsDir()] }));
  const definitions = new Map();
  const original = validate.register;
  validate.register = (id, schema) => {
    definitions.set(id, schema);
  };
  try {
    for (const id of ids) {
      const file = 'IoK8s' + id.replace(/^io\.k8s\./, '').split('.').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
      const dir = id.startsWith('io.k8s.apimachinery.') ? packageDir('@kubernetes-models/apimachinery') : kubernetesModelsDir();
      require(path.join(dir, '_schemas', `${file}.js`)).addSchema();
    }
  } finally {
    validate.register = original;
  }
  return definitions;
}

/** The structural form of a few apimachinery types kubernetes-models expresses as oneOf. */
const SPECIAL_DEFINITIONS = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': () => ({ 'x-kubernetes-int-or-string': true }),
  // A quantity is decoded from a JSON string in quantity syntax or from a JSON number.
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => ({
    anyOf: [{ type: 'number' }, { type: 'string', pattern: QUANTITY_PATTERN }],
  }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': () => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
  'io.k8s.apimachinery.pkg.runtime.RawExtension': () => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
};

function resolveCore(definitions, id, stack = []) {
  if (stack.includes(id)) throw new Error(`recursive definition ${[...stack, id].join(' -> ')}`);
  if (SPECIAL_DEFINITIONS[id]) return SPECIAL_DEFINITIONS[id]();
  const schema = definitions.get(id);
  if (!schema) throw new Error(`definition ${id} not found in kubernetes-models`);
  return resolveNode(definitions, schema, [...stack, id]);
}

function refId(node) {
  return node && typeof node.$ref === 'string' ? node.$ref.replace(/#$/, '') : undefined;
}

function resolveNode(definitions, node, stack) {
  if (Array.isArray(node)) return node.map((n) => resolveNode(definitions, n, stack));
  if (!node || typeof node !== 'object') return node;
  const ref = refId(node);
  if (ref) return resolveCore(definitions, ref, stack);
  // kubernetes-models writes an optional reference as oneOf [ {$ref}, {type: null} ].
  if (Array.isArray(node.oneOf) && node.oneOf.length === 2 && node.oneOf[1].type === 'null' && refId(node.oneOf[0])) {
    return { ...resolveCore(definitions, refId(node.oneOf[0]), stack), nullable: true };
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'properties') {
      out.properties = {};
      for (const [name, prop] of Object.entries(value)) out.properties[name] = resolveNode(definitions, prop, stack);
      continue;
    }
    out[key] = key === 'enum' || key === 'default' ? value : resolveNode(definitions, value, stack);
  }
  return out;
}

function assertNoLeftovers(node, where) {
  if (Array.isArray(node)) return node.forEach((n) => assertNoLeftovers(n, where));
  if (!node || typeof node !== 'object') return;
  if (node.$ref) throw new Error(`unresolved $ref ${node.$ref} in ${where}`);
  if (node.oneOf) throw new Error(`unexpected oneOf in ${where}: ${JSON.stringify(node.oneOf).slice(0, 200)}`);
  for (const value of Object.values(node)) assertNoLeftovers(value, where);
}

function deriveCore() {
  const pkg = JSON.parse(fs.readFileSync(path.join(kubernetesModelsDir(), 'package.json'), 'utf8'));
  const definitions = loadCoreDefinitions([...CORE_KINDS.map((k) => k.definition), OBJECT_META]);
  const kinds = {};
  for (const k of CORE_KINDS) {
    const schema = resolveCore(definitions, k.definition);
    assertNoLeftovers(schema, k.definition);
    kinds[`${k.apiVersion}/${k.kind}`] = {
      definition: k.definition,
      ...(k.nameFormat ? { nameFormat: k.nameFormat } : {}),
      ...(k.clusterScoped ? { clusterScoped: true } : {}),
      schema,
      served: k.served,
    };
  }
  const objectMeta = resolveCore(definitions, OBJECT_META);
  return { kinds, objectMeta, source: `kubernetes-models@${pkg.version} (Kubernetes 1.27 OpenAPI definitions)` };
}

function deriveCrds(objectMeta, wanted, source = 'pinned CRDs in ../shared/crds (see scripts/crd-sources.js)') {
  const served = loadServedVersions(wanted);
  const kinds = {};
  loadCrds(wanted).forEach((crd, i) => {
    const version = crd.spec.versions[0];
    const s = served[i];
    const schema = compactCrdSchema(version.schema.openAPIV3Schema);
    // apiVersion and kind are implicit at the root of every CRD schema (some CRDs leave them out),
    // and the API server validates a custom resource's metadata as ObjectMeta whatever the CRD says.
    schema.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...schema.properties, metadata: objectMeta };
    kinds[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = {
      crd: s.crdName,
      file: s.file,
      schema,
      served: s.served,
    };
  });
  return { kinds, source };
}

/** The schema files' contents, by file name (deterministic text). */
function deriveSchemaFiles() {
  const core = deriveCore();
  const crds = deriveCrds(core.objectMeta);
  return new Map([
    ['core.json', JSON.stringify(sortKeys(core)) + '\n'],
    ['crds.json', JSON.stringify(sortKeys(crds)) + '\n'],
    ...RELEASES.map((r) => [`${r.name}.json`, JSON.stringify(sortKeys(deriveCrds(core.objectMeta, r.wanted, r.source))) + '\n']),
  ]);
}

/** Names of the committed schema files that differ from a fresh derivation. */
function staleSchemaFiles() {
  return [...deriveSchemaFiles()].filter(([name, text]) => {
    const file = path.join(outDir, name);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
  }).map(([name]) => `schemas/${name}`);
}

function main(args) {
  if (args.includes('--check')) {
    const stale = staleSchemaFiles();
    if (stale.length > 0) {
      console.error(`stale: ${stale.join(', ')}: run npm run derive-schemas and commit schemas/`);
      return 1;
    }
    console.log('schemas/ is up to date with the pinned CRDs');
    return 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, text] of deriveSchemaFiles()) {
    fs.writeFileSync(path.join(outDir, name), text);
    const kinds = Object.keys(JSON.parse(text).kinds).length;
    console.log(`schemas/${name}: ${kinds} kinds, ${(text.length / 1024).toFixed(0)} KiB`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { CORE_KINDS, deriveSchemaFiles, staleSchemaFiles };
