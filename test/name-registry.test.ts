import { Chart, Testing } from 'cdk8s';
import { Delivery, GrpcMeshService, GrpcMeshServiceProps, Mesh } from '../src';
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
      'test/orders-v1: invalid id (the service name) "orders-v1": its Service "orders-v1" in namespace "default" is also written by test/orders (test/orders/Service-v1); give each service a name whose derived object names (<name>, <name>-<version>, ...) differ from every other service\'s in the namespace');
  });

  test('in whichever order they are declared', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'orders-v1', props({ mesh: Mesh.linkerd(), versions: [{ name: 'v2', image: 'r/a:2' }] }));
    expect(errorOf(() => new GrpcMeshService(chart, 'orders', props({ mesh: Mesh.linkerd() })))).toContain(
      'test/orders: invalid id (the service name) "orders": its Service "orders-v1" in namespace "default" is also written by test/orders-v1 (test/orders-v1/Service)');
  });

  test('on Istio, orders and orders-v1 write no object twice, and both synthesize', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GrpcMeshService(chart, 'orders', props());
    new GrpcMeshService(chart, 'orders-v1', props());
    const names = Testing.synth(chart).map((m) => `${m.apiVersion}/${m.kind}/${m.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  describe('the objects Flagger creates for a service with Delivery.flagger()', () => {
    const flagger = (overrides: Partial<GrpcMeshServiceProps> = {}) => props({ delivery: Delivery.flagger(), ...overrides });

    test.each(['orders-primary', 'orders-canary'])('a service %s collides with the Service Flagger creates for orders', (name) => {
      const chart = new Chart(Testing.app(), 'test');
      new GrpcMeshService(chart, 'orders', flagger());
      expect(errorOf(() => new GrpcMeshService(chart, name, props()))).toBe(
        `test/${name}: invalid id (the service name) "${name}": its Service "${name}" in namespace "default" is also written by test/orders (created by Flagger); give each service a name whose derived object names (<name>, <name>-<version>, ...) differ from every other service's in the namespace`);
    });

    test('a version Deployment orders-v1-primary collides with the primary Deployment Flagger clones from orders-v1', () => {
      const chart = new Chart(Testing.app(), 'test');
      new GrpcMeshService(chart, 'orders', flagger());
      expect(errorOf(() => new GrpcMeshService(chart, 'orders-v1', props({ versions: [{ name: 'primary', image: 'registry/app:v1' }] })))).toContain(
        'its Deployment "orders-v1-primary" in namespace "default" is also written by test/orders (created by Flagger)');
    });

    test('in whichever order they are declared', () => {
      const chart = new Chart(Testing.app(), 'test');
      new GrpcMeshService(chart, 'orders-canary', props());
      expect(errorOf(() => new GrpcMeshService(chart, 'orders', flagger()))).toBe(
        'test/orders: invalid id (the service name) "orders": the Service "orders-canary" Flagger creates for it in namespace "default" is also written by test/orders-canary (test/orders-canary/Service); give each service a name whose derived object names (<name>, <name>-primary, <name>-canary, ...) differ from every other service\'s in the namespace');
    });

    test('in another namespace, or without Flagger, the names are free', () => {
      const chart = new Chart(Testing.app(), 'test');
      new GrpcMeshService(chart, 'orders', flagger());
      new GrpcMeshService(chart, 'orders-primary', props({ namespace: 'shop' }));
      const plain = new Chart(Testing.app(), 'test');
      new GrpcMeshService(plain, 'orders', props());
      new GrpcMeshService(plain, 'orders-primary', props());
      expect(Testing.synth(plain).length).toBeGreaterThan(0);
    });
  });
});
