// URLs as Go's net/url parses them (url.ParseRequestURI, url.Parse), for the Kubernetes CEL URL
// library's url(), isURL() and getScheme().
// Go works on the bytes of the UTF-8 string, so does this port: strings are turned into
// "binary" strings (one char per byte) on the way in and back into UTF-8 on the way out.
// Errors are thrown with Go's messages.

/** The part of a parsed URL that the CEL URL library reads (as a binary string). */
export interface GoUrl {
  readonly scheme: string;
}

const toBytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const fromBytes = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');
const quote = (s: string): string => JSON.stringify(fromBytes(s));

type Encoding = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

function urlError(raw: string, msg: string): Error {
  return new Error(`parse ${quote(raw)}: ${msg}`);
}

/** url.ParseRequestURI: an absolute URI or an absolute path, no fragment expected. */
export function parseRequestURI(raw: string): GoUrl {
  const bytes = toBytes(raw);
  try {
    return parse(bytes, true);
  } catch (e) {
    throw urlError(bytes, (e as Error).message);
  }
}

/** url.Parse: a URL reference, with an optional #fragment. */
export function parseURL(raw: string): GoUrl {
  const bytes = toBytes(raw);
  const hash = bytes.indexOf('#');
  const u = hash < 0 ? bytes : bytes.slice(0, hash);
  let url: GoUrl;
  try {
    url = parse(u, false);
  } catch (e) {
    throw urlError(u, (e as Error).message);
  }
  if (hash >= 0) {
    try {
      unescape(bytes.slice(hash + 1), 'fragment');
    } catch (e) {
      throw urlError(bytes, (e as Error).message);
    }
  }
  return url;
}

function parse(raw: string, viaRequest: boolean): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new Error('empty url');
  if (raw === '*') return { scheme: '' };
  let [scheme, rest] = getScheme(raw);
  scheme = scheme.toLowerCase();
  // The query is not checked (url.Parse keeps it as written).
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme };
    if (viaRequest) throw new Error('invalid URI for request');
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) throw new Error('first path segment in URL cannot contain colon');
  }
  if ((scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    parseAuthority(authority);
  }
  unescape(rest, 'path');
  return { scheme };
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

/** The host of an authority ([userinfo@]host[:port]); the userinfo is checked, not kept. */
function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return host;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new Error('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) {
    unescape(userinfo, 'userPassword');
  } else {
    unescape(userinfo.slice(0, colon), 'userPassword');
    unescape(userinfo.slice(colon + 1), 'userPassword');
  }
  return host;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${quote(colonPort)} after host`);
    const zone = host.slice(0, close).indexOf('%25');
    if (zone >= 0) {
      return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, close), 'zone') + unescape(host.slice(close), 'host');
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${quote(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

function shouldEscape(code: number, mode: Encoding): boolean {
  const c = String.fromCharCode(code);
  if (/^[a-zA-Z0-9]$/.test(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?';
      case 'userPassword':
        return c === '@' || c === '/' || c === '?' || c === ':';
      case 'fragment':
        return false;
      default:
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

function unescape(s: string, mode: Encoding): string {
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        throw new Error(`invalid URL escape ${quote(s.slice(i, i + 3))}`);
      }
      const triple = s.slice(i, i + 3);
      if (mode === 'host' && parseInt(s[i + 1], 16) < 8 && triple !== '%25') throw new Error(`invalid URL escape ${quote(triple)}`);
      if (mode === 'zone') {
        const v = parseInt(s.slice(i + 1, i + 3), 16);
        if (triple !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) throw new Error(`invalid URL escape ${quote(triple)}`);
      }
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && s.charCodeAt(i) < 0x80 && shouldEscape(s.charCodeAt(i), mode)) {
        throw new Error(`invalid character ${quote(c)} in host name`);
      }
      i++;
    }
  }
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

/** URL.Scheme. */
export function urlScheme(u: GoUrl): string {
  return fromBytes(u.scheme);
}
