import * as fs from 'fs';
import * as path from 'path';
import { Chart, JsonPatch, Testing } from 'cdk8s';
import { ApiObject } from 'cdk8s';
import { GrpcMeshError, GrpcMeshService, Mesh, MeshDefinition } from '../src';
import { capabilityColumns, renderCapabilityMatrix } from '../src/capabilities';
import { allLintRules } from '../src/lint/rules';
import { EXAMPLE_MESH, exampleMesh } from './fixtures/example-mesh/example-mesh';

// A mesh is one folder plus one factory: test/fixtures/example-mesh is written against the package
// entry only, like a mesh published outside the library.

const VERSIONS = [{ name: 'v1', image: 'registry/app:v1' }, { name: 'v2', image: 'registry/app:v2' }];

function service(props: object = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const svc = new GrpcMeshService(chart, 'svc', { mesh: exampleMesh(), versions: VERSIONS, ...props });
  return { chart, svc };
}

describe('a mesh of a third party (Mesh.of)', () => {
  test('renders the service: the shared workload with its traits, and its own objects', () => {
    const { chart } = service({ methods: [{ name: 'pkg.Svc/Get', weights: { v1: 90, v2: 10 } }] });
    const manifests = Testing.synth(chart);
    const table = manifests.find((m) => m.kind === 'GrpcRouteTable');
    expect(table).toMatchObject({ apiVersion: 'routing.example.dev/v1', metadata: { name: 'svc' } });
    expect(table.spec.routes[0]).toEqual({
      match: { service: 'pkg.Svc', method: 'Get' },
      backends: [{ service: 'svc-v1', weight: 90 }, { service: 'svc-v2', weight: 10 }],
    });
    const deployments = manifests.filter((m) => m.kind === 'Deployment');
    expect(deployments).toHaveLength(2);
    for (const d of deployments) expect(d.spec.template.metadata.labels['example.dev/mesh']).toBe('standard');
    expect(manifests.filter((m) => m.kind === 'Service').map((s) => s.metadata.name).sort()).toEqual(['svc', 'svc-v1', 'svc-v2']);
    expect(manifests.some((m) => String(m.apiVersion).includes('istio.io') || String(m.apiVersion).includes('linkerd.io'))).toBe(false);
  });

  test('rejects what it cannot honour, naming the prop', () => {
    expect(() => service({ connectionPool: { maxConnections: 10 } })).toThrow(
      new GrpcMeshError('test/svc', 'connectionPool', 'set', 'is not supported on the example mesh', 'remove connectionPool'),
    );
  });

  test('its factory checks its options', () => {
    expect(() => exampleMesh({ tier: 'gold' })).toThrow('exampleMesh: invalid tier "gold": not a tier of the example mesh; use one of standard, premium');
  });

  test('its column joins the capability matrix, after the built-in meshes', () => {
    expect(capabilityColumns().map((c) => c.key)).toEqual(['istio', 'istioAmbient', 'linkerd', 'linkerd216', 'linkerdLegacy', 'linkerd215', 'example']);
    expect(renderCapabilityMatrix().split('\n')[0]).toMatch(/\| Linkerd 2\.15 \(legacy\) \| Example mesh \|$/);
    expect(renderCapabilityMatrix()).toContain('| `connectionPool.maxConnections` | ');
  });

  test('its lint rule runs on every service, and on its objects patched through the escape hatch', () => {
    expect(allLintRules().map((r) => r.code)).toContain('EX101');
    const { svc } = service();
    const table = svc.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'GrpcRouteTable')!;
    expect(svc.lint()).toEqual([]);
    table.addJsonPatch(JsonPatch.replace('/spec/routes', []));
    expect(svc.lint()).toEqual([{
      code: 'EX101', rule: 'empty-route-table', severity: 'error', message: 'GrpcRouteTable svc has no route; give it the service\'s routes',
    }]);
  });

  test('registering twice is one registration; another definition with a registered name fails', () => {
    exampleMesh();
    expect(capabilityColumns().filter((c) => c.key === 'example')).toHaveLength(1);
    const clash: MeshDefinition = { ...EXAMPLE_MESH };
    expect(() => Mesh.of({ ...exampleMesh().provider, displayName: 'Another', definition: clash })).toThrow(
      'Mesh.of: invalid definition.name "Example mesh": the name of a mesh registered already; give each MeshDefinition a name of its own, and pass the same definition object each time',
    );
  });
});

describe('README: Adding a mesh', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split('## Adding a mesh')[1].split('\n## ')[0];
  const files = [...section.matchAll(/`((?:src|test)\/[^`\s]+)`/g)].map((m) => m[1]);

  test.each(['istio', 'linkerd'])('every file it lists exists for %s', (mesh) => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      expect([file, fs.existsSync(path.join(__dirname, '..', file.replace(/<mesh>/g, mesh)))]).toEqual([file, true]);
    }
  });
});
