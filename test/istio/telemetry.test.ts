import { AccessLogFilter, Mesh } from '../../src';
import { baseProps, only, synthService } from '../support/service';
import { selectorOf } from '../support/labels';

describe('Istio Telemetry', () => {
  const telemetry = (overrides = {}) => only(synthService(baseProps(overrides)).manifests, 'Telemetry');

  test('none without the telemetry prop', () => {
    expect(synthService(baseProps()).manifests.filter((m) => m.kind === 'Telemetry')).toEqual([]);
  });

  test('tracing sampling with the gRPC method as a custom tag under tracing', () => {
    const t = telemetry({ telemetry: { tracing: { samplingPercentage: 12.5 } } });
    expect(t.apiVersion).toBe('telemetry.istio.io/v1');
    expect(t.spec).toEqual({
      selector: { matchLabels: selectorOf('svc') },
      tracing: [{ randomSamplingPercentage: 12.5, customTags: { 'grpc.method': { header: { name: ':path' } } } }],
    });
  });

  test('the method tag can be left off', () => {
    const t = telemetry({ telemetry: { tracing: { samplingPercentage: 1, tagGrpcMethod: false } } });
    expect(t.spec.tracing).toEqual([{ randomSamplingPercentage: 1 }]);
  });

  test('failed-calls access logging filters on HTTP code and gRPC status', () => {
    const t = telemetry({ telemetry: { accessLogging: AccessLogFilter.failedCalls() } });
    expect(t.spec.accessLogging).toEqual([{
      providers: [{ name: 'envoy' }],
      filter: { expression: 'response.code >= 400 || response.grpc_status != 0' },
    }]);
  });

  test('all-calls logging has no filter; the provider is configurable', () => {
    const t = telemetry({ mesh: Mesh.istio({ accessLogProvider: 'otel' }), telemetry: { accessLogging: AccessLogFilter.allCalls() } });
    expect(t.spec.accessLogging).toEqual([{ providers: [{ name: 'otel' }] }]);
  });

  test('a custom CEL filter is passed through', () => {
    const t = telemetry({ telemetry: { accessLogging: AccessLogFilter.expression('response.duration > duration("1s")') } });
    expect(t.spec.accessLogging[0].filter).toEqual({ expression: 'response.duration > duration("1s")' });
  });
});
