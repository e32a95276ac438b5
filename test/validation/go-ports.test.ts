import * as netip from '../../src/validation/go-netip';
import * as goUrl from '../../src/validation/go-url';

describe("Go's net/netip (as the CEL IP and CIDR libraries use it)", () => {
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['::1.2.3.4', '::102:304'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
  ])('parseAddr(%j) prints as %j', (input, canonical) => {
    expect(netip.addrString(netip.parseAddr(input))).toBe(canonical);
  });

  test.each([
    ['127.0.0.256', 'IPv4 field has value >255'],
    ['01.2.3.4', 'IPv4 field has octet with leading zero'],
    ['1.2.3', 'IPv4 address too short'],
    ['1.2.3.4.5', 'IPv4 address too long'],
    [':::1', 'each colon-separated field must have at least one digit'],
    ['1::2::3', 'multiple :: in address'],
    ['12345::', 'at most 4 hex digits'],
    ['1:2:3:4:5:6:7', 'address string too short'],
    ['1:2:3:4:5:6:7:8::', 'the :: must expand to at least one field of zeros'],
    ['fe80::1%', 'zone must be a non-empty string'],
    ['example.com', 'unexpected character'],
    ['localhost', 'unable to parse IP'],
  ])('parseAddr(%j) fails: %s', (input, message) => {
    expect(() => netip.parseAddr(input)).toThrow(message);
  });

  test('prefixes: parse, print, mask, contain', () => {
    const p = netip.parsePrefix('192.168.0.1/24');
    expect(netip.prefixString(p)).toBe('192.168.0.1/24');
    expect(netip.prefixString(netip.masked(p))).toBe('192.168.0.0/24');
    expect(netip.prefixString(netip.masked(netip.parsePrefix('2001:db8:ffff::/33')))).toBe('2001:db8:8000::/33');
    expect(netip.containsAddr(p, netip.parseAddr('192.168.0.200'))).toBe(true);
    expect(netip.containsAddr(p, netip.parseAddr('192.168.1.1'))).toBe(false);
    expect(netip.containsAddr(netip.parsePrefix('0.0.0.0/0'), netip.parseAddr('::1'))).toBe(false);
    expect(netip.containsPrefix(netip.parsePrefix('10.0.0.0/8'), netip.parsePrefix('10.1.0.0/16'))).toBe(true);
    expect(netip.containsPrefix(netip.parsePrefix('10.1.0.0/16'), netip.parsePrefix('10.0.0.0/8'))).toBe(false);
    expect(() => netip.parsePrefix('1.2.3.4')).toThrow("no '/'");
    expect(() => netip.parsePrefix('1.2.3.4/08')).toThrow('bad bits after slash: "08"');
    expect(() => netip.parsePrefix('1.2.3.4/33')).toThrow('prefix length out of range');
    expect(() => netip.parsePrefix('fe80::1%eth0/64')).toThrow('IPv6 zones cannot be present in a prefix');
  });
});

describe("Go's net/url (as the CEL URL library uses it)", () => {
  test('ParseRequestURI takes absolute URIs and absolute paths only', () => {
    expect(() => goUrl.parseRequestURI('https://user:pass@example.com:80/path?query=val#fragment')).not.toThrow();
    expect(() => goUrl.parseRequestURI('/absolute-path')).not.toThrow();
    expect(() => goUrl.parseRequestURI('mailto:someone@example.com')).not.toThrow();
    expect(() => goUrl.parseRequestURI('../relative-path')).toThrow('parse "../relative-path": invalid URI for request');
    expect(() => goUrl.parseRequestURI('')).toThrow('empty url');
    expect(() => goUrl.parseRequestURI('https://a:b:c/')).toThrow('invalid port ":c" after host');
    expect(() => goUrl.parseRequestURI(':foo')).toThrow('missing protocol scheme');
    expect(() => goUrl.parseRequestURI('https://exa mple.com/')).toThrow('invalid character " " in host name');
    expect(() => goUrl.parseRequestURI('https://ex%41mple.com/')).toThrow('invalid URL escape "%41"');
    expect(() => goUrl.parseRequestURI('/a%zz')).toThrow('invalid URL escape "%zz"');
    expect(() => goUrl.parseRequestURI('/a\nb')).toThrow('invalid control character in URL');
    expect(() => goUrl.parseRequestURI('https://us er@example.com/')).toThrow('invalid userinfo');
  });

  test('Parse: host, hostname, port, escaped path, query', () => {
    const u = goUrl.parseURL('HTTPS://[::1]:8443/a%2Fb/c d?k=1&k=2&x=a+b&bad;=1&e=%zz#frag');
    expect(goUrl.urlScheme(u)).toBe('https');
    expect(goUrl.urlHost(u)).toBe('[::1]:8443');
    expect(goUrl.urlHostname(u)).toBe('::1');
    expect(goUrl.urlPort(u)).toBe('8443');
    // The path as written is not a valid encoding (the space), so it is escaped afresh: %2F is lost.
    expect(goUrl.urlEscapedPath(u)).toBe('/a/b/c%20d');
    expect(goUrl.urlEscapedPath(goUrl.parseURL('/a%2Fb/c'))).toBe('/a%2Fb/c');
    expect(goUrl.urlQuery(u)).toEqual(new Map([['k', ['1', '2']], ['x', ['a b']]]));
    expect(goUrl.urlEscapedPath(goUrl.parseURL('/caf%C3%A9'))).toBe('/caf%C3%A9');
    expect(goUrl.urlEscapedPath(goUrl.parseURL('/café'))).toBe('/caf%C3%A9');
    expect(goUrl.urlHost(goUrl.parseURL('//host/path'))).toBe('host');
    expect(() => goUrl.parseURL('/a#%zz')).toThrow('invalid URL escape "%zz"');
  });
});
