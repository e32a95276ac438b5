import { AmbientEnrollment, GrpcMeshServiceProps, IstioDataplane, Mesh, MeshDefaultRetry } from '../src';
import { exampleProps } from './scenario';

/**
 * The example scenario on Istio's ambient data plane, in a namespace of its own enrolled as a whole,
 * for a mesh installed with `meshConfig.defaultHttpRetryPolicy: { attempts: 0 }`: the same versions,
 * canary weights, timeouts, pool, balancing, ejection, authorization, ingress and telemetry as on
 * sidecars, without what a waypoint cannot honour (see the README's capability matrix): no retry
 * policies (Gateway API v1.6.1 standard has no retry field), so no route is retried, and no
 * acknowledgement of the retry lint that no longer applies.
 */
export function ambientExampleProps(): GrpcMeshServiceProps {
  const props = exampleProps(Mesh.istio({
    dataplane: IstioDataplane.AMBIENT,
    ambientEnrollment: AmbientEnrollment.NAMESPACE,
    meshDefaultRetry: MeshDefaultRetry.NONE,
  }));
  const { retry: _defaultRetry, ...defaultRoute } = props.defaultRoute!;
  const { lintAcknowledgements: _acknowledged, ...rest } = props;
  return {
    ...rest,
    namespace: 'grpc-ambient',
    methods: props.methods!.map(({ retry: _retry, ...method }) => method),
    defaultRoute,
  };
}
