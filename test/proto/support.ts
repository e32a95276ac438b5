import { GrpcApi } from '../../src';

/** The fixtures' include directory (imports are written relative to it). */
export const PROTO_DIR = 'test/fixtures/proto';

/** The billing API: Invoices (every method kind), Payments and PaymentAdmin, over three files. */
export function billingApi(): GrpcApi {
  return GrpcApi.fromProtoFiles(
    ['acme/billing/v1/invoices.proto', 'acme/billing/v1/payments.proto'],
    { includeDirs: [PROTO_DIR] },
  );
}

/** The routes of a VirtualService as `path -> { timeout, retries }`, in order, for compact assertions. */
export function routeTable(http: any[]): [string, string | undefined, any][] {
  return http.map((h) => [
    h.match ? (h.match[0].uri.exact ?? `${h.match[0].uri.prefix}*`) : 'default',
    h.timeout,
    h.retries,
  ]);
}
