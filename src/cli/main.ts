#!/usr/bin/env node
import * as fs from 'fs';
import { formatFinding } from '../lint/lint';
import { formatProblem, UnknownKinds, ValidationRelease } from '../validation/types';
import { checkManifestFiles, ManifestCheckOptions } from './check';

const USAGE = `usage: cdk8s-grpc-mesh validate [--json] [--strict] [--no-schemas] [--no-lint] [--release <release>] [--unknown-kinds=warn|skip] [paths...]

Checks written manifests (files, or directories searched for *.yaml and *.yml; default dist/):
the pinned CRDs' and Kubernetes' schemas and rules, and the mesh lint.
  --json        print one JSON object (ok, files, objects, problems, findings)
  --strict      lint warnings fail too
  --no-schemas  skip the schema validation
  --no-lint     skip the mesh lint
  --release R   check every object against release R's CRDs (${Object.values(ValidationRelease).join(', ')});
                by default a file named after a release (linkerd-2-15.k8s.yaml) against it, others the latest
  --unknown-kinds=warn|skip  leave kinds without a schema unchecked (warn: listed), instead of failing
Exit status: 0 when nothing failed, 1 when something did, 2 on a usage error.`;

/** Where the command writes. */
export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Runs the command line `args` (without the node and script arguments); returns the exit status. */
export function runCommand(args: readonly string[], out: CommandOutput): number {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    out.log(USAGE);
    return 0;
  }
  if (command !== 'validate') {
    out.error(command === undefined ? USAGE : `cdk8s-grpc-mesh: unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  let json = false;
  const options: { -readonly [K in keyof ManifestCheckOptions]: ManifestCheckOptions[K] } = {};
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') json = true;
    else if (arg === '--release') {
      const release = Object.values(ValidationRelease).find((r) => r === rest[i + 1]);
      if (release === undefined) {
        out.error(`cdk8s-grpc-mesh validate: --release takes one of ${Object.values(ValidationRelease).join(', ')}\n${USAGE}`);
        return 2;
      }
      options.release = release;
      i++;
    }
    else if (arg === '--strict') options.strict = true;
    else if (arg.startsWith('--unknown-kinds=')) {
      const mode = Object.values(UnknownKinds).find((k) => `--unknown-kinds=${k}` === arg);
      if (mode === undefined) {
        out.error(`cdk8s-grpc-mesh validate: --unknown-kinds takes ${Object.values(UnknownKinds).join(', ')}\n${USAGE}`);
        return 2;
      }
      options.unknownKinds = mode;
    }
    else if (arg === '--no-schemas') options.schemas = false;
    else if (arg === '--no-lint') options.lint = false;
    else if (arg.startsWith('-')) {
      out.error(`cdk8s-grpc-mesh validate: unknown option ${arg}\n${USAGE}`);
      return 2;
    } else paths.push(arg);
  }
  const targets = paths.length > 0 ? paths : ['dist'];
  const missing = targets.filter((t) => !fs.existsSync(t));
  if (missing.length > 0) {
    out.error(`cdk8s-grpc-mesh validate: not found: ${missing.join(', ')}`);
    return 2;
  }
  const result = checkManifestFiles(targets, options);
  if (result.files === 0) {
    out.error(`cdk8s-grpc-mesh validate: no *.yaml or *.yml files in ${targets.join(', ')}`);
    return 2;
  }
  if (json) {
    out.log(JSON.stringify(result, null, 2));
  } else {
    for (const p of result.problems) out.log(formatProblem(p));
    for (const w of result.warnings) out.log(`warning: ${formatProblem(w)}`);
    for (const f of result.findings) out.log(`${f.sources.join(',')} ${f.namespace}/${f.app || '<no app label>'} ${formatFinding(f)}`);
    const where = `${result.objects} object${result.objects === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}`;
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    out.log(`checked ${where}: ${count(result.problems.length, 'schema problem')}, ${count(result.findings.length, 'lint finding')}`
      + `${result.ok ? '' : ' (failed)'}`);
  }
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = runCommand(process.argv.slice(2), {
    log: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
  });
}
