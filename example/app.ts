import { App, AppProps, Chart } from 'cdk8s';
import { GrpcMeshService, Mesh } from '../src';
import { linkerdExampleProps, linkerdLegacyExampleProps } from './linkerd';
import { exampleProps } from './scenario';

/** The example app: one chart per mesh, each synthesized into its own file in dist/. */
export function buildExampleApp(props: AppProps = {}): App {
  const app = new App(props);
  new GrpcMeshService(new Chart(app, 'istio'), 'grpc-service', exampleProps(Mesh.istio()));
  new GrpcMeshService(new Chart(app, 'linkerd'), 'grpc-service', linkerdExampleProps());
  new GrpcMeshService(new Chart(app, 'linkerd-legacy'), 'grpc-service', linkerdLegacyExampleProps());
  return app;
}
