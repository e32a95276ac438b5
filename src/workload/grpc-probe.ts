import { ApiObject, JsonPatch } from 'cdk8s';
import { ProbeModel } from '../model/model';

/**
 * Sets native Kubernetes gRPC probes on the first container of a pod template.
 * cdk8s-plus-27 has no gRPC probe, so this is the one place that reaches into the L1 object.
 */
export function addGrpcProbes(deployment: ApiObject, readiness: ProbeModel, liveness: ProbeModel): void {
  const container = '/spec/template/spec/containers/0';
  deployment.addJsonPatch(
    JsonPatch.add(`${container}/readinessProbe`, renderProbe(readiness)),
    JsonPatch.add(`${container}/livenessProbe`, renderProbe(liveness)),
  );
}

function renderProbe(p: ProbeModel): unknown {
  return {
    grpc: p.service ? { port: p.port, service: p.service } : { port: p.port },
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
  };
}
