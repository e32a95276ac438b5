import * as fs from 'fs';
import * as path from 'path';
import { DELIVERY_CASES } from './delivery/error-cases';
import { ISTIO_OPTION_CASES } from './istio/error-cases';
import { LINKERD_CASES, LINKERD_LEGACY_CASES } from './linkerd/error-cases';
import { CALL_CASES, CORE_CASES } from './model/error-cases';

// The bad-input catalogue (docs/errors.md) is rendered from the same cases the error tests run, so
// the two cannot drift apart. Regenerate it with: UPDATE_DOCS=1 npx jest test/catalogue.test.ts
const ERRORS = path.join(__dirname, '..', 'docs', 'errors.md');
const START = '<!-- catalogue:start -->';
const END = '<!-- catalogue:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function renderCatalogue(): string {
  const rows: [string, string, string][] = [
    ...CORE_CASES.map(([what, , message]) => ['any', what, message] as [string, string, string]),
    ...ISTIO_OPTION_CASES.map(([what, , message]) => ['Istio', what, message] as [string, string, string]),
    ...LINKERD_CASES.map(([what, , message]) => ['Linkerd', what, message] as [string, string, string]),
    ...LINKERD_LEGACY_CASES.map(([what, , message]) => ['Linkerd legacy', what, message] as [string, string, string]),
    ...DELIVERY_CASES.map(([what, , message]) => ['delivery', what, message] as [string, string, string]),
    ...CALL_CASES.map(([what, , message]) => ['any', what, message] as [string, string, string]),
  ];
  return [
    START,
    `${rows.length} bad inputs and the exact message each gets (the service is \`test/svc\`; a mesh factory checks its options when called: \`Mesh.istio: ...\`).`,
    '',
    '| # | mesh | bad input | message |',
    '|---|---|---|---|',
    ...rows.map(([mesh, what, message], i) => `| ${i + 1} | ${mesh} | ${cell(what)} | ${cell(message)} |`),
    END,
  ].join('\n');
}

test('the catalogue in docs/errors.md lists every bad-input case with its exact message', () => {
  const rendered = renderCatalogue();
  const page = fs.readFileSync(ERRORS, 'utf8');
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (process.env.UPDATE_DOCS) {
    const next = start >= 0 ? page.slice(0, start) + rendered + page.slice(end + END.length) : `${page.trimEnd()}\n\n## Bad-input catalogue\n\n${rendered}\n`;
    fs.writeFileSync(ERRORS, next);
    return;
  }
  expect(start).toBeGreaterThanOrEqual(0);
  expect(page.slice(start, end + END.length)).toBe(rendered);
});

test('the catalogue has at least 40 cases, each named once', () => {
  const names = [...CORE_CASES, ...CALL_CASES, ...ISTIO_OPTION_CASES, ...LINKERD_CASES, ...LINKERD_LEGACY_CASES, ...DELIVERY_CASES].map((c) => c[0]);
  expect(names.length).toBeGreaterThanOrEqual(40);
  expect(new Set(names).size).toBe(names.length);
});
