import { App, AppProps, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { GrpcMeshService, GrpcMeshServiceProps, Mesh } from '../src';
import { argoRolloutsExampleProps, flaggerExampleProps } from './delivery';
import { linkerdExampleProps, linkerdLegacyExampleProps } from './linkerd';
import { exampleProps } from './scenario';

/** The example app: one chart per mesh, each synthesized into its own file in dist/. */
export function buildExampleApp(props: AppProps = {}): App {
  const app = new App(props);
  new GrpcMeshService(new Chart(app, 'istio'), 'grpc-service', exampleProps(Mesh.istio()));
  withNamespace(new Chart(app, 'linkerd'), linkerdExampleProps());
  withNamespace(new Chart(app, 'linkerd-legacy'), linkerdLegacyExampleProps());
  withNamespace(new Chart(app, 'istio-flagger'), flaggerExampleProps());
  withNamespace(new Chart(app, 'istio-argo-rollouts'), argoRolloutsExampleProps());
  return app;
}

/** A service in a namespace of its own, created by the same file so that it applies as a whole. */
function withNamespace(chart: Chart, props: GrpcMeshServiceProps): void {
  new k8s.KubeNamespace(chart, 'Namespace', { metadata: { name: props.namespace! } });
  new GrpcMeshService(chart, 'grpc-service', props);
}
