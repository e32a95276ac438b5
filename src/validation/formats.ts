// String formats, names and label syntax as the Kubernetes API server checks them
// (k8s.io/apimachinery/pkg/util/validation and the apiextensions format registry).
import { isIP } from 'net';
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE } from '../model/patterns';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Problems with `value` as a DNS-1123 label (namespaces), or [] when valid. */
export function dns1123Label(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(value)) {
    out.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
  }
  return out;
}

/** Problems with `value` as a DNS-1123 subdomain (most object names), or [] when valid. */
export function dns1123Subdomain(value: string): string[] {
  const out: string[] = [];
  if (value.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) {
    out.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}

/** Problems with `value` as a DNS-1035 label (Service names), or [] when valid. */
export function dns1035Label(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(value)) {
    out.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
  }
  return out;
}

/** Problems with `key` as a label or annotation key (`[prefix/]name`), or [] when valid. */
export function qualifiedName(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const out: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else out.push(...dns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'"];
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else {
    if (name.length > 63) out.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME.test(name)) {
      out.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    }
  }
  return out;
}

/** Problems with `value` as a label value, or [] when valid. */
export function labelValue(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) {
    out.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const MAC = /^([0-9A-Fa-f]{2}([:-]))([0-9A-Fa-f]{2}\2){4}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HOSTNAME_LABEL = /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

const STRING_FORMATS: Record<string, (s: string) => boolean> = {
  'byte': (s) => BASE64.test(s),
  'date': (s) => {
    const m = DATE.exec(s);
    return m !== null && validDate(m[1], m[2], m[3]);
  },
  'date-time': (s) => {
    const m = DATE_TIME.exec(s);
    return m !== null && validDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61;
  },
  'duration': (s) => GO_DURATION.test(s),
  'ipv4': (s) => isIP(s) === 4,
  'ipv6': (s) => isIP(s) === 6,
  'cidr': (s) => {
    const [ip, bits, ...rest] = s.split('/');
    const v = isIP(ip);
    return rest.length === 0 && v !== 0 && /^\d{1,3}$/.test(bits ?? '') && Number(bits) <= (v === 4 ? 32 : 128);
  },
  'mac': (s) => MAC.test(s),
  'uuid': (s) => UUID.test(s),
  'uuid3': (s) => UUID.test(s) && s.replace(/-/g, '')[12] === '3',
  'uuid4': (s) => UUID.test(s) && s.replace(/-/g, '')[12] === '4',
  'uuid5': (s) => UUID.test(s) && s.replace(/-/g, '')[12] === '5',
  'hostname': (s) => s.length <= 255 && s.split('.').every((l) => HOSTNAME_LABEL.test(l)),
  'email': (s) => EMAIL.test(s),
  'uri': (s) => {
    try {
      return new URL(s).protocol.length > 1;
    } catch {
      return false;
    }
  },
  'password': () => true,
};

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Formats that only describe the encoding of a number and constrain nothing JSON-visible. */
const NUMBER_FORMATS = new Set(['float', 'double']);

/**
 * Checks `value` against `format`. Returns undefined when valid, else a problem message.
 * Throws when the format is one this validator does not implement.
 */
export function checkFormat(format: string, value: unknown): string | undefined {
  if (typeof value === 'string') {
    const check = STRING_FORMATS[format];
    if (check) return check(value) ? undefined : `must be in "${format}" format, got ${JSON.stringify(value)}`;
    if (INT_RANGES[format] || NUMBER_FORMATS.has(format)) return undefined; // type mismatch reported elsewhere
  } else if (typeof value === 'number') {
    const range = INT_RANGES[format];
    if (range) {
      return value < range[0] || value > range[1] ? `must fit in ${format} (${range[0]}..${range[1]}), got ${value}` : undefined;
    }
    if (NUMBER_FORMATS.has(format) || STRING_FORMATS[format]) return undefined;
  } else {
    return undefined;
  }
  throw new Error(`format "${format}" is not implemented by the validator`);
}
