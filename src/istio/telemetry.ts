import * as tel from '../../imports/telemetry.istio.io';
import { serviceSelector } from '../model/labels';
import { ServiceModel } from '../model/model';

/** The span tag that carries the gRPC method. */
export const GRPC_METHOD_TAG = 'grpc.method';

export function renderTelemetrySpec(model: ServiceModel, accessLogProvider: string): tel.TelemetrySpec | undefined {
  const t = model.telemetry;
  if (!t) return undefined;
  return {
    selector: { matchLabels: serviceSelector(model) },
    ...(t.tracing
      ? {
        tracing: [{
          randomSamplingPercentage: t.tracing.samplingPercentage,
          ...(t.tracing.tagGrpcMethod ? { customTags: { [GRPC_METHOD_TAG]: { header: { name: ':path' } } } } : {}),
        }],
      }
      : {}),
    ...(t.accessLogging
      ? {
        accessLogging: [{
          providers: [{ name: accessLogProvider }],
          ...(t.accessLogging.filter ? { filter: { expression: t.accessLogging.filter } } : {}),
        }],
      }
      : {}),
  };
}
