import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { runCommand } from '../../src/cli/main';
import { writtenApp } from './support';

function run(...args: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = runCommand(args, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const WEIGHTS = 'VirtualService bad http[0] weights sum to 90; make them add up to 100';

describe('npx cdk8s-grpc-mesh validate', () => {
  test('clean manifests pass: exit 0 and a summary', () => {
    const dir = writtenApp({ bad: false });
    expect(run('validate', dir)).toEqual({
      status: 0, err: '', out: expect.stringMatching(/^checked 10 objects in 1 file: 0 schema problems, 0 lint findings$/),
    });
  });

  test('a lint error in the written objects fails with the file, the service and the finding', () => {
    const dir = writtenApp();
    const { status, out } = run('validate', dir);
    expect(status).toBe(1);
    expect(out.split('\n')).toContain(`${path.join(dir, 'bad.k8s.yaml')} default/bad error GM101 weights-sum: ${WEIGHTS}`);
    expect(out).toMatch(/checked 20 objects in 2 files: 0 schema problems, 1 lint finding \(failed\)$/);
  });

  test('--json prints one machine-readable object', () => {
    const dir = writtenApp();
    const { status, out } = run('validate', '--json', dir);
    expect(status).toBe(1);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ ok: false, files: 2, objects: 20, problems: [], warnings: [] });
    expect(result.findings).toEqual([{
      code: 'GM101', rule: 'weights-sum', severity: 'error', message: WEIGHTS,
      namespace: 'default', app: 'bad', sources: [path.join(dir, 'bad.k8s.yaml')],
    }]);
  });

  test('schema problems fail too; --no-lint and --no-schemas skip either part', () => {
    const dir = writtenApp({ bad: false });
    const file = path.join(dir, 'good.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('mode: STRICT', 'mode: SOMETIMES'));
    const schemas = run('validate', dir);
    expect(schemas.status).toBe(1);
    expect(schemas.out).toContain('PeerAuthentication/good spec.mtls.mode');
    expect(run('validate', '--no-schemas', dir).status).toBe(0);
    expect(run('validate', '--no-lint', writtenApp()).status).toBe(0);
  });

  test('--strict fails on warnings that the written objects show', () => {
    const dir = writtenApp({ bad: false });
    const file = path.join(dir, 'good.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('mode: STRICT', 'mode: PERMISSIVE'));
    expect(run('validate', dir).status).toBe(0);
    const strict = run('validate', '--strict', dir);
    expect(strict.status).toBe(1);
    expect(strict.out).toContain('warning GM116 permissive-denied-anyway');
  });

  test('the example dist/ passes: a file named after a Linkerd release is checked against that release', () => {
    const dist = path.join(__dirname, '..', '..', 'dist');
    expect(run('validate', dist).status).toBe(0);
    const latest = run('validate', '--release', 'latest', dist);
    expect(latest.status).toBe(1);
    expect(latest.out).toContain('linkerd-2-15.k8s.yaml');
    expect(run('validate', '--release', 'linkerd-2.15', path.join(dist, 'linkerd-2-15.k8s.yaml')).status).toBe(0);
  });

  test('kinds without a schema fail, or with --unknown-kinds=warn are listed unchecked', () => {
    const dir = writtenApp({ bad: false });
    fs.writeFileSync(path.join(dir, 'own.k8s.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    expect(run('validate', dir).status).toBe(1);
    const warn = run('validate', '--unknown-kinds=warn', dir);
    expect(warn.status).toBe(0);
    expect(warn.out).toMatch(/^warning: .*own\.k8s\.yaml#0 Widget\/w/m);
    expect(run('validate', '--unknown-kinds=skip', dir).status).toBe(0);
    expect(run('validate', '--unknown-kinds=maybe', dir)).toMatchObject({ status: 2, err: expect.stringContaining('--unknown-kinds takes fail, warn, skip') });
  });

  test('usage errors exit 2 with the usage', () => {
    expect(run('validate', '--release', '2.15')).toMatchObject({ status: 2, err: expect.stringContaining('--release takes one of latest, linkerd-2.16-2.17, linkerd-2.15') });
    expect(run()).toMatchObject({ status: 2, err: expect.stringContaining('usage: cdk8s-grpc-mesh validate') });
    expect(run('lint')).toMatchObject({ status: 2, err: expect.stringContaining('unknown command "lint"') });
    expect(run('validate', '--yaml')).toMatchObject({ status: 2, err: expect.stringContaining('unknown option --yaml') });
    expect(run('validate', '/no/such/dir')).toEqual({ status: 2, out: '', err: 'cdk8s-grpc-mesh validate: not found: /no/such/dir' });
    expect(run('--help')).toMatchObject({ status: 0, out: expect.stringContaining('--json') });
  });

  test('the package bin runs it (compiled, as npx does)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const bin = path.join(__dirname, '..', '..', pkg.bin['cdk8s-grpc-mesh']);
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const res = spawnSync(process.execPath, [bin, 'validate', '--json', writtenApp()], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(JSON.parse(res.stdout).findings.map((f: any) => f.code)).toEqual(['GM101']);
  });
});
