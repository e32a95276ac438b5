'use strict';
// The kinds and versions the library emits, and where their pinned CRDs live.
// Shared by the import script and the schema derivation script.
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const SHARED = process.env.GRPC_MESH_SHARED ?? path.resolve(__dirname, '..', '..', 'shared');

/** The progressive delivery controller Flagger's kinds (v1.44.0). */
const FLAGGER = [
  { file: 'flagger/flagger-1.44.0-crds.yaml', group: 'flagger.app', kind: 'Canary', version: 'v1beta1' },
  { file: 'flagger/flagger-1.44.0-crds.yaml', group: 'flagger.app', kind: 'MetricTemplate', version: 'v1beta1' },
];

const WANTED = [
  { file: 'istio/istio-1.30.3-crds.yaml', group: 'networking.istio.io', kind: 'VirtualService', version: 'v1' },
  { file: 'istio/istio-1.30.3-crds.yaml', group: 'networking.istio.io', kind: 'DestinationRule', version: 'v1' },
  { file: 'istio/istio-1.30.3-crds.yaml', group: 'networking.istio.io', kind: 'Gateway', version: 'v1' },
  { file: 'istio/istio-1.30.3-crds.yaml', group: 'security.istio.io', kind: 'PeerAuthentication', version: 'v1' },
  { file: 'istio/istio-1.30.3-crds.yaml', group: 'security.istio.io', kind: 'AuthorizationPolicy', version: 'v1' },
  { file: 'istio/istio-1.30.3-crds.yaml', group: 'security.istio.io', kind: 'RequestAuthentication', version: 'v1' },
  { file: 'istio/istio-1.30.3-crds.yaml', group: 'telemetry.istio.io', kind: 'Telemetry', version: 'v1' },
  { file: 'gateway-api/grpcroutes-v1.6.1.yaml', group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', version: 'v1' },
  { file: 'linkerd/server.yaml', group: 'policy.linkerd.io', kind: 'Server', version: 'v1beta3' },
  { file: 'linkerd/authorization-policy.yaml', group: 'policy.linkerd.io', kind: 'AuthorizationPolicy', version: 'v1alpha1' },
  { file: 'linkerd/meshtls-authentication.yaml', group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', version: 'v1alpha1' },
  { file: 'linkerd/network-authentication.yaml', group: 'policy.linkerd.io', kind: 'NetworkAuthentication', version: 'v1alpha1' },
  { file: 'linkerd/serviceprofile.yaml', group: 'linkerd.io', kind: 'ServiceProfile', version: 'v1alpha2' },
  { file: 'smi/trafficsplit-linkerd-smi-0.2.7.yaml', group: 'split.smi-spec.io', kind: 'TrafficSplit', version: 'v1alpha2' },
  ...FLAGGER,
  { file: 'argo-rollouts/rollout-v1.9.1.yaml', group: 'argoproj.io', kind: 'Rollout', version: 'v1alpha1' },
  { file: 'argo-rollouts/analysis-template-v1.9.1.yaml', group: 'argoproj.io', kind: 'AnalysisTemplate', version: 'v1alpha1' },
];

const L5D_2_17 = 'crds-by-release/linkerd-2.17';
const L5D_2_15 = 'crds-by-release/linkerd-2.15';
const SMI_TRAFFIC_SPLIT = { dir: 'crds', file: 'smi/trafficsplit-linkerd-smi-0.2.7.yaml', group: 'split.smi-spec.io', kind: 'TrafficSplit', version: 'v1alpha2' };

/**
 * The older Linkerd release lines the library renders for (LinkerdRelease), each with the kinds and
 * versions it emits there, from that release's own `linkerd-crds` chart (../shared/crds-by-release;
 * `dir` is relative to ../shared). The SMI extension is the same on every release. Each is derived
 * into schemas/<name>.json; the current release line (2.18+, edge) is schemas/crds.json.
 */
/**
 * Flagger's kinds, the same on every Linkerd release line (Flagger is installed on its own; Argo
 * Rollouts is rejected on Linkerd).
 */
const FLAGGER_ON_EVERY_RELEASE = FLAGGER;

const RELEASES = [
  {
    name: 'linkerd-2.16-2.17',
    source: 'Linkerd 2.16-2.17 CRDs (../shared/crds-by-release/linkerd-2.17, what 2.16 also ships) and the Linkerd SMI extension 0.2.7',
    wanted: [
      { dir: L5D_2_17, file: 'gateway.networking.k8s.io_grpcroutes.yaml', group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', version: 'v1alpha2' },
      { dir: L5D_2_17, file: 'server.yaml', group: 'policy.linkerd.io', kind: 'Server', version: 'v1beta3' },
      { dir: L5D_2_17, file: 'authorization-policy.yaml', group: 'policy.linkerd.io', kind: 'AuthorizationPolicy', version: 'v1alpha1' },
      { dir: L5D_2_17, file: 'meshtls-authentication.yaml', group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', version: 'v1alpha1' },
      { dir: L5D_2_17, file: 'network-authentication.yaml', group: 'policy.linkerd.io', kind: 'NetworkAuthentication', version: 'v1alpha1' },
      { dir: L5D_2_17, file: 'serviceprofile.yaml', group: 'linkerd.io', kind: 'ServiceProfile', version: 'v1alpha2' },
      SMI_TRAFFIC_SPLIT,
      ...FLAGGER_ON_EVERY_RELEASE,
    ],
  },
  {
    name: 'linkerd-2.15',
    source: 'Linkerd 2.15 CRDs (../shared/crds-by-release/linkerd-2.15) and the Linkerd SMI extension 0.2.7',
    wanted: [
      { dir: L5D_2_15, file: 'server.yaml', group: 'policy.linkerd.io', kind: 'Server', version: 'v1beta2' },
      { dir: L5D_2_15, file: 'httproute.yaml', group: 'policy.linkerd.io', kind: 'HTTPRoute', version: 'v1beta3' },
      { dir: L5D_2_15, file: 'authorization-policy.yaml', group: 'policy.linkerd.io', kind: 'AuthorizationPolicy', version: 'v1alpha1' },
      { dir: L5D_2_15, file: 'meshtls-authentication.yaml', group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', version: 'v1alpha1' },
      { dir: L5D_2_15, file: 'network-authentication.yaml', group: 'policy.linkerd.io', kind: 'NetworkAuthentication', version: 'v1alpha1' },
      { dir: L5D_2_15, file: 'serviceprofile.yaml', group: 'linkerd.io', kind: 'ServiceProfile', version: 'v1alpha2' },
      SMI_TRAFFIC_SPLIT,
      ...FLAGGER_ON_EVERY_RELEASE,
    ],
  },
];

/** The file of a wanted entry, relative to ../shared/crds (the current pins) or to ../shared. */
const fileOf = (w) => (w.dir === undefined ? w.file : `${w.dir}/${w.file}`);
const pathOf = (w) => path.join(SHARED, w.dir ?? 'crds', w.file);

/** Reads the pinned CRDs and returns each wanted one trimmed to its wanted version. */
function loadCrds(wanted = WANTED) {
  if (!fs.existsSync(SHARED)) {
    throw new Error(`pinned CRDs not found at ${SHARED}: check out ../shared beside the repo or set GRPC_MESH_SHARED`);
  }
  const docsByFile = new Map();
  return wanted.map((w) => {
    if (!docsByFile.has(pathOf(w))) {
      const text = fs.readFileSync(pathOf(w), 'utf8');
      docsByFile.set(pathOf(w), YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean));
    }
    const crd = docsByFile.get(pathOf(w)).find(
      (d) => d.kind === 'CustomResourceDefinition' && d.spec.group === w.group && d.spec.names.kind === w.kind,
    );
    if (!crd) throw new Error(`${w.kind}.${w.group} not found in ${fileOf(w)}`);
    const version = crd.spec.versions.find((v) => v.name === w.version);
    if (!version || !version.served) throw new Error(`${w.kind}.${w.group} ${w.version} is not served in ${fileOf(w)}`);
    return {
      apiVersion: crd.apiVersion,
      kind: crd.kind,
      metadata: { name: crd.metadata.name },
      spec: { ...crd.spec, versions: [{ ...version, storage: true }] },
    };
  });
}

/**
 * For each wanted kind, the versions its pinned CRD serves (in the CRD's order), so a validator can
 * tell "not served at all" from "served, but not the version the library emits".
 * Returns [{ group, kind, version, file, crdName, served: string[] }], in WANTED order.
 */
function loadServedVersions(wanted = WANTED) {
  if (!fs.existsSync(SHARED)) {
    throw new Error(`pinned CRDs not found at ${SHARED}: check out ../shared beside the repo or set GRPC_MESH_SHARED`);
  }
  const docsByFile = new Map();
  return wanted.map((w) => {
    if (!docsByFile.has(pathOf(w))) {
      const text = fs.readFileSync(pathOf(w), 'utf8');
      docsByFile.set(pathOf(w), YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean));
    }
    const crd = docsByFile.get(pathOf(w)).find(
      (d) => d.kind === 'CustomResourceDefinition' && d.spec.group === w.group && d.spec.names.kind === w.kind,
    );
    if (!crd) throw new Error(`${w.kind}.${w.group} not found in ${fileOf(w)}`);
    return {
      group: w.group,
      kind: w.kind,
      version: w.version,
      file: fileOf(w),
      crdName: crd.metadata.name,
      served: crd.spec.versions.filter((v) => v.served).map((v) => v.name),
    };
  });
}

/**
 * Schema subtrees the library never sets through typed props, left open (any JSON) in the generated
 * imports only, so build, test and require stay quick: a string opens that node, `{ path, except }`
 * opens each of its properties but those named. `[]` steps into an array's items. The derived
 * validation schemas (scripts/derive-schemas.js) keep the full CRDs.
 */
const IMPORT_OPEN = {
  'argoproj.io/Rollout': [
    // The pod template is the Deployment's, added as JSON (src/delivery/argo-resources.ts).
    'spec.template',
    'spec.workloadRef',
    'spec.strategy.blueGreen',
    'spec.strategy.canary.steps[].experiment',
    'spec.strategy.canary.steps[].analysis',
    { path: 'spec.strategy.canary.trafficRouting', except: ['istio'] },
  ],
  'argoproj.io/AnalysisTemplate': [
    { path: 'spec.metrics[].provider', except: ['prometheus'] },
  ],
  'flagger.app/Canary': [
    'spec.service.match',
    'spec.service.corsPolicy',
    'spec.service.mirror',
    'spec.service.headers',
    'spec.analysis.match',
    'spec.analysis.sessionAffinity',
    'spec.analysis.webhooks',
    'spec.analysis.alerts',
  ],
};

const OPEN = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description: 'Left open in the import: the library does not set it.' };

function schemaAt(schema, steps, where) {
  let node = schema;
  for (const step of steps) {
    const array = step.endsWith('[]');
    node = node.properties?.[array ? step.slice(0, -2) : step];
    if (array) node = node?.items;
    if (!node) throw new Error(`${where}: no schema at ${steps.join('.')}`);
  }
  return node;
}

/** A copy of a loaded CRD (loadCrds) with the subtrees of IMPORT_OPEN left open, for `cdk8s import`. */
function openForImport(crd) {
  const copy = JSON.parse(JSON.stringify(crd));
  const where = `${crd.spec.group}/${crd.spec.names.kind}`;
  const schema = copy.spec.versions[0].schema.openAPIV3Schema;
  for (const entry of IMPORT_OPEN[where] ?? []) {
    const { path: p, except } = typeof entry === 'string' ? { path: entry } : entry;
    const steps = p.split('.');
    if (except === undefined) {
      const parent = schemaAt(schema, steps.slice(0, -1), where);
      const last = steps[steps.length - 1];
      const array = last.endsWith('[]');
      const key = array ? last.slice(0, -2) : last;
      if (!parent.properties?.[key]) throw new Error(`${where}: no schema at ${p}`);
      if (array) parent.properties[key].items = { ...OPEN };
      else parent.properties[key] = { ...OPEN };
    } else {
      const node = schemaAt(schema, steps, where);
      for (const key of Object.keys(node.properties ?? {})) {
        if (!except.includes(key)) node.properties[key] = { ...OPEN };
      }
    }
  }
  return copy;
}

module.exports = { SHARED, WANTED, RELEASES, loadCrds, loadServedVersions, openForImport };
