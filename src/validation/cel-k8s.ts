// The Kubernetes CEL libraries that @bufbuild/cel lacks, as @bufbuild/cel functions (celFunc and
// celMethod, as @bufbuild/cel/ext builds its strings extension): from k8s.io/apiserver/pkg/cel/library
// the lists, regex, URL, IP and CIDR libraries, and cel-go's sets extension, which the API server
// also loads. The URL, IP and CIDR values are opaque types named as in Kubernetes (kubernetes.URL,
// net.IP, net.CIDR), made here as protobuf messages holding the URL as written, the canonical
// address and the canonical prefix. Semantics and error messages follow lists.go, regex.go,
// urls.go, ip.go and cidr.go (on Go's net/url and net/netip, ported in go-url.ts and go-netip.ts).
import { celFunc, celList, celMethod, CelScalar, celEnv, isCelError, isCelUint, listType, mapType, objectType } from '@bufbuild/cel';
import type { CelFunc, CelList, CelValue } from '@bufbuild/cel';
import { create, createFileRegistry } from '@bufbuild/protobuf';
import type { DescMessage, FileRegistry } from '@bufbuild/protobuf';
import { isReflectMessage, reflect } from '@bufbuild/protobuf/reflect';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import * as netip from './go-netip';
import * as goUrl from './go-url';
import { re2FindAll } from './re2';

const { BOOL, DYN, INT, STRING } = CelScalar;
const LIST = listType(DYN);

export interface KubernetesLibrary {
  readonly funcs: CelFunc[];
  /** The descriptors of the opaque types, for the environment (so `type(x) == net.IP` works). */
  readonly registry: FileRegistry;
}

let library: KubernetesLibrary | undefined;

export function kubernetesLibrary(): KubernetesLibrary {
  library ??= build();
  return library;
}

// ---------------------------------------------------------------------------------------------
// Opaque types: a message with one string field.

function opaqueFile(pkg: string, names: string[]): FileRegistry {
  const file = create(FileDescriptorProtoSchema, {
    name: `cdk8s-grpc-mesh/validation/${pkg}.proto`,
    package: pkg,
    syntax: 'proto3',
    messageType: names.map((name) => ({
      name,
      field: [{ name: 'value', jsonName: 'value', number: 1, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL }],
    })),
  });
  return createFileRegistry(file, () => undefined);
}

function opaque(desc: DescMessage, value: string): ReflectMessage {
  return reflect(desc, create(desc, { value } as never));
}

function opaqueText(v: ReflectMessage): string {
  return (v.message as unknown as { value: string }).value;
}

// ---------------------------------------------------------------------------------------------

function build(): KubernetesLibrary {
  const net = opaqueFile('net', ['IP', 'CIDR']);
  const k8s = opaqueFile('kubernetes', ['URL']);
  const IP_DESC = net.getMessage('net.IP') as DescMessage;
  const CIDR_DESC = net.getMessage('net.CIDR') as DescMessage;
  const URL_DESC = k8s.getMessage('kubernetes.URL') as DescMessage;
  const IP = objectType(IP_DESC);
  const CIDR = objectType(CIDR_DESC);
  const URL = objectType(URL_DESC);

  // The standard operators, for comparing, adding and equating elements as CEL itself does.
  const std = celEnv().funcs;
  const operator = (name: string, a: CelValue, b: CelValue): CelValue => {
    const r = std.find(name)?.call(0, undefined, [a, b]);
    if (r === undefined) throw new Error('no such overload');
    if (isCelError(r)) throw r;
    return r;
  };
  const less = (a: CelValue, b: CelValue): boolean => operator('_<_', a, b) === true;
  const equal = (a: CelValue, b: CelValue): boolean => operator('_==_', a, b) === true;

  return {
    registry: createFileRegistry(net, k8s),
    funcs: [
      ...listsLibrary(less, equal, operator),
      ...regexLibrary(),
      ...setsLibrary(equal),
      ...urlLibrary(URL, URL_DESC),
      ...ipLibrary(IP, IP_DESC, CIDR, CIDR_DESC),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Lists (lists.go): isSorted, min and max on comparable elements (int, uint, double, bool, string,
// bytes, duration, timestamp), sum on int, uint, double and duration, indexOf and lastIndexOf.

const TIMESTAMP = 'google.protobuf.Timestamp';
const DURATION = 'google.protobuf.Duration';

function isComparable(v: CelValue): boolean {
  switch (typeof v) {
    case 'bigint':
    case 'number':
    case 'boolean':
    case 'string':
      return true;
    default:
      if (v instanceof Uint8Array || isCelUint(v)) return true;
      return isReflectMessage(v) && (v.desc.typeName === TIMESTAMP || v.desc.typeName === DURATION);
  }
}

function isSummable(v: CelValue): boolean {
  return typeof v === 'bigint' || typeof v === 'number' || isCelUint(v) || (isReflectMessage(v) && v.desc.typeName === DURATION);
}

function comparables(list: CelList): CelValue[] {
  const out = [...list];
  if (!out.every(isComparable)) throw new Error('no such overload');
  return out;
}

function listsLibrary(
  less: (a: CelValue, b: CelValue) => boolean,
  equal: (a: CelValue, b: CelValue) => boolean,
  operator: (name: string, a: CelValue, b: CelValue) => CelValue,
): CelFunc[] {
  const extreme = (name: string, better: (candidate: CelValue, best: CelValue) => boolean) =>
    function (this: CelList): CelValue {
      let best: CelValue | undefined;
      for (const v of comparables(this)) if (best === undefined || better(v, best)) best = v;
      if (best === undefined) throw new Error(`${name} called on empty list`);
      return best;
    };
  return [
    celMethod('isSorted', LIST, [], BOOL, function () {
      const values = comparables(this);
      return values.every((v, i) => i === 0 || !less(v, values[i - 1]));
    }),
    celMethod('sum', LIST, [], DYN, function () {
      let acc: CelValue | undefined;
      for (const v of this) {
        if (!isSummable(v)) throw new Error('no such overload');
        acc = acc === undefined ? v : operator('_+_', acc, v);
      }
      // An empty list sums to 0: the type of its elements is not known at run time.
      return acc ?? 0n;
    }),
    celMethod('min', LIST, [], DYN, extreme('min', (v, best) => less(v, best))),
    celMethod('max', LIST, [], DYN, extreme('max', (v, best) => less(best, v))),
    celMethod('indexOf', LIST, [DYN], INT, function (x) {
      const values = [...this];
      return BigInt(values.findIndex((v) => equal(v, x)));
    }),
    celMethod('lastIndexOf', LIST, [DYN], INT, function (x) {
      const values = [...this];
      for (let i = values.length - 1; i >= 0; i--) if (equal(values[i], x)) return BigInt(i);
      return -1n;
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Regex (regex.go): find and findAll with RE2 (Go's regexp FindString and FindAllString).

function findAll(text: string, pattern: string, limit: number): string[] {
  const found = re2FindAll(pattern, text, limit);
  if (!Array.isArray(found)) throw new Error(`Illegal regex: ${found.error}`);
  return found;
}

function regexLibrary(): CelFunc[] {
  return [
    celMethod('find', STRING, [STRING], STRING, function (pattern) {
      return findAll(this, pattern, 1)[0] ?? '';
    }),
    celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) {
      return findAll(this, pattern, -1);
    }),
    celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
      return findAll(this, pattern, limit < 0n ? -1 : limit > BigInt(this.length + 1) ? this.length + 1 : Number(limit));
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Sets (cel-go ext.Sets, in the API server's environment since 1.29): contains, equivalent, intersects.

function setsLibrary(equal: (a: CelValue, b: CelValue) => boolean): CelFunc[] {
  const contains = (a: CelList, b: CelList): boolean => {
    const values = [...a];
    return [...b].every((x) => values.some((v) => equal(v, x)));
  };
  return [
    celFunc('sets.contains', [LIST, LIST], BOOL, contains),
    celFunc('sets.equivalent', [LIST, LIST], BOOL, (a, b) => contains(a, b) && contains(b, a)),
    celFunc('sets.intersects', [LIST, LIST], BOOL, (a, b) => {
      const values = [...a];
      return [...b].some((x) => values.some((v) => equal(v, x)));
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// URLs (urls.go): url() and isURL() accept what Go's url.ParseRequestURI accepts (an absolute URI
// or an absolute path); the parts are those of url.Parse.

function urlLibrary(URL: ReturnType<typeof objectType>, desc: DescMessage): CelFunc[] {
  const parsed = new Map<string, goUrl.GoUrl>();
  const parts = (v: ReflectMessage): goUrl.GoUrl => {
    const raw = opaqueText(v);
    let u = parsed.get(raw);
    if (!u) {
      u = goUrl.parseURL(raw);
      parsed.set(raw, u);
    }
    return u;
  };
  return [
    celFunc('url', [STRING], URL, (s) => {
      try {
        goUrl.parseRequestURI(s);
        goUrl.parseURL(s);
      } catch (e) {
        throw new Error(`URL parse error during conversion from string: ${(e as Error).message}`);
      }
      return opaque(desc, s);
    }),
    celFunc('isURL', [STRING], BOOL, (s) => {
      try {
        goUrl.parseRequestURI(s);
        return true;
      } catch {
        return false;
      }
    }),
    celMethod('getScheme', URL, [], STRING, function () {
      return goUrl.urlScheme(parts(this));
    }),
    celMethod('getHost', URL, [], STRING, function () {
      return goUrl.urlHost(parts(this));
    }),
    celMethod('getHostname', URL, [], STRING, function () {
      return goUrl.urlHostname(parts(this));
    }),
    celMethod('getPort', URL, [], STRING, function () {
      return goUrl.urlPort(parts(this));
    }),
    celMethod('getEscapedPath', URL, [], STRING, function () {
      return goUrl.urlEscapedPath(parts(this));
    }),
    celMethod('getQuery', URL, [], mapType(STRING, listType(STRING)), function () {
      const out = new Map<string, CelList>();
      for (const [k, v] of goUrl.urlQuery(parts(this))) out.set(k, celList(v));
      return out;
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDRs (ip.go, cidr.go, on Go's net/netip), Kubernetes 1.30 and later.

/** Kubernetes' parseIPAddr: netip.ParseAddr without zones and IPv4-mapped IPv6 addresses. */
function parseIP(s: string): netip.Addr {
  let addr: netip.Addr;
  try {
    addr = netip.parseAddr(s);
  } catch (e) {
    throw new Error(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ${(e as Error).message}`);
  }
  if (addr.zone) throw new Error(`IP address ${JSON.stringify(s)} with zone value is not allowed`);
  if (netip.is4In6(addr)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return addr;
}

/** Kubernetes' parseCIDR and stringToCIDR (whose messages repeat the prefix, as Kubernetes' do). */
function parseCIDR(s: string): netip.Prefix {
  const context = 'network address parse error during conversion from string';
  let prefix: netip.Prefix;
  try {
    prefix = netip.parsePrefix(s);
  } catch (e) {
    throw new Error(`${context}: ${context}: ${(e as Error).message}`);
  }
  if (netip.is4In6(prefix.addr)) throw new Error(`${context}: IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return prefix;
}

function succeeds(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

function ipLibrary(
  IP: ReturnType<typeof objectType>,
  ipDesc: DescMessage,
  CIDR: ReturnType<typeof objectType>,
  cidrDesc: DescMessage,
): CelFunc[] {
  // The values hold canonical text, which parses back to the same address or prefix.
  const addr = (v: ReflectMessage): netip.Addr => netip.parseAddr(opaqueText(v));
  const prefix = (v: ReflectMessage): netip.Prefix => netip.parsePrefix(opaqueText(v));
  const ipValue = (a: netip.Addr): ReflectMessage => opaque(ipDesc, netip.addrString(a));
  const cidrValue = (p: netip.Prefix): ReflectMessage => opaque(cidrDesc, netip.prefixString(p));
  const ipPredicate = (name: string, test: (a: netip.Addr) => boolean): CelFunc =>
    celMethod(name, IP, [], BOOL, function () {
      return test(addr(this));
    });
  return [
    celFunc('ip', [STRING], IP, (s) => ipValue(parseIP(s))),
    celFunc('isIP', [STRING], BOOL, (s) => succeeds(() => parseIP(s))),
    celFunc('ip.isCanonical', [STRING], BOOL, (s) => netip.addrString(parseIP(s)) === s),
    celFunc('string', [IP], STRING, (v) => opaqueText(v)),
    celMethod('family', IP, [], INT, function () {
      return netip.is4(addr(this)) ? 4n : 6n;
    }),
    ipPredicate('isUnspecified', netip.isUnspecified),
    ipPredicate('isLoopback', netip.isLoopback),
    ipPredicate('isLinkLocalMulticast', netip.isLinkLocalMulticast),
    ipPredicate('isLinkLocalUnicast', netip.isLinkLocalUnicast),
    ipPredicate('isGlobalUnicast', netip.isGlobalUnicast),

    celFunc('cidr', [STRING], CIDR, (s) => cidrValue(parseCIDR(s))),
    celFunc('isCIDR', [STRING], BOOL, (s) => succeeds(() => parseCIDR(s))),
    celFunc('string', [CIDR], STRING, (v) => opaqueText(v)),
    celMethod('containsIP', CIDR, [STRING], BOOL, function (s) {
      return netip.containsAddr(prefix(this), parseIP(s));
    }),
    celMethod('containsIP', CIDR, [IP], BOOL, function (ip) {
      return netip.containsAddr(prefix(this), addr(ip));
    }),
    // As fixed in Kubernetes 1.33 (kubernetes#130450); before that, a subnet whose address differs
    // from the network's (192.168.0.0/16 and 192.168.1.0/24) was wrongly not contained.
    celMethod('containsCIDR', CIDR, [STRING], BOOL, function (s) {
      return netip.containsPrefix(prefix(this), parseCIDR(s));
    }),
    celMethod('containsCIDR', CIDR, [CIDR], BOOL, function (other) {
      return netip.containsPrefix(prefix(this), prefix(other));
    }),
    celMethod('ip', CIDR, [], IP, function () {
      return ipValue(prefix(this).addr);
    }),
    celMethod('masked', CIDR, [], CIDR, function () {
      return cidrValue(netip.masked(prefix(this)));
    }),
    celMethod('prefixLength', CIDR, [], INT, function () {
      return BigInt(prefix(this).bits);
    }),
  ];
}
