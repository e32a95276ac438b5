import { App, Chart } from 'cdk8s';
import { GrpcMeshService, Mesh } from '../src';
import { exampleProps } from './scenario';

const app = new App();
const istio = new Chart(app, 'istio');
new GrpcMeshService(istio, 'grpc-service', exampleProps(Mesh.istio()));
app.synth();
