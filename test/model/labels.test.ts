import { Mesh } from '../../src';
import { LinkerdMode } from '../../src/linkerd/linkerd-options';
import { baseProps, synthService } from '../support/service';
import { versionSelectorOf } from '../support/labels';
import {
  INSTANCE_LABEL, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL, VERSION_LABEL, objectLabels, podLabels, serviceSelector, versionSelector,
} from '../../src/model/labels';

// Every selector in the output, by the object that holds it: the keys it selects on must be ones
// only this service's pods carry, so that a pod labelled `app: svc` alone joins nothing.

type Labels = { [key: string]: string };

function selectors(manifests: any[]): [string, Labels][] {
  const found: [string, Labels][] = [];
  for (const m of manifests) {
    const where = `${m.kind}/${m.metadata.name}`;
    const s = m.spec ?? {};
    // The Gateway selects the ingress gateway's pods, not the service's.
    if (m.kind === 'Gateway') continue;
    if (m.kind === 'Service') found.push([where, s.selector]);
    if (s.selector?.matchLabels) found.push([where, s.selector.matchLabels]);
    if (s.podSelector?.matchLabels) found.push([where, s.podSelector.matchLabels]);
    if (m.kind === 'DestinationRule') for (const subset of s.subsets) found.push([`${where} subset ${subset.name}`, subset.labels]);
    for (const c of s.template?.spec?.topologySpreadConstraints ?? []) found.push([`${where} spread ${c.topologyKey}`, c.labelSelector.matchLabels]);
  }
  return found;
}

const selects = (selector: Labels, labels: Labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);

const PODS = ['Service', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy'];
const meshes: [string, Mesh, string[]][] = [
  ['Istio', Mesh.istio(), [...PODS, 'DestinationRule', 'PeerAuthentication', 'AuthorizationPolicy', 'Telemetry', 'RequestAuthentication']],
  ['Linkerd', Mesh.linkerd(), [...PODS, 'Server']],
  ['Linkerd legacy', Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), [...PODS, 'Server']],
];

describe.each(meshes)('selectors on %s', (_mesh, mesh, kinds) => {
  const { manifests } = synthService(baseProps({
    mesh,
    // The health port brings its NetworkPolicy.
    healthPort: 8081,
    telemetry: mesh.provider.displayName === 'Istio' ? { tracing: { samplingPercentage: 1 } } : undefined,
    ingress: mesh.provider.displayName === 'Istio'
      ? { hosts: ['a.example.com'], tlsCredentialName: 'c', methods: ['p.S/M'], jwt: { issuer: 'https://idp.example.com' } }
      : undefined,
  }));
  const found = selectors(manifests);

  test('every object kind that selects pods is covered', () => {
    expect([...new Set(found.map(([where]) => where.split('/')[0]))].sort()).toEqual([...kinds].sort());
    // Topology spread constraints are among them.
    expect(found.some(([where]) => where.includes(' spread '))).toBe(true);
  });

  test('every selector selects on the instance and managed-by labels, never on app or version', () => {
    for (const [where, selector] of found) {
      expect([where, selector['app.kubernetes.io/instance'], selector['app.kubernetes.io/managed-by']]).toEqual([where, 'svc', 'cdk8s-grpc-mesh']);
      expect([where, Object.keys(selector).filter((k) => k === 'app' || k === 'version')]).toEqual([where, []]);
    }
  });

  test("a pod with only app and version labels, or another tool's recommended labels, joins nothing", () => {
    const strangers: Labels[] = [
      { app: 'svc', version: 'v1' },
      { app: 'svc', version: 'v1', 'app.kubernetes.io/name': 'svc', 'app.kubernetes.io/instance': 'svc', 'app.kubernetes.io/managed-by': 'Helm' },
    ];
    for (const [where, selector] of found) for (const pod of strangers) expect([where, selects(selector, pod)]).toEqual([where, false]);
  });

  test("each version's pods are selected by the service-wide selectors and their own version's only", () => {
    const pods = manifests.filter((m) => m.kind === 'Deployment');
    for (const d of pods) {
      const labels = d.spec.template.metadata.labels;
      expect(labels).toMatchObject({ app: 'svc', version: d.metadata.name.slice(4), ...versionSelectorOf('svc', d.metadata.name.slice(4)) });
      for (const [where, selector] of found) {
        const version = selector['app.kubernetes.io/version'];
        expect([where, d.metadata.name, selects(selector, labels)]).toEqual([where, d.metadata.name, version === undefined || `svc-${version}` === d.metadata.name]);
      }
    }
  });
});

describe('the label objects', () => {
  test('carry the label constants, in this order', () => {
    const model = { name: 'svc' };
    expect(Object.entries(podLabels(model, 'v1'))).toEqual([
      ['app', 'svc'], ['version', 'v1'], [NAME_LABEL, 'svc'], [INSTANCE_LABEL, 'svc'], [MANAGED_BY_LABEL, MANAGED_BY], [VERSION_LABEL, 'v1'],
    ]);
    expect(Object.entries(objectLabels(model))).toEqual([['app', 'svc'], [NAME_LABEL, 'svc'], [INSTANCE_LABEL, 'svc'], [MANAGED_BY_LABEL, MANAGED_BY]]);
    expect(Object.entries(versionSelector(model, 'v2'))).toEqual([[NAME_LABEL, 'svc'], [INSTANCE_LABEL, 'svc'], [MANAGED_BY_LABEL, MANAGED_BY], [VERSION_LABEL, 'v2']]);
    expect(Object.entries(serviceSelector(model))).toEqual([[NAME_LABEL, 'svc'], [INSTANCE_LABEL, 'svc'], [MANAGED_BY_LABEL, MANAGED_BY]]);
    expect(podLabels(model, 'v1')).not.toBe(podLabels(model, 'v1'));
  });
});
