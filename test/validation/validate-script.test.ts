import { spawnSync } from 'child_process';
import * as path from 'path';

// npm run validate: each dist/ file against the release its name targets, or the one --release names.
// Runs the script on the compiled validator (lib/, built by npm test before jest).
const ROOT = path.join(__dirname, '..', '..');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'validate.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('scripts/validate.js', () => {
  test('dist/: every file against its own release, by its name', () => {
    const r = run();
    expect(r.code).toBe(0);
    // istio, linkerd, istio-flagger and istio-argo-rollouts.
    expect(r.out).toMatch(/in 4 files against release latest: no problems/);
    expect(r.out).toMatch(/in 1 file against release linkerd-2.16-2.17: no problems/);
    expect(r.out).toMatch(/in 1 file against release linkerd-2.15: no problems/);
  }, 60_000);

  test('--release checks the given files against that release: the 2.18+ file is refused by 2.15', () => {
    const r = run('--release', 'linkerd-2.15', 'dist/linkerd.k8s.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no schema for GRPCRoute in gateway.networking.k8s.io\/v1 \(release linkerd-2.15\)/);
    expect(r.out).toMatch(/against release linkerd-2.15: \d+ problems/);
  }, 60_000);

  test('an unknown --release is a usage error', () => {
    const r = run('--release', 'linkerd-2.14', 'dist');
    expect(r.code).toBe(2);
    expect(r.err).toContain('validate: --release must be one of latest, linkerd-2.16-2.17, linkerd-2.15, not "linkerd-2.14"');
  }, 60_000);
});
