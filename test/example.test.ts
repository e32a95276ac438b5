import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { buildExampleApp } from '../example/app';
import { expectValidManifests } from './support/validate';

const DIST = path.join(__dirname, '..', 'dist');
const app = buildExampleApp({ outdir: fs.mkdtempSync('/tmp/grpc-mesh-example-') });
const charts = app.node.children.filter((c): c is Chart => c instanceof Chart);

describe('example app', () => {
  test.each(charts.map((c) => [c.node.id, c] as const))('%s chart matches its snapshot', (_id, chart) => {
    expect(chart.toJson()).toMatchSnapshot();
  });

  test.each(charts.map((c) => [c.node.id, c] as const))('every object of the %s chart validates against the pinned CRDs', (_id, chart) => {
    expectValidManifests(chart.toJson());
  });

  test('dist/ holds exactly what the source synthesizes', () => {
    // cdk8s synth records the construct metadata for the validation plugin that cdk8s.yaml declares.
    const expected = [...charts.map((c) => `${c.node.id}.k8s.yaml`), 'construct-metadata.json'].sort();
    expect(fs.readdirSync(DIST).sort()).toEqual(expected);
    const outdir = fs.mkdtempSync('/tmp/grpc-mesh-example-');
    buildExampleApp({ outdir, recordConstructMetadata: true }).synth();
    const metadata = (dir: string) => fs.readFileSync(path.join(dir, 'construct-metadata.json'), 'utf8');
    expect(metadata(DIST)).toBe(metadata(outdir));
    for (const chart of charts) {
      const committed = YAML.parseAllDocuments(fs.readFileSync(path.join(DIST, `${chart.node.id}.k8s.yaml`), 'utf8')).map((d) => d.toJS());
      expect(committed).toEqual(chart.toJson());
    }
  });

  test('two synths give identical bytes', () => {
    const yaml = () => buildExampleApp({ outdir: fs.mkdtempSync('/tmp/grpc-mesh-example-') }).synthYaml();
    expect(yaml()).toEqual(yaml());
  });
});
