import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// docs/api/ (the Markdown API reference) is what TypeDoc makes of the JSDoc now: else run `npm run docs`.
const ROOT = path.join(__dirname, '..', '..');

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

test('docs/api is up to date with the JSDoc (else: npm run docs)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-mesh-api-'));
  try {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
    // A failure to load typedoc-plugin-markdown means node_modules predates it: npm ci.
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const fresh = files(out);
    const committed = files(path.join(ROOT, 'docs', 'api'));
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    const stale = [...fresh].filter(([name, text]) => committed.get(name) !== text).map(([name]) => name);
    expect(stale).toEqual([]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
