import * as path from 'path';
import { GrpcApi, Idempotency, ProtoLoadError, Streaming } from '../../src';
import { billingApi, PROTO_DIR } from './support';

function loadError(fn: () => unknown): ProtoLoadError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtoLoadError);
    return e as ProtoLoadError;
  }
  throw new Error('expected a ProtoLoadError, none was thrown');
}

describe('GrpcApi.fromProtoFiles', () => {
  test('reads services and methods across files, imports and one package', () => {
    const api = billingApi();
    expect(api.services.map((s) => [s.name, s.file])).toEqual([
      ['acme.billing.v1.Invoices', 'test/fixtures/proto/acme/billing/v1/invoices.proto'],
      ['acme.billing.v1.PaymentAdmin', 'test/fixtures/proto/acme/billing/v1/payments.proto'],
      ['acme.billing.v1.Payments', 'test/fixtures/proto/acme/billing/v1/payments.proto'],
    ]);
    expect(api.methods.map((m) => m.path)).toEqual([
      '/acme.billing.v1.Invoices/GetInvoice',
      '/acme.billing.v1.Invoices/ListInvoices',
      '/acme.billing.v1.Invoices/CreateInvoice',
      '/acme.billing.v1.Invoices/VoidInvoice',
      '/acme.billing.v1.Invoices/SendReminder',
      '/acme.billing.v1.Invoices/WatchInvoices',
      '/acme.billing.v1.Invoices/UploadLineItems',
      '/acme.billing.v1.Invoices/Reconcile',
      '/acme.billing.v1.PaymentAdmin/PurgeFailed',
      '/acme.billing.v1.Payments/Charge',
      '/acme.billing.v1.Payments/Refund',
      '/acme.billing.v1.Payments/GetPayment',
      '/acme.billing.v1.Payments/StreamPaymentEvents',
    ]);
  });

  test('streaming kinds from `stream` on the request, the response or both', () => {
    const api = billingApi();
    const kind = (name: string) => api.method(name)!.streaming;
    expect(kind('acme.billing.v1.Invoices/GetInvoice')).toBe(Streaming.UNARY);
    expect(kind('acme.billing.v1.Invoices/WatchInvoices')).toBe(Streaming.SERVER);
    expect(kind('acme.billing.v1.Invoices/UploadLineItems')).toBe(Streaming.CLIENT);
    expect(kind('acme.billing.v1.Invoices/Reconcile')).toBe(Streaming.BIDIRECTIONAL);
    expect(kind('/acme.billing.v1.Payments/StreamPaymentEvents')).toBe(Streaming.BIDIRECTIONAL);
  });

  test('idempotency from the idempotency_level option, UNKNOWN when absent', () => {
    const api = billingApi();
    const level = (name: string) => api.method(`acme.billing.v1.${name}`)!.idempotency;
    expect(level('Invoices/GetInvoice')).toBe(Idempotency.NO_SIDE_EFFECTS);
    expect(level('Invoices/VoidInvoice')).toBe(Idempotency.IDEMPOTENT);
    expect(level('Invoices/SendReminder')).toBe(Idempotency.UNKNOWN);
    expect(level('Invoices/CreateInvoice')).toBe(Idempotency.UNKNOWN);
    expect(level('Invoices/WatchInvoices')).toBe(Idempotency.NO_SIDE_EFFECTS);
    expect(level('Payments/Refund')).toBe(Idempotency.IDEMPOTENT);
  });

  test('message types resolved across packages and to the well-known types', () => {
    const api = billingApi();
    expect(api.method('acme.billing.v1.Invoices/VoidInvoice')).toEqual({
      service: 'acme.billing.v1.Invoices',
      name: 'VoidInvoice',
      path: '/acme.billing.v1.Invoices/VoidInvoice',
      streaming: Streaming.UNARY,
      idempotency: Idempotency.IDEMPOTENT,
      requestType: 'acme.billing.v1.VoidInvoiceRequest',
      responseType: 'google.protobuf.Empty',
    });
  });

  test('only the services of the files named count; an imported file loaded twice is read once', () => {
    // payments.proto imports invoices.proto: its services are not part of this API.
    const api = GrpcApi.fromProtoFiles([`${PROTO_DIR}/acme/billing/v1/payments.proto`], { includeDirs: [PROTO_DIR] });
    expect(api.services.map((s) => s.name)).toEqual(['acme.billing.v1.PaymentAdmin', 'acme.billing.v1.Payments']);
    expect(api.service('acme.billing.v1.Invoices')).toBeUndefined();
    expect(api.service('.acme.billing.v1.Payments')!.methods).toHaveLength(4);
  });

  test('files are found as given or under an include dir; absolute paths work', () => {
    const abs = path.resolve(PROTO_DIR, 'acme/billing/v1/invoices.proto');
    const a = GrpcApi.fromProtoFiles([abs], { includeDirs: [path.resolve(PROTO_DIR)] });
    const b = GrpcApi.fromProtoFiles(['acme/billing/v1/invoices.proto'], { includeDirs: [PROTO_DIR] });
    expect(a.methods).toEqual(b.methods);
  });

  test('a missing file names the file', () => {
    const e = loadError(() => GrpcApi.fromProtoFiles(['protos/nope.proto'], { includeDirs: [PROTO_DIR] }));
    expect(e.message).toBe('protos/nope.proto: no such file, nor under test/fixtures/proto; check the path (relative to the working directory or to an include dir)');
    expect(e.file).toBe('protos/nope.proto');
  });

  test('a missing import names the importing file, the import and where it was looked for', () => {
    const e = loadError(() => GrpcApi.fromProtoFiles([`${PROTO_DIR}/bad/missing-import.proto`], { includeDirs: [PROTO_DIR] }));
    expect(e.message).toBe('test/fixtures/proto/bad/missing-import.proto: import "acme/common/v1/nowhere.proto" not found in test/fixtures/proto, test/fixtures/proto/bad; add the directory that holds it to includeDirs');
  });

  test('a parse error names the file and the line', () => {
    const e = loadError(() => GrpcApi.fromProtoFiles([`${PROTO_DIR}/bad/syntax-error.proto`]));
    expect(e.message).toBe('test/fixtures/proto/bad/syntax-error.proto: cannot parse: illegal token \'GetResponse\', \'(\' expected (line 6); fix the .proto syntax');
  });

  test('an unknown message type names the file and the rpc', () => {
    const e = loadError(() => GrpcApi.fromProtoFiles([`${PROTO_DIR}/bad/unknown-type.proto`]));
    expect(e.message).toBe('test/fixtures/proto/bad/unknown-type.proto: rpc Get of bad.Typo: no such type: GetRequst; declare the type, import the file that declares it, or fix its name');
  });

  test('files without services are rejected', () => {
    const e = loadError(() => GrpcApi.fromProtoFiles([`${PROTO_DIR}/acme/common/v1/money.proto`]));
    expect(e.message).toBe('test/fixtures/proto/acme/common/v1/money.proto: declares no service; pass the files with the service definitions; imported files only provide messages');
  });

  test('no files at all', () => {
    expect(loadError(() => GrpcApi.fromProtoFiles([])).message)
      .toBe('GrpcApi.fromProtoFiles: no files; pass the .proto files that declare the services, e.g. ["protos/acme/billing/v1/invoices.proto"]');
  });
});

describe('GrpcApi.fromProtoText', () => {
  const TEXT = `
    syntax = "proto3";
    package shop.orders.v2;
    import "acme/common/v1/money.proto";
    import "google/protobuf/descriptor.proto";

    service Orders {
      rpc PlaceOrder(PlaceOrderRequest) returns (Order);
      rpc GetOrder(GetOrderRequest) returns (Order) { option idempotency_level = NO_SIDE_EFFECTS; }
      rpc WatchOrder(GetOrderRequest) returns (stream Order) {}
    }
    message PlaceOrderRequest { acme.common.v1.Money total = 1; }
    message GetOrderRequest { string id = 1; }
    message Order { string id = 1; acme.common.v1.Money total = 2; }
  `;

  test('parses text, loading imports from the include dirs and the bundled google/protobuf files', () => {
    const api = GrpcApi.fromProtoText(TEXT, { includeDirs: [PROTO_DIR], fileName: 'orders.proto' });
    expect(api.services.map((s) => [s.name, s.file])).toEqual([['shop.orders.v2.Orders', 'orders.proto']]);
    expect(api.methods.map((m) => [m.name, m.streaming, m.idempotency])).toEqual([
      ['PlaceOrder', Streaming.UNARY, Idempotency.UNKNOWN],
      ['GetOrder', Streaming.UNARY, Idempotency.NO_SIDE_EFFECTS],
      ['WatchOrder', Streaming.SERVER, Idempotency.UNKNOWN],
    ]);
  });

  test('errors name the text by its file name', () => {
    expect(loadError(() => GrpcApi.fromProtoText('service {', { fileName: 'inline.proto' })).message)
      .toBe('inline.proto: cannot parse: illegal service name \'{\' (line 1); fix the .proto syntax');
    expect(loadError(() => GrpcApi.fromProtoText('syntax = "proto3"; import "x/y.proto";')).message)
      .toMatch(/^api\.proto: import "x\/y\.proto" not found in .*; add the directory that holds it to includeDirs$/);
  });

  test('a search path that is the working directory is shown as "."', () => {
    const text = 'syntax = "proto3"; import "x/y.proto";';
    expect(loadError(() => GrpcApi.fromProtoText(text, { includeDirs: [process.cwd()] })).message).toMatch(/ not found in \.(,|;)/);
  });

  test('option (idempotency_level) in parentheses is rejected, not read as unset', () => {
    const text = 'syntax = "proto3"; package p; service S { rpc M(E) returns (E) { option (idempotency_level) = IDEMPOTENT; } } message E {}';
    expect(loadError(() => GrpcApi.fromProtoText(text)).message)
      .toBe('api.proto: rpc p.S/M: option (idempotency_level) is not an extension; write option idempotency_level = IDEMPOTENT; without parentheses (it is a field of MethodOptions)');
  });

  test('an unknown idempotency_level is rejected', () => {
    const text = 'syntax = "proto3"; package p; service S { rpc M(E) returns (E) { option idempotency_level = SOMETIMES; } } message E {}';
    expect(loadError(() => GrpcApi.fromProtoText(text)).message)
      .toBe('api.proto: rpc p.S/M: unknown idempotency_level "SOMETIMES"; use IDEMPOTENCY_UNKNOWN, NO_SIDE_EFFECTS or IDEMPOTENT');
  });
});
