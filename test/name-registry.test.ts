import { Chart, Testing } from 'cdk8s';
import { GrpcMeshService, GrpcMeshServiceProps, Mesh } from '../src';
import { errorOf } from './support/service';

const props = (overrides: Partial<GrpcMeshServiceProps> = {}): GrpcMeshServiceProps => ({
  mesh: Mesh.istio(), versions: [{ name: 'v1', image: 'registry/app:v1' }], ...overrides,
});

describe('names claimed in one app', () => {
  test('two services with the same name in a namespace fail, naming both', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'orders', props());
    expect(errorOf(() => new GrpcMeshService(chart, 'orders-again', props({ serviceName: 'orders' })))).toBe(
      'test/orders-again: invalid serviceName "orders": the name of another service in namespace "default" (test/orders); give each service a unique name in its namespace (serviceName)');
  });

  test('two charts of one app count as one app', () => {
    const app = Testing.app();
    new GrpcMeshService(new Chart(app, 'a', { namespace: 'shop' }), 'orders', props());
    expect(errorOf(() => new GrpcMeshService(new Chart(app, 'b', { namespace: 'shop' }), 'orders', props()))).toContain(
      'b/orders: invalid id (the service name) "orders": the name of another service in namespace "shop" (a/orders)');
  });

  test('the same name in two namespaces, or in two apps, is fine', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'orders', props());
    new GrpcMeshService(chart, 'orders-shop', props({ serviceName: 'orders', namespace: 'shop' }));
    new GrpcMeshService(new Chart(Testing.app(), 'test'), 'orders', props());
    const names = Testing.synth(chart).map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  test("on Linkerd, a service orders-v1 collides with orders's version Service orders-v1: both are named", () => {
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'orders', props({ mesh: Mesh.linkerd() }));
    expect(errorOf(() => new GrpcMeshService(chart, 'orders-v1', props({ mesh: Mesh.linkerd() })))).toBe(
      'test/orders-v1: invalid id (the service name) "orders-v1": its Service "orders-v1" in namespace "default" is also written by test/orders (test/orders/Workload/Service-v1); give each service a name whose derived object names (<name>, <name>-<version>, ...) differ from every other service\'s in the namespace');
  });

  test('in whichever order they are declared', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'orders-v1', props({ mesh: Mesh.linkerd(), versions: [{ name: 'v2', image: 'r/a:2' }] }));
    expect(errorOf(() => new GrpcMeshService(chart, 'orders', props({ mesh: Mesh.linkerd() })))).toContain(
      'test/orders: invalid id (the service name) "orders": its Service "orders-v1" in namespace "default" is also written by test/orders-v1 (test/orders-v1/Workload/Service)');
  });

  test('on Istio, orders and orders-v1 write no object twice, and both synthesize', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'orders', props());
    new GrpcMeshService(chart, 'orders-v1', props());
    const names = Testing.synth(chart).map((m) => `${m.apiVersion}/${m.kind}/${m.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
  });
});
