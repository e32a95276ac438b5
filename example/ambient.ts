import { AmbientEnrollment, GrpcMeshServiceProps, IstioDataplane, Mesh } from '../src';
import { exampleProps } from './scenario';

/**
 * The example scenario on Istio's ambient data plane, in a namespace of its own enrolled as a whole:
 * the same versions, canary weights, timeouts, pool, balancing, ejection, authorization, ingress and
 * telemetry as on sidecars, without what a waypoint cannot honour (see the README's capability
 * matrix): no retry policies of its own (every Gateway API route gets Istio's default retry), so no
 * `UpdateResource` route, which must never be retried.
 */
export function ambientExampleProps(): GrpcMeshServiceProps {
  const props = exampleProps(Mesh.istio({ dataplane: IstioDataplane.AMBIENT, ambientEnrollment: AmbientEnrollment.NAMESPACE }));
  const { retry: _defaultRetry, ...defaultRoute } = props.defaultRoute!;
  return {
    ...props,
    namespace: 'grpc-ambient',
    methods: props.methods!
      .filter((m) => m.idempotent !== false)
      .map(({ retry: _retry, ...method }) => method),
    defaultRoute,
  };
}
