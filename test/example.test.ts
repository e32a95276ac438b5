import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { buildExampleApp } from '../example/app';
import { argoRolloutsExampleProps, flaggerExampleProps } from '../example/delivery';
import { linkerdExampleProps, linkerdLegacyExampleProps } from '../example/linkerd';
import { exampleProps } from '../example/scenario';
import { GrpcMeshService, LinkerdRelease, Mesh } from '../src';
import { ValidationRelease } from '../src/validation';
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

  test('every service is strict and lint-clean: synth prints nothing but its normal output', () => {
    const services = app.node.findAll().filter((c): c is GrpcMeshService => c instanceof GrpcMeshService);
    expect(services).toHaveLength(6);
    const props = [exampleProps(Mesh.istio()), linkerdExampleProps(), linkerdExampleProps(LinkerdRelease.V2_16_TO_2_17), linkerdLegacyExampleProps(), flaggerExampleProps(), argoRolloutsExampleProps()];
    expect(props.map((p) => p.strict)).toEqual([true, true, true, true, true, true]);
    for (const service of services) {
      expect(service.lint()).toEqual([]);
      expect((service.model.lintAcknowledgements ?? []).every((a) => a.reason.length > 20)).toBe(true);
    }
    // As `npm run synth` runs it: warnings printed, none expected.
    const quiet = process.env.GRPC_MESH_LINT_QUIET;
    delete process.env.GRPC_MESH_LINT_QUIET;
    const printed: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { printed.push(String(chunk)); return true; });
    try {
      const fresh = buildExampleApp({ outdir: fs.mkdtempSync('/tmp/grpc-mesh-example-') });
      const strict = fresh.node.findAll().filter((c): c is GrpcMeshService => c instanceof GrpcMeshService);
      fresh.synth();
      expect(strict.map((s) => s.node.path)).toEqual(['istio/grpc-service', 'linkerd/grpc-service', 'linkerd-2-16-2-17/grpc-service', 'linkerd-2-15/grpc-service', 'istio-flagger/grpc-service', 'istio-argo-rollouts/grpc-service']);
    } finally {
      spy.mockRestore();
      process.env.GRPC_MESH_LINT_QUIET = quiet;
    }
    expect(printed).toEqual([]);
  });

  test('two synths give identical bytes', () => {
    const yaml = () => buildExampleApp({ outdir: fs.mkdtempSync('/tmp/grpc-mesh-example-') }).synthYaml();
    expect(yaml()).toEqual(yaml());
  });
});
