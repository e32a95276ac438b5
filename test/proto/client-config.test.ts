import { Chart, Duration, Testing } from 'cdk8s';
import { clientServiceConfig, GrpcMeshError, GrpcMeshService, RetryOn } from '../../src';
import { baseProps, errorOf, only, synthService } from '../support/service';
import { expectValidManifests } from '../support/validate';
import { billingApi } from './support';
import { labelsOf } from '../support/labels';

const RETRY = { attempts: 2, perTryTimeout: Duration.millis(500), on: [RetryOn.UNAVAILABLE, RetryOn.CONNECT_FAILURE, RetryOn.RESOURCE_EXHAUSTED] };
const INVOICES = 'acme.billing.v1.Invoices';
const PAYMENTS = 'acme.billing.v1.Payments';

function billing(overrides: object = {}) {
  return synthService(baseProps({
    api: billingApi(),
    defaultRoute: { timeout: Duration.millis(1500), retry: RETRY },
    methods: [{ name: `${INVOICES}/ListInvoices`, timeout: Duration.seconds(10) }],
    ...overrides,
  }));
}

describe('client service config', () => {
  test('in the mesh: the routes\' timeouts, no retry policy (the mesh retries), pick_first', () => {
    const { service } = billing();
    expect(service.clientServiceConfig()).toEqual({
      loadBalancingConfig: [{ pick_first: {} }],
      methodConfig: [
        { name: [{ service: INVOICES, method: 'ListInvoices' }], timeout: '10s' },
        {
          name: [
            { service: INVOICES, method: 'WatchInvoices' },
            { service: INVOICES, method: 'UploadLineItems' },
            { service: INVOICES, method: 'Reconcile' },
            { service: PAYMENTS, method: 'StreamPaymentEvents' },
          ],
        },
        { name: [{}], timeout: '1.5s' },
      ],
    });
  });

  test('every method gets the same timeout from client and mesh', () => {
    const { service } = billing();
    const config = service.clientServiceConfig();
    // The most specific name wins in gRPC, as the first matching route wins in the mesh.
    const clientTimeout = (service: string, method: string) => {
      const find = (pred: (n: any) => boolean) => config.methodConfig!.find((c) => c.name.some(pred));
      const entry = find((n) => n.service === service && n.method === method)
        ?? find((n) => n.service === service && n.method === undefined)
        ?? find((n) => n.service === undefined);
      return entry?.timeout;
    };
    for (const m of service.model.apiMethods!) {
      const route = service.model.routes.find((r) => r.name === m.route)!;
      const expected = route.timeoutMs === undefined ? undefined : `${route.timeoutMs / 1000}s`;
      expect([m.match.method, clientTimeout(m.match.service, m.match.method!)]).toEqual([m.match.method, expected]);
    }
  });

  test('outside the mesh: through the ingress gateway, the same config: no retry policy on top of the gateway\'s retries, pick_first', () => {
    const { service } = billing({ ingress: { hosts: ['billing.example.com'], tlsCredentialName: 'cert' } });
    const config = service.clientServiceConfig({ clientInMesh: false });
    expect(config).toEqual(service.clientServiceConfig());
    expect(config.loadBalancingConfig).toEqual([{ pick_first: {} }]);
    // No entry retries: a server-sent UNAVAILABLE never replays a call, not even a non-idempotent one.
    expect(JSON.stringify(config)).not.toMatch(/retryPolicy|round_robin|UNAVAILABLE/);
  });

  test('outside the mesh without ingress: refused, as such a client cannot reach the service', () => {
    const { service } = billing();
    expect(errorOf(() => service.clientServiceConfig({ clientInMesh: false }))).toBe(
      'test/svc: invalid clientInMesh false: a client outside the mesh can reach the service only through the ingress gateway, and the service has no ingress; set ingress and point the client at its host, or run the client in the mesh',
    );
    expect(errorOf(() => service.addClientConfigMap({ clientInMesh: false }))).toMatch(/invalid clientInMesh false/);
  });

  test('options from plain JavaScript are checked', () => {
    const { service } = billing();
    expect(errorOf(() => service.clientServiceConfig({ clientInMesh: 'no' as any }))).toBe(
      'test/svc: invalid clientInMesh "no": not a boolean; set true or false',
    );
    expect(errorOf(() => service.clientServiceConfig(null as any))).toBe(
      'test/svc: invalid clientServiceConfig null: not an object; pass { clientInMesh? }',
    );
  });

  test('a service route: its methods fall back to it, not to the default', () => {
    const { service } = synthService(baseProps({
      api: billingApi(),
      defaultRoute: { timeout: Duration.seconds(5) },
      methods: [{ name: PAYMENTS, timeout: Duration.seconds(20) }],
    }));
    expect(service.clientServiceConfig()).toEqual({
      loadBalancingConfig: [{ pick_first: {} }],
      methodConfig: [
        {
          name: [
            { service: INVOICES, method: 'WatchInvoices' },
            { service: INVOICES, method: 'UploadLineItems' },
            { service: INVOICES, method: 'Reconcile' },
            { service: PAYMENTS, method: 'StreamPaymentEvents' },
          ],
        },
        { name: [{ service: PAYMENTS }], timeout: '20s' },
        { name: [{}], timeout: '5s' },
      ],
    });
  });

  test('nothing to say: pick_first only', () => {
    const { service } = synthService(baseProps({ api: billingApi() }));
    expect(service.clientServiceConfig()).toEqual({ loadBalancingConfig: [{ pick_first: {} }] });
  });

  test('without api: from the declared routes', () => {
    const { service } = synthService(baseProps({
      defaultRoute: { timeout: Duration.seconds(2) },
      methods: [{ name: 'shop.Orders/Watch', streaming: 'SERVER' as any }],
    }));
    expect(clientServiceConfig(service.model)).toEqual({
      loadBalancingConfig: [{ pick_first: {} }],
      methodConfig: [{ name: [{ service: 'shop.Orders', method: 'Watch' }] }, { name: [{}], timeout: '2s' }],
    });
  });
});

describe('client config ConfigMap', () => {
  test('<name>-grpc-client-config with service-config.json, stable JSON', () => {
    const chart = new Chart(Testing.app(), 'test');
    const service = new GrpcMeshService(chart, 'svc', baseProps({
      api: billingApi(),
      namespace: 'billing',
      defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 1 } },
    }));
    service.addClientConfigMap();
    const manifests = Testing.synth(chart);
    expectValidManifests(manifests);
    const cm = only(manifests, 'ConfigMap');
    expect(cm.apiVersion).toBe('v1');
    expect(cm.metadata).toEqual({ name: 'svc-grpc-client-config', namespace: 'billing', labels: labelsOf('svc') });
    expect(Object.keys(cm.data)).toEqual(['service-config.json']);
    expect(cm.data['service-config.json']).toBe(`{
  "loadBalancingConfig": [
    {
      "pick_first": {}
    }
  ],
  "methodConfig": [
    {
      "name": [
        {
          "service": "acme.billing.v1.Invoices",
          "method": "WatchInvoices"
        },
        {
          "service": "acme.billing.v1.Invoices",
          "method": "UploadLineItems"
        },
        {
          "service": "acme.billing.v1.Invoices",
          "method": "Reconcile"
        },
        {
          "service": "acme.billing.v1.Payments",
          "method": "StreamPaymentEvents"
        }
      ]
    },
    {
      "name": [
        {}
      ],
      "timeout": "5s"
    }
  ]
}
`);
    expect(JSON.parse(cm.data['service-config.json'])).toEqual(service.clientServiceConfig());
  });

  test('byte-identical across synths; a second ConfigMap is refused', () => {
    const synth = () => {
      const chart = new Chart(Testing.app(), 'test');
      const service = new GrpcMeshService(chart, 'svc', baseProps({ api: billingApi(), defaultRoute: { timeout: Duration.seconds(5) } }));
      service.addClientConfigMap({ clientInMesh: true });
      // The message is in the bad-input catalogue (test/model/error-cases.ts CALL_CASES).
      expect(() => service.addClientConfigMap()).toThrow(GrpcMeshError);
      return JSON.stringify(Testing.synth(chart));
    };
    expect(synth()).toBe(synth());
  });

  test('not added unless asked for', () => {
    const { manifests } = synthService(baseProps({ api: billingApi() }));
    expect(manifests.filter((m) => m.kind === 'ConfigMap')).toEqual([]);
  });
});
