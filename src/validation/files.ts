import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFilesOptions, ValidationProblem, ValidationResult } from './types';
import { validateGroups } from './validate';

/** The objects of one manifest file. */
export interface ManifestFile {
  readonly path: string;
  /** Its non-empty YAML documents, in order. */
  readonly objects: unknown[];
  /** YAML syntax problems (their `index` is the document's position among all documents). */
  readonly problems: ValidationProblem[];
}

/**
 * Parses multi-document YAML the way kubectl and the API server read it (YAML 1.1 scalars:
 * unquoted yes/no/on/off are booleans; duplicate keys are errors).
 */
export function parseManifests(text: string, source?: string): { objects: unknown[]; problems: ValidationProblem[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const objects: unknown[] = [];
  const problems: ValidationProblem[] = [];
  YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: true }).forEach((doc, i) => {
    const errors = 'errors' in doc ? doc.errors : [];
    if (errors.length > 0) {
      for (const e of errors) {
        problems.push({ ...(source !== undefined ? { source } : {}), index: i, path: '', message: `YAML: ${e.message.split('\n')[0]}` });
      }
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) objects.push(value);
  });
  return { objects, problems };
}

/** `*.yaml` / `*.yml` files: the given files, and those under the given directories (sorted). */
export function listManifestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        const child = path.join(p, entry);
        if (fs.statSync(child).isDirectory() || /\.ya?ml$/i.test(entry)) walk(child);
      }
    } else {
      out.push(p);
    }
  };
  paths.forEach(walk);
  return out;
}

/** Reads manifest files (directories are searched for *.yaml / *.yml). */
export function parseManifestFiles(paths: readonly string[]): ManifestFile[] {
  return listManifestFiles(paths).map((file) => ({ path: file, ...parseManifests(fs.readFileSync(file, 'utf8'), file) }));
}

/** Parses and validates manifest files (against `options.release`); problems name their file as `source`. */
export function validateManifestFiles(
  paths: readonly string[],
  options: ValidateFilesOptions = {},
): ValidationResult & { files: number } {
  const files = parseManifestFiles(paths);
  const result = validateGroups(files.map((f) => ({ objects: f.objects, source: f.path })), options);
  return { ...result, problems: [...files.flatMap((f) => f.problems), ...result.problems], files: files.length };
}
