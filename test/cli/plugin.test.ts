import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writtenApp } from './support';

// cdk8s-cli's own plugin loader (not exported: read from its file) and validation context, as
// `cdk8s synth` uses them.
const CLI = path.dirname(require.resolve('cdk8s-cli/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PluginManager } = require(path.join(CLI, 'lib', 'plugins', '_manager.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require('cdk8s-cli/plugins');

const PLUGIN = path.join(__dirname, '..', '..', 'lib', 'src', 'cli', 'plugin.js');

async function validate(dir: string, properties: object = {}): Promise<{ report: any; logged: string[] }> {
  const manager = new PluginManager(fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-mesh-plugins-')));
  const plugin = manager.load({ pkg: PLUGIN, version: '0.1.0', class: 'GrpcMeshValidation', properties });
  const manifests = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
  const context = new ValidationContext(manifests, PLUGIN, '0.1.0', {}, false);
  const logged: string[] = [];
  jest.spyOn(context.logger, 'log').mockImplementation((m: any) => { logged.push(String(m)); });
  await plugin.instance.validate(context);
  return { report: context.report.toJson(), logged };
}

describe('the cdk8s-cli validation plugin (GrpcMeshValidation)', () => {
  test('loads through cdk8s-cli and passes clean manifests', async () => {
    const { report } = await validate(writtenApp({ bad: false }));
    expect(report.summary).toMatchObject({ status: 'success', metadata: { files: '1', objects: '10', problems: '0', findings: '0' } });
    expect(report.violations).toEqual([]);
  });

  test('a lint error is a violation with the fix; the report fails', async () => {
    const dir = writtenApp();
    const { report } = await validate(dir);
    expect(report.summary.status).toBe('failure');
    expect(report.violations).toEqual([{
      ruleName: 'GM101 weights-sum',
      recommendation: 'VirtualService bad http[0] weights sum to 90',
      fix: 'make them add up to 100',
      violatingConstructs: [{ resourceName: 'default/bad', locations: ['error'], manifestPath: path.join(dir, 'bad.k8s.yaml') }],
    }]);
  });

  test('warnings are logged, and violations with strict: true', async () => {
    const dir = writtenApp({ bad: false });
    const file = path.join(dir, 'good.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('mode: STRICT', 'mode: PERMISSIVE'));
    const loose = await validate(dir);
    expect(loose.report.summary.status).toBe('success');
    expect(loose.logged).toEqual([expect.stringContaining('default/good warning GM116 permissive-denied-anyway')]);
    const strict = await validate(dir, { strict: true });
    expect(strict.report.summary.status).toBe('failure');
    expect(strict.report.violations.map((v: any) => v.ruleName)).toEqual(['GM116 permissive-denied-anyway']);
  });

  test('schema problems are violations naming the object and the field', async () => {
    const dir = writtenApp({ bad: false });
    const file = path.join(dir, 'good.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('mode: STRICT', 'mode: SOMETIMES'));
    const { report } = await validate(dir);
    expect(report.summary.status).toBe('failure');
    expect(report.violations).toEqual([expect.objectContaining({
      ruleName: 'schema',
      violatingConstructs: [expect.objectContaining({ resourceName: 'PeerAuthentication/good', locations: ['spec.mtls.mode'] })],
    })]);
    expect((await validate(dir, { schemas: false })).report.summary.status).toBe('success');
  });

  test('the example app declares it in cdk8s.yaml', () => {
    const config = fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf8');
    expect(config).toContain('validations:\n  - package: ./lib/src/cli/plugin.js\n    version: 0.1.0\n    class: GrpcMeshValidation');
  });
});
