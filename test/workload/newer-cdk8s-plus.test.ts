import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { GrpcMeshService, Mesh } from '../../src';
import { only } from '../support/service';
import { UnknownKinds, validateManifestsDetailed } from '../../src/validation';

// An app on a newer cdk8s-plus (here cdk8s-plus-32, what a fresh `cdk8s init` brings) next to the
// library's workload, plain ApiObjects written from cdk8s-plus-27's k8s imports: this file is type-checked by `npm test`
// (tsconfig.test.json), so the recipes of docs/cdk8s-plus.md compile, and the conflict they avoid is real.
describe('an app on cdk8s-plus-32', () => {
  test('reaches the workload through cdk8s (ApiObjects, JSON patches) and selects its pods by label', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const orders = new GrpcMeshService(chart, 'orders', {
      mesh: Mesh.istio(),
      versions: [{ name: 'v1', image: 'registry.example.com/orders:1.4.0' }],
    });
    const deployment = orders.workload.deployments.v1;

    // cdk8s-plus-32 constructs take cdk8s-plus-32 L2s: the workload's Deployment is not one.
    // @ts-expect-error an ApiObject is no IPodSelector (no pod metadata, no selector config)
    const wrong: kplus.IPodSelector = deployment;
    expect(wrong).toBe(deployment);

    // 1. Every workload object is a cdk8s ApiObject: its metadata and JSON patches.
    expect(deployment).toBeInstanceOf(ApiObject);
    deployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/env', [{ name: 'LOG_LEVEL', value: 'debug' }]),
    );
    orders.workload.service!.metadata.addLabel('team', 'shop');

    // 2. Select the pods by their labels with the app's own cdk8s-plus (the Deployment carries them too).
    const instance = deployment.metadata.getLabel('app.kubernetes.io/instance')!;
    const pods = kplus.Pods.select(chart, 'OrdersPods', { labels: { 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/managed-by': 'cdk8s-grpc-mesh' } });
    new kplus.NetworkPolicy(chart, 'OrdersEgress', {
      selector: pods,
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });

    // 3. Refer to workload objects by name.
    const account = kplus.ServiceAccount.fromServiceAccountName(chart, 'OrdersAccount', orders.workload.serviceAccount.name);
    const reader = new kplus.Role(chart, 'ConfigReader');
    reader.allowRead(kplus.ConfigMap.fromConfigMapName(chart, 'OrdersConfig', 'orders-config'));
    reader.bind(account);

    const manifests = Testing.synth(chart);
    const d = only(manifests, 'Deployment', 'orders-v1');
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(only(manifests, 'Service', 'orders').metadata.labels).toMatchObject({ team: 'shop' });
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/managed-by': 'cdk8s-grpc-mesh' } });
    const binding = manifests.find((m) => m.kind === 'RoleBinding');
    expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: 'orders' })]);
    // The validator has no schema for the RBAC kinds: they are left unchecked, everything else (the
    // app's NetworkPolicy too) is validated.
    const result = validateManifestsDetailed(manifests, { unknownKinds: UnknownKinds.WARN });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.kind).sort()).toEqual(['Role', 'RoleBinding']);
  });
});
