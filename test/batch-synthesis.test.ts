import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { GrpcMeshService, Mesh, synthInBatches, synthYamlInBatches } from '../src';
import { baseProps, errorOf } from './support/service';

const KEYS = Array.from({ length: 7 }, (_, i) => `svc-${i}`);

/** A chart per service, the odd ones on Linkerd; a second chart for svc-3. */
function define(app: App, key: string): void {
  const i = Number(key.split('-')[1]);
  new GrpcMeshService(new Chart(app, key, { namespace: 'shop' }), key, baseProps({ mesh: i % 2 ? Mesh.linkerd() : Mesh.istio() }));
  if (i === 3) new ApiObject(new Chart(app, `${key}-extra`), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' } });
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-mesh-batches-'));
const oneApp = (appProps: AppProps = {}) => { const app = new App(appProps); KEYS.forEach((k) => define(app, k)); return app; };
const files = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('synthesis in batches', () => {
  test.each([1, 3, 100])('synthYamlInBatches (batches of %d) returns what app.synthYaml() does', (batchSize) => {
    expect(synthYamlInBatches({ keys: KEYS, define, batchSize })).toBe(oneApp().synthYaml());
  });

  test.each([
    ['per chart', YamlOutputType.FILE_PER_CHART],
    ['per resource', YamlOutputType.FILE_PER_RESOURCE],
    ['a folder per chart', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
  ])('synthInBatches writes the files app.synth() writes (%s), construct metadata included', (_, yamlOutputType) => {
    const whole = tmp();
    oneApp({ outdir: whole, yamlOutputType, recordConstructMetadata: true }).synth();
    const batched = tmp();
    const result = synthInBatches({ keys: KEYS, define, batchSize: 2, appProps: { outdir: batched, yamlOutputType, recordConstructMetadata: true } });
    expect(result).toEqual({ batches: 4, charts: 8 });
    const read = (dir: string) => (yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE
      ? Object.fromEntries(fs.readdirSync(dir).sort().map((d) => [d, fs.statSync(path.join(dir, d)).isDirectory() ? files(path.join(dir, d)) : fs.readFileSync(path.join(dir, d), 'utf8')]))
      : files(dir));
    expect(read(batched)).toEqual(read(whole));
    expect(Object.keys(read(whole))).toContain('construct-metadata.json');
  });

  test('each batch is its own app: a batch is garbage once written', () => {
    const apps: App[] = [];
    synthYamlInBatches({ keys: KEYS, batchSize: 3, define: (app, key) => { if (!apps.includes(app)) apps.push(app); define(app, key); } });
    expect(apps.map((a) => a.charts.length)).toEqual([3, 4, 1]);
  });

  test('bad props are rejected with the prop and the fix', () => {
    expect(errorOf(() => synthYamlInBatches({ keys: KEYS, define, batchSize: 0 })))
      .toBe('synthInBatches: invalid batchSize 0: not a positive integer; use a whole number of keys per app, e.g. 20');
    expect(errorOf(() => synthYamlInBatches({ keys: ['a', 'b', 'a'], define })))
      .toBe('synthInBatches: invalid keys "a": listed twice; list every key once');
    expect(errorOf(() => synthInBatches({ keys: KEYS, define, appProps: { outdir: tmp(), yamlOutputType: YamlOutputType.FILE_PER_APP } })))
      .toBe('synthInBatches: invalid appProps.yamlOutputType "FILE_PER_APP": every batch would overwrite the one app file; use YamlOutputType.FILE_PER_CHART (the default), or synthesize the app in one piece');
  });

  test('charts that depend on other charts are rejected (cdk8s numbers their files across the app)', () => {
    const dependant = (app: App, key: string) => {
      const a = new Chart(app, `${key}-a`);
      const b = new Chart(app, `${key}-b`);
      b.addDependency(a);
    };
    expect(errorOf(() => synthYamlInBatches({ keys: ['x'], define: dependant })))
      .toBe('synthInBatches: invalid define "x-b": a chart depends on or nests another chart, so cdk8s numbers the file names across the whole app; synthesize such apps in one piece (app.synth()), or keep the charts of a batch independent');
  });
});
