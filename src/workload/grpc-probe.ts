import * as kplus from 'cdk8s-plus-27';
import { ProbeModel } from '../model/model';

/** A native Kubernetes gRPC probe (cdk8s-plus-27's L2 has none). */
export function grpcProbe(p: ProbeModel): kplus.k8s.Probe {
  return {
    grpc: p.service ? { port: p.port, service: p.service } : { port: p.port },
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
  };
}
