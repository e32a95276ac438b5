import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { buildExampleApp } from '../example/app';
import { ValidationRelease } from '../src';
import { expectValidManifests } from './support/validate';

const DIST = path.join(__dirname, '..', 'dist');
const app = buildExampleApp({ outdir: fs.mkdtempSync('/tmp/grpc-mesh-example-') });
const charts = app.node.children.filter((c): c is Chart => c instanceof Chart);

describe('example app', () => {
  test.each(charts.map((c) => [c.node.id, c] as const))('%s chart matches its snapshot', (_id, chart) => {
    expect(chart.toJson()).toMatchSnapshot();
  });

  /** The release each chart targets: a chart named after an older Linkerd line, that line's CRDs. */
  const RELEASE_OF: { [chart: string]: ValidationRelease } = {
    'istio': ValidationRelease.LATEST,
    'linkerd': ValidationRelease.LATEST,
    'linkerd-2-16-2-17': ValidationRelease.LINKERD_2_16_TO_2_17,
    'linkerd-2-15': ValidationRelease.LINKERD_2_15,
    'istio-flagger': ValidationRelease.LATEST,
    'istio-argo-rollouts': ValidationRelease.LATEST,
  };

  test('every chart targets a known release', () => {
    expect(charts.map((c) => c.node.id).sort()).toEqual(Object.keys(RELEASE_OF).sort());
  });

  test.each(charts.map((c) => [c.node.id, c] as const))('every object of the %s chart validates against the CRDs of its release', (id, chart) => {
    expectValidManifests(chart.toJson(), RELEASE_OF[id]);
  });

  test('dist/ holds exactly what the source synthesizes', () => {
    const expected = charts.map((c) => `${c.node.id}.k8s.yaml`).sort();
    expect(fs.readdirSync(DIST).sort()).toEqual(expected);
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
