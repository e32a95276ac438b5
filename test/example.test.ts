import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { buildExampleApp } from '../example/app';
import { linkerdExampleProps, linkerdLegacyExampleProps } from '../example/linkerd';
import { exampleProps } from '../example/scenario';
import { GrpcMeshService, Mesh } from '../src';
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
    const expected = charts.map((c) => `${c.node.id}.k8s.yaml`).sort();
    expect(fs.readdirSync(DIST).sort()).toEqual(expected);
    for (const chart of charts) {
      const committed = YAML.parseAllDocuments(fs.readFileSync(path.join(DIST, `${chart.node.id}.k8s.yaml`), 'utf8')).map((d) => d.toJS());
      expect(committed).toEqual(chart.toJson());
    }
  });

  test('every service is strict and lint-clean: synth prints nothing but its normal output', () => {
    const services = app.node.findAll().filter((c): c is GrpcMeshService => c instanceof GrpcMeshService);
    expect(services).toHaveLength(3);
    expect([exampleProps(Mesh.istio()), linkerdExampleProps(), linkerdLegacyExampleProps()].map((p) => p.strict)).toEqual([true, true, true]);
    for (const service of services) {
      expect(service.lint()).toEqual([]);
      expect(service.model.lintAcknowledgements!.every((a) => a.reason.length > 20)).toBe(true);
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
      expect(strict.map((s) => s.node.path)).toEqual(['istio/grpc-service', 'linkerd/grpc-service', 'linkerd-legacy/grpc-service']);
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
