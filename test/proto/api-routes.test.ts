import { Duration } from 'cdk8s';
import { Client, GrpcApi, Mesh, RetryOn, Streaming } from '../../src';
import { baseProps, errorOf, only, synthService } from '../support/service';
import { expectValidManifests } from '../support/validate';
import { billingApi, routeTable } from './support';

const RETRY = { attempts: 2, perTryTimeout: Duration.seconds(2), on: [RetryOn.UNAVAILABLE] };
const ISTIO_RETRY = { attempts: 2, perTryTimeout: '2s', retryOn: 'unavailable,reset' };
const NO_RETRY = { attempts: 0 };
const B = '/acme.billing.v1';

function synthBilling(overrides: object = {}) {
  return synthService(baseProps({
    api: billingApi(),
    defaultRoute: { timeout: Duration.seconds(5), retry: RETRY },
    ...overrides,
  }));
}

describe('routes derived from the API on Istio', () => {
  test('streaming and non-idempotent methods get their own route; the rest is left to the default route', () => {
    const { manifests } = synthBilling();
    expectValidManifests(manifests);
    expect(routeTable(only(manifests, 'VirtualService').spec.http)).toEqual([
      [`${B}.Invoices/CreateInvoice`, '5s', NO_RETRY],
      [`${B}.Invoices/SendReminder`, '5s', NO_RETRY],
      [`${B}.Invoices/WatchInvoices`, undefined, NO_RETRY],
      [`${B}.Invoices/UploadLineItems`, undefined, NO_RETRY],
      [`${B}.Invoices/Reconcile`, undefined, NO_RETRY],
      [`${B}.PaymentAdmin/PurgeFailed`, '5s', NO_RETRY],
      [`${B}.Payments/Charge`, '5s', NO_RETRY],
      [`${B}.Payments/StreamPaymentEvents`, undefined, NO_RETRY],
      ['default', '5s', ISTIO_RETRY],
    ]);
  });

  test('streaming routes carry no timeout field at all, never 0s', () => {
    const { manifests } = synthBilling();
    const watch = only(manifests, 'VirtualService').spec.http.find((h: any) => h.name === 'acme-billing-v1-invoices-watchinvoices');
    expect(watch).not.toHaveProperty('timeout');
    expect(watch.retries).toEqual({ attempts: 0 });
  });

  test('the model lists every declared method and the route that carries it', () => {
    const { service } = synthBilling();
    expect(service.model.apiMethods!.map((m) => [m.match.method, m.streaming, m.idempotent, m.route])).toEqual([
      ['GetInvoice', Streaming.UNARY, true, 'default'],
      ['ListInvoices', Streaming.UNARY, true, 'default'],
      ['CreateInvoice', Streaming.UNARY, false, 'acme-billing-v1-invoices-createinvoice'],
      ['VoidInvoice', Streaming.UNARY, true, 'default'],
      ['SendReminder', Streaming.UNARY, false, 'acme-billing-v1-invoices-sendreminder'],
      ['WatchInvoices', Streaming.SERVER, true, 'acme-billing-v1-invoices-watchinvoices'],
      ['UploadLineItems', Streaming.CLIENT, false, 'acme-billing-v1-invoices-uploadlineitems'],
      ['Reconcile', Streaming.BIDIRECTIONAL, false, 'acme-billing-v1-invoices-reconcile'],
      ['PurgeFailed', Streaming.UNARY, false, 'acme-billing-v1-paymentadmin-purgefailed'],
      ['Charge', Streaming.UNARY, false, 'acme-billing-v1-payments-charge'],
      ['Refund', Streaming.UNARY, true, 'default'],
      ['GetPayment', Streaming.UNARY, true, 'default'],
      ['StreamPaymentEvents', Streaming.BIDIRECTIONAL, false, 'acme-billing-v1-payments-streampaymentevents'],
    ]);
  });

  test('with a default route that neither times out nor retries, only what differs remains: nothing', () => {
    const { manifests } = synthService(baseProps({ api: billingApi() }));
    expect(routeTable(only(manifests, 'VirtualService').spec.http)).toEqual([['default', undefined, NO_RETRY]]);
  });

  test('a default route with a timeout only: streaming methods get routes without one, unary methods need none', () => {
    const { manifests } = synthService(baseProps({ api: billingApi(), defaultRoute: { timeout: Duration.seconds(3) } }));
    expect(routeTable(only(manifests, 'VirtualService').spec.http)).toEqual([
      [`${B}.Invoices/WatchInvoices`, undefined, NO_RETRY],
      [`${B}.Invoices/UploadLineItems`, undefined, NO_RETRY],
      [`${B}.Invoices/Reconcile`, undefined, NO_RETRY],
      [`${B}.Payments/StreamPaymentEvents`, undefined, NO_RETRY],
      ['default', '3s', NO_RETRY],
    ]);
  });

  test('a canary on the default route applies to every method, derived routes included', () => {
    const { manifests } = synthBilling({ defaultRoute: { weights: { v1: 90, v2: 10 }, timeout: Duration.seconds(5), retry: RETRY } });
    expectValidManifests(manifests);
    const http = only(manifests, 'VirtualService').spec.http;
    for (const h of http) expect(h.route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v1', 90], ['v2', 10]]);
  });

  test('without api the routes are exactly as before', () => {
    const props = { defaultRoute: { timeout: Duration.seconds(5), retry: RETRY }, methods: [{ name: 'acme.billing.v1.Invoices/Anything' }] };
    const { manifests, service } = synthService(baseProps(props));
    expect(routeTable(only(manifests, 'VirtualService').spec.http)).toEqual([
      [`${B}.Invoices/Anything`, '5s', ISTIO_RETRY],
      ['default', '5s', ISTIO_RETRY],
    ]);
    expect(service.model).not.toHaveProperty('apiMethods');
  });
});

describe('user methods are overrides on top of the API', () => {
  test('a method override keeps the proto kind and always gets its own route', () => {
    const { manifests, service } = synthBilling({
      methods: [
        { name: 'acme.billing.v1.Invoices/GetInvoice', timeout: Duration.seconds(1), retry: { attempts: 3, perTryTimeout: Duration.millis(300) } },
        { name: 'acme.billing.v1.Invoices/WatchInvoices', weights: { v1: 50, v2: 50 } },
        { name: 'acme.billing.v1.Payments/Refund' },
      ],
    });
    expectValidManifests(manifests);
    const http = only(manifests, 'VirtualService').spec.http;
    const byPath = (p: string) => http.find((h: any) => h.match?.[0].uri.exact === p);
    expect(byPath(`${B}.Invoices/GetInvoice`)).toMatchObject({ timeout: '1s', retries: { attempts: 3, perTryTimeout: '0.3s', retryOn: 'unavailable,reset' } });
    const watch = byPath(`${B}.Invoices/WatchInvoices`);
    expect(watch).not.toHaveProperty('timeout');
    expect(watch.retries).toEqual(NO_RETRY);
    expect(watch.route.map((d: any) => d.weight)).toEqual([50, 50]);
    // Named by the user: kept even though its policy equals the default route's.
    expect(byPath(`${B}.Payments/Refund`)).toMatchObject({ timeout: '5s', retries: ISTIO_RETRY });
    expect(service.model.routes.find((r) => r.match?.method === 'Refund')!.prop).toBe('methods[2]');
  });

  test('retry on an IDEMPOTENCY_UNKNOWN method is an explicit opt-in', () => {
    const { manifests } = synthBilling({ methods: [{ name: 'acme.billing.v1.Payments/Charge', retry: { attempts: 1, on: [RetryOn.UNAVAILABLE] } }] });
    const charge = only(manifests, 'VirtualService').spec.http.find((h: any) => h.name === 'acme-billing-v1-payments-charge');
    expect(charge).toMatchObject({ timeout: '5s', retries: { attempts: 1, retryOn: 'unavailable' } });
  });

  test('idempotent overrides the proto: true inherits the default retries, false drops them', () => {
    const { manifests } = synthBilling({
      methods: [
        { name: 'acme.billing.v1.Invoices/SendReminder', idempotent: true },
        { name: 'acme.billing.v1.Invoices/GetInvoice', idempotent: false },
      ],
    });
    const http = only(manifests, 'VirtualService').spec.http;
    const retries = (name: string) => http.find((h: any) => h.name === name).retries;
    expect(retries('acme-billing-v1-invoices-sendreminder')).toEqual(ISTIO_RETRY);
    expect(retries('acme-billing-v1-invoices-getinvoice')).toEqual(NO_RETRY);
  });

  test('a whole-service override: its methods inherit from it, its prefix route catches undeclared methods', () => {
    const { manifests } = synthBilling({
      methods: [{ name: 'acme.billing.v1.Payments', timeout: Duration.seconds(10), weights: { v1: 80, v2: 20 } }],
    });
    expectValidManifests(manifests);
    const http = only(manifests, 'VirtualService').spec.http;
    expect(routeTable(http).filter(([p]) => p.includes('Payments'))).toEqual([
      [`${B}.Payments/Charge`, '10s', NO_RETRY],
      [`${B}.Payments/StreamPaymentEvents`, undefined, NO_RETRY],
      [`${B}.Payments/*`, '10s', ISTIO_RETRY],
    ]);
    const charge = http.find((h: any) => h.name === 'acme-billing-v1-payments-charge');
    expect(charge.route.map((d: any) => d.weight)).toEqual([80, 20]);
    // Exact methods before service prefixes, the default route last.
    expect(http.map((h: any) => h.name).slice(-2)).toEqual(['acme-billing-v1-payments', 'default']);
  });

  test('a service route that is not idempotent covers its methods; one declared idempotent again gets the default retries', () => {
    const { manifests } = synthBilling({
      methods: [{ name: 'acme.billing.v1.Payments', idempotent: false }, { name: 'acme.billing.v1.Payments/GetPayment', idempotent: true }],
    });
    expectValidManifests(manifests);
    const table = routeTable(only(manifests, 'VirtualService').spec.http).filter(([p]) => p.includes('Payments'));
    expect(table).toEqual([
      [`${B}.Payments/GetPayment`, '5s', ISTIO_RETRY],
      [`${B}.Payments/StreamPaymentEvents`, undefined, NO_RETRY],
      [`${B}.Payments/*`, '5s', NO_RETRY],
    ]);
  });

  test('a whole-service idempotent: true is fine where nothing would be retried: streams, or no retry policy', () => {
    const api = GrpcApi.fromProtoText('syntax = "proto3"; package p; message R {} service S { rpc Watch(R) returns (stream R); }');
    expect(() => synthService(baseProps({ api, defaultRoute: { retry: RETRY }, methods: [{ name: 'p.S', idempotent: true }] }))).not.toThrow();
    expect(() => synthBilling({ defaultRoute: { timeout: Duration.seconds(5) }, methods: [{ name: 'acme.billing.v1.Payments', idempotent: true }] })).not.toThrow();
  });

  test('a service route that does not retry: its unknown-idempotency methods need no route of their own', () => {
    const { service } = synthBilling({ methods: [{ name: 'acme.billing.v1.PaymentAdmin', retry: { attempts: 0 } }] });
    const purge = service.model.apiMethods!.find((m) => m.match.method === 'PurgeFailed')!;
    expect(purge.route).toBe('acme-billing-v1-paymentadmin');
  });
});

describe('bad overrides get a clear error', () => {
  const CASES: [string, object, string][] = [
    ['a misspelt method', { methods: [{ name: 'acme.billing.v1.Invoices/GetInvoce' }] },
      'test/svc: invalid methods[0].name "acme.billing.v1.Invoices/GetInvoce": not declared in the API; did you mean "acme.billing.v1.Invoices/GetInvoice"?'],
    ['a method in a misspelt service', { methods: [{ name: 'acme.billing.v1.Invoice/VoidInvoice' }] },
      'test/svc: invalid methods[0].name "acme.billing.v1.Invoice/VoidInvoice": not declared in the API; did you mean "acme.billing.v1.Invoices/VoidInvoice"?'],
    ['a misspelt service', { methods: [{ name: 'acme.billing.v1.Paymnts' }] },
      'test/svc: invalid methods[0].name "acme.billing.v1.Paymnts": not declared in the API; did you mean "acme.billing.v1.Payments"?'],
    ['a service without its package', { methods: [{ name: 'PaymentAdmin' }] },
      'test/svc: invalid methods[0].name "PaymentAdmin": not declared in the API; did you mean "acme.billing.v1.PaymentAdmin"?'],
    ['a method nothing resembles', { methods: [{ name: 'acme.billing.v1.Invoices/Teleport' }] },
      'test/svc: invalid methods[0].name "acme.billing.v1.Invoices/Teleport": not declared in the API; name a method the .proto files declare, or remove it'],
    ['a streaming kind the proto contradicts', { methods: [{ name: 'acme.billing.v1.Invoices/WatchInvoices', streaming: Streaming.UNARY }] },
      'test/svc: invalid methods[0].streaming "UNARY": the API declares acme.billing.v1.Invoices/WatchInvoices as SERVER; remove streaming: it comes from the .proto files'],
    ['a streaming kind on a unary method', { methods: [{ name: 'acme.billing.v1.Payments/GetPayment', streaming: Streaming.CLIENT }] },
      'test/svc: invalid methods[0].streaming "CLIENT": the API declares acme.billing.v1.Payments/GetPayment as UNARY; remove streaming: it comes from the .proto files'],
    ['a streaming kind on a mixed service', { methods: [{ name: 'acme.billing.v1.Invoices', streaming: Streaming.UNARY }] },
      'test/svc: invalid methods[0].streaming "UNARY": the API declares acme.billing.v1.Invoices/WatchInvoices as SERVER; remove streaming: it comes from the .proto files'],
    ['a timeout on a method the proto declares streaming', { methods: [{ name: 'acme.billing.v1.Invoices/Reconcile', timeout: Duration.seconds(30) }] },
      'test/svc: invalid methods[0].timeout 30 seconds: a route timeout would cut this streaming method\'s streams; remove the timeout and let clients set a deadline instead'],
    ['retries on a method the proto declares streaming', { methods: [{ name: 'acme.billing.v1.Invoices/UploadLineItems', retry: { attempts: 1 } }] },
      'test/svc: invalid methods[0].retry.attempts 1: the mesh cannot safely retry a streaming method; remove the retry or set attempts to 0'],
    ['the same method twice', { methods: [{ name: 'acme.billing.v1.Payments/Charge' }, { name: '/acme.billing.v1.Payments/Charge' }] },
      'test/svc: invalid methods[1].name "/acme.billing.v1.Payments/Charge": acme.billing.v1.Payments/Charge is already routed by methods[0]; declare each method or service once and merge the two routes'],
    ['a method timeout under an inherited service per-try timeout', {
      methods: [
        { name: 'acme.billing.v1.Payments', retry: { attempts: 2, perTryTimeout: Duration.seconds(4) } },
        { name: 'acme.billing.v1.Payments/Refund', timeout: Duration.seconds(1) },
      ],
    }, 'test/svc: invalid methods[1].timeout 1 second: shorter than the per-try timeout 4000ms inherited from methods[0].retry; raise the timeout or give this route its own retry'],
    ['an authorization rule naming a misspelt method', { authorization: { allow: [{ clients: [Client.namespace('ops')], methods: ['acme.billing.v1.Payments/Refnd'] }] } },
      'test/svc: invalid authorization.allow[0].methods[0] "acme.billing.v1.Payments/Refnd": not declared in the API; did you mean "acme.billing.v1.Payments/Refund"?'],
    ['a whole-service idempotent: true over a method without idempotency_level', { methods: [{ name: 'acme.billing.v1.Payments', idempotent: true }] },
      'test/svc: invalid methods[0].idempotent true: acme.billing.v1.Payments/Charge declares no idempotency_level, and a whole-service entry cannot opt it into retries; add { name: "acme.billing.v1.Payments/Charge", idempotent: true } to methods, or set idempotency_level in the .proto'],
    ['an ingress method the API does not declare', { ingress: { hosts: ['pay.example.com'], tlsCredentialName: 'cert', methods: ['acme.billing.v1.Payments/GetPaymnt'] } },
      'test/svc: invalid ingress.methods[0] "acme.billing.v1.Payments/GetPaymnt": not declared in the API; did you mean "acme.billing.v1.Payments/GetPayment"?'],
    ['an api that is not a GrpcApi', { api: { services: [] } },
      'test/svc: invalid api {"services":[]}: not a GrpcApi; load it with GrpcApi.fromProtoFiles([...]) or GrpcApi.fromProtoText(...)'],
  ];

  test.each(CASES)('%s', (_what, overrides, message) => {
    expect(errorOf(() => synthService(baseProps({ api: billingApi(), defaultRoute: { timeout: Duration.seconds(5), retry: RETRY }, ...overrides } as any)))).toBe(message);
  });
});

describe('route count', () => {
  test('a large API whose methods all follow the default route adds no route; each exception adds one', () => {
    const rpcs = Array.from({ length: 60 }, (_, i) =>
      `rpc Get${i}(E) returns (E) { option idempotency_level = NO_SIDE_EFFECTS; }`).join('\n');
    const api = GrpcApi.fromProtoText(`syntax = "proto3"; package big.v1; service Big { ${rpcs}\n rpc Put(E) returns (E); rpc Tail(E) returns (stream E); } message E {}`);
    expect(api.methods).toHaveLength(62);
    const { manifests, service } = synthService(baseProps({ api, defaultRoute: { timeout: Duration.seconds(2), retry: { attempts: 1 } } }));
    expectValidManifests(manifests);
    expect(routeTable(only(manifests, 'VirtualService').spec.http)).toEqual([
      ['/big.v1.Big/Put', '2s', NO_RETRY],
      ['/big.v1.Big/Tail', undefined, NO_RETRY],
      ['default', '2s', { attempts: 1, retryOn: 'unavailable' }],
    ]);
    expect(service.model.apiMethods).toHaveLength(62);
  });
});

describe('every mesh routes the same methods', () => {
  test('Linkerd gets a GRPCRoute for exactly the methods Istio routes', () => {
    const defaultRoute = { timeout: Duration.seconds(5), retry: RETRY };
    const istio = synthService(baseProps({ api: billingApi(), defaultRoute })).manifests;
    const linkerd = synthService(baseProps({ mesh: Mesh.linkerd(), api: billingApi(), defaultRoute })).manifests;
    expectValidManifests(linkerd);
    const istioPaths = only(istio, 'VirtualService').spec.http.filter((h: any) => h.match).map((h: any) => h.match[0].uri.exact);
    const linkerdPaths = linkerd
      .filter((m) => m.kind === 'GRPCRoute' && m.spec.parentRefs.some((p: any) => p.kind === 'Service'))
      .flatMap((m) => m.spec.rules.flatMap((rule: any) => (rule.matches ?? []).map((x: any) => `/${x.method.service}/${x.method.method}`)));
    expect(linkerdPaths.sort()).toEqual([...istioPaths].sort());
  });
});
