import { compileRule, run } from '../../src/validation/cel';
import { SchemaChecker } from '../../src/validation/structural';

/** The value of a CEL expression (self bound to `self`), or the text of its evaluation error. */
function evaluate(expression: string, self: unknown = null): unknown {
  const c = compileRule(expression);
  if (!c.ok) throw new Error(`does not compile: ${c.error}`);
  const out = run(c.program, self);
  return out.ok ? out.value : { error: out.error };
}

const errorOf = (expression: string): string => {
  const out = evaluate(expression);
  if (typeof out !== 'object' || out === null || !('error' in out)) throw new Error(`${expression} did not fail`);
  return (out as { error: string }).error;
};

/** Each library: expressions that are true, expressions that are false, expressions that fail. */
function library(name: string, truths: string[], falsities: string[], errors: [string, string | RegExp][]): void {
  describe(name, () => {
    test.each(truths)('%s', (e) => expect(evaluate(e)).toBe(true));
    test.each(falsities)('!(%s)', (e) => expect(evaluate(e)).toBe(false));
    test.each(errors)('%s fails', (e, message) => expect(errorOf(e)).toMatch(message));
  });
}

library(
  'URLs: url, isURL, getScheme',
  [
    "isURL('https://user:pass@example.com:80/path?query=val#fragment')",
    "isURL('/absolute-path') && isURL('oci://registry.example.com/plugin:1.0')",
    "url('/path').getScheme() == '' && url('https://example.com/').getScheme() == 'https'",
    "url('HTTPS://[::1]:8443/a?b#c').getScheme() == 'https' && url('file:///tmp/x').getScheme() == 'file'",
    "type(url('/x')) == kubernetes.URL",
  ],
  ["isURL('https://a:b:c/')", "isURL('../relative-path')", "isURL('')", "isURL('https://ex%41mple.com/')"],
  [
    ["url('../relative-path')", 'URL parse error during conversion from string: parse "../relative-path": invalid URI for request'],
    ["url('https://a:b:c/')", 'invalid port ":c" after host'],
    ["url('https://example.com/#%zz')", 'invalid URL escape "%zz"'],
  ],
);

describe('in x-kubernetes-validations', () => {
  function problems(value: unknown, schema: object): string[] {
    const checker = new SchemaChecker({ rulesEvaluated: 0, transitionRulesSkipped: 0 });
    checker.check(value, schema, 'spec');
    return checker.problems.map((p) => `${p.path}: ${p.message}`);
  }
  const rule = (type: object, r: string) => ({ ...type, 'x-kubernetes-validations': [{ rule: r, message: 'failed' }] });

  test('rules bind self and run the Kubernetes libraries (an Istio WasmPlugin url rule)', () => {
    const wasm = rule(
      { type: 'string' },
      'isURL(self) ? (url(self).getScheme() in ["", "http", "https", "oci", "file"]) : (isURL("http://" + self) && url("http://" + self).getScheme() in ["", "http", "https", "oci", "file"])',
    );
    expect(problems('oci://registry.example.com/plugin:1.0', wasm)).toEqual([]);
    expect(problems('registry.example.com/plugin', wasm)).toEqual([]);
    expect(problems('ftp://example.com/plugin.wasm', wasm)).toEqual(['spec: failed (got "ftp://example.com/plugin.wasm")']);
  });

  test('namespaced functions are found (strings.quote)', () => {
    expect(problems('a', rule({ type: 'string' }, "strings.quote(self) == '\"a\"'"))).toEqual([]);
  });

  test('an error while evaluating is a problem', () => {
    expect(problems('nope', rule({ type: 'string' }, 'url(self).getScheme() != ""'))).toEqual([
      'spec: URL parse error during conversion from string: parse "nope": invalid URI for request evaluating rule: "url(self).getScheme() != \\"\\""',
    ]);
  });
});
