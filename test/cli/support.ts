import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, JsonPatch } from 'cdk8s';
import { GrpcMeshService, IstioResources } from '../../src';
import { baseProps } from '../support/service';

/**
 * Synthesizes two charts (a service each) into a fresh directory: `good` as the props make it,
 * `bad` with a VirtualService patched so that its weights sum to 90 (GM101, an error) and a
 * warning of the props (GM114). Returns the directory.
 */
export function writtenApp(options: { bad?: boolean } = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-mesh-cli-'));
  const app = new App({ outdir });
  new GrpcMeshService(new Chart(app, 'good'), 'good', baseProps());
  if (options.bad ?? true) {
    const bad = new GrpcMeshService(new Chart(app, 'bad'), 'bad', baseProps({ authorization: { allow: [] } }));
    IstioResources.of(bad).virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/route/0/weight', 90));
  }
  app.synth();
  return outdir;
}
