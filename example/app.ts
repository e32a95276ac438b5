import { App, AppProps, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { GrpcMeshService, GrpcMeshServiceProps, LinkerdRelease, Mesh } from '../src';
import { argoRolloutsExampleProps, flaggerExampleProps } from './delivery';
import { linkerdExampleProps, linkerdLegacyExampleProps } from './linkerd';
import { exampleProps } from './scenario';

/**
 * The example app: one chart per mesh and Linkerd release line, each synthesized into its own file
 * in dist/: `istio`, `linkerd` (2.18 and later, edge), `linkerd-2-16-2-17` and `linkerd-2-15`
 * (legacy). A chart named after a release validates against that release's CRDs (npm run validate).
 */
export function buildExampleApp(props: AppProps = {}): App {
  const app = new App(props);
  new GrpcMeshService(new Chart(app, 'istio'), 'grpc-service', exampleProps(Mesh.istio()));
  withNamespace(new Chart(app, 'linkerd'), linkerdExampleProps());
  withNamespace(new Chart(app, 'linkerd-2-16-2-17'), linkerdExampleProps(LinkerdRelease.V2_16_TO_2_17));
  withNamespace(new Chart(app, 'linkerd-2-15'), linkerdLegacyExampleProps());
  withNamespace(new Chart(app, 'istio-flagger'), flaggerExampleProps());
  withNamespace(new Chart(app, 'istio-argo-rollouts'), argoRolloutsExampleProps());
  return app;
}

/** A service in a namespace of its own, created by the same file so that it applies as a whole. */
function withNamespace(chart: Chart, props: GrpcMeshServiceProps): void {
  new k8s.KubeNamespace(chart, 'Namespace', { metadata: { name: props.namespace! } });
  new GrpcMeshService(chart, 'grpc-service', props);
}
