import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/** The text of a documentation file, e.g. `docs/lint.md`, relative to the repository root. */
export function readDoc(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** The hand-written documentation: the README and the pages of docs/ (not the generated docs/api/). */
export function docFiles(): string[] {
  const pages = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...pages];
}
