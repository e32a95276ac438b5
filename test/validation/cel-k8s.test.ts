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
  'lists: isSorted, sum, min, max, indexOf, lastIndexOf',
  [
    '[1, 2, 2, 3].isSorted()',
    "['a', 'b', 'b', 'c'].isSorted()",
    '[1u, 2u].isSorted() && [1.0, 1.5].isSorted() && [false, true].isSorted()',
    "[b'a', b'b'].isSorted() && [duration('1s'), duration('1m')].isSorted()",
    "[timestamp('2024-01-01T00:00:00Z'), timestamp('2025-01-01T00:00:00Z')].isSorted()",
    '[1].isSorted() && [].isSorted()',
    '[1, 3].sum() == 4 && [1.0, 3.0].sum() == 4.0 && [1u, 3u].sum() == 4u',
    "[duration('1m'), duration('1s')].sum() == duration('1m1s')",
    '[].sum() == 0',
    "[1, 3].min() == 1 && [1, 3].max() == 3 && [2.5, -1.0].min() == -1.0 && ['b', 'a', 'c'].max() == 'c'",
    "[duration('1h'), duration('1s')].min() == duration('1s')",
    "[timestamp('2024-01-01T00:00:00Z'), timestamp('2025-01-01T00:00:00Z')].max() == timestamp('2025-01-01T00:00:00Z')",
    '([0] + []).min() == 0',
    '[1, 2, 2, 3].indexOf(2) == 1 && [1, 2, 2, 3].lastIndexOf(2) == 2',
    "[1.0].indexOf(1.1) == -1 && [].indexOf('string') == -1 && [].lastIndexOf(1) == -1",
    "[[1], [2]].indexOf([2]) == 1 && [{'a': 1}].lastIndexOf({'a': 1}) == 0",
    // The strings extension's indexOf still applies to strings.
    "'abcb'.indexOf('b') == 1 && 'abcb'.lastIndexOf('b') == 3",
  ],
  ['[2.0, 1.0].isSorted()', "['b', 'a'].isSorted()", "[duration('1m'), duration('1s')].isSorted()"],
  [
    ['[].min()', 'min called on empty list'],
    ['[].max()', 'max called on empty list'],
    ['[[1], [2]].isSorted()', 'no such overload'],
    ["[1, 'a'].isSorted()", 'no such overload'],
    ["['a', 'b'].sum()", 'no such overload'],
    ['[[1]].min()', 'no such overload'],
    ['[9223372036854775807, 1].sum()', 'int overflow'],
  ],
);

library(
  'regex: find, findAll',
  [
    "'abc 123'.find('[0-9]+') == '123'",
    "'abc 123'.find('xyz') == ''",
    "'abc 123'.find('(?i)ABC') == 'abc'",
    "'123 abc 456'.findAll('[0-9]+') == ['123', '456']",
    "'123 abc 456'.findAll('[0-9]+', 1) == ['123']",
    "'123 abc 456'.findAll('[0-9]+', 0) == [] && '123 abc 456'.findAll('[0-9]+', -1) == ['123', '456']",
    "'123 abc 456'.findAll('xyz') == []",
    "'ab'.find('a|ab') == 'a'",
  ],
  ["'abc'.find('b') == ''"],
  [
    ["'x'.find('(')", /^Illegal regex: error parsing regexp: missing closing \)/],
    ["'x'.findAll('a(?=b)')", /^Illegal regex: .*invalid or unsupported Perl syntax/],
  ],
);

library(
  'URLs: url, isURL, getScheme, getHost, getHostname, getPort, getEscapedPath, getQuery',
  [
    "isURL('https://user:pass@example.com:80/path?query=val#fragment')",
    "isURL('/absolute-path')",
    "url('/path').getScheme() == '' && url('https://example.com/').getScheme() == 'https'",
    "url('https://example.com:80/').getHost() == 'example.com:80' && url('https://example.com/').getHost() == 'example.com'",
    "url('https://[::1]:80/').getHost() == '[::1]:80' && url('https://[::1]/').getHost() == '[::1]' && url('/path').getHost() == ''",
    "url('https://example.com:80/').getHostname() == 'example.com' && url('https://127.0.0.1:80/').getHostname() == '127.0.0.1'",
    "url('https://[::1]:80/').getHostname() == '::1' && url('/path').getHostname() == ''",
    "url('https://example.com:80/').getPort() == '80' && url('https://example.com/').getPort() == '' && url('/path').getPort() == ''",
    "url('https://example.com/path').getEscapedPath() == '/path' && url('https://example.com').getEscapedPath() == ''",
    "url('https://example.com/path with spaces/').getEscapedPath() == '/path%20with%20spaces/'",
    "url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}",
    "url('https://example.com/path?key with spaces=value with spaces').getQuery() == {'key with spaces': ['value with spaces']}",
    "url('https://example.com/path?').getQuery() == {} && url('https://example.com/path').getQuery() == {}",
    "url('https://example.com/a?x=1#y=2').getQuery() == {'x': ['1']}",
    "type(url('/x')) == kubernetes.URL",
  ],
  ["isURL('https://a:b:c/')", "isURL('../relative-path')", "isURL('')", "isURL('https://ex%41mple.com/')"],
  [
    ["url('../relative-path')", 'URL parse error during conversion from string: parse "../relative-path": invalid URI for request'],
    ["url('https://a:b:c/')", 'invalid port ":c" after host'],
    ["url('https://example.com/#%zz')", 'invalid URL escape "%zz"'],
  ],
);

library(
  'IP addresses: ip, isIP, ip.isCanonical, family, isUnspecified, isLoopback, ..., string',
  [
    "isIP('127.0.0.1') && isIP('::1') && isIP('2001:db8::abcd')",
    "ip('127.0.0.1').family() == 4 && ip('::1').family() == 6",
    "ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified()",
    "ip('127.0.0.1').isLoopback() && ip('::1').isLoopback()",
    "ip('224.0.0.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast()",
    "ip('169.254.169.254').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast()",
    "ip('192.168.0.1').isGlobalUnicast() && ip('2001:db8::abcd').isGlobalUnicast()",
    "ip.isCanonical('127.0.0.1') && ip.isCanonical('2001:db8::abcd')",
    "string(ip('2001:DB8:0:0:0:0:0:ABCD')) == '2001:db8::abcd'",
    "ip('::1') == ip('0:0::1') && type(ip('::1')) == net.IP",
  ],
  [
    "isIP('127.0.0.256')",
    "isIP(':::1')",
    "isIP('01.2.3.4')",
    "isIP('::ffff:1.2.3.4')",
    "isIP('fe80::1%eth0')",
    "ip('127.0.0.1').isUnspecified() || ip('::1').isUnspecified()",
    "ip('192.168.0.1').isLoopback() || ip('2001:db8::abcd').isLoopback()",
    "ip('224.0.1.1').isLinkLocalMulticast() || ip('fd00::1').isLinkLocalMulticast()",
    "ip('192.168.0.1').isLinkLocalUnicast() || ip('fd80::1').isLinkLocalUnicast()",
    "ip('255.255.255.255').isGlobalUnicast() || ip('ff00::1').isGlobalUnicast()",
    "ip.isCanonical('2001:DB8::ABCD') || ip.isCanonical('2001:db8::0:0:0:abcd')",
    "ip('1.2.3.4') == ip('1.2.3.5')",
  ],
  [
    ["ip('127.0.0.256')", 'IP Address "127.0.0.256" parse error during conversion from string: ParseAddr("127.0.0.256"): IPv4 field has value >255'],
    ["ip('::ffff:1.2.3.4')", 'IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed'],
    ["ip('fe80::1%eth0')", 'IP address "fe80::1%eth0" with zone value is not allowed'],
    ["ip.isCanonical('x')", 'unable to parse IP'],
  ],
);

library(
  'CIDRs: cidr, isCIDR, containsIP, containsCIDR, ip, masked, prefixLength, string',
  [
    "isCIDR('192.168.0.0/16') && isCIDR('::1/128') && isCIDR('192.168.0.1/16')",
    "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1')) && cidr('192.168.0.0/24').containsIP('192.168.0.1')",
    "cidr('2001:db8::/32').containsIP('2001:db8::1')",
    "cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/25')) && cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24')",
    "cidr('192.168.0.1/24').ip() == ip('192.168.0.1') && cidr('::1/128').ip().family() == 6",
    "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24') && string(cidr('2001:db8:1::/32').masked()) == '2001:db8::/32'",
    "cidr('192.168.0.0/16').prefixLength() == 16 && cidr('::1/128').prefixLength() == 128",
    "string(cidr('192.168.0.0/24')) == '192.168.0.0/24' && type(cidr('10.0.0.0/8')) == net.CIDR",
  ],
  [
    "isCIDR('192.168.0.0/33') || isCIDR('::1/129') || isCIDR('192.168.0.0') || isCIDR('10.0.0.0/08')",
    "isCIDR('::ffff:1.2.3.4/120')",
    "cidr('192.168.0.0/24').containsIP(ip('192.168.1.1')) || cidr('192.168.0.0/24').containsIP('192.168.1.1')",
    "cidr('2001:db8::/32').containsIP('2001:dc8::1') || cidr('0.0.0.0/0').containsIP('::1')",
    "cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/23')) || cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24')",
    "cidr('192.168.0.1/24') == cidr('192.168.0.1/24').masked()",
  ],
  [
    ["cidr('192.168.0.0/')", 'network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("192.168.0.0/"): bad bits after slash: ""'],
    ["cidr('::ffff:1.2.3.4/120')", 'IPv4-mapped IPv6 address "::ffff:1.2.3.4/120" is not allowed'],
    ["cidr('10.0.0.0/8').containsIP('10.0.0')", 'IPv4 address too short'],
  ],
);

library(
  'sets: sets.contains, sets.equivalent, sets.intersects',
  ['sets.contains([1, 2, 3], [3, 1]) && sets.contains([1], [])', 'sets.equivalent([1, 2], [2, 1, 1])', 'sets.intersects([1, 2], [2, 5])'],
  ['sets.contains([1], [2])', 'sets.equivalent([1], [1, 2])', 'sets.intersects([1], [2]) || sets.intersects([], [])'],
  [["sets.contains('ab', ['a'])", "found no matching overload for 'sets.contains'"]],
);

describe('in x-kubernetes-validations', () => {
  function problems(value: unknown, schema: object): string[] {
    const checker = new SchemaChecker({ rulesEvaluated: 0, transitionRulesSkipped: 0 });
    checker.check(value, schema, 'spec');
    return checker.problems.map((p) => `${p.path}: ${p.message}`);
  }
  const rule = (type: object, r: string) => ({ ...type, 'x-kubernetes-validations': [{ rule: r, message: 'failed' }] });

  test('rules bind self and run the Kubernetes libraries', () => {
    const list = rule({ type: 'array', items: { type: 'integer' } }, 'self.isSorted() && self.sum() < 10 && self.max() == self[size(self) - 1]');
    expect(problems([1, 2, 3], list)).toEqual([]);
    expect(problems([3, 2], list)).toEqual(['spec: failed']);
    const endpoint = rule({ type: 'string' }, "isURL(self) && url(self).getScheme() == 'https' && !isIP(url(self).getHostname())");
    expect(problems('https://api.example.com/v1', endpoint)).toEqual([]);
    expect(problems('https://10.0.0.1/v1', endpoint)).toEqual(['spec: failed (got "https://10.0.0.1/v1")']);
    const cidr = rule({ type: 'string' }, "isCIDR(self) && cidr('10.0.0.0/8').containsCIDR(self)");
    expect(problems('10.1.0.0/16', cidr)).toEqual([]);
    expect(problems('11.0.0.0/16', cidr)).toEqual(['spec: failed (got "11.0.0.0/16")']);
  });

  test('namespaced functions are found (strings.quote, sets.contains, ip.isCanonical)', () => {
    const r = rule({ type: 'string' }, "strings.quote(self) == '\"a\"' && sets.contains(['a'], [self]) && ip.isCanonical('::1')");
    expect(problems('a', r)).toEqual([]);
  });

  test('an error while evaluating is a problem', () => {
    expect(problems('nope', rule({ type: 'string' }, 'url(self).getHost() != ""'))).toEqual([
      'spec: URL parse error during conversion from string: parse "nope": invalid URI for request evaluating rule: "url(self).getHost() != \\"\\""',
    ]);
  });
});
