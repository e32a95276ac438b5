import * as goUrl from '../../src/validation/go-url';

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

  test('Parse: the scheme, lowercased; the fragment is checked', () => {
    expect(goUrl.urlScheme(goUrl.parseURL('HTTPS://[::1]:8443/a%2Fb/c d?k=1&e=%zz#frag'))).toBe('https');
    expect(goUrl.urlScheme(goUrl.parseURL('//host/path'))).toBe('');
    expect(goUrl.urlScheme(goUrl.parseURL('mailto:someone@example.com'))).toBe('mailto');
    expect(() => goUrl.parseURL('/a#%zz')).toThrow('invalid URL escape "%zz"');
    expect(() => goUrl.parseURL('https://[::1/')).toThrow("missing ']' in host");
  });
});
