import { Duration } from 'cdk8s';
import { Reporter } from '../errors';
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE } from './patterns';

// The one place for the name, label, duration and number checks of the library (the normaliser,
// the mesh providers and the name registry use these; the patterns are in patterns.ts). Each
// check either returns the checked value in model form or fails with a message that names the
// prop and the fix; the `is...` predicates answer without failing.

/** Gateway API's patterns for an Exact GRPCRoute match (and its limit), so that every mesh accepts the names. */
const GRPC_SERVICE_NAME = /^[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*$/;
const GRPC_METHOD_NAME = /^[A-Za-z_][A-Za-z_0-9]*$/;
export const GRPC_NAME_MAX_LENGTH = 1024;
/** The longest duration both meshes can hold: Go's time.Duration (about 292 years). */
export const MAX_DURATION_MS = 9_223_372_036_854;
/** The largest value of a Kubernetes or protobuf int32 field. */
export const INT32_MAX = 2 ** 31 - 1;

export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1035Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1035_LABEL.test(value);
}

export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** A gRPC service name (`pkg.Service`) as a GRPCRoute match takes it. */
export function isGrpcServiceName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= GRPC_NAME_MAX_LENGTH && GRPC_SERVICE_NAME.test(value);
}

/** A gRPC method name as a GRPCRoute match takes it. */
export function isGrpcMethodName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= GRPC_NAME_MAX_LENGTH && GRPC_METHOD_NAME.test(value);
}

export function dnsLabel(r: Reporter, prop: string, value: unknown): string {
  if (!isDnsLabel(value)) {
    r.fail(prop, value, 'not a DNS-1123 label', 'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
  return value;
}

/** A Service name: a DNS-1035 label (it must start with a letter). */
export function dns1035Label(r: Reporter, prop: string, value: unknown): string {
  if (!isDns1035Label(value)) {
    r.fail(prop, value, 'not a DNS-1035 label (a Service name)', 'use at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit');
  }
  return value;
}

/** An options object: present and a plain object, not null, a list or a primitive. */
export function object<T>(r: Reporter, prop: string, value: T, fix: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    r.fail(prop, value, 'not an object', fix);
  }
  return value;
}

export function dnsSubdomain(r: Reporter, prop: string, value: unknown): string {
  if (!isDnsSubdomain(value)) {
    r.fail(prop, value, 'not a DNS-1123 subdomain', 'use lowercase letters, digits, "-" and ".", at most 253 characters');
  }
  return value;
}

export function hostName(r: Reporter, prop: string, value: unknown): string {
  const bare = typeof value === 'string' && value.startsWith('*.') ? value.slice(2) : value;
  if (!isDnsSubdomain(bare)) {
    r.fail(prop, value, 'not a DNS host name', 'use a lowercase host name such as "grpc.example.com" (a leading "*." is allowed)');
  }
  return value as string;
}

export function integer(r: Reporter, prop: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    r.fail(prop, value, `not an integer from ${min} to ${max}`, `set an integer from ${min} to ${max}`);
  }
  return value;
}

export function percentage(r: Reporter, prop: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    r.fail(prop, value, 'not a percentage from 0 to 100', 'set a number from 0 to 100');
  }
  return value;
}

export function port(r: Reporter, prop: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    r.fail(prop, value, 'port out of range', 'use an integer port from 1 to 65535');
  }
  return value;
}

export function nonEmptyString(r: Reporter, prop: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    r.fail(prop, value, 'must be a non-empty string', fix);
  }
  return value;
}

/** A duration the meshes accept: at least 1 ms, whole milliseconds. */
export function millis(r: Reporter, prop: string, value: unknown): number {
  if (!(value instanceof Duration)) {
    r.fail(prop, value, 'not a Duration', 'use Duration.seconds(...) or Duration.millis(...) from cdk8s');
  }
  const ms = value.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms < 1 || !Number.isInteger(ms)) {
    r.fail(prop, value, 'durations must be at least 1ms and whole milliseconds', 'round it to whole milliseconds, at least Duration.millis(1)');
  }
  if (ms > MAX_DURATION_MS) {
    r.fail(prop, value, 'longer than the meshes can hold (about 292 years)', 'use a shorter duration');
  }
  return ms;
}

/** A duration in whole seconds (an int32 field), as Kubernetes probes and grace periods take them. */
export function seconds(r: Reporter, prop: string, value: unknown, min: number): number {
  if (!(value instanceof Duration)) {
    r.fail(prop, value, 'not a Duration', 'use Duration.seconds(...) from cdk8s');
  }
  const s = value.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s < min) {
    r.fail(prop, value, `not whole seconds, at least ${min}s`, `use Duration.seconds(n) with a whole n >= ${min}`);
  }
  if (s > INT32_MAX) {
    r.fail(prop, value, `longer than ${INT32_MAX} seconds (an int32 field)`, 'use a shorter duration');
  }
  return s;
}

export function array<T>(r: Reporter, prop: string, value: T[] | undefined, fix: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) r.fail(prop, value, 'not a list', fix);
  return value;
}

/** Fails when the service's port or health port is one the mesh's proxy listens on in every pod. */
export function notProxyPorts(r: Reporter, ports: { port: number; healthPort?: number }, proxyPorts: readonly number[], proxy: string): void {
  for (const [prop, value] of [['port', ports.port], ['healthPort', ports.healthPort]] as const) {
    if (value !== undefined && proxyPorts.includes(value)) {
      r.fail(prop, value, `a port the ${proxy} uses itself`, `pick a port other than ${proxyPorts.join(', ')}, e.g. 50051`);
    }
  }
}

/**
 * A label key: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 letters,
 * digits, "-", "_" and ".", starting and ending with a letter or digit.
 */
export function isLabelKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const slash = key.lastIndexOf('/');
  const name = key.slice(slash + 1);
  return name !== '' && name.length <= 63 && LABEL_VALUE.test(name) && (slash < 0 || isDnsSubdomain(key.slice(0, slash)));
}

export function labelKey(r: Reporter, prop: string, key: unknown): string {
  if (!isLabelKey(key)) {
    r.fail(prop, key, 'not a label key', 'use an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", e.g. "app.kubernetes.io/name"');
  }
  return key as string;
}

/** A label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or empty). */
export function labelValue(r: Reporter, prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    r.fail(prop, value, 'not a label value', 'use at most 63 letters, digits, "-", "_" and "."');
  }
  return value;
}

/** A non-empty label selector (matchLabels) a user passes: every key and value checked. */
export function labelSelector(r: Reporter, prop: string, value: unknown, fix: string): { [key: string]: string } {
  const selector = object(r, prop, value as { [key: string]: string }, fix);
  if (Object.keys(selector).length === 0) r.fail(prop, selector, 'an empty selector selects every pod', fix);
  for (const [key, v] of Object.entries(selector)) {
    labelKey(r, prop, key);
    labelValue(r, `${prop}.${key}`, v);
  }
  return { ...selector };
}

/** A container image reference: non-empty, without whitespace or control characters. */
export function imageReference(r: Reporter, prop: string, value: unknown): string {
  nonEmptyString(r, prop, value, 'set a container image such as "registry/app:v1"');
  // eslint-disable-next-line no-control-regex
  if (/[\s\x00-\x1f\x7f]/.test(value as string)) {
    r.fail(prop, value, 'contains whitespace or control characters', 'remove them: an image reference is "registry/repository:tag" or "...@sha256:digest"');
  }
  return value as string;
}
