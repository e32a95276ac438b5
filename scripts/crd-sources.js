'use strict';
// The kinds and versions the library emits, and where their pinned CRDs live.
// Shared by the import script and the schema derivation script.
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const SHARED = process.env.GRPC_MESH_SHARED ?? path.resolve(__dirname, '..', '..', 'shared');

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
  { file: 'flagger/flagger-1.44.0-crds.yaml', group: 'flagger.app', kind: 'Canary', version: 'v1beta1' },
  { file: 'flagger/flagger-1.44.0-crds.yaml', group: 'flagger.app', kind: 'MetricTemplate', version: 'v1beta1' },
  { file: 'argo-rollouts/rollout-v1.9.1.yaml', group: 'argoproj.io', kind: 'Rollout', version: 'v1alpha1' },
  { file: 'argo-rollouts/analysis-template-v1.9.1.yaml', group: 'argoproj.io', kind: 'AnalysisTemplate', version: 'v1alpha1' },
];

/** Reads the pinned CRDs and returns each wanted one trimmed to its wanted version. */
function loadCrds() {
  if (!fs.existsSync(SHARED)) {
    throw new Error(`pinned CRDs not found at ${SHARED}: check out ../shared beside the repo or set GRPC_MESH_SHARED`);
  }
  const docsByFile = new Map();
  return WANTED.map((w) => {
    if (!docsByFile.has(w.file)) {
      const text = fs.readFileSync(path.join(SHARED, 'crds', w.file), 'utf8');
      docsByFile.set(w.file, YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean));
    }
    const crd = docsByFile.get(w.file).find(
      (d) => d.kind === 'CustomResourceDefinition' && d.spec.group === w.group && d.spec.names.kind === w.kind,
    );
    if (!crd) throw new Error(`${w.kind}.${w.group} not found in ${w.file}`);
    const version = crd.spec.versions.find((v) => v.name === w.version);
    if (!version || !version.served) throw new Error(`${w.kind}.${w.group} ${w.version} is not served in ${w.file}`);
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
function loadServedVersions() {
  if (!fs.existsSync(SHARED)) {
    throw new Error(`pinned CRDs not found at ${SHARED}: check out ../shared beside the repo or set GRPC_MESH_SHARED`);
  }
  const docsByFile = new Map();
  return WANTED.map((w) => {
    if (!docsByFile.has(w.file)) {
      const text = fs.readFileSync(path.join(SHARED, 'crds', w.file), 'utf8');
      docsByFile.set(w.file, YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean));
    }
    const crd = docsByFile.get(w.file).find(
      (d) => d.kind === 'CustomResourceDefinition' && d.spec.group === w.group && d.spec.names.kind === w.kind,
    );
    if (!crd) throw new Error(`${w.kind}.${w.group} not found in ${w.file}`);
    return {
      group: w.group,
      kind: w.kind,
      version: w.version,
      file: w.file,
      crdName: crd.metadata.name,
      served: crd.spec.versions.filter((v) => v.served).map((v) => v.name),
    };
  });
}

module.exports = { SHARED, WANTED, loadCrds, loadServedVersions };
