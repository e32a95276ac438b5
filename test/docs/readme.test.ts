import * as fs from 'fs';
import * as path from 'path';
import { docFiles, readDoc, ROOT } from '../support/docs';

// The README is for the person who just found the package: short, install and quick start first,
// the reference material in docs/. Every relative link of the hand-written docs resolves.

const README = readDoc('README.md');
const headings = (text: string, level: string) => withoutCode(text).split('\n').filter((l) => l.startsWith(`${level} `)).map((l) => l.slice(level.length + 1));

/** The text with its fenced code blocks blanked out (a `#` in a shell snippet is no heading). */
function withoutCode(text: string): string {
  return text.replace(/^( *)```[^\n]*\n[\s\S]*?^\1```$/gm, '');
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

describe('the README', () => {
  test('is under 30 KB', () => {
    expect(Buffer.byteLength(README)).toBeLessThan(30 * 1024);
  });

  test('starts with its contents, install and the quick start', () => {
    expect(headings(README, '##').slice(0, 3)).toEqual(['Contents', 'Install', 'Quick start']);
  });

  test('lists every section in its contents', () => {
    const contents = README.split('## Contents\n')[1].split('\n## ')[0];
    const listed = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(listed).toEqual(headings(README, '##').filter((h) => h !== 'Contents').map(slug));
  });

  test('installs the package with its peer dependencies', () => {
    const { peerDependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const install = README.split('\n').find((l) => l.startsWith('npm install cdk8s-grpc-mesh'));
    expect(install?.split(' ').slice(2).sort()).toEqual(['cdk8s-grpc-mesh', ...Object.keys(peerDependencies)].sort());
  });

  test('gives a fresh clone one command to set up and synthesize, and one to test (what CI runs)', () => {
    const setup = README.split('## Set up and run\n')[1].split('\n## ')[0];
    const commands = setup.split('\n').map((l) => l.split('#')[0].trim());
    expect(commands).toContain('npm ci && npm run synth');
    expect(commands).toContain('npm test');
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8').split('\n')).toContain('npm test');
  });

  test('links every page of docs/', () => {
    const pages = docFiles().filter((f) => f !== 'README.md');
    expect(pages.filter((page) => !README.includes(`](${page})`))).toEqual([]);
  });
});

describe.each([...docFiles(), 'CHANGELOG.md'])('the relative links of %s', (file) => {
  const links = [...withoutCode(readDoc(file)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));

  test('resolve to a file and, for a Markdown page, to one of its headings', () => {
    const broken = links.filter((link) => {
      const [target, anchor] = link.split('#');
      const resolved = target ? path.join(path.dirname(file), target) : file;
      if (!fs.existsSync(path.join(ROOT, resolved))) return true;
      if (anchor === undefined || !resolved.endsWith('.md')) return false;
      return !headings(readDoc(resolved), '#').concat(headings(readDoc(resolved), '##'), headings(readDoc(resolved), '###')).map(slug).includes(anchor);
    });
    expect(broken).toEqual([]);
  });
});

test('the CHANGELOG speaks of the project only', () => {
  expect(readDoc('CHANGELOG.md').match(/\b(sessions?|engineers?|coordinator)\b|\bissue\s*#?\d+/gi)).toBeNull();
});
